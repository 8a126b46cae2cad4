"""Background work of introductions: e-mails after commit, each at most once."""

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from goodword.subscriptions.models import MailKind
from goodword.subscriptions.services import absolute, send_member_mail

from .models import Answer, Introduction

_PEOPLE = ("introducer__profile", "member_a__profile", "member_b__profile")


@task()
def send_introduction_email_task(introduction_id: int, language: str = "de") -> int:
    """Ask the introduced members who have not accepted yet (an asker who accepted an answer
    introducing someone has already said yes)."""
    claimed = Introduction.objects.filter(
        pk=introduction_id, introduced_mailed_at__isnull=True
    ).update(introduced_mailed_at=timezone.now())
    if not claimed:
        return 0
    intro = Introduction.objects.select_related(*_PEOPLE).get(pk=introduction_id)
    url = absolute(reverse("introductions:detail", args=[intro.pk]))
    sent = 0
    pairs = (
        (intro.member_a, intro.member_b, intro.answer_a),
        (intro.member_b, intro.member_a, intro.answer_b),
    )
    for member, other, answer in pairs:
        if answer == Answer.ACCEPTED:
            continue
        sent += send_member_mail(
            member,
            MailKind.INTRODUCTIONS,
            "introductions/email/introduced",
            {"introducer": intro.introducer, "other": other, "note": intro.note, "url": url},
            language,
        )
    return sent


@task()
def send_introduction_opened_email_task(introduction_id: int, language: str = "de") -> int:
    """Tell all three that both accepted and the conversation is open."""
    claimed = Introduction.objects.filter(
        pk=introduction_id, opened_mailed_at__isnull=True, conversation__isnull=False
    ).update(opened_mailed_at=timezone.now())
    if not claimed:
        return 0
    intro = Introduction.objects.select_related(*_PEOPLE).get(pk=introduction_id)
    url = absolute(reverse("messaging:conversation", args=[intro.conversation_id]))
    sent = 0
    for member in (intro.introducer, intro.member_a, intro.member_b):
        sent += send_member_mail(
            member,
            MailKind.INTRODUCTIONS,
            "introductions/email/opened",
            {"member_a": intro.member_a, "member_b": intro.member_b, "url": url},
            language,
        )
    return sent
