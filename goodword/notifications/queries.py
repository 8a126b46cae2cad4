"""Reads of notifications."""

from django.db.models import QuerySet

from .models import Notification


def get_notifications(user, limit: int = 100) -> QuerySet[Notification]:
    """The member's latest notifications, newest first, with the actor's name."""
    return Notification.objects.filter(recipient=user).select_related("actor__profile")[:limit]
