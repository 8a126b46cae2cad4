"""Background work of messaging: the "new conversation" e-mail, sent after commit."""

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from goodword.subscriptions.models import MailKind
from goodword.subscriptions.services import absolute, send_member_mail

from .models import Conversation, Origin


@task()
def send_new_conversation_email_task(conversation_id: int, language: str = "de") -> int:
    """Tell everybody but the starter that a conversation was opened with them (at most once).
    The message text stays in the app; the e-mail names the sender and the intent."""
    claimed = Conversation.objects.filter(pk=conversation_id, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return 0
    conversation = Conversation.objects.select_related("started_by__profile").get(
        pk=conversation_id
    )
    if conversation.origin == Origin.INTRODUCTION:
        return 0  # the introduction's own e-mail already says so
    first = conversation.messages.order_by("created_at", "pk").first()
    intent = first.get_intent_display() if first else conversation.get_origin_display()
    url = absolute(reverse("messaging:conversation", args=[conversation.pk]))
    sent = 0
    for seat in conversation.participants.exclude(user=conversation.started_by).select_related(
        "user__profile"
    ):
        sent += send_member_mail(
            seat.user,
            MailKind.CONVERSATIONS,
            "messaging/email/new_conversation",
            {"sender": conversation.started_by, "intent": intent, "url": url},
            language,
        )
    return sent
