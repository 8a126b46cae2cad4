"""E-mails for introductions, new conversations, referral updates and the daily digest, sent
after commit by the task worker to a real SMTP server, with one-click unsubscribe."""

from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import translation

from goodword.accounts.tests.factories import UserFactory
from goodword.asks import services as asks
from goodword.asks.tasks import queue_request_digests_task, send_request_digest_task
from goodword.introductions import services as introductions
from goodword.messaging import services as messaging
from goodword.messaging.models import Intent
from goodword.messaging.tasks import send_new_conversation_email_task
from goodword.messaging.tests.helpers import recommend
from goodword.referrals import services as referrals
from goodword.subscriptions.models import DigestSent, MailKind, MailOptOut
from goodword.topics.services import get_or_create_topic

pytestmark = pytest.mark.django_db(transaction=False)

NOTE = "Anna sucht Hilfe bei Versicherungen, Sven kennt sich da bestens aus."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def unsubscribe_path(message) -> str:
    header = str(message["List-Unsubscribe"]).strip().strip("<>")
    assert header in message.get_content()
    return urlparse(header).path


def test_new_conversation_mail_with_one_click_unsubscribe(
    client, smtp, anna, sven, django_capture_on_commit_callbacks
):
    recommend(anna, sven)
    with django_capture_on_commit_callbacks(execute=True):
        messaging.start_conversation(sven, anna, Intent.QUESTION, "Geheimer Inhalt")
    (mail,) = smtp.to("anna@goodword.test")
    assert "Sven Seller wrote to you (Question)" in mail["Subject"]
    body = mail.get_content()
    assert "Geheimer Inhalt" not in body  # the message itself stays in the app
    assert "https://goodword.example/messages/" in body
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not smtp.to("sven@goodword.test")

    path = unsubscribe_path(mail)
    page = client.get(path)
    assert page.status_code == 200  # GET only asks; prefetchers must not unsubscribe
    assert not MailOptOut.objects.exists()
    assert client.post(path).status_code == 200  # one click, no login needed
    assert MailOptOut.objects.filter(user=anna, kind=MailKind.CONVERSATIONS).exists()

    services_count = len(smtp.envelopes)
    with django_capture_on_commit_callbacks(execute=True):
        messaging.start_conversation(sven, anna, Intent.THANKS, "Danke")
    assert len(smtp.envelopes) == services_count


def test_a_task_retried_never_mails_twice(smtp, anna, sven, django_capture_on_commit_callbacks):
    recommend(anna, sven)
    with django_capture_on_commit_callbacks(execute=True):
        conversation = messaging.start_conversation(sven, anna, Intent.QUESTION, "Hallo")
    send_new_conversation_email_task.enqueue(conversation.pk, "en")
    assert len(smtp.to("anna@goodword.test")) == 1


def test_nothing_is_sent_for_a_rolled_back_write(
    smtp, anna, sven, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(messaging.ContactRefused):
        messaging.start_conversation(sven, anna, Intent.OFFER, "Kauf was")
    assert smtp.envelopes == []


def test_bad_unsubscribe_links_are_404(client):
    assert client.get(reverse("subscriptions:unsubscribe", args=["forged"])).status_code == 404
    assert client.post(reverse("subscriptions:unsubscribe", args=["x:y:z"])).status_code == 404


def test_introduction_mails(smtp, anna, sven, maria, django_capture_on_commit_callbacks):
    recommend(maria, anna)
    recommend(maria, sven)
    with django_capture_on_commit_callbacks(execute=True):
        intro = introductions.introduce(maria, anna, sven, NOTE)
    (to_anna,) = smtp.to("anna@goodword.test")
    assert "Maria Mittler introduces you to Sven Seller" in to_anna["Subject"]
    assert NOTE in to_anna.get_content()
    assert len(smtp.to("sven@goodword.test")) == 1
    assert not smtp.to("maria@goodword.test")
    with django_capture_on_commit_callbacks(execute=True):
        introductions.answer_introduction(intro, anna, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        introductions.answer_introduction(intro, sven, accept=True)
    for address in ("anna@goodword.test", "sven@goodword.test", "maria@goodword.test"):
        opened = [m for m in smtp.to(address) if "conversation is open" in m["Subject"]]
        assert len(opened) == 1, address


def test_referral_mails_never_show_the_amount(
    smtp, anna, maria, django_capture_on_commit_callbacks
):
    recommend(anna, maria)
    with django_capture_on_commit_callbacks(execute=True):
        referral = referrals.pass_referral(
            maria, anna, need="Die Bäckerei braucht ein Kassensystem.", contact_name="Frau Korn"
        )
    (passed,) = smtp.to("anna@goodword.test")
    assert "Maria Mittler passed you a referral" in passed["Subject"]
    assert "Frau Korn" not in passed.get_content()  # contact details stay in the app
    with django_capture_on_commit_callbacks(execute=True):
        referrals.update_referral(referral, anna, status="won", amount="4321", thanks="Danke!")
    (update,) = smtp.to("maria@goodword.test")
    assert "Led to business" in update["Subject"]
    assert "Danke!" in update.get_content()
    assert "4321" not in update.as_string()


def test_daily_digest_is_calm_topical_once_a_day_and_opt_out(smtp, anna, maria, outsider):
    tax = get_or_create_topic("Steuerberatung")
    recommend(anna, maria)  # Maria is in Anna's network
    maria.profile.topics.set([tax])
    outsider.profile.topics.set([tax])  # same topic, but not in Anna's network
    bernd = UserFactory(display_name="Bernd Anders", email="bernd@goodword.test")
    recommend(anna, bernd)  # in the network, other topics
    bernd.profile.topics.set([get_or_create_topic("Tischlerei")])
    asks.post_ask(
        anna,
        title="Steuerberatung für Handwerk gesucht",
        text="Wer kennt eine gute Steuerberatung für Handwerksbetriebe?",
        topic_names=["Steuerberatung"],
        remote=True,
    )
    queued = queue_request_digests_task.enqueue()
    assert queued.return_value >= 3
    (digest,) = smtp.to("maria@goodword.test")
    # No request to take a language from: the digest is in the site's language, German.
    assert "1 offenes Gesuch aus deinem Netzwerk" in digest["Subject"]
    assert "Steuerberatung für Handwerk gesucht" in digest.get_content()
    assert "/requests/" in digest.get_content()
    assert not smtp.to("otto@goodword.test")
    assert not smtp.to("bernd@goodword.test")
    assert not smtp.to("anna@goodword.test")  # own requests are not news
    # The same digest in the app, for Maria only.
    from goodword.notifications.models import Kind, Notification

    digests = Notification.objects.filter(kind=Kind.REQUEST_DIGEST)
    assert [(n.recipient_id, n.url) for n in digests] == [(maria.pk, reverse("asks:list"))]
    # Once a day only.
    day = DigestSent.objects.get(user=maria).day.isoformat()
    send_request_digest_task.enqueue(maria.pk, day, "en")
    assert len(smtp.to("maria@goodword.test")) == 1
    assert digests.count() == 1
    # Opted out: nothing, not even queued.
    DigestSent.objects.all().delete()
    MailOptOut.objects.create(user=maria, kind=MailKind.DIGEST)
    queue_request_digests_task.enqueue()
    assert len(smtp.to("maria@goodword.test")) == 1


def test_preferences_page(client, anna):
    client.force_login(anna)
    url = reverse("subscriptions:preferences")
    assert client.get(url).status_code == 200
    client.post(url, {"kinds": ["introductions", "referrals"]})
    assert set(MailOptOut.objects.filter(user=anna).values_list("kind", flat=True)) == {
        "recommendations",
        "conversations",
        "digest",
        "invitations",
        "meetings",
        "reports",
    }
    client.post(url, {"kinds": list(MailKind.values)})
    assert not MailOptOut.objects.exists()
    client.logout()
    assert reverse("account_login") in client.get(url)["Location"]
