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
