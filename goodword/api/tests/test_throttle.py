import pytest

from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token

pytestmark = pytest.mark.django_db

ME = "/api/v1/members/me"


def test_api_answers_429_after_the_rate_and_counts_per_member(client, settings):
    settings.API_THROTTLE_RATE = "3/m"
    _, anna = create_token(UserFactory(), "script")
    _, ben = create_token(UserFactory(), "script")
    statuses = [client.get(ME, HTTP_AUTHORIZATION=f"Bearer {anna}").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {anna}").json() == {
        "detail": "Too many requests."
    }
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {ben}").status_code == 200


def test_session_requests_are_throttled_too(client, settings):
    settings.API_THROTTLE_RATE = "2/m"
    client.force_login(UserFactory())
    assert [client.get(ME).status_code for _ in range(3)] == [200, 200, 429]


def test_the_openapi_document_names_each_status_once(client):
    """Swagger UI (/api/v1/docs) cannot read a document with a status listed twice."""
    import json

    def no_duplicates(pairs):
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=no_duplicates)


def test_the_count_slides_over_the_minute_boundary(client, settings, monkeypatch):
    """A full minute's requests just before the boundary still count just after it; they
    fade out over the next minute."""
    from goodword.api.throttles import MemberThrottle

    settings.API_THROTTLE_RATE = "4/m"
    clock = [6_000_000 * 60 + 59.0]  # one second before a minute boundary
    monkeypatch.setattr(MemberThrottle, "timer", staticmethod(lambda: clock[0]))
    _, token = create_token(UserFactory(), "script")

    def status() -> int:
        return client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token}").status_code

    assert [status() for _ in range(5)] == [200, 200, 200, 200, 429]
    clock[0] += 2  # one second into the next minute: 4 × 59/60 of them still count
    response = client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200  # 3.93 < 4
    assert status() == 429  # 3.93 + 1
    assert 0 < float(client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token}")["Retry-After"]) <= 60
    clock[0] += 30  # half-way: 4 × 29/60 + 1 = 2.9
    assert status() == 200
    clock[0] += 60  # a minute on, only the previous minute's two requests count, fading
    assert [status() for _ in range(4)] == [200, 200, 200, 200]


def test_members_of_the_same_name_are_counted_apart(client, settings):
    settings.API_THROTTLE_RATE = "2/m"
    _, first = create_token(UserFactory(display_name="Anna Schmidt"), "script")
    _, second = create_token(UserFactory(display_name="Anna Schmidt"), "script")
    for _ in range(2):
        assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {first}").status_code == 200
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {first}").status_code == 429
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 200


def test_the_counts_live_in_one_row_per_client_and_idle_clients_are_dropped():
    from goodword.api.models import ThrottleWindow
    from goodword.api.services import count_api_request

    assert [count_api_request("60s", "member-1", 100, 1.0, 2) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    # Another client's first request of the next window keeps member 1's row: it still counts.
    assert count_api_request("60s", "10.0.0.1", 101, 1.0, 2)
    assert count_api_request("60s", "member-1", 101, 0.5, 2)  # 2 × 0.5 + 0 < 2
    assert not count_api_request("60s", "member-1", 101, 0.5, 2)  # 2 × 0.5 + 1 ≥ 2
    row = ThrottleWindow.objects.get(key="60s_member-1")
    assert (row.window_index, row.current, row.previous) == (101, 1, 2)
    # Two windows on: neither client counts any more, and the next client's first request of
    # the window deletes both rows.
    assert count_api_request("60s", "member-2", 103, 1.0, 2)
    assert list(ThrottleWindow.objects.values_list("key", flat=True)) == ["60s_member-2"]


def test_a_changed_rate_counts_in_windows_of_its_own(client, settings):
    from goodword.api.models import ThrottleWindow

    api_token, token = create_token(UserFactory(), "script")
    settings.API_THROTTLE_RATE = "1/m"
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    settings.API_THROTTLE_RATE = "1/h"
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 429
    # The per-minute row no longer counts: the first request under the new rate dropped it.
    keys = list(ThrottleWindow.objects.values_list("key", flat=True))
    assert keys == [f"3600s_member-{api_token.user_id}"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_of_one_client_are_all_counted():
    """A read of the count followed by a write loses the requests that read the same count."""
    import threading

    from django.db import connection

    from goodword.api.models import ThrottleWindow
    from goodword.api.services import count_api_request

    threads, limit = 8, 5
    start = threading.Barrier(threads)
    answers = []

    def request():
        try:
            start.wait()
            for _ in range(3):
                answers.append(count_api_request("60s", "member-7", 500, 1.0, limit))
        finally:
            connection.close()

    workers = [threading.Thread(target=request) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(answers) == 3 * threads
    assert answers.count(True) == limit
    assert ThrottleWindow.objects.get(key="60s_member-7").current == limit


@pytest.mark.django_db(transaction=True)
def test_the_count_alone_commits_without_waiting_for_the_disk_on_postgresql():
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from goodword.api.services import count_api_request

    def statements():
        with CaptureQueriesContext(connection) as captured:
            assert count_api_request("60s", "member-9", 700, 1.0, 5)
        return [q["sql"] for q in captured.captured_queries]

    relaxed = [s for s in statements() if "synchronous_commit" in s]
    assert relaxed == (
        ["SET LOCAL synchronous_commit TO OFF"] if connection.vendor == "postgresql" else []
    )
    with transaction.atomic():  # a caller's transaction keeps its own durability
        assert not any("synchronous_commit" in s for s in statements())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"  # SET LOCAL ended with the count's transaction
