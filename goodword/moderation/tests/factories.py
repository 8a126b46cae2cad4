"""Test data for moderation: moderators, and members reported from a real conversation.

mod = moderator(display_name="Mona")
case = reported_case(reporters=3)   # case.member wrote case.text to each reporter
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from goodword.accounts.tests.factories import UserFactory
from goodword.messaging import privileges
from goodword.messaging.models import Conversation, Message, Participant, ReportReason
from goodword.messaging.services import report_member
from goodword.moderation.services import grant_moderator

SPAM_TEXT = "Kaufen Sie jetzt meine Versicherung SPAMTEXT"


def moderator(**kwargs):
    user = UserFactory(**kwargs)
    grant_moderator(user)
    return user


def old_member(**kwargs):
    """A member whose account is old enough for their report to count."""
    user = UserFactory(**kwargs)
    days = settings.NEW_ACCOUNT_DAYS + 1
    type(user).objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days))
    user.refresh_from_db()
    return user


def conversation_with(sender, recipient, text: str = SPAM_TEXT) -> Conversation:
    """A conversation in which `sender` wrote `text` to `recipient` (made directly: the
    contact rules are not what these tests are about)."""
    conversation = Conversation.objects.create(started_by=sender, last_message_at=timezone.now())
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=u) for u in (sender, recipient)]
    )
    Message.objects.create(conversation=conversation, sender=sender, intent="offer", text=text)
    Message.objects.create(
        conversation=conversation, sender=recipient, intent="question", text="Wer sind Sie?"
    )
    return conversation


@dataclass
class Case:
    member: object
    reporters: list
    reports: list
    conversations: list

    @property
    def report_ids(self) -> list[int]:
        return [r.pk for r in self.reports]


def reported_case(reporters: int = privileges.AUTO_RESTRICT_REPORTERS, member=None) -> Case:
    member = member or UserFactory(display_name="Sven Seller")
    people, reports, conversations = [], [], []
    for i in range(reporters):
        reporter = old_member(display_name=f"Reporter {i}")
        conversation = conversation_with(member, reporter)
        reports.append(
            report_member(
                reporter, member, ReportReason.SPAM, f"REPORTNOTE {i}", conversation=conversation
            )
        )
        people.append(reporter)
        conversations.append(conversation)
    return Case(member, people, reports, conversations)
