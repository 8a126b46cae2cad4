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
