"""Members API: /api/v1/members/me and /api/v1/members/{id}."""

import pytest

from goodword.accounts.models import Profile
from goodword.api.services import create_token
from goodword.recommendations.models import Status
from goodword.recommendations.tests.factories import RecommendationFactory

from .factories import UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/members/me"


def bearer(user):
    _token, secret = create_token(user, "tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_anonymous_requests_are_refused(client):
    member = UserFactory()
    assert client.get(ME).status_code == 401
    assert client.get(f"/api/v1/members/{member.pk}").status_code == 401
    assert client.patch(ME, {}, content_type="application/json").status_code == 401


def test_me_with_a_token(client):
    me = UserFactory(email="me@example.org", display_name="Ich Selbst", city="Bonn")
    response = client.get(ME, **bearer(me))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == me.pk
    assert body["email"] == "me@example.org"
    assert body["display_name"] == "Ich Selbst"
    assert body["profile_url"] == f"/members/{me.pk}/"


def test_me_with_the_browser_session(client):
    me = UserFactory()
    client.force_login(me)
    assert client.get(ME).json()["id"] == me.pk


def test_member_shows_public_facts_and_counts_only(client):
    viewer = UserFactory()
    member = UserFactory(email="private@example.org", display_name="Dora", profession="Ärztin")
    RecommendationFactory(subject=member, status=Status.ACCEPTED)
    RecommendationFactory(subject=member, status=Status.PENDING)
    RecommendationFactory(author=member, status=Status.ACCEPTED)
    body = client.get(f"/api/v1/members/{member.pk}", **bearer(viewer)).json()
    assert body["display_name"] == "Dora"
    assert body["profession"] == "Ärztin"
    assert body["recommendations_received"] == 1
    assert body["recommendations_given"] == 1
    assert "email" not in body
    assert "private@example.org" not in str(body)


def test_unknown_or_inactive_member_is_404(client):
    viewer = UserFactory()
    gone = UserFactory(is_active=False)
    headers = bearer(viewer)
    assert client.get(f"/api/v1/members/{gone.pk}", **headers).status_code == 404
    assert client.get("/api/v1/members/987654", **headers).status_code == 404


def test_patch_me_changes_only_my_facts(client):
    me, other = UserFactory(), UserFactory(display_name="Other")
    response = client.patch(
        ME,
        {
            "city": "Leipzig",
            "topics": ["Steuerrecht", "steuerrecht", "Erbrecht"],
            "languages": ["de"],
        },
        content_type="application/json",
        **bearer(me),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["city"] == "Leipzig"
    assert sorted(body["topics"]) == ["Erbrecht", "Steuerrecht"]
    profile = Profile.objects.get(pk=me.pk)
    assert profile.city == "Leipzig"
    assert profile.display_name == me.profile.display_name  # untouched: not sent
    assert Profile.objects.get(pk=other.pk).display_name == "Other"


def test_patch_me_cannot_reach_other_fields(client):
    me = UserFactory()
    response = client.patch(
        ME, {"id": 999, "email": "x@example.org"}, content_type="application/json", **bearer(me)
    )
    # Unknown fields are ignored by the schema; nothing about the account changes.
    assert response.status_code == 200
    me.refresh_from_db()
    assert me.email != "x@example.org"


@pytest.mark.parametrize(
    ("payload", "field", "german", "english"),
    [
        ({"looking_for": "x" * 281}, "looking_for", "280", "at most 280 characters"),
        ({"website": "kein link"}, "website", "gültige", "valid URL"),
        ({"languages": ["xx"]}, "languages", "Unbekannte Sprache", "Unknown language"),
        ({"country": "ZZ"}, "country", "keine gültige Option", "not a valid choice"),
        ({"topics": ["z" * 61]}, "topics", "zu lang für ein Thema", "too long for a topic"),
    ],
)
def test_patch_me_validates_like_the_form(client, payload, field, german, english):
    me = UserFactory(city="Bonn")
    headers = bearer(me)
    response = client.patch(ME, payload, content_type="application/json", **headers)
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert german in body["detail"]
    response = client.patch(
        ME, payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **headers
    )
    assert response.status_code == 400
    assert english in response.json()["detail"]
    assert Profile.objects.get(pk=me.pk).city == "Bonn"


def test_patch_with_malformed_json_is_a_4xx(client):
    me = UserFactory()
    response = client.patch(ME, "{not json", content_type="application/json", **bearer(me))
    assert 400 <= response.status_code < 500
    response = client.patch(
        ME, {"topics": "not-a-list"}, content_type="application/json", **bearer(me)
    )
    assert 400 <= response.status_code < 500
