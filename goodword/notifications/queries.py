"""Reads of notifications."""

from django.db.models import Count, QuerySet

from goodword.core.statements import KeptStatement

from .models import Notification

_UNREAD = KeptStatement(
    lambda recipient: (
        Notification.objects.filter(recipient_id=recipient, read_at__isnull=True)
        .order_by()
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
)


def get_notifications(user, limit: int = 100) -> QuerySet[Notification]:
    """The member's latest notifications, newest first, with the actor's name."""
    return Notification.objects.filter(recipient=user).select_related("actor__profile")[:limit]


def count_unread(user) -> int:
    """How many of the member's notifications are unread (the navigation's badge)."""
    return next(iter(_UNREAD(recipient=user.pk)), 0)
