"""The demo's moderation: the demo account and one other member are moderators, one member
waits in the queue with reports from three members, and the public log has a first entry."""

from __future__ import annotations

from datetime import datetime, timedelta

from goodword.accounts.models import User
from goodword.asks.models import Answer, Ask
from goodword.introductions.models import Introduction
from goodword.messaging.models import Conversation, Intent, Message, Participant, ReportReason
from goodword.messaging.services import report_member
from goodword.moderation.models import Action, Ground
from goodword.moderation.services import grant_moderator, take_action
from goodword.referrals.models import Referral

from . import data

PITCH = (
    "Guten Tag! Mit meinem Finanzkonzept verdoppeln Sie Ihr Geld in drei Monaten. "
    "Rufen Sie mich heute noch an, das Angebot gilt nur diese Woche."
)


def _pitched(sender: User, recipient: User, when: datetime) -> Conversation:
    conversation = Conversation.objects.create(started_by=sender, last_message_at=when)
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=u) for u in (sender, recipient)]
    )
    Message.objects.create(
        conversation=conversation, sender=sender, intent=Intent.OFFER, text=PITCH
    )
    return conversation


def _quiet_members(people) -> list[int]:
    """Members with no conversation, request, answer, introduction or lead yet, so that the
    reports (which block) and the restriction they bring change nothing else in the demo."""
    busy = set(Participant.objects.values_list("user_id", flat=True))
    busy |= set(Ask.objects.values_list("author_id", flat=True))
    busy |= set(Answer.objects.values_list("author_id", flat=True))
    for a, b in Referral.objects.values_list("giver_id", "receiver_id"):
        busy |= {a, b}
    for row in Introduction.objects.values_list("introducer_id", "member_a_id", "member_b_id"):
        busy |= set(row)
    return [m.pk for m in people if m.email != data.DEMO_EMAIL and m.pk not in busy]


def seed_moderation(people, now: datetime) -> dict[str, int]:
    """Needs eight members without activity besides the demo account; does nothing otherwise.
    The pitch conversations are the reported content: they never passed the contact rules
    (the demo's contact-rule check leaves reported conversations out)."""
    quiet = _quiet_members(people)[-8:]
    if len(quiet) < 8:
        return {}
    users = User.objects.in_bulk(quiet)
    pitcher, warned, colleague, *reporters = (users[pk] for pk in quiet)
    demo = User.objects.get(email=data.DEMO_EMAIL)
    grant_moderator(demo)
    grant_moderator(colleague)
    old = now - timedelta(days=60)
    User.objects.filter(pk__in=[r.pk for r in reporters]).update(date_joined=old)
    for reporter in reporters[:3]:
        reporter.date_joined = old
        conversation = _pitched(pitcher, reporter, now - timedelta(days=1))
        report_member(
            reporter,
            pitcher,
            ReportReason.SPAM,
            "Kenne die Person nicht, schreibt mir ein Finanzangebot.",
            conversation=conversation,
        )
    earlier = report_member(
        reporters[3],
        warned,
        ReportReason.SPAM,
        "Schon wieder Werbung.",
        conversation=_pitched(warned, reporters[3], now - timedelta(days=3)),
    )
    take_action(
        colleague,
        warned,
        Action.WARN,
        Ground.SPAM,
        "Verkaufsnachrichten an Mitglieder, die nicht danach gefragt hatten.",
        report_ids=[earlier.pk],
    )
    return {"moderators": 2, "open_reports": 3}
