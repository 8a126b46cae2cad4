"""The calm daily digest: open requests in a member's topics from their network, once a day,
only when there is something to show. Queue it daily with `manage.py send_request_digest`."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from goodword.notifications.models import Kind
from goodword.notifications.services import notify
from goodword.subscriptions.models import DigestSent, MailKind, MailOptOut
from goodword.subscriptions.services import send_member_mail

from .queries import get_digest_asks

DIGEST_MAX = 10


@task()
def send_request_digest_task(user_id: int, day: str, language: str = "de") -> bool:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    since = timezone.now() - timedelta(days=1)
    asks = list(get_digest_asks(user, since=since)[:DIGEST_MAX])
    if not asks:
        return False
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, day=day)
            # The same digest in the app: one calm notice a day, pointing to the requests page.
            notify(user, Kind.REQUEST_DIGEST, url=reverse("asks:list"))
    except IntegrityError:
        return False  # already sent today
    return send_member_mail(user, MailKind.DIGEST, "asks/email/digest", {"asks": asks}, language)


@task()
def queue_request_digests_task() -> int:
    """Enqueue one digest task per member who has not switched the digest off."""
    day = timezone.localdate().isoformat()
    opted_out = MailOptOut.objects.filter(kind=MailKind.DIGEST).values("user")
    ids = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(pk__in=opted_out)
        .values_list("pk", flat=True)
    )
    count = 0
    for user_id in ids.iterator():
        send_request_digest_task.enqueue(user_id, day)
        count += 1
    return count
