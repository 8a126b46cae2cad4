"""Notifications API: only your own notices, the same sentences as the page, mark read."""

import pytest

from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token
from goodword.notifications.models import Kind, Notification
from goodword.notifications.services import notify

pytestmark = pytest.mark.django_db
URL = "/api/v1/notifications"


def auth(user, language="en"):
    _token, secret = create_token(user, "t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": language}


@pytest.fixture
def pair(db):
    return UserFactory(display_name="Anna Adler"), UserFactory(display_name="Sven Seller")


def test_lists_only_my_notifications_as_sentences(client, pair):
    anna, sven = pair
    notify(anna, Kind.REFERRAL_RECEIVED, sven, "/referrals/1/")
    notify(sven, Kind.ANSWER_RECEIVED, anna, "/requests/1/")
    response = client.get(URL, **auth(anna))
    assert response.status_code == 200
    [row] = response.json()
    assert row["kind"] == "referral_received"
    assert row["text"] == "Sven Seller passed you a lead"
    assert row["actor"] == {"id": sven.pk, "display_name": "Sven Seller"}
    assert row["url"] == "/referrals/1/"
    assert row["read_at"] is None
    [row] = client.get(URL, **auth(anna, "de")).json()
    assert row["text"] == "Sven Seller hat dir einen Tipp gegeben"


def test_mark_read_touches_only_my_own(client, pair):
    anna, sven = pair
    mine = notify(anna, Kind.CONVERSATION_STARTED, sven, "/messages/1/")
    notify(anna, Kind.MESSAGE_RECEIVED, sven, "/messages/2/")
    theirs = notify(sven, Kind.MESSAGE_RECEIVED, anna, "/messages/1/")
    response = client.post(
        f"{URL}/read", {"ids": [mine.pk, theirs.pk]}, content_type="application/json", **auth(anna)
    )
    assert response.json() == {"marked": 1}
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    response = client.post(f"{URL}/read", {}, content_type="application/json", **auth(anna))
    assert response.json() == {"marked": 1}
    assert not Notification.objects.filter(recipient=anna, read_at__isnull=True).exists()


def test_needs_authentication(client):
    assert client.get(URL).status_code == 401
    assert client.post(f"{URL}/read", {}, content_type="application/json").status_code == 401


def test_bad_input_answers_4xx(client, pair):
    response = client.post(
        f"{URL}/read", {"ids": "all"}, content_type="application/json", **auth(pair[0])
    )
    assert 400 <= response.status_code < 500
