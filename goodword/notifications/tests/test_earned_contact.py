"""In-app notifications for introductions, conversations, requests and referrals.

Each event tells exactly the members it concerns, once; the e-mail stays with the apps that send
it (at most one per member and event, respecting the opt-outs); and no notice ever names a
private trust mark or a referral amount.
"""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from goodword.accounts.tests.factories import UserFactory
from goodword.asks import services as asks
from goodword.asks.models import Visibility
from goodword.introductions import services as introductions
from goodword.messaging import services as messaging
from goodword.messaging.models import Intent
from goodword.messaging.tests.helpers import recommend
from goodword.notifications.models import Kind, Notification
from goodword.notifications.services import mark_read
from goodword.referrals import services as referrals
from goodword.referrals.models import ReferralStatus
from goodword.subscriptions.models import MailKind
from goodword.subscriptions.services import opt_out
from goodword.trust.models import MarkLevel, TrustMark

pytestmark = pytest.mark.django_db

NOTE = "Anna sucht Hilfe bei Versicherungen für ihre Werkstatt, Sven kennt sich da aus."
TEXT = "Ich kenne mich mit Versicherungen für Handwerksbetriebe gut aus."


# Members anna, sven, maria, outsider and the empty trust graph come from goodword/conftest.py.


def notices(kind=None):
    """{recipient id: count} of notifications (of one kind)."""
    rows = Notification.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    counts: dict[int, int] = {}
    for n in rows:
        counts[n.recipient_id] = counts.get(n.recipient_id, 0) + 1
    return counts


def mails_to():
    """{address: count} of the e-mails sent."""
    counts: dict[str, int] = {}
    for message in mail.outbox:
        for address in message.to:
            counts[address] = counts.get(address, 0) + 1
    return counts


def page(client, user, language="de"):
    client.force_login(user)
    html = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    client.logout()
    return html


def test_an_introduction_tells_both_introduced_members(
    anna, sven, maria, outsider, django_capture_on_commit_callbacks
):
    recommend(maria, anna)
    recommend(maria, sven)
    with django_capture_on_commit_callbacks(execute=True):
        intro = introductions.introduce(maria, anna, sven, NOTE)
    assert notices() == {anna.pk: 1, sven.pk: 1}
    notice = Notification.objects.get(recipient=anna)
    assert notice.kind == Kind.INTRODUCTION_RECEIVED
    assert notice.actor == maria
    assert notice.url == reverse("introductions:detail", args=[intro.pk])
    assert mails_to() == {anna.email: 1, sven.email: 1}  # the introduction's own e-mail only


def test_both_accepting_tells_the_introducer_and_the_first_to_accept(
    anna, sven, maria, outsider, client, django_capture_on_commit_callbacks
):
    recommend(maria, anna)
    recommend(maria, sven)
    intro = introductions.introduce(maria, anna, sven, NOTE)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        introductions.answer_introduction(intro, anna, accept=True)
        assert notices() == {}
        intro = introductions.answer_introduction(intro, sven, accept=True)
    assert notices() == {maria.pk: 1, anna.pk: 1}
    assert notices(Kind.INTRODUCTION_ACCEPTED) == {maria.pk: 1, anna.pk: 1}
    url = reverse("messaging:conversation", args=[intro.conversation_id])
    assert set(Notification.objects.values_list("url", flat=True)) == {url}
    # One e-mail each ("the conversation is open"), not a second one for the new conversation.
    assert mails_to() == {anna.email: 1, sven.email: 1, maria.email: 1}
    assert "Sven Seller accepted the introduction" in page(client, maria, "en")
    assert "Sven Seller hat die Vorstellung angenommen" in page(client, anna)


def test_a_declined_introduction_tells_nobody(anna, sven, maria):
    recommend(maria, anna)
    recommend(maria, sven)
    intro = introductions.introduce(maria, anna, sven, NOTE)
    Notification.objects.all().delete()
    introductions.answer_introduction(intro, anna, accept=False)
    assert notices() == {}


def test_a_new_conversation_tells_the_recipient_once(
    anna, sven, outsider, client, django_capture_on_commit_callbacks
):
    recommend(anna, sven)
    with django_capture_on_commit_callbacks(execute=True):
        conversation = messaging.start_conversation(sven, anna, Intent.QUESTION, "Hallo Anna!")
    assert notices() == {anna.pk: 1}
    notice = Notification.objects.get()
    assert (notice.kind, notice.actor) == (Kind.CONVERSATION_STARTED, sven)
    assert notice.url == reverse("messaging:conversation", args=[conversation.pk])
    assert mails_to() == {anna.email: 1}
    assert "Sven Seller started a conversation with you" in page(client, anna, "en")
    assert "Sven Seller hat ein Gespräch mit dir begonnen" in page(client, anna)


def test_an_opt_out_stops_the_mail_but_not_the_notice(
    anna, sven, django_capture_on_commit_callbacks
):
    recommend(anna, sven)
    opt_out(anna, MailKind.CONVERSATIONS)
    with django_capture_on_commit_callbacks(execute=True):
        messaging.start_conversation(sven, anna, Intent.QUESTION, "Hallo Anna!")
    assert notices() == {anna.pk: 1}
    assert mail.outbox == []


def test_messages_leave_one_unread_notice_per_conversation_and_no_mail(
    anna, sven, outsider, django_capture_on_commit_callbacks
):
    recommend(anna, sven)
    conversation = messaging.start_conversation(sven, anna, Intent.QUESTION, "Hallo Anna!")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        messaging.send_message(conversation, anna, Intent.ADVICE, "Hallo Sven, gern.")
        messaging.send_message(conversation, anna, Intent.ADVICE, "Noch etwas.")
    assert notices(Kind.MESSAGE_RECEIVED) == {sven.pk: 1}
    assert notices() == {sven.pk: 1}
    assert mail.outbox == []
    mark_read(sven)
    messaging.send_message(conversation, anna, Intent.THANKS, "Danke!")
    assert notices(Kind.MESSAGE_RECEIVED) == {sven.pk: 2}


def test_an_answer_tells_the_asker_and_accepting_it_tells_the_helpers(
    anna, sven, maria, outsider, client, django_capture_on_commit_callbacks
):
    recommend(anna, sven)
    recommend(sven, maria)
    ask = asks.post_ask(
        anna,
        title="Versicherung für die Werkstatt",
        text="Wer kennt sich mit Betriebshaftpflicht aus?",
        city="Köln",
        visibility=Visibility.MEMBERS,
    )
    with django_capture_on_commit_callbacks(execute=True):
        answer = asks.answer_with_introduction(ask, sven, maria, TEXT)
    assert notices() == {anna.pk: 1}
    notice = Notification.objects.get()
    assert (notice.kind, notice.actor) == (Kind.ANSWER_RECEIVED, sven)
    assert notice.url == reverse("asks:detail", args=[ask.pk])
    assert mail.outbox == []  # answers are in the app and the daily digest, not mailed one by one
    assert "Sven Seller answered your request" in page(client, anna, "en")

    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        answer = asks.accept_answer(answer, anna)
    # Maria is asked first, like in every introduction; nothing opens before she agrees.
    assert notices() == {maria.pk: 1}
    assert notices(Kind.INTRODUCTION_RECEIVED) == {maria.pk: 1}
    assert mails_to() == {maria.email: 1}
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        introductions.answer_introduction(answer.introduction, maria, accept=True)
    assert notices(Kind.INTRODUCTION_ACCEPTED) == {anna.pk: 1, sven.pk: 1}
    assert mails_to() == {anna.email: 1, sven.email: 1, maria.email: 1}


def test_an_offer_tells_the_asker(anna, sven, outsider):
    recommend(anna, sven)
    ask = asks.post_ask(
        anna,
        title="Versicherung für die Werkstatt",
        text="Wer kennt sich mit Betriebshaftpflicht aus?",
        remote=True,
        visibility=Visibility.MEMBERS,
    )
    asks.answer_with_offer(ask, sven, TEXT)
    assert notices(Kind.ANSWER_RECEIVED) == {anna.pk: 1}
    assert notices() == {anna.pk: 1}


def test_referrals_tell_the_receiver_then_the_giver_without_the_amount(
    anna, sven, outsider, client, django_capture_on_commit_callbacks
):
    recommend(anna, sven)  # Sven may write to Anna, so he may pass her a lead
    with django_capture_on_commit_callbacks(execute=True):
        referral = referrals.pass_referral(
            sven,
            anna,
            need="Ein Bäcker in Köln sucht eine neue Werkstatteinrichtung.",
            contact_name="Bernd Bäcker",
            contact_details="bernd@baecker.test",
        )
    assert notices() == {anna.pk: 1}
    notice = Notification.objects.get()
    assert (notice.kind, notice.actor) == (Kind.REFERRAL_RECEIVED, sven)
    assert notice.url == reverse("referrals:detail", args=[referral.pk])
    assert mails_to() == {anna.email: 1}
    assert "Sven Seller passed you a lead" in page(client, anna, "en")

    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referrals.update_referral(
            referral, anna, status=ReferralStatus.WON, amount="1234.56", thanks="Danke dir!"
        )
    assert notices() == {sven.pk: 1}
    assert notices(Kind.REFERRAL_UPDATED) == {sven.pk: 1}
    assert mails_to() == {sven.email: 1}
    for language in ("de", "en"):
        html = page(client, sven, language)
        assert "Anna Adler" in html
        assert "1234" not in html and "1.234" not in html
        assert "bernd@baecker.test" not in html


def test_no_notice_reveals_a_private_trust_mark(
    anna, sven, maria, client, django_capture_on_commit_callbacks
):
    # Anna privately marks Sven and welcomes his offers (which lets him write to her); Sven
    # privately distrusts Maria.
    TrustMark.objects.create(marker=anna, member=sven, level=MarkLevel.VOUCH)
    messaging.welcome_offers(anna, sven)
    TrustMark.objects.create(marker=sven, member=maria, level=MarkLevel.WOULD_NOT_RECOMMEND)
    recommend(maria, anna)
    recommend(maria, sven)
    with django_capture_on_commit_callbacks(execute=True):
        conversation = messaging.start_conversation(sven, anna, Intent.QUESTION, "Hallo Anna!")
        messaging.send_message(conversation, anna, Intent.ADVICE, "Hallo Sven!")
        referrals.pass_referral(
            sven,
            anna,
            need="Ein Bäcker in Köln sucht eine neue Werkstatteinrichtung.",
            contact_name="Bernd Bäcker",
        )
        intro = introductions.introduce(maria, anna, sven, NOTE)
        introductions.answer_introduction(intro, anna, accept=True)
        introductions.answer_introduction(intro, sven, accept=True)
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        anna.pk,
        sven.pk,
        maria.pk,
    }
    for language in ("de", "en"):
        with translation.override(language):
            labels = [str(label) for label in MarkLevel.labels]
        for member in (anna, sven, maria):
            html = page(client, member, language)
            for label in labels:
                assert label not in html, (member, language, label)
            assert "trust mark" not in html.lower()
            assert "vertrauensmarke" not in html.lower()
    for message in mail.outbox:
        for label in MarkLevel.labels:
            assert str(label) not in message.body


def test_opening_the_conversation_reads_its_notices(anna, sven, client):
    recommend(anna, sven)
    conversation = messaging.start_conversation(sven, anna, Intent.QUESTION, "Hallo Anna!")
    other = UserFactory()
    notice_elsewhere = Notification.objects.create(recipient=anna, kind=Kind.ANSWER_RECEIVED)
    client.force_login(anna)
    client.get(reverse("messaging:conversation", args=[conversation.pk]))
    assert not Notification.objects.filter(
        recipient=anna, kind=Kind.CONVERSATION_STARTED, read_at__isnull=True
    ).exists()
    notice_elsewhere.refresh_from_db()
    assert notice_elsewhere.read_at is None
    assert other.notifications.count() == 0
    messaging.send_message(conversation, sven, Intent.QUESTION, "Noch eine Frage.")
    assert notices(Kind.MESSAGE_RECEIVED) == {anna.pk: 1}
