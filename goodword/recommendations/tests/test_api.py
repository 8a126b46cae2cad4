import pytest
from django.core import mail
from django.test import override_settings

from goodword.accounts.tests.factories import UserFactory
from goodword.api.auth import hash_token, new_token_secret
from goodword.api.models import ApiToken
from goodword.recommendations.models import Recommendation, Status

from .factories import RecommendationFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/recommendations"


def payload(subject, **overrides):
    data = {
        "subject_id": subject.pk,
        "text": "Bernd hat unsere Werkstatt mit viel Geduld neu organisiert.",
        "topics": ["Organisation", "Werkstatt"],
        "relationship": "worked_together",
        "known_since": 2018,
    }
    data.update(overrides)
    return data


def bearer(user) -> dict:
    raw = new_token_secret()
    ApiToken.objects.create(user=user, name="test", token_hash=hash_token(raw), prefix=raw[:8])
    return {"authorization": f"Bearer {raw}"}


def test_create_with_a_token(client, author, subject, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            BASE, payload(subject), content_type="application/json", headers=bearer(author)
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending"
    assert body["author"] == {"id": author.pk, "display_name": "Anna Autorin"}
    assert body["subject"]["id"] == subject.pk
    assert sorted(body["topics"]) == ["Organisation", "Werkstatt"]
    assert body["text_html"].startswith("<p>")
    assert len(mail.outbox) == 1


def test_anonymous_callers_are_refused(client, author, subject):
    rec = RecommendationFactory(author=author, subject=subject, status=Status.ACCEPTED)
    assert client.post(BASE, payload(subject), content_type="application/json").status_code == 401
    assert client.get(f"{BASE}/{rec.pk}").status_code == 401


def test_validation_errors_are_400_in_german_and_english(client, author, subject):
    client.force_login(author)
    response = client.post(
        BASE, payload(subject, text="kurz", topics=[]), content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert "mindestens 20 Zeichen" in body["errors"]["text"][0]
    assert "mindestens ein Thema" in body["errors"]["topics"][0]
    response = client.post(
        BASE,
        payload(subject, text="short"),
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    assert "at least 20 characters" in response.json()["detail"]
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize(
    "overrides", [{"relationship": "lover"}, {"known_since": "soon"}, {"topics": "x"}]
)
def test_malformed_payloads_are_4xx(client, author, subject, overrides):
    client.force_login(author)
    response = client.post(BASE, payload(subject, **overrides), content_type="application/json")
    assert 400 <= response.status_code < 500
    assert not Recommendation.objects.exists()


def test_self_and_duplicates_are_400(client, author, subject):
    client.force_login(author)
    response = client.post(BASE, payload(author), content_type="application/json")
    assert response.status_code == 400
    assert "nicht selbst" in response.json()["detail"]
    RecommendationFactory(author=author, subject=subject)
    response = client.post(BASE, payload(subject), content_type="application/json")
    assert response.status_code == 400
    assert "bereits eine Empfehlung" in response.json()["detail"]


def test_unknown_subject_is_404(client, author):
    client.force_login(author)
    response = client.post(
        BASE, {**payload(author), "subject_id": 999999}, content_type="application/json"
    )
    assert response.status_code == 404


@override_settings(RECOMMENDATION_NEW_ACCOUNT_PER_DAY=1)
def test_rate_limit_is_429(client, author, subject, stranger):
    RecommendationFactory(author=author, subject=stranger)
    client.force_login(author)
    response = client.post(BASE, payload(subject), content_type="application/json")
    assert response.status_code == 429
    assert "höchstens 1 Empfehlung pro Tag" in response.json()["detail"]
    response = client.post(
        BASE, payload(subject), content_type="application/json", headers={"accept-language": "en"}
    )
    assert "at most 1 recommendation per day" in response.json()["detail"]


def test_read_follows_visibility(client, author, subject, stranger):
    pending = RecommendationFactory(author=author, subject=subject)
    for viewer in (author, subject):
        client.force_login(viewer)
        assert client.get(f"{BASE}/{pending.pk}").json()["id"] == pending.pk
    client.force_login(stranger)
    assert client.get(f"{BASE}/{pending.pk}").status_code == 404
    assert client.get(f"{BASE}/999999").status_code == 404
    accepted = RecommendationFactory(subject=subject, status=Status.ACCEPTED)
    assert client.get(f"{BASE}/{accepted.pk}").status_code == 200


@pytest.mark.parametrize(
    ("action", "role", "from_status", "to_status"),
    [
        ("accept", "subject", Status.PENDING, Status.ACCEPTED),
        ("decline", "subject", Status.PENDING, Status.DECLINED),
        ("hide", "subject", Status.ACCEPTED, Status.HIDDEN),
        ("unhide", "subject", Status.HIDDEN, Status.ACCEPTED),
        ("withdraw", "author", Status.PENDING, Status.WITHDRAWN),
    ],
)
def test_action_permission_matrix(
    client, author, subject, stranger, action, role, from_status, to_status
):
    rec = RecommendationFactory(author=author, subject=subject, status=from_status)
    url = f"{BASE}/{rec.pk}/{action}"
    wrong_party = author if role == "subject" else subject
    for person in (stranger, wrong_party):
        response = client.post(url, headers=bearer(person))
        assert response.status_code == 404
        rec.refresh_from_db()
        assert rec.status == from_status
    response = client.post(url, headers=bearer(subject if role == "subject" else author))
    assert response.status_code == 200
    assert response.json()["status"] == to_status
    # Repeating the same action: the state has moved on.
    if action != "withdraw":
        assert client.post(url, headers=bearer(subject)).status_code in (400, 404)
    else:
        assert client.post(url, headers=bearer(author)).status_code == 400


def test_patch_by_the_author_needs_consent_again(client, author, subject):
    rec = RecommendationFactory(author=author, subject=subject, status=Status.ACCEPTED)
    client.force_login(author)
    response = client.patch(
        f"{BASE}/{rec.pk}",
        {"text": "Ein neuer, ehrlicher Text über Bernd."},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "pending"
    assert body["text"] == "Ein neuer, ehrlicher Text über Bernd."
    assert sorted(body["topics"]) == ["Buchhaltung", "Steuerberatung"]  # unchanged


def test_patch_by_anyone_else_is_404(client, author, subject, stranger):
    rec = RecommendationFactory(author=author, subject=subject, status=Status.ACCEPTED)
    for person in (subject, stranger):
        client.force_login(person)
        response = client.patch(
            f"{BASE}/{rec.pk}",
            {"text": "Umgeschrieben von jemand anderem."},
            content_type="application/json",
        )
        assert response.status_code == 404
    rec.refresh_from_db()
    assert rec.status == Status.ACCEPTED


def test_patch_validation_is_400(client, author, subject):
    rec = RecommendationFactory(author=author, subject=subject)
    client.force_login(author)
    response = client.patch(f"{BASE}/{rec.pk}", {"topics": []}, content_type="application/json")
    assert response.status_code == 400


def test_member_recommendations_by_direction(client, author, subject, stranger):
    RecommendationFactory(author=author, subject=subject, status=Status.ACCEPTED)
    RecommendationFactory(author=stranger, subject=subject, status=Status.PENDING)
    RecommendationFactory(author=subject, subject=stranger, status=Status.HIDDEN)
    client.force_login(author)
    received = client.get(f"/api/v1/members/{subject.pk}/recommendations").json()
    assert received["count"] == 1
    assert received["items"][0]["author"]["id"] == author.pk
    given = client.get(f"/api/v1/members/{subject.pk}/recommendations?direction=given").json()
    assert given["count"] == 0
    client.force_login(subject)
    received = client.get(f"/api/v1/members/{subject.pk}/recommendations").json()
    assert received["count"] == 2
    given = client.get(f"/api/v1/members/{subject.pk}/recommendations?direction=given").json()
    assert [item["status"] for item in given["items"]] == ["hidden"]


def test_member_recommendations_are_paginated_with_few_queries(
    client, subject, django_assert_max_num_queries
):
    for _ in range(25):
        RecommendationFactory(subject=subject, status=Status.ACCEPTED)
    viewer = UserFactory()
    client.force_login(viewer)
    url = f"/api/v1/members/{subject.pk}/recommendations"
    with django_assert_max_num_queries(8):
        first = client.get(url).json()
    assert first["count"] == 25
    assert len(first["items"]) == 20
    assert len(client.get(url + "?page=2").json()["items"]) == 5


def test_member_recommendations_errors(client, author):
    client.force_login(author)
    assert client.get("/api/v1/members/999999/recommendations").status_code == 404
    url = f"/api/v1/members/{author.pk}/recommendations?direction=sideways"
    assert client.get(url).status_code in (400, 422)


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/recommendations" in paths
    assert "/api/v1/recommendations/{recommendation_id}/accept" in paths
    assert "/api/v1/members/{member_id}/recommendations" in paths
