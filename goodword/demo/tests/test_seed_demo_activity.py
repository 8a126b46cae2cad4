"""The demo network's activity: requests, answers, introductions, conversations, referrals and
private marks, all within the contact rules and the same for the same seed."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from goodword.asks.models import Answer, AnswerKind, AnswerStatus, Ask, AskStatus
from goodword.asks.queries import access_ask
from goodword.demo import data as demo_data
from goodword.demo.data import DEMO_EMAIL
from goodword.demo.seed import seed_demo
from goodword.introductions.models import Introduction
from goodword.introductions.models import Status as IntroStatus
from goodword.introductions.services import is_trusted_contact
from goodword.messaging.models import Conversation, Intent, Message, Origin
from goodword.messaging.rules import can_contact, can_send_in, trusts
from goodword.recommendations.models import Recommendation
from goodword.recommendations.models import Status as RecStatus
from goodword.referrals.models import Referral, ReferralStatus
from goodword.topics.models import Topic
from goodword.trust.models import MarkLevel, TrustMark

pytestmark = pytest.mark.django_db

User = get_user_model()
MEMBERS = 120


def seed(members=MEMBERS, seed=7):
    call_command("seed_demo", members=members, seed=seed, no_progress=True, verbosity=0)


def wipe():
    User.objects.all().delete()
    Topic.objects.all().delete()


def emails(users) -> tuple:
    return tuple(sorted(u.email for u in users))


def activity() -> dict:
    """Everything the seed adds besides members and recommendations, by e-mail (no ids)."""
    asks = [
        (
            a.author.email,
            a.title,
            a.text,
            a.city,
            a.remote,
            a.visibility,
            a.status,
            tuple(sorted(t.name for t in a.topics.all())),
            tuple(
                (x.author.email, x.kind, x.introduced.email if x.introduced else "", x.text)
                for x in a.answers.order_by("author__email")
            ),
        )
        for a in Ask.objects.select_related("author").order_by("author__email", "title")
    ]
    conversations = sorted(
        (
            c.origin,
            c.started_by.email,
            c.context_note,
            emails(p.user for p in c.participants.all()),
            tuple(
                (m.sender.email, m.intent, m.text) for m in c.messages.order_by("created_at", "pk")
            ),
        )
        for c in Conversation.objects.select_related("started_by")
    )
    introductions = sorted(
        (i.introducer.email, i.member_a.email, i.member_b.email, i.note, i.status)
        for i in Introduction.objects.all()
    )
    referrals = sorted(
        (r.giver.email, r.receiver.email, r.need, r.status) for r in Referral.objects.all()
    )
    marks = sorted((m.marker.email, m.member.email, m.level) for m in TrustMark.objects.all())
    return {
        "asks": asks,
        "conversations": conversations,
        "introductions": introductions,
        "referrals": referrals,
        "marks": marks,
    }


def test_same_seed_gives_the_same_requests_and_conversations():
    seed()
    first = activity()
    assert first["asks"] and first["conversations"]
    wipe()
    seed()
    assert activity() == first
    wipe()
    seed(seed=8)
    assert activity()["asks"] != first["asks"]


def test_activity_does_not_depend_on_the_day_it_is_seeded():
    seed_demo(MEMBERS, 7, progress=False, now=datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    first = activity()
    wipe()
    seed_demo(MEMBERS, 7, progress=False, now=datetime(2026, 9, 17, 18, 5, 41, tzinfo=UTC))
    assert activity() == first


def test_about_one_request_per_fifteen_members_some_answered_some_resolved():
    seed(members=600)
    asks = Ask.objects.exclude(author__email=DEMO_EMAIL)
    assert 30 <= asks.count() <= 50
    assert asks.filter(status=AskStatus.RESOLVED).exists()
    assert asks.filter(status=AskStatus.OPEN, answers__isnull=True).exists()
    answers = Answer.objects.all()
    assert answers.filter(kind=AnswerKind.INTRODUCE).exists()
    assert answers.filter(kind=AnswerKind.OFFER).exists()
    for ask in Ask.objects.prefetch_related("topics"):
        assert 1 <= ask.topics.count() <= 5
        assert ask.city or ask.remote
        assert len(ask.title) <= 120 and len(ask.text) >= 20
    for answer in answers.filter(kind=AnswerKind.INTRODUCE):
        assert " weil " in answer.text
    for ask in Ask.objects.filter(status=AskStatus.RESOLVED):
        assert ask.closed_at is not None
        assert ask.answers.filter(status=AnswerStatus.ACCEPTED, conversation__isnull=False)


def test_the_demo_account_has_a_story_to_explore():
    seed()
    demo = User.objects.get(email=DEMO_EMAIL)
    own = Ask.objects.get(author=demo, title=demo_data.DEMO_ASK["title"])
    assert own.status == AskStatus.OPEN
    assert sorted(own.answers.values_list("kind", flat=True)) == [
        AnswerKind.INTRODUCE,
        AnswerKind.OFFER,
    ]
    help_ask = Ask.objects.get(title=demo_data.DEMO_HELP_ASK["title"])
    assert access_ask(demo, help_ask.pk) == help_ask
    pending = Introduction.objects.get(member_b=demo, status=IntroStatus.PENDING)
    assert pending.answer_b == "pending"
    accepted = Introduction.objects.get(member_b=demo, status=IntroStatus.ACCEPTED)
    intents = list(accepted.conversation.messages.values_list("intent", flat=True))
    assert intents == [Intent.QUESTION, Intent.ADVICE, Intent.THANKS]
    direct = Conversation.objects.get(origin=Origin.DIRECT, participants__user=demo)
    other = direct.participants.exclude(user=demo).get().user
    assert Recommendation.objects.filter(
        author=other, subject=demo, status=RecStatus.ACCEPTED
    ).exists()
    given = Referral.objects.get(giver=demo)
    assert given.status == ReferralStatus.WON and given.amount
    assert Referral.objects.get(receiver=demo).status == ReferralStatus.CONTACTED
    levels = sorted(TrustMark.objects.filter(marker=demo).values_list("level", flat=True))
    assert levels == sorted(
        [MarkLevel.KNOW_PERSONALLY, MarkLevel.WORKED_WITH, MarkLevel.WOULD_NOT_RECOMMEND]
    )


def page_text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_demo_member_sees_every_page_filled(client):
    seed()
    demo = User.objects.get(email=DEMO_EMAIL)
    client.force_login(demo)
    asks = page_text(client.get(reverse("asks:list")))
    assert demo_data.DEMO_ASK["title"] in asks
    assert demo_data.DEMO_HELP_ASK["title"] in asks
    inbox = page_text(client.get(reverse("messaging:inbox")))
    for conversation in Conversation.objects.filter(participants__user=demo):
        assert reverse("messaging:conversation", args=[conversation.pk]) in inbox
    assert Conversation.objects.filter(participants__user=demo).count() >= 2
    introductions = page_text(client.get(reverse("introductions:list")))
    for introduction in Introduction.objects.filter(member_b=demo):
        assert str(introduction.member_a.profile.display_name) in introductions
    referrals = page_text(client.get(reverse("referrals:list")))
    for referral in Referral.objects.filter(giver=demo) | Referral.objects.filter(receiver=demo):
        other = referral.receiver if referral.giver_id == demo.pk else referral.giver
        assert str(other.profile.display_name) in referrals
    # The conversation pages open, with their intent labels.
    accepted = Introduction.objects.get(member_b=demo, status=IntroStatus.ACCEPTED)
    thread = page_text(
        client.get(reverse("messaging:conversation", args=[accepted.conversation_id]))
    )
    assert "Frage" in thread and "Rat" in thread and "Dank" in thread
    # The amount of the referral she passed is the receiver's alone.
    given = Referral.objects.get(giver=demo)
    detail = page_text(client.get(reverse("referrals:detail", args=[given.pk])))
    assert "2400" not in detail and "2.400" not in detail


def test_nothing_seeded_breaks_the_contact_rules():
    seed()
    # Reported conversations are the moderation demo's spam (goodword/demo/moderation.py).
    for conversation in Conversation.objects.filter(reports__isnull=True).prefetch_related(
        "participants__user"
    ):
        members = [p.user for p in conversation.participants.all()]
        first = conversation.messages.order_by("created_at", "pk").first()
        if conversation.origin == Origin.DIRECT:
            starter = conversation.started_by
            (recipient,) = [m for m in members if m.pk != starter.pk]
            assert first.sender_id == starter.pk
            assert can_contact(starter, recipient, first.intent).allowed
        elif conversation.origin == Origin.INTRODUCTION:
            introduction = conversation.introduction
            assert introduction.status == IntroStatus.ACCEPTED
            for member in (introduction.member_a, introduction.member_b):
                assert is_trusted_contact(introduction.introducer, member)
        else:
            answer = conversation.ask_answer
            assert answer.status == AnswerStatus.ACCEPTED
            assert answer.ask.author in members
        for message in conversation.messages.select_related("sender"):
            assert message.sender in members
            assert can_send_in(conversation, message.sender, message.intent).allowed
    for answer in Answer.objects.select_related("ask__author", "author", "introduced"):
        if answer.ask.status == AskStatus.OPEN:
            assert access_ask(answer.author, answer.ask_id)
        else:  # closed requests are their author's alone; the answerer saw it while open
            assert Recommendation.objects.filter(
                author=answer.ask.author, subject=answer.author, status=RecStatus.ACCEPTED
            ).exists()
        if answer.kind == AnswerKind.OFFER:
            assert trusts(answer.ask.author, answer.author)
        else:
            assert is_trusted_contact(answer.author, answer.introduced)
            assert answer.introduced_id not in (answer.author_id, answer.ask.author_id)
    for introduction in Introduction.objects.all():
        for member in (introduction.member_a, introduction.member_b):
            assert is_trusted_contact(introduction.introducer, member)
    for referral in Referral.objects.all():
        assert can_contact(referral.giver, referral.receiver, Intent.INTRODUCTION).allowed
    assert Message.objects.count() > 0


MARK_FORM = re.compile(r'<div class="trust-mark">.*?</fieldset>', re.S)


def mark_words() -> list[str]:
    from django.utils import translation

    words = []
    for language in ("de", "en"):
        with translation.override(language):
            words += [str(label) for label in MarkLevel.labels]
    return words


def test_private_marks_never_show_on_other_members_pages(client):
    seed()
    demo = User.objects.get(email=DEMO_EMAIL)
    marks = list(TrustMark.objects.filter(marker=demo).select_related("member"))
    assert marks
    bystander = User.objects.exclude(pk__in=[demo.pk, *(m.member_id for m in marks)]).last()
    words = mark_words()
    for mark in marks:
        views = [(mark.member, demo), (bystander, demo), (bystander, mark.member)]
        for viewer, shown in views:
            client.force_login(viewer)
            for url in (
                reverse("accounts:profile", args=[shown.pk]),
                reverse("trust:connection", args=[shown.pk]),
            ):
                html = page_text(client.get(url))
                # The viewer's own (empty) mark form lists every level; nothing else may.
                outside = MARK_FORM.sub("", html)
                assert not any(word in outside for word in words), (viewer, shown, url)
                assert "checked" not in "".join(MARK_FORM.findall(html)), (viewer, shown, url)
    # The demo member herself sees her mark, so the checks above could fail.
    client.force_login(demo)
    html = page_text(client.get(reverse("trust:connection", args=[marks[0].member_id])))
    assert "checked" in "".join(MARK_FORM.findall(html))


def test_marks_change_the_demo_members_network_ranking():
    from goodword.trust.queries import get_trust_scores

    seed()
    demo = User.objects.get(email=DEMO_EMAIL)
    marks = {m.member_id: m.level for m in TrustMark.objects.filter(marker=demo)}
    scores = get_trust_scores(demo, list(marks))
    for member_id, level in marks.items():
        if level == MarkLevel.WOULD_NOT_RECOMMEND:
            assert scores.get(member_id, 0.0) <= 0.0
        else:
            assert scores.get(member_id, 0.0) > 0.1


def test_the_demo_has_moderators_a_waiting_case_and_a_log_entry():
    from goodword.messaging.models import Report, ReportStatus
    from goodword.moderation.models import ModerationAction, Moderator

    seed()
    assert Moderator.objects.filter(user__email=DEMO_EMAIL).exists()
    assert Moderator.objects.count() == 2
    assert (
        Report.objects.filter(status=ReportStatus.OPEN).values("reported").distinct().count() == 1
    )
    assert ModerationAction.objects.count() == 1
