"""The messaging API: the same rules and services as the pages."""

import pytest

from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token
from goodword.messaging import services
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

API = "/api/v1/messaging"


def auth(user) -> dict:
    _token, secret = create_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


def post(client, url, data, headers):
    return client.post(url, data, content_type="application/json", **headers)


def test_cold_pitch_through_the_api(client, anna, sven, maria):
    h = auth(sven)
    check = client.get(f"{API}/contact-check/{anna.pk}?intent=offer", **h).json()
    assert check["allowed"] is False
    assert check["reason_code"] == "offer_not_earned"

    for intent, code in [("question", "not_connected"), ("offer", "offer_not_earned")]:
        response = post(
            client,
            f"{API}/conversations",
            {"recipient_id": anna.pk, "intent": intent, "text": "Versicherung?"},
            h,
        )
        assert response.status_code == 403
        body = response.json()
        assert body["reason_code"] == code
        assert "introduce" in body["detail"]
    assert not Conversation.objects.exists()

    services.open_conversation(
        [anna, sven, maria],
        origin=Origin.INTRODUCTION,
        started_by=maria,
        note="Lernt euch kennen.",
        note_author=maria,
    )
    response = post(
        client,
        f"{API}/conversations",
        {"recipient_id": anna.pk, "intent": "offer", "text": "Mein Angebot"},
        h,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body["participant_ids"]) == {anna.pk, sven.pk}
    assert body["messages"][0]["intent"] == "offer"
    assert body["messages"][0]["intent_label"] == "Offer"


def test_refusal_in_german(client, anna, sven):
    h = auth(sven) | {"HTTP_ACCEPT_LANGUAGE": "de"}
    response = post(
        client,
        f"{API}/conversations",
        {"recipient_id": anna.pk, "intent": "question", "text": "Hallo"},
        h,
    )
    assert response.status_code == 403
    assert "vorzustellen" in response.json()["detail"]


@pytest.mark.parametrize(
    "payload,message",
    [
        ({"intent": "question", "text": " "}, "Please write a message."),
        ({"intent": "sales", "text": "Hallo"}, "Please choose what your message is about."),
        ({"intent": "question", "text": "x" * 5001}, "at most 5000 characters"),
    ],
)
def test_bad_input_is_400_and_writes_nothing(client, anna, sven, payload, message):
    recommend(anna, sven)
    response = post(
        client, f"{API}/conversations", {"recipient_id": anna.pk, **payload}, auth(sven)
    )
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not Conversation.objects.exists()


def test_missing_fields_are_4xx(client, anna, sven):
    response = post(client, f"{API}/conversations", {"recipient_id": anna.pk}, auth(sven))
    assert 400 <= response.status_code < 500
    assert not Conversation.objects.exists()


def test_unknown_recipient_is_404(client, sven):
    response = post(
        client,
        f"{API}/conversations",
        {"recipient_id": 999999, "intent": "question", "text": "Hallo"},
        auth(sven),
    )
    assert response.status_code == 404


def _conversation(anna, sven):
    recommend(anna, sven)
    return services.start_conversation(sven, anna, Intent.QUESTION, "Geheime Frage 42")


def test_every_endpoint_needs_authentication(client, anna, sven):
    conversation = _conversation(anna, sven)
    calls = [
        ("get", f"{API}/conversations"),
        ("get", f"{API}/conversations/{conversation.pk}"),
        ("post", f"{API}/conversations"),
        ("post", f"{API}/conversations/{conversation.pk}/messages"),
        ("get", f"{API}/contact-check/{anna.pk}"),
        ("put", f"{API}/blocks/{anna.pk}"),
        ("delete", f"{API}/blocks/{anna.pk}"),
        ("put", f"{API}/offers-welcome/{anna.pk}"),
        ("delete", f"{API}/offers-welcome/{anna.pk}"),
        ("post", f"{API}/reports"),
    ]
    for method, url in calls:
        response = getattr(client, method)(url, content_type="application/json")
        assert response.status_code == 401, url


def test_conversation_is_404_for_non_participants(client, anna, sven, outsider):
    conversation = _conversation(anna, sven)
    h = auth(outsider)
    response = client.get(f"{API}/conversations/{conversation.pk}", **h)
    assert response.status_code == 404
    assert "Geheime" not in response.content.decode()
    response = post(
        client,
        f"{API}/conversations/{conversation.pk}/messages",
        {"intent": "question", "text": "Hi"},
        h,
    )
    assert response.status_code == 404
    assert client.get(f"{API}/conversations", **h).json() == []
    assert client.get(f"{API}/conversations/999999", **h).status_code == 404
    response = post(
        client,
        f"{API}/reports",
        {"conversation_id": conversation.pk, "member_id": sven.pk, "reason": "spam"},
        h,
    )
    assert response.status_code == 404
    assert conversation.messages.count() == 1
    assert not Report.objects.exists()


def test_participants_list_read_and_reply(client, anna, sven):
    conversation = _conversation(anna, sven)
    h = auth(anna)
    listing = client.get(f"{API}/conversations", **h).json()
    assert [c["id"] for c in listing] == [conversation.pk]
    assert listing[0]["unread"] is True
    detail = client.get(f"{API}/conversations/{conversation.pk}", **h).json()
    assert detail["messages"][0]["text"] == "Geheime Frage 42"
    assert client.get(f"{API}/conversations", **h).json()[0]["unread"] is False
    response = post(
        client,
        f"{API}/conversations/{conversation.pk}/messages",
        {"intent": "advice", "text": "Mein Rat"},
        h,
    )
    assert response.status_code == 201
    assert response.json()["intent"] == "advice"


def test_reply_offer_refused_for_the_starter(client, anna, sven):
    conversation = _conversation(anna, sven)
    response = post(
        client,
        f"{API}/conversations/{conversation.pk}/messages",
        {"intent": "offer", "text": "Kauf was"},
        auth(sven),
    )
    assert response.status_code == 403
    assert response.json()["reason_code"] == "offer_not_earned"
    assert conversation.messages.count() == 1


def test_block_and_offers_welcome(client, anna, sven):
    h = auth(anna)
    assert client.put(f"{API}/offers-welcome/{sven.pk}", **h).status_code == 200
    assert OfferWelcome.objects.filter(owner=anna, sender=sven).exists()
    assert client.delete(f"{API}/offers-welcome/{sven.pk}", **h).status_code == 200
    assert not OfferWelcome.objects.exists()
    assert client.put(f"{API}/blocks/{sven.pk}", **h).status_code == 200
    assert Block.objects.filter(blocker=anna, blocked=sven).exists()
    response = post(
        client,
        f"{API}/conversations",
        {"recipient_id": anna.pk, "intent": "thanks", "text": "Danke"},
        auth(sven),
    )
    assert response.status_code == 403
    assert response.json()["reason_code"] == "blocked"
    assert "Anna Adler has blocked you" in response.json()["detail"]
    assert client.delete(f"{API}/blocks/{sven.pk}", **h).status_code == 200
    assert not Block.objects.exists()
    assert client.put(f"{API}/blocks/{anna.pk}", **h).status_code == 400
    assert client.put(f"{API}/blocks/999999", **h).status_code == 404


def test_report_through_the_api(client, anna, sven):
    conversation = _conversation(anna, sven)
    h = auth(anna)
    bad = post(
        client,
        f"{API}/reports",
        {"conversation_id": conversation.pk, "member_id": sven.pk, "reason": "boring"},
        h,
    )
    assert bad.status_code == 400
    assert "Please choose why you are reporting." in bad.json()["detail"]
    response = post(
        client,
        f"{API}/reports",
        {"conversation_id": conversation.pk, "member_id": sven.pk, "reason": "spam"},
        h,
    )
    assert response.status_code == 201
    assert "moderators" in response.json()["detail"]
    assert Report.objects.get().reported == sven
    # One report penalises nobody: Sven may still write to someone who welcomes his offers.
    other = UserFactory()
    services.welcome_offers(other, sven)
    response = post(
        client,
        f"{API}/conversations",
        {"recipient_id": other.pk, "intent": "question", "text": "Hallo"},
        auth(sven),
    )
    assert response.status_code == 201
    assert Message.objects.filter(sender=sven).count() == 2


def test_rate_limit_is_429(client, sven, monkeypatch):
    from goodword.messaging import privileges

    monkeypatch.setitem(privileges.RATE_LIMITS[privileges.NEW], privileges.CONVERSATION, 0)
    anna = UserFactory()
    services.welcome_offers(anna, sven)
    response = post(
        client,
        f"{API}/conversations",
        {"recipient_id": anna.pk, "intent": "question", "text": "Hallo"},
        auth(sven),
    )
    assert response.status_code == 429
    assert response.json()["reason_code"] == "rate_limited"
