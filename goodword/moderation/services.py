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

from goodword.core import hooks
from goodword.core.locks import lock_member
from goodword.messaging import services as messaging
from goodword.messaging.models import Report, ReportStatus
from goodword.notifications.models import Kind as NoticeKind
from goodword.notifications.services import notify
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
from .tasks import send_appeal_decided_email_task, send_decision_email_task

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
    )
    if reports:
        entry.reports.set(reports)
    if action in SANCTIONS and subject_member is not None:
        hooks.run(hooks.MEMBER_SANCTIONED, subject_member, str(action), str(ground))
    return entry


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

    content_kind, content_id, hidden, ends_at = "member", None, [], None
    if action == Action.HIDE:
        conversation_ids = sorted({r.conversation_id for r in reports if r.conversation_id})
        hidden = messaging.hide_messages(member, conversation_ids)
        if not hidden:
            raise ValidationError(
                _("There is nothing to hide: the reports name no message by this member.")
            )
        content_kind = "conversation_messages"
        content_id = conversation_ids[0] if len(conversation_ids) == 1 else None
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
    )
    if action in SANCTIONS:
        if member.is_active:
            notify(member, NoticeKind.MODERATION_DECISION, None, decision_url(entry))
        enqueue_after_commit(send_decision_email_task, entry.pk)
    log_url = public_log_url(entry)
    for reporter in {r.reporter_id: r.reporter for r in reports}.values():
        if reporter.is_active:
            notify(reporter, NoticeKind.REPORT_DECIDED, None, log_url)
    return entry


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
    """Undo the sanction's effect and its reports' weight."""
    member = entry.member
    if entry.action == Action.SUSPEND and member is not None and member.deleted_at is None:
        get_user_model().objects.filter(pk=member.pk).update(is_active=True)
        member.is_active = True
    if entry.action == Action.HIDE:
        messaging.unhide_messages(entry.hidden_message_ids)
    ModerationAction.objects.filter(pk=entry.pk).update(lifted_at=timezone.now())
    for report in entry.reports.all():
        messaging.reopen_upheld_report(report, moderator, reason=reason)


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
