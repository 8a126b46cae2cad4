"""Every write on notifications. `notify` is the one way the product tells a member something."""

from django.db import transaction
from django.utils import timezone, translation

from .models import Kind, Notification
from .tasks import send_notification_email_task

# Kinds that also send an e-mail: only what needs the recipient's decision. No engagement mail.
EMAIL_KINDS = frozenset({Kind.RECOMMENDATION_RECEIVED, Kind.RECOMMENDATION_EDITED})


def notify(recipient, kind: str, actor=None, url: str = "") -> Notification:
    """Create an in-app notification and, for kinds in `EMAIL_KINDS`, send an e-mail after commit.

    The e-mail is written in the language active now (the request's language) or German.
    """
    notification = Notification.objects.create(recipient=recipient, kind=kind, actor=actor, url=url)
    if kind in EMAIL_KINDS and recipient.email:
        language = translation.get_language() or "de"
        notification_id = notification.pk
        # robust: the notice is committed; a failed enqueue is logged, never a 500 for it.
        transaction.on_commit(
            lambda: send_notification_email_task.enqueue(notification_id, language), robust=True
        )
    return notification


def mark_read(user, notification_ids=None) -> int:
    """Mark the user's notifications read: the given ids, or all unread ones. Returns the count."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def mark_read_for_page(user, url: str) -> int:
    """Mark the user's unread notifications that point to `url` read: they have seen the page or
    acted on what it shows (services call this when the member decides, so the badge goes down
    whichever page they decided on)."""
    return Notification.objects.filter(recipient=user, url=url, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notify_unless_unread(recipient, kind: str, actor=None, url: str = "") -> Notification | None:
    """Like `notify`, but stay quiet while the recipient has an unread notification for the same
    page (one "new message" notice per conversation until they have looked, not one per message)."""
    if (
        url
        and Notification.objects.filter(recipient=recipient, url=url, read_at__isnull=True).exists()
    ):
        return None
    return notify(recipient, kind, actor, url)
