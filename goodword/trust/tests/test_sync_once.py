"""A reading request looks at the trust change log once, however often the page asks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goodword.trust.adapter import get_network, request_finished, request_started
from goodword.trust.models import MarkLevel, TrustEdgeChange
from goodword.trust.services import set_trust_mark

pytestmark = pytest.mark.django_db


def log_reads(queries) -> int:
    table = TrustEdgeChange._meta.db_table
    return sum(1 for q in queries if f'FROM "{table}"' in q["sql"])


def test_a_page_reads_the_change_log_once(client, people):
    client.force_login(people["vera"])
    get_network().sync()  # built before the request, as in a running worker
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("trust:network"))
    assert response.status_code == 200
    assert log_reads(queries.captured_queries) == 1


def test_outside_a_reading_request_every_question_looks_again(people):
    network = get_network()
    network.sync()
    with CaptureQueriesContext(connection) as queries:
        network.rank(people["vera"].pk)
        network.rank(people["anna"].pk)
    assert log_reads(queries.captured_queries) == 2


def test_a_change_in_the_same_post_request_is_seen(people, django_capture_on_commit_callbacks):
    network = get_network()
    request_started(environ={"REQUEST_METHOD": "POST"})
    try:
        assert people["carl"].pk in [m for m, _s in network.rank(people["vera"].pk)]
        with django_capture_on_commit_callbacks(execute=True):
            set_trust_mark(people["vera"], people["carl"], MarkLevel.WOULD_NOT_RECOMMEND)
        assert people["carl"].pk not in [m for m, _s in network.rank(people["vera"].pk)]
    finally:
        request_finished()


def recommender_reads(queries, viewer) -> int:
    return sum(
        1
        for q in queries
        if 'FROM "recommendations_recommendation"' in q["sql"]
        and f'"subject_id" = {viewer.pk}' in q["sql"]
    )


def test_the_viewers_recommenders_are_read_once_per_reading_request(people):
    """Search asks twice per page (closeness and path lines); a new request, a write or a
    question outside a request reads them again."""
    from goodword.trust.queries import recommenders_among

    anna, vera, carl = people["anna"], people["vera"], people["carl"]
    for method, reads in (("GET", 1), ("HEAD", 1), ("POST", 2)):
        request_started(environ={"REQUEST_METHOD": method})
        try:
            with CaptureQueriesContext(connection) as queries:
                assert recommenders_among(anna, [vera.pk, carl.pk]) == {vera.pk}
                assert recommenders_among(anna, [carl.pk]) == set()
        finally:
            request_finished()
        assert recommender_reads(queries.captured_queries, anna) == reads, method
    with CaptureQueriesContext(connection) as queries:
        recommenders_among(anna, [vera.pk])
        recommenders_among(anna, [vera.pk])
    assert recommender_reads(queries.captured_queries, anna) == 2


def test_once_per_reading_request_keeps_answers_apart():
    from goodword.trust.adapter import once_per_reading_request

    calls = []

    def compute(value):
        calls.append(value)
        return value

    request_started(environ={"REQUEST_METHOD": "GET"})
    try:
        assert once_per_reading_request("a", 1, lambda: compute("a1")) == "a1"
        assert once_per_reading_request("a", 1, lambda: compute("again")) == "a1"
        assert once_per_reading_request("a", 2, lambda: compute("a2")) == "a2"
        assert once_per_reading_request("b", 1, lambda: compute("b1")) == "b1"
    finally:
        request_finished()
    request_started(environ={"REQUEST_METHOD": "GET"})  # the next request starts afresh
    try:
        assert once_per_reading_request("a", 1, lambda: compute("next")) == "next"
    finally:
        request_finished()
    assert calls == ["a1", "a2", "b1", "next"]
