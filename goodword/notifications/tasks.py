"""Background work of notifications: e-mail, sent after commit by the task worker."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .models import Kind, Notification

EMAIL_TEMPLATES = {
    Kind.RECOMMENDATION_RECEIVED: "notifications/email/recommendation_received",
    Kind.RECOMMENDATION_EDITED: "notifications/email/recommendation_edited",
}


@task()
def send_notification_email_task(notification_id: int, language: str = "de") -> bool:
    """Send the e-mail for one notification, at most once (the claim is an atomic update)."""
    notification = (
        Notification.objects.select_related("recipient", "actor__profile")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None or notification.kind not in EMAIL_TEMPLATES:
        return False
    if not notification.recipient.is_active:
        return False
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    base = EMAIL_TEMPLATES[notification.kind]
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "notification": notification,
            "actor_name": str(notification.actor) if notification.actor else "",
            "review_url": settings.SITE_URL.rstrip("/") + (notification.url or "/"),
        }
        subject = render_to_string(f"{base}_subject.txt", context).strip()
        body = render_to_string(f"{base}.txt", context)
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [notification.recipient.email],
    )
    return True
