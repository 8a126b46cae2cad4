"""Reads for moderation and the permission checks: `require_moderator` (403 for everybody
else), `access_case` / `access_appeal` (moderators; 404 for absent), `access_own_decision`
(the member concerned only; 404 for absent and not-yours alike)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from goodword.messaging import privileges
from goodword.messaging.models import Message, Report, ReportStatus
from goodword.recommendations.models import Recommendation

from .models import SANCTIONS, Action, Appeal, ModerationAction, Moderator

# How long after a decision the member may appeal (DSA Art. 20: at least six months).
APPEAL_DAYS = 183
TOKEN_SALT = "goodword.moderation.decision"  # noqa: S105 (a signing salt, not a secret)
LOG_PAGE_SIZE = 50


def is_moderator(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and Moderator.objects.filter(user=user).exists()
    )


def require_moderator(user) -> None:
    """403 for anyone who is not a moderator (logged-in or not: the page exists, it is not
    theirs to use)."""
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators may do this."))


def get_moderators() -> QuerySet:
    return get_user_model().objects.filter(moderator_role__isnull=False, is_active=True)


def active_sanction(member, action: str) -> ModerationAction | None:
    """The member's restriction or suspension in force now (not lifted, not ended)."""
    now = timezone.now()
    return (
        ModerationAction.objects.filter(member=member, action=action, lifted_at__isnull=True)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .order_by("-created_at")
        .first()
    )


@dataclass
class Case:
    """One reported member in the queue: their open reports, and whether enough independent
    reporters in good standing already restrict them automatically."""

    member: object
    reports: list
    reporters_counted: int

    @property
    def restricting(self) -> bool:
        return self.reporters_counted >= privileges.AUTO_RESTRICT_REPORTERS

    @property
    def oldest(self):
        return min(r.created_at for r in self.reports)


def get_queue() -> list[Case]:
    """Open reports grouped by reported member: cases that already restrict automatically
    first, then the longest waiting. Never ordered by how many reported."""
    reports = (
        Report.objects.filter(status=ReportStatus.OPEN)
        .select_related("reported__profile", "reporter__profile")
        .order_by("created_at", "pk")
    )
    by_member: dict[int, list] = {}
    for report in reports:
        by_member.setdefault(report.reported_id, []).append(report)
    cases = []
    for member_reports in by_member.values():
        member = member_reports[0].reported
        open_reports = Report.objects.filter(pk__in=[r.pk for r in member_reports])
        counted = privileges.count_independent_reporters(member, open_reports)
        cases.append(Case(member, member_reports, counted))
    cases.sort(key=lambda c: (not c.restricting, c.oldest))
    return cases


def access_case(viewer, member_id: int):
    """The member a moderator looks at (even suspended); 403 for non-moderators, 404 if absent."""
    require_moderator(viewer)
    member = get_user_model().objects.select_related("profile").filter(pk=member_id).first()
    if member is None:
        raise Http404("No such member.")
    return member


def get_open_reports(member) -> list[Report]:
    return list(
        Report.objects.filter(reported=member, status=ReportStatus.OPEN)
        .select_related("reporter__profile", "conversation", "recommendation__subject__profile")
        .order_by("created_at", "pk")
    )


def get_reported_content(member, reports) -> list[Message]:
    """What the member wrote in the reported conversations: their own messages only, not the
    reporters' or anybody else's."""
    conversation_ids = {r.conversation_id for r in reports if r.conversation_id}
    return list(
        Message.objects.filter(sender=member, conversation_id__in=conversation_ids).order_by(
            "conversation_id", "created_at", "pk"
        )
    )


def get_reported_recommendations(member, reports) -> list[Recommendation]:
    """The recommendations by the member that the reports name, with their full text (also
    when already hidden: the moderator decides on what was written)."""
    ids = {r.recommendation_id for r in reports if r.recommendation_id}
    return list(
        Recommendation.objects.filter(pk__in=ids, author=member)
        .select_related("subject__profile")
        .prefetch_related("topics")
        .order_by("pk")
    )


def get_history(member) -> QuerySet[ModerationAction]:
    """Earlier moderation actions about the member, newest first, with their appeals."""
    return (
        ModerationAction.objects.filter(member=member)
        .select_related("moderator__profile", "appeal")
        .order_by("-created_at", "-pk")
    )


def count_decided_reports(member) -> dict[str, int]:
    decided = Report.objects.filter(reported=member).exclude(status=ReportStatus.OPEN)
    return {
        "upheld": decided.filter(status=ReportStatus.UPHELD).count(),
        "dismissed": decided.filter(status=ReportStatus.DISMISSED).count(),
    }


def get_public_log() -> QuerySet[ModerationAction]:
    """Every moderation action, newest first: what the public log shows (no names)."""
    return (
        ModerationAction.objects.only(
            "pk", "action", "ground", "reason", "content_kind", "source", "created_at", "reviews_id"
        )
        .annotate(on_appeal=Exists(Appeal.objects.filter(decision=OuterRef("pk"))))
        .order_by("-created_at", "-pk")
    )


def access_own_decision(viewer, action_id: int) -> ModerationAction:
    """A decision about the viewer; 404 for absent and for anybody else's alike."""
    action = None
    if viewer.is_authenticated:
        action = (
            ModerationAction.objects.select_related("appeal__decision")
            .filter(pk=action_id, member=viewer)
            .first()
        )
    if action is None:
        raise Http404("No such decision.")
    return action


def decision_token(action: ModerationAction) -> str:
    """A signed link to the decision for a member who cannot log in (suspended)."""
    return signing.dumps({"a": action.pk, "m": action.member_id}, salt=TOKEN_SALT)


def access_decision_by_token(token: str) -> ModerationAction:
    """The decision a signed link names, while the member is still the one concerned; 404
    otherwise (a wrong, changed or stale link reveals nothing)."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=timedelta(days=APPEAL_DAYS))
    except signing.BadSignature:
        raise Http404("No such decision.") from None
    if not isinstance(data, dict):
        raise Http404("No such decision.")
    action = (
        ModerationAction.objects.select_related("appeal__decision", "member")
        .filter(pk=data.get("a"), member_id=data.get("m"), member__isnull=False)
        .first()
    )
    if action is None:
        raise Http404("No such decision.")
    return action


def may_appeal(action: ModerationAction) -> bool:
    return (
        action.source == "moderation"
        and action.is_sanction
        and action.lifted_at is None
        and not hasattr(action, "appeal")
        and action.created_at > timezone.now() - timedelta(days=APPEAL_DAYS)
    )


def may_lift(action: ModerationAction) -> bool:
    """Whether a moderator may lift the decision outside an appeal: a sanction of the
    moderation queue that stands (not lifted), about a member who still exists."""
    return (
        action.source == "moderation"
        and action.action in SANCTIONS
        and action.lifted_at is None
        and action.member_id is not None
    )


def get_lift(action: ModerationAction) -> ModerationAction | None:
    """The entry that lifted `action` (on appeal or by a moderator), if any."""
    if action.lifted_at is None:
        return None
    return action.reviewed_by.filter(action=Action.LIFT).order_by("-created_at").first()


def access_action(viewer, action_id: int) -> ModerationAction:
    """A decision in the log, for a moderator to lift: 403 for non-moderators, 404 if absent."""
    require_moderator(viewer)
    action = ModerationAction.objects.select_related("member").filter(pk=action_id).first()
    if action is None:
        raise Http404("No such decision.")
    return action


def get_open_appeals(moderator) -> list[Appeal]:
    """Undecided appeals this moderator may decide (not about their own decisions, unless
    they are the only moderator), those assigned to them first."""
    appeals = (
        Appeal.objects.filter(decided_at__isnull=True)
        .select_related("action__moderator__profile", "member__profile", "assigned_to__profile")
        .order_by("created_at")
    )
    return sorted(
        (a for a in appeals if may_decide_appeal(moderator, a)),
        key=lambda a: (a.assigned_to_id != moderator.pk, a.created_at),
    )


def may_decide_appeal(moderator, appeal: Appeal) -> bool:
    """Another moderator than the one who decided, unless there is no other."""
    if appeal.action.moderator_id != moderator.pk:
        return True
    return not get_moderators().exclude(pk=moderator.pk).exists()


def access_appeal(viewer, appeal_id: int) -> Appeal:
    """An appeal for a moderator to decide: 403 for non-moderators, 404 if absent."""
    require_moderator(viewer)
    appeal = (
        Appeal.objects.select_related("action__moderator__profile", "member__profile", "decision")
        .prefetch_related(Prefetch("action__reports", queryset=Report.objects.order_by("pk")))
        .filter(pk=appeal_id)
        .first()
    )
    if appeal is None:
        raise Http404("No such appeal.")
    return appeal


def get_decisions_about(member) -> QuerySet[ModerationAction]:
    """The member's own view of the decisions about them."""
    return (
        ModerationAction.objects.filter(member=member, source="moderation")
        .exclude(action=Action.DISMISS)
        .select_related("appeal")
        .order_by("-created_at", "-pk")
    )
