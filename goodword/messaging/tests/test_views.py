"""The messaging pages over HTTP: cold pitch, permission matrix, bad input, htmx."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goodword.accounts.tests.factories import UserFactory
from goodword.messaging import queries, services
from goodword.messaging.models import (
    Block,
    Conversation,
    Intent,
    Message,
    OfferWelcome,
    Origin,
    Report,
)

from .helpers import recommend

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def introduce(maria, a, b):
    return services.open_conversation(
        [a, b, maria],
        origin=Origin.INTRODUCTION,
        started_by=maria,
        note="Ihr solltet euch kennenlernen.",
        note_author=maria,
    )


def test_cold_pitch_is_refused_until_a_mutual_contact_introduces(client, anna, sven, maria):
    client.force_login(sven)
    url = reverse("messaging:compose", args=[anna.pk])

    page = client.get(url, **EN)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ask someone you both know to introduce you" in html
    assert 'name="text"' not in html  # refused before anything can be written

    for intent, expected in [
        (Intent.QUESTION, "Ask someone you both know to introduce you"),
        (Intent.OFFER, "Ask a mutual contact to introduce you"),
    ]:
        response = client.post(url, {"intent": intent, "text": "Versicherung?"}, **EN)
        assert response.status_code == 403
        assert expected in response.content.decode()
    assert not Conversation.objects.exists()
    assert not Message.objects.exists()

    introduce(maria, anna, sven)
    response = client.post(url, {"intent": Intent.OFFER, "text": "Mein Angebot …"}, **EN)
    assert response.status_code == 302
    conversation = Conversation.objects.get(origin=Origin.DIRECT)
    assert response["Location"] == reverse("messaging:conversation", args=[conversation.pk])
    detail = client.get(response["Location"], **EN).content.decode()
    assert "Mein Angebot" in detail
    assert "Offer" in detail  # the intent is shown on the message


def test_refusal_is_german_by_default(client, anna, sven):
    client.force_login(sven)
    response = client.post(
        reverse("messaging:compose", args=[anna.pk]), {"intent": "question", "text": "Hallo"}
    )
    assert response.status_code == 403
    assert "Bitte jemanden, den ihr beide kennt, euch vorzustellen" in response.content.decode()


def test_compose_offers_the_form_with_offer_disabled_when_only_trusted(client, anna, sven):
    recommend(anna, sven)
    client.force_login(sven)
    html = client.get(reverse("messaging:compose", args=[anna.pk]), **EN).content.decode()
    assert 'name="text"' in html
    assert 'value="offer"\n             \n             disabled' in html or "disabled" in html
    assert "An offer needs an introduction" in html


@pytest.mark.parametrize(
    "data,field_message",
    [
        ({"intent": "question", "text": "   "}, "Please write a message."),
        ({"intent": "sales", "text": "Hallo"}, "Please choose what your message is about."),
        ({"text": "Hallo"}, "Please choose what your message is about."),
        ({"intent": "question", "text": "x" * 5001}, "at most 5000 characters"),
    ],
)
def test_bad_input_is_400_with_a_clear_message(client, anna, sven, data, field_message):
    recommend(anna, sven)
    client.force_login(sven)
    response = client.post(reverse("messaging:compose", args=[anna.pk]), data, **EN)
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert not Conversation.objects.exists()


def test_bad_input_message_in_german(client, anna, sven):
    recommend(anna, sven)
    client.force_login(sven)
    response = client.post(
        reverse("messaging:compose", args=[anna.pk]), {"intent": "question", "text": ""}
    )
    assert response.status_code == 400
    assert "Bitte schreib eine Nachricht." in response.content.decode()


def _conversation(anna, sven):
    recommend(anna, sven)
    return services.start_conversation(sven, anna, Intent.QUESTION, "Geheime Frage 42")


def test_anonymous_visitors_are_sent_to_login(client, anna, sven):
    conversation = _conversation(anna, sven)
    urls = [
        ("get", reverse("messaging:inbox")),
        ("get", reverse("messaging:settings")),
        ("get", reverse("messaging:compose", args=[anna.pk])),
        ("get", reverse("messaging:conversation", args=[conversation.pk])),
        ("post", reverse("messaging:reply", args=[conversation.pk])),
        ("get", reverse("messaging:report", args=[conversation.pk, sven.pk])),
        ("post", reverse("messaging:block", args=[sven.pk])),
        ("post", reverse("messaging:unblock", args=[sven.pk])),
        ("post", reverse("messaging:welcome_offers", args=[sven.pk])),
        ("post", reverse("messaging:stop_offers", args=[sven.pk])),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert reverse("account_login") in response["Location"]
    assert conversation.messages.count() == 1


def test_conversation_is_404_for_everybody_but_its_participants(client, anna, sven, outsider):
    conversation = _conversation(anna, sven)
    client.force_login(outsider)
    for url in [
        reverse("messaging:conversation", args=[conversation.pk]),
        reverse("messaging:report", args=[conversation.pk, sven.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 404
        assert "Geheime Frage" not in response.content.decode()
    response = client.post(
        reverse("messaging:reply", args=[conversation.pk]), {"intent": "question", "text": "Hi"}
    )
    assert response.status_code == 404
    assert conversation.messages.count() == 1
    assert "Geheime Frage" not in client.get(reverse("messaging:inbox")).content.decode()
    # Absent looks the same as not-yours.
    assert client.get(reverse("messaging:conversation", args=[999999])).status_code == 404


def test_participants_read_and_reply(client, anna, sven):
    conversation = _conversation(anna, sven)
    client.force_login(anna)
    inbox = client.get(reverse("messaging:inbox"), **EN).content.decode()
    assert "Sven Seller" in inbox and "new" in inbox
    page = client.get(reverse("messaging:conversation", args=[conversation.pk]), **EN)
    assert "Geheime Frage 42" in page.content.decode()
    assert "Question" in page.content.decode()
    response = client.post(
        reverse("messaging:reply", args=[conversation.pk]),
        {"intent": "advice", "text": "Mein Rat: …"},
    )
    assert response.status_code == 302
    assert conversation.messages.last().intent == Intent.ADVICE


def test_htmx_reply_returns_the_thread_partial(client, anna, sven):
    conversation = _conversation(anna, sven)
    client.force_login(anna)
    url = reverse("messaging:reply", args=[conversation.pk])
    response = client.post(url, {"intent": "thanks", "text": "Danke dir"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="thread"')
    assert "Danke dir" in html and "<html" not in html


def test_reply_refusal_is_403_and_writes_nothing(client, anna, sven):
    conversation = _conversation(anna, sven)
    client.force_login(sven)
    response = client.post(
        reverse("messaging:reply", args=[conversation.pk]),
        {"intent": "offer", "text": "Kauf was"},
        **EN,
    )
    assert response.status_code == 403
    assert "Ask a mutual contact to introduce you" in response.content.decode()
    assert conversation.messages.count() == 1


def test_reply_bad_input_is_400(client, anna, sven):
    conversation = _conversation(anna, sven)
    client.force_login(anna)
    response = client.post(reverse("messaging:reply", args=[conversation.pk]), {"intent": "x"})
    assert response.status_code == 400
    assert conversation.messages.count() == 1


def test_post_only_views_refuse_get(client, anna, sven):
    conversation = _conversation(anna, sven)
    client.force_login(anna)
    for url in [
        reverse("messaging:reply", args=[conversation.pk]),
        reverse("messaging:block", args=[sven.pk]),
        reverse("messaging:unblock", args=[sven.pk]),
        reverse("messaging:welcome_offers", args=[sven.pk]),
        reverse("messaging:stop_offers", args=[sven.pk]),
    ]:
        assert client.get(url).status_code == 405
    assert not Block.objects.exists()


def test_block_then_sender_is_told_plainly(client, anna, sven):
    conversation = _conversation(anna, sven)
    client.force_login(anna)
    assert client.post(reverse("messaging:block", args=[sven.pk])).status_code == 302
    assert Block.objects.filter(blocker=anna, blocked=sven).exists()
    assert "Sven Seller" in client.get(reverse("messaging:settings")).content.decode()
    client.force_login(sven)
    response = client.post(
        reverse("messaging:reply", args=[conversation.pk]),
        {"intent": "question", "text": "Hallo?"},
        **EN,
    )
    assert response.status_code == 403
    assert "Anna Adler has blocked you" in response.content.decode()
    client.force_login(anna)
    client.post(reverse("messaging:unblock", args=[sven.pk]))
    assert not Block.objects.exists()


def test_block_unknown_or_inactive_member_is_404(client, anna):
    inactive = UserFactory(is_active=False)
    client.force_login(anna)
    assert client.post(reverse("messaging:block", args=[999999])).status_code == 404
    assert client.post(reverse("messaging:block", args=[inactive.pk])).status_code == 404
    assert client.get(reverse("messaging:compose", args=[inactive.pk])).status_code == 404


def test_block_self_is_refused_with_a_message(client, anna):
    client.force_login(anna)
    response = client.post(reverse("messaging:block", args=[anna.pk]), follow=True, **EN)
    assert "You cannot block yourself." in response.content.decode()
    assert not Block.objects.exists()


def test_offers_welcome_through_the_pages(client, anna, sven):
    client.force_login(anna)
    client.post(reverse("messaging:welcome_offers", args=[sven.pk]))
    assert OfferWelcome.objects.filter(owner=anna, sender=sven).exists()
    client.force_login(sven)
    response = client.post(
        reverse("messaging:compose", args=[anna.pk]), {"intent": "offer", "text": "Angebot"}
    )
    assert response.status_code == 302
    client.force_login(anna)
    client.post(reverse("messaging:stop_offers", args=[sven.pk]))
    assert not OfferWelcome.objects.exists()


def test_report_through_the_page(client, anna, sven):
    conversation = _conversation(anna, sven)
    client.force_login(anna)
    url = reverse("messaging:report", args=[conversation.pk, sven.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"reason": "boring"}, **EN)
    assert bad.status_code == 400
    assert "Please choose why you are reporting." in bad.content.decode()
    assert not Report.objects.exists()
    response = client.post(url, {"reason": "spam", "note": "Versicherung"}, follow=True, **EN)
    assert "went to the moderators" in response.content.decode()
    report = Report.objects.get()
    assert report.reporter == anna and report.reported == sven
    assert Block.objects.filter(blocker=anna, blocked=sven).exists()
    again = client.post(url, {"reason": "spam"}, **EN)
    assert again.status_code == 400
    assert Report.objects.count() == 1


def test_cannot_report_oneself_or_a_non_participant(client, anna, sven, outsider):
    conversation = _conversation(anna, sven)
    client.force_login(anna)
    assert (
        client.get(reverse("messaging:report", args=[conversation.pk, anna.pk])).status_code == 404
    )
    assert (
        client.post(
            reverse("messaging:report", args=[conversation.pk, outsider.pk]), {"reason": "spam"}
        ).status_code
        == 404
    )
    assert not Report.objects.exists()


def test_introduction_note_is_shown_in_the_conversation(client, anna, sven, maria):
    conversation = introduce(maria, anna, sven)
    client.force_login(anna)
    html = client.get(reverse("messaging:conversation", args=[conversation.pk]), **EN)
    assert "Maria Mittler introduced you" in html.content.decode()
    assert "Ihr solltet euch kennenlernen." in html.content.decode()


def test_inbox_query_count_does_not_grow_with_conversations(client, anna):
    client.force_login(anna)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("messaging:inbox")).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        other = UserFactory()
        services.welcome_offers(other, anna)
        services.start_conversation(anna, other, Intent.QUESTION, "Hallo")
    few = count()
    for _ in range(2):
        other = UserFactory()
        services.welcome_offers(other, anna)
        services.start_conversation(anna, other, Intent.QUESTION, "Hallo")
    assert count() == few


def test_refusals_over_http_read_the_same_with_or_without_a_private_mark(client, anna, sven):
    import re

    from goodword.trust.models import MarkLevel, TrustMark

    client.force_login(sven)
    compose = reverse("messaging:compose", args=[anna.pk])

    def observe():
        page = client.get(compose, **EN)
        refusal = re.search(
            r'<div class="message warning refusal".*?</div>', page.content.decode(), re.S
        )
        posted = client.post(compose, {"intent": "offer", "text": "Angebot"}, **EN)
        api = client.get(f"/api/v1/messaging/contact-check/{anna.pk}?intent=question", **EN)
        return page.status_code, refusal.group(0), posted.status_code, api.json()

    before = observe()
    TrustMark.objects.create(marker=anna, member=sven, level=MarkLevel.WOULD_NOT_RECOMMEND)
    assert observe() == before


def test_has_blocked_answers_for_one_direction_only(anna, sven, maria):
    assert not queries.has_blocked(anna, sven)
    services.block_member(anna, sven)
    assert queries.has_blocked(anna, sven)
    assert not queries.has_blocked(sven, anna)
    assert not queries.has_blocked(anna, maria)
    services.unblock_member(anna, sven)
    assert not queries.has_blocked(anna, sven)
