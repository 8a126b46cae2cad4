"""Privileges grow with trust: rate limits per tier. The table is documented in
docs/contact-rules.md; change both together.

A tier rests only on public facts and moderation, never on private marks, so a limit never
tells anyone what somebody privately thinks of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goodword.recommendations.models import Status

from .models import Conversation, Message, Report, ReportStatus

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

RATE_LIMITS: dict[str, dict[str, int]] = {
    RESTRICTED: {CONVERSATION: 1, MESSAGE: 10, REQUEST: 1, ANSWER: 2},
    NEW: {CONVERSATION: 5, MESSAGE: 40, REQUEST: 2, ANSWER: 5},
    ESTABLISHED: {CONVERSATION: 20, MESSAGE: 200, REQUEST: 5, ANSWER: 20},
    TRUSTED: {CONVERSATION: 50, MESSAGE: 500, REQUEST: 10, ANSWER: 50},
}

# A member counts as new for this many days after joining.
NEW_ACCOUNT_DAYS = 14
# Accepted recommendations (from distinct authors) needed for the trusted tier.
TRUSTED_MIN_RECOMMENDERS = 3
# An open or upheld report within this window restricts the reported member.
REPORT_WINDOW_DAYS = 90
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
    if Report.objects.filter(
        reported=user,
        status__in=[ReportStatus.OPEN, ReportStatus.UPHELD],
        created_at__gte=now - timedelta(days=REPORT_WINDOW_DAYS),
    ).exists():
        return RESTRICTED
    recommenders = (
        user.recommendations_received.filter(status=Status.ACCEPTED)
        .values("author")
        .distinct()
        .count()
    )
    if recommenders == 0:
        return NEW
    is_new = user.date_joined and user.date_joined > now - timedelta(days=NEW_ACCOUNT_DAYS)
    if recommenders >= TRUSTED_MIN_RECOMMENDERS and not is_new:
        return TRUSTED
    return ESTABLISHED


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
    raise ValueError(f"count {action!r} in the app that owns it and pass it to `within_limit`")


def within_limit(user, action: str, used: int | None = None) -> tuple[bool, int]:
    """(allowed, limit) for one more `action`; `used` is counted here for messaging actions."""
    limit = get_privileges(user).limits[action]
    if used is None:
        used = used_in_window(user, action)
    return used < limit, limit
