"""Privileges grow with trust: rate limits per tier. The table is documented in
docs/contact-rules.md; change both together.

A tier rests only on public facts and moderation, never on private marks, so a limit never
tells anyone what somebody privately thinks of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goodword.core import hooks
from goodword.core.locks import lock_member
from goodword.core.members import is_new_account
from goodword.recommendations.models import Status

from .models import Block, Conversation, Message, Report, ReportStatus

RESTRICTED = "restricted"
NEW = "new"
ESTABLISHED = "established"
TRUSTED = "trusted"

TIER_LABELS = {
    RESTRICTED: _("restricted after a report"),
    NEW: _("new member"),
    ESTABLISHED: _("recommended member"),
    TRUSTED: _("well-recommended member"),
}

# Actions counted per rolling 24 hours.
CONVERSATION = "conversation"  # new conversations started
MESSAGE = "message"  # messages sent, in any conversation
REQUEST = "request"  # requests ("Gesuche") posted
ANSWER = "answer"  # answers to requests
REPORT = "report"  # reports, from a conversation or about a recommendation

RATE_LIMITS: dict[str, dict[str, int]] = {
    RESTRICTED: {CONVERSATION: 1, MESSAGE: 10, REQUEST: 1, ANSWER: 2, REPORT: 2},
    NEW: {CONVERSATION: 5, MESSAGE: 40, REQUEST: 2, ANSWER: 5, REPORT: 5},
    ESTABLISHED: {CONVERSATION: 20, MESSAGE: 200, REQUEST: 5, ANSWER: 20, REPORT: 10},
    TRUSTED: {CONVERSATION: 50, MESSAGE: 500, REQUEST: 10, ANSWER: 50, REPORT: 20},
}

# Accepted recommendations (from distinct authors) needed for the trusted tier.
TRUSTED_MIN_RECOMMENDERS = 3
# An upheld report within this window restricts the reported member; so do open reports from
# at least AUTO_RESTRICT_REPORTERS independent reporters in good standing (see below).
REPORT_WINDOW_DAYS = 90
AUTO_RESTRICT_REPORTERS = 3
WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Privileges:
    tier: str
    limits: dict[str, int]

    @property
    def label(self) -> str:
        return str(TIER_LABELS[self.tier])


def get_tier(user) -> str:
    """The member's tier from moderation, account age and accepted recommendations received."""
    now = timezone.now()
    recent = Report.objects.filter(
        reported=user, created_at__gte=now - timedelta(days=REPORT_WINDOW_DAYS)
    )
    if recent.filter(status=ReportStatus.UPHELD).exists():
        return RESTRICTED
    if count_independent_reporters(user, recent.filter(status=ReportStatus.OPEN)) >= (
        AUTO_RESTRICT_REPORTERS
    ):
        return RESTRICTED
    recommenders = (
        user.recommendations_received.filter(status=Status.ACCEPTED)
        .values("author")
        .distinct()
        .count()
    )
    if recommenders == 0:
        return NEW
    if recommenders >= TRUSTED_MIN_RECOMMENDERS and not is_new_account(user, now):
        return TRUSTED
    return ESTABLISHED


def count_independent_reporters(user, open_reports) -> int:
    """Distinct reporters in good standing behind `open_reports` about `user`.

    Good standing: the reporter's account is active, was no longer new when they reported (at
    least `settings.NEW_ACCOUNT_DAYS` old, the one age of `core.members.is_new_account`, so
    fresh accounts made to pile on do not count), is not blocked by the reported member
    (someone they had shut out cannot silence them in return), and has no upheld report
    against itself in the window. Reporters from one invitation branch count once: members
    invited by the same member, and a member together with those they invited
    (`core.hooks.INVITERS`), so that one person cannot bring in accounts to pile on.
    """
    since = timezone.now() - timedelta(days=REPORT_WINDOW_DAYS)
    shut_out = Block.objects.filter(blocker=user).values("blocked")
    upheld = Report.objects.filter(status=ReportStatus.UPHELD, created_at__gte=since).values(
        "reported"
    )
    old_enough = F("created_at") - timedelta(days=settings.NEW_ACCOUNT_DAYS)
    reporters = set(
        open_reports.filter(reporter__is_active=True)
        .exclude(reporter__in=shut_out)
        .exclude(reporter__in=upheld)
        .filter(reporter__date_joined__lte=old_enough)
        .values_list("reporter", flat=True)
    )
    return _count_branches(reporters)


def _count_branches(reporters: set[int]) -> int:
    """How many invitation branches `reporters` come from: a reporter is joined with their
    inviter, so siblings and parent and child fall together."""
    if len(reporters) < 2:
        return len(reporters)
    inviters: dict[int, int] = {}
    for found in hooks.run(hooks.INVITERS, reporters):
        inviters.update(found)
    parent = {r: r for r in reporters}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for reporter, inviter in inviters.items():
        parent.setdefault(inviter, inviter)
        parent[root(reporter)] = root(inviter)
    return len({root(r) for r in reporters})


def get_privileges(user) -> Privileges:
    tier = get_tier(user)
    return Privileges(tier=tier, limits=RATE_LIMITS[tier])


def used_in_window(user, action: str) -> int:
    """How often the member did `action` in the last 24 hours."""
    since = timezone.now() - WINDOW
    if action == CONVERSATION:
        return Conversation.objects.filter(started_by=user, created_at__gte=since).count()
    if action == MESSAGE:
        return Message.objects.filter(sender=user, created_at__gte=since).count()
    if action == REPORT:
        return Report.objects.filter(reporter=user, created_at__gte=since).count()
    raise ValueError(f"count {action!r} in the app that owns it and pass it to `within_limit`")


def within_limit(user, action: str, used: QuerySet | None = None) -> tuple[bool, int]:
    """(allowed, limit) for one more `action`. Call it inside the transaction that writes: it
    locks the member first (`lock_member`), then counts, so concurrent requests of one member
    cannot all pass. `used` is the queryset of the member's recent actions for actions other
    apps own; messaging actions are counted here."""
    lock_member(user)
    limit = get_privileges(user).limits[action]
    count = used_in_window(user, action) if used is None else used.count()
    return count < limit, limit
