"""Every write of moderation. A moderator's decision in the queue goes through `take_action`,
an appeal through `file_appeal` and `decide_appeal`; each writes its audit log entry with
`record_action` in the same transaction (which the apps above call for their own removals).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from goodword.accounts import services as accounts
from goodword.core import hooks
from goodword.core.locks import lock_member
from goodword.messaging import services as messaging
from goodword.messaging.models import Report, ReportStatus
from goodword.notifications.models import Kind as NoticeKind
from goodword.notifications.services import notify
from goodword.recommendations import services as recommendations
from goodword.recommendations.models import Status as RecommendationStatus
from goodword.subscriptions.services import enqueue_after_commit

from . import queries
from .models import (
    QUEUE_ACTIONS,
    SANCTIONS,
    Action,
    Appeal,
    ModerationAction,
    Moderator,
    grounds_for,
)
from .tasks import (
    send_appeal_decided_email_task,
    send_decision_email_task,
    send_lifted_email_task,
    send_report_outcome_email_task,
)

MAX_REASON_LENGTH = 2000
MAX_APPEAL_LENGTH = 2000
MAX_CONTENT_KIND_LENGTH = 40
# A restriction ends by itself after this many days (docs/moderation.md).
RESTRICT_DAYS = 30
# What the apps above may record: what they did themselves (restrict and suspend are the site
# moderators' and take effect only through `take_action`).
RECORDABLE_BY_OTHER_APPS = frozenset({Action.REMOVE, Action.HIDE, Action.WARN})


# -- the role ---------------------------------------------------------------------------------


@transaction.atomic
def grant_moderator(user, granted_by=None) -> Moderator:
    """Give a member the moderator role (idempotent)."""
    if not user.is_active:
        raise ValidationError(_("Only an active member can be a moderator."))
    role, _created = Moderator.objects.get_or_create(user=user, defaults={"granted_by": granted_by})
    return role


@transaction.atomic
def revoke_moderator(user) -> bool:
    deleted, _details = Moderator.objects.filter(user=user).delete()
    return bool(deleted)


# -- the audit log ----------------------------------------------------------------------------


def _clean_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {field: [_("Please write the reason: it is shown in the public moderation log.")]}
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            {
                field: [
                    _("The reason can be at most %(max)s characters long.")
                    % {"max": MAX_REASON_LENGTH}
                ]
            }
        )
    return reason


def _check_ground(action: str, ground: str) -> None:
    if ground not in grounds_for(action):
        raise ValidationError({"ground": [_("Please choose one of the grounds for this action.")]})


@transaction.atomic
def record_action(
    moderator,
    action: str,
    ground: str,
    reason: str,
    subject_member,
    content_kind: str = "member",
    content_id: int | None = None,
    *,
    source: str = "moderation",
    reports=(),
    reviews: ModerationAction | None = None,
    ends_at=None,
    hidden_message_ids=(),
    hidden_recommendation_ids=(),
    hidden_profile_text: bool = False,
) -> ModerationAction:
    """Write one entry of the moderation log (and so of the public log) and, for a sanction
    (warn, hide, restrict, suspend), fire `core.hooks.MEMBER_SANCTIONED` in the same
    transaction. The apps above call it for their own removals (see this app's docstring);
    it applies no effect and tells nobody. Raises `ValidationError` for an unknown action or
    ground, a ground that does not fit the action, or a missing or too long reason."""
    if action not in Action.values:
        raise ValidationError({"action": [_("Please choose an action.")]})
    if source != "moderation" and action not in RECORDABLE_BY_OTHER_APPS:
        raise ValueError(f"{source} cannot record {action!r}: only {RECORDABLE_BY_OTHER_APPS}")
    _check_ground(action, ground)
    reason = _clean_reason(reason)
    content_kind = (content_kind or "member")[:MAX_CONTENT_KIND_LENGTH]
    entry = ModerationAction.objects.create(
        action=action,
        ground=ground,
        reason=reason,
        moderator=moderator,
        member=subject_member,
        source=source,
        content_kind=content_kind,
        content_id=content_id,
        reviews=reviews,
        ends_at=ends_at,
        hidden_message_ids=list(hidden_message_ids),
        hidden_recommendation_ids=list(hidden_recommendation_ids),
        hidden_profile_text=hidden_profile_text,
    )
    if reports:
        entry.reports.set(reports)
    if action in SANCTIONS and subject_member is not None:
        hooks.run(
            hooks.MEMBER_SANCTIONED, subject_member, str(action), str(ground), action_id=entry.pk
        )
    return entry


# -- reports about content outside conversations ---------------------------------------------


@transaction.atomic
def report_recommendation(reporter, recommendation, reason: str, note: str = "") -> Report:
    """A member reports a public recommendation (check that they see it with
    `recommendations.queries.get_recommendation`): a report about its author naming it, under
    the same rules as a report from a conversation (`messaging.services.report_member`: never
    oneself, one open report per member, the daily report limit, the author is blocked for the
    reporter; one report alone penalises nobody)."""
    recommendation = (
        type(recommendation)
        .objects.select_for_update()
        .select_related("author")
        .get(pk=recommendation.pk)
    )
    if recommendation.status != RecommendationStatus.ACCEPTED:
        raise ValidationError(_("Only public recommendations can be reported."))
    if recommendation.hidden_by_moderators_at is not None:
        raise ValidationError(_("The moderators have already hidden this text."))
    return messaging.report_member(
        reporter, recommendation.author, reason, note, recommendation=recommendation
    )


@transaction.atomic
def report_profile(reporter, member, reason: str, note: str = "") -> Report:
    """A member reports another member's profile (check that they see it with
    `core.members.access_member`), under the same rules as every report."""
    return messaging.report_member(reporter, member, reason, note, about_profile=True)


# -- the queue --------------------------------------------------------------------------------


def _locked_reports(member, report_ids) -> list[Report]:
    """The reports the moderator decides on, locked; all must still be open and about
    `member`, or nothing is decided (a second click, a colleague who was quicker)."""
    ids = sorted({int(i) for i in report_ids})
    if not ids:
        return []
    reports = list(
        Report.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, reported=member)
        .select_related("reporter")
        .order_by("pk")
    )
    if len(reports) != len(ids) or any(r.status != ReportStatus.OPEN for r in reports):
        raise ValidationError(
            _("These reports have already been decided. Reload the page to see the decision.")
        )
    return reports


@transaction.atomic
def take_action(
    moderator, member, action: str, ground: str, reason: str, *, report_ids=()
) -> ModerationAction:
    """A moderator's decision about `member`: dismiss the reports, warn, hide the reported
    content, restrict or suspend, on one of the documented grounds with a public reason.

    The one way a moderator acts. In one transaction it decides the reports named by
    `report_ids` (the open reports the moderator looked at; none for a decision on the
    moderator's own initiative, which dismissing cannot be), applies the effect, writes the
    audit log entry, fires `MEMBER_SANCTIONED` for sanctions, and tells the member (notice and
    e-mail: what, on which ground, how to appeal) and the reporters (the outcome).
    """
    queries.require_moderator(moderator)
    if action not in QUEUE_ACTIONS:
        raise ValidationError({"action": [_("Please choose an action.")]})
    _check_ground(action, ground)
    reason = _clean_reason(reason)
    if moderator.pk == member.pk:
        raise ValidationError(_("You cannot decide about yourself. Another moderator will."))
    lock_member(member)
    reports = _locked_reports(member, report_ids)
    if action == Action.DISMISS and not reports:
        raise ValidationError(_("There is no open report to dismiss."))

    content_kind, content_id, hidden, hidden_recs, ends_at = "member", None, [], [], None
    hidden_profile = False
    if action == Action.HIDE:
        content_kind, content_id, hidden, hidden_recs, hidden_profile = _hide_reported(
            member, reports
        )
    elif action == Action.RESTRICT:
        if queries.active_sanction(member, Action.RESTRICT):
            raise ValidationError(_("This member is already restricted."))
        ends_at = timezone.now() + timedelta(days=RESTRICT_DAYS)
    elif action == Action.SUSPEND:
        if not member.is_active:
            raise ValidationError(_("This account is already suspended or deleted."))
        get_user_model().objects.filter(pk=member.pk).update(is_active=False)
        member.is_active = False

    for report in reports:
        messaging.resolve_report(report, moderator, upheld=action != Action.DISMISS, reason=reason)
    entry = record_action(
        moderator,
        action,
        ground,
        reason,
        member,
        content_kind,
        content_id,
        reports=reports,
        ends_at=ends_at,
        hidden_message_ids=hidden,
        hidden_recommendation_ids=hidden_recs,
        hidden_profile_text=hidden_profile,
    )
    if action in SANCTIONS:
        if member.is_active:
            notify(member, NoticeKind.MODERATION_DECISION, None, decision_url(entry))
        enqueue_after_commit(send_decision_email_task, entry.pk)
    _tell_reporters(entry, reports)
    return entry


def _hide_reported(member, reports) -> tuple[str, int | None, list[int], list[int], bool]:
    """Hide what the reports name: the member's messages in the reported conversations, the
    reported recommendations they wrote, and their profile's "looking for" text. Returns
    (content kind, content id, message ids, recommendation ids, profile text hidden) for the
    log entry; refuses when there is nothing to hide."""
    conversation_ids = sorted({r.conversation_id for r in reports if r.conversation_id})
    recommendation_ids = sorted({r.recommendation_id for r in reports if r.recommendation_id})
    hidden = messaging.hide_messages(member, conversation_ids) if conversation_ids else []
    hidden_recs = recommendations.hide_by_moderators(member, recommendation_ids)
    hidden_profile = any(r.about_profile for r in reports) and accounts.hide_looking_for(member)
    kinds = [
        kind
        for kind, found in (
            ("conversation_messages", hidden),
            ("recommendation", hidden_recs),
            ("profile_text", hidden_profile),
        )
        if found
    ]
    if not kinds:
        raise ValidationError(
            _(
                "There is nothing to hide: the reports name no message, recommendation or "
                "profile text by this member that is still shown."
            )
        )
    content_id = None
    if kinds == ["recommendation"] and len(hidden_recs) == 1:
        content_id = hidden_recs[0]
    elif kinds == ["conversation_messages"] and len(conversation_ids) == 1:
        content_id = conversation_ids[0]
    kind = kinds[0] if len(kinds) == 1 else "reported_content"
    return kind, content_id, hidden, hidden_recs, hidden_profile


def _tell_reporters(entry: ModerationAction, reports) -> None:
    """Each reporter hears the outcome: a notice pointing to the entry in the public log and,
    unless they switched these e-mails off, an e-mail (`MailKind.REPORTS`)."""
    log_url = public_log_url(entry)
    for report in reports:
        if report.reporter.is_active:
            notify(report.reporter, NoticeKind.REPORT_DECIDED, None, log_url)
            enqueue_after_commit(send_report_outcome_email_task, report.pk, entry.pk)


def decision_url(entry: ModerationAction) -> str:
    return reverse("moderation:decision", args=[entry.pk])


def public_log_url(entry: ModerationAction) -> str:
    return reverse("moderation:log") + f"#entry-{entry.pk}"


# -- appeals ----------------------------------------------------------------------------------


def _assignee(entry: ModerationAction):
    """A moderator other than the one who decided, the one with the fewest open appeals (then
    the longest-serving); the deciding moderator only when there is no other."""
    moderators = queries.get_moderators().annotate(
        open_appeals=Count("appeals_assigned", filter=Q(appeals_assigned__decided_at__isnull=True))
    )
    other = (
        moderators.exclude(pk=entry.moderator_id)
        .order_by("open_appeals", "moderator_role__granted_at", "pk")
        .first()
    )
    return other or moderators.filter(pk=entry.moderator_id).first()


@transaction.atomic
def file_appeal(member, entry: ModerationAction, text: str) -> Appeal:
    """The member objects to a sanction about them (check with `access_own_decision` or the
    signed link). One appeal per decision, within `queries.APPEAL_DAYS`."""
    if entry.member_id != member.pk:
        raise PermissionDenied("not your decision")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Please say why the decision should be changed.")]})
    if len(text) > MAX_APPEAL_LENGTH:
        raise ValidationError(
            {
                "text": [
                    _("The appeal can be at most %(max)s characters long.")
                    % {"max": MAX_APPEAL_LENGTH}
                ]
            }
        )
    entry = ModerationAction.objects.select_for_update().get(pk=entry.pk)
    if Appeal.objects.filter(action=entry).exists():
        raise ValidationError(_("You have already appealed this decision."))
    if not queries.may_appeal(entry):
        raise ValidationError(_("This decision can no longer be appealed."))
    assignee = _assignee(entry)
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                action=entry, member=member, text=text, assigned_to=assignee
            )
    except IntegrityError as exc:  # a concurrent double submit
        raise ValidationError(_("You have already appealed this decision.")) from exc
    if assignee is not None:
        notify(assignee, NoticeKind.APPEAL_RECEIVED, None, appeal_url(appeal))
    return appeal


def appeal_url(appeal: Appeal) -> str:
    return reverse("moderation:appeal", args=[appeal.pk])


def _lift(entry: ModerationAction, moderator, reason: str) -> None:
    """Undo the sanction's effect and its reports' weight; the sanction no longer stands
    (`MEMBER_SANCTION_LIFTED`: the branch rule of invitations stops counting it)."""
    member = entry.member
    if entry.action == Action.SUSPEND and member is not None and member.deleted_at is None:
        get_user_model().objects.filter(pk=member.pk).update(is_active=True)
        member.is_active = True
    if entry.action == Action.HIDE:
        messaging.unhide_messages(entry.hidden_message_ids)
        recommendations.show_after_moderation(entry.hidden_recommendation_ids)
        if entry.hidden_profile_text and member is not None:
            accounts.show_looking_for(member)
    now = timezone.now()
    ModerationAction.objects.filter(pk=entry.pk).update(lifted_at=now)
    entry.lifted_at = now
    for report in entry.reports.all():
        messaging.reopen_upheld_report(report, moderator, reason=reason)
    if member is not None:
        hooks.run(hooks.MEMBER_SANCTION_LIFTED, member, entry.pk)


@transaction.atomic
def decide_appeal(moderator, appeal: Appeal, outcome: str, ground: str, reason: str) -> Appeal:
    """Another moderator decides the appeal: LIFT undoes the sanction (on a ground such as
    "no breach found" or "too severe"), CONFIRM keeps it (on a breach ground). Written to the
    log like every action; the member is told (notice and e-mail)."""
    queries.require_moderator(moderator)
    if outcome not in (Action.LIFT, Action.CONFIRM):
        raise ValidationError({"outcome": [_("Please choose whether to lift or confirm.")]})
    _check_ground(outcome, ground)
    reason = _clean_reason(reason)
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("action__member")
        .get(pk=appeal.pk)
    )
    if appeal.decided_at is not None:
        raise ValidationError(_("This appeal has already been decided."))
    if not queries.may_decide_appeal(moderator, appeal):
        raise PermissionDenied(_("Another moderator decides appeals against your decisions."))
    if appeal.member_id == moderator.pk:
        raise PermissionDenied(_("You cannot decide about yourself. Another moderator will."))
    entry = appeal.action
    if outcome == Action.LIFT:
        _lift(entry, moderator, reason)
    decision = record_action(
        moderator,
        outcome,
        ground,
        reason,
        entry.member,
        entry.content_kind,
        entry.content_id,
        reviews=entry,
    )
    appeal.decided_at = timezone.now()
    appeal.decision = decision
    appeal.save(update_fields=["decided_at", "decision"])
    member = entry.member
    if member is not None:
        if member.is_active:
            notify(member, NoticeKind.APPEAL_DECIDED, None, decision_url(entry))
        enqueue_after_commit(send_appeal_decided_email_task, appeal.pk)
    return appeal


@transaction.atomic
def lift_action(moderator, entry: ModerationAction, ground: str, reason: str) -> ModerationAction:
    """A moderator lifts a sanction that stands, without an appeal: new facts, a mistake, or a
    restriction or suspension that has done its job ("too severe" ends it early). Any
    moderator may, the one who decided included, but not about themselves; while an appeal
    against it waits, it is decided there. Undoes the effect like a lift on appeal, writes a
    LIFT entry reviewing the sanction, and tells the member (notice and e-mail)."""
    queries.require_moderator(moderator)
    _check_ground(Action.LIFT, ground)
    reason = _clean_reason(reason)
    entry = (
        ModerationAction.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=entry.pk)
    )
    if entry.member_id == moderator.pk:
        raise ValidationError(_("You cannot decide about yourself. Another moderator will."))
    if not queries.may_lift(entry):
        raise ValidationError(_("This decision cannot be lifted: it is not a sanction in force."))
    if Appeal.objects.filter(action=entry, decided_at__isnull=True).exists():
        raise ValidationError(
            _("An appeal against this decision is waiting: decide it there, with the appeal.")
        )
    _lift(entry, moderator, reason)
    lift = record_action(
        moderator,
        Action.LIFT,
        ground,
        reason,
        entry.member,
        entry.content_kind,
        entry.content_id,
        reviews=entry,
    )
    member = entry.member
    if member is not None:
        if member.is_active:
            notify(member, NoticeKind.MODERATION_DECISION, None, decision_url(entry))
        enqueue_after_commit(send_lifted_email_task, lift.pk)
    return lift
