"""Bad input gets a clear 4xx and nothing is written: numbers beyond 64 bits, huge page numbers,
bodies over the limit, NUL characters, unpaired surrogates and invalid UTF-8, on pages and in
the API (goodword/core/input.py, goodword/core/middleware.py)."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from goodword.accounts.models import Profile
from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token
from goodword.notifications.models import Kind, Notification
from goodword.notifications.services import notify
from goodword.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db

HUGE = 2**70


@pytest.fixture
def member():
    return UserFactory(display_name="Berta Holz", email="berta@goodword.test")


@pytest.fixture
def api(member):
    """A client that answers 500 instead of raising, authenticated with a personal token."""
    _, secret = create_token(member, "tests")
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def browser(member):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    return client


def post_json(client, url, body, method="post"):
    raw = body if isinstance(body, str | bytes) else json.dumps(body)
    return getattr(client, method)(url, raw, content_type="application/json")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/members/919170336881680238805778432",
        f"/api/v1/members/{2**63}",
        f"/api/v1/recommendations/{HUGE}",
        f"/api/v1/trust/paths/{HUGE}",
        f"/api/v1/requests/{HUGE}",
        "/api/v1/members/" + "9" * 5000,  # longer than Python converts to int by default
    ],
)
def test_api_ids_beyond_64_bits_are_404(api, url):
    response = api.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found"}


@pytest.mark.parametrize(
    "url", [f"/members/{2**63}/", f"/requests/{HUGE}/", f"/trust/connection/{HUGE}/"]
)
def test_page_ids_beyond_64_bits_are_404(browser, url):
    assert browser.get(url).status_code == 404


def test_largest_64_bit_id_is_an_ordinary_404(api, browser):
    assert api.get(f"/api/v1/members/{2**63 - 1}").status_code == 404
    assert browser.get(f"/members/{2**63 - 1}/").status_code == 404


def test_notifications_read_with_huge_ids_is_422_and_marks_nothing(api, member):
    notice = notify(member, Kind.MESSAGE_RECEIVED, None, "/messages/1/")
    response = post_json(api, "/api/v1/notifications/read", {"ids": [HUGE]})
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["msg"] == "Die Zahl 1180591620717411303424 ist zu groß."
    assert error["loc"] == ["body", "ids", 0]
    notice.refresh_from_db()
    assert notice.read_at is None


@pytest.mark.parametrize("body", ["2", "[1, 2]", '"all"', "null", "true"])
def test_notifications_read_with_a_body_that_is_not_an_object_is_422(api, member, body):
    notify(member, Kind.MESSAGE_RECEIVED, None, "/messages/1/")
    response = post_json(api, "/api/v1/notifications/read", body)
    assert response.status_code == 422
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 1


def test_api_huge_page_number_is_4xx(api, member):
    url = f"/api/v1/members/{member.pk}/recommendations?page={HUGE}"
    response = api.get(url)
    assert 400 <= response.status_code < 500, response.content


@pytest.mark.parametrize("page", [str(HUGE), "9" * 5000, "-1", "x"])
def test_directory_with_huge_page_numbers_shows_a_page(browser, page):
    assert browser.get(f"/members/?page={page}").status_code == 200


def test_api_body_over_the_limit_is_413_and_not_read(api, member, settings):
    body = json.dumps({"display_name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    response = post_json(api, "/api/v1/members/me", body, method="patch")
    assert response.status_code == 413
    assert "detail" in response.json()
    assert Profile.objects.get(user=member).display_name == "Berta Holz"


def test_3_mb_form_post_is_413(browser, member):
    response = browser.post(
        reverse("accounts:profile_edit"),
        f"display_name={'x' * 3_000_000}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert Profile.objects.get(user=member).display_name == "Berta Holz"


@pytest.mark.parametrize("field", ["display_name", "profession", "city", "looking_for"])
def test_api_nul_in_profile_text_is_422_and_nothing_saved(api, member, field):
    response = post_json(api, "/api/v1/members/me", {field: "Ber\x00ta"}, method="patch")
    assert response.status_code == 422
    assert "NUL" in json.dumps(response.json())
    profile = Profile.objects.get(user=member)
    assert "\x00" not in getattr(profile, field)
    assert profile.display_name == "Berta Holz"


def test_api_nul_in_recommendation_text_or_topic_is_422(api, member):
    subject = UserFactory(display_name="Carla Stein")
    base = {
        "subject_id": subject.pk,
        "text": "Carla hat unser Dach schnell und sauber repariert, sehr zu empfehlen.",
        "topics": ["Dachdeckerei"],
        "relationship": "client",
        "known_since": 2020,
    }
    for bad in ({"text": base["text"] + "\x00"}, {"topics": ["Dach\x00"]}):
        response = post_json(api, "/api/v1/recommendations", {**base, **bad})
        assert response.status_code == 422, response.content
    assert not Recommendation.objects.exists()


def test_api_nul_in_request_title_is_422(api):
    response = post_json(
        api,
        "/api/v1/requests",
        {"title": "Suche\x00", "text": "Ich suche eine Steuerberaterin in Köln.", "city": "Köln"},
    )
    assert response.status_code == 422


def test_api_unpaired_surrogate_is_422(api, member):
    response = post_json(api, "/api/v1/members/me", '{"display_name": "B\\ud800"}', method="patch")
    assert response.status_code == 422
    assert Profile.objects.get(user=member).display_name == "Berta Holz"


def test_api_nul_in_query_is_422(api):
    response = api.get("/api/v1/search?q=a%00b")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query"]


def test_api_invalid_json_is_400(api):
    response = post_json(api, "/api/v1/members/me", b"{\xff", method="patch")
    assert response.status_code == 400


def test_page_nul_in_form_is_refused_in_the_members_language(browser, member):
    response = browser.post(
        reverse("accounts:profile_edit"),
        "display_name=Ber%00ta&city=K%C3%B6ln",
        content_type="application/x-www-form-urlencoded",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert "Nichts wurde gespeichert" in response.content.decode()
    assert Profile.objects.get(user=member).display_name == "Berta Holz"


def test_page_invalid_utf8_in_form_is_refused_not_stored_as_mojibake(browser, member):
    response = browser.post(
        reverse("accounts:profile_edit"),
        "display_name=Berta%FF%FEHolz&city=K%F6ln",
        content_type="application/x-www-form-urlencoded",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()
    profile = Profile.objects.get(user=member)
    assert profile.display_name == "Berta Holz"
    assert "\ufffd" not in profile.city


def test_page_nul_or_invalid_utf8_in_query_is_400(browser):
    assert browser.get("/search/?q=a%00b").status_code == 400
    assert browser.get("/members/?city=K%F6ln").status_code == 400


def test_ordinary_umlauts_and_plus_signs_pass(browser):
    assert browser.get("/members/?city=K%C3%B6ln+S%C3%BCd").status_code == 200
    assert browser.get("/search/?q=Möbelbau").status_code == 200
