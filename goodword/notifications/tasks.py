"""Background work of notifications: e-mail, sent after commit by the task worker."""

from django.utils import timezone
from django_tasks import task

from goodword.subscriptions.models import MailKind
from goodword.subscriptions.services import absolute, send_member_mail, wants_mail

from .models import Kind, Notification

EMAIL_TEMPLATES = {
    Kind.RECOMMENDATION_RECEIVED: "notifications/email/recommendation_received",
    Kind.RECOMMENDATION_EDITED: "notifications/email/recommendation_edited",
}


@task()
def send_notification_email_task(notification_id: int, language: str = "de") -> bool:
    """Send the e-mail for one notification, at most once (the claim is an atomic update),
    unless the member switched these e-mails off."""
    notification = (
        Notification.objects.select_related("recipient", "actor__profile")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None or notification.kind not in EMAIL_TEMPLATES:
        return False
    if not wants_mail(notification.recipient, MailKind.RECOMMENDATIONS):
        return False
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    context = {
        "notification": notification,
        "actor_name": str(notification.actor) if notification.actor else "",
        "review_url": absolute(notification.url or "/"),
    }
    return send_member_mail(
        notification.recipient,
        MailKind.RECOMMENDATIONS,
        EMAIL_TEMPLATES[notification.kind],
        context,
        language,
    )
