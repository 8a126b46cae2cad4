"""Limits hold when one member sends many requests at the same moment: each request runs in its
own thread with its own database connection, all released together by a barrier
(goodword/core/locks.py). Runs on SQLite and PostgreSQL alike."""

import threading

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token
from goodword.asks.models import Ask
from goodword.messaging import privileges
from goodword.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db(transaction=True)


def in_parallel(requests: list) -> list[int]:
    """Send each `(client, method, url, body)` from its own thread at the same moment."""
    gate = threading.Barrier(len(requests))
    statuses: list[int] = [0] * len(requests)

    def send(index: int, client: Client, method: str, url: str, body: dict) -> None:
        try:
            gate.wait()
            response = getattr(client, method)(url, body, content_type="application/json")
            statuses[index] = response.status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i, *r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return statuses


def api_client(user) -> Client:
    _, secret = create_token(user, "parallel")
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_new_account_gets_exactly_its_daily_recommendations_when_sending_20_at_once():
    limit = settings.RECOMMENDATION_NEW_ACCOUNT_PER_DAY
    author = UserFactory(display_name="Neu Anfang")  # joined just now: the new-account limit
    subjects = [UserFactory(display_name=f"Mitglied {i}") for i in range(20)]
    client = api_client(author)
    body = {
        "text": "Hat unsere Buchhaltung zuverlässig und pünktlich erledigt, gerne wieder.",
        "topics": ["Buchhaltung"],
        "relationship": "was_client",
        "known_since": 2021,
    }
    statuses = in_parallel(
        [
            (client, "post", "/api/v1/recommendations", {**body, "subject_id": s.pk})
            for s in subjects
        ]
    )
    assert sorted(statuses) == [201] * limit + [429] * (20 - limit)
    assert Recommendation.objects.filter(author=author).count() == limit


def test_a_new_account_posts_exactly_its_requests_when_sending_10_at_once():
    limit = privileges.RATE_LIMITS[privileges.NEW][privileges.REQUEST]
    author = UserFactory(display_name="Neu Anfang", city="Köln")
    client = api_client(author)
    statuses = in_parallel(
        [
            (
                client,
                "post",
                "/api/v1/requests",
                {
                    "title": f"Suche Steuerberatung {i}",
                    "text": "Ich suche eine Steuerberaterin für mein kleines Handwerk in Köln.",
                    "city": "Köln",
                },
            )
            for i in range(10)
        ]
    )
    assert statuses.count(201) == limit, statuses
    assert all(status in (201, 400) for status in statuses), statuses
    assert Ask.objects.filter(author=author).count() == limit
