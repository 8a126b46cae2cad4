"""GDPR: members can download their data and delete their account."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from goodword.accounts.models import Profile
from goodword.accounts.services import delete_account, export_member_data
from goodword.api.models import ApiToken
from goodword.api.services import create_token
from goodword.recommendations.models import Recommendation, Status
from goodword.recommendations.tests.factories import RecommendationFactory
from goodword.topics.models import Topic

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def network():
    """Me, a friend I recommended, a colleague who recommended me, and two strangers."""
    me = UserFactory(email="me@example.org", display_name="Mia Muster", city="Köln")
    friend = UserFactory(email="friend@example.org", display_name="Fritz Freund")
    colleague = UserFactory(email="colleague@example.org", display_name="Clara Kollegin")
    stranger_a = UserFactory(email="stranger-a@example.org", display_name="Anton Fremd")
    stranger_b = UserFactory(email="stranger-b@example.org", display_name="Berta Fremd")
    given = RecommendationFactory(author=me, subject=friend, status=Status.ACCEPTED)
    received = RecommendationFactory(
        author=colleague, subject=me, status=Status.PENDING, text="Mia rettet jedes Projekt."
    )
    unrelated = RecommendationFactory(
        author=stranger_a, subject=stranger_b, status=Status.ACCEPTED, text="Geheimnis Fremder."
    )
    create_token(me, "laptop")
    create_token(friend, "friend's token")
    return {
        "me": me,
        "friend": friend,
        "given": given,
        "received": received,
        "unrelated": unrelated,
    }


def test_export_contains_my_data(network):
    data = export_member_data(network["me"])
    assert data["account"]["email"] == "me@example.org"
    assert data["profile"]["display_name"] == "Mia Muster"
    assert data["profile"]["city"] == "Köln"
    assert [r["id"] for r in data["recommendations_given"]] == [network["given"].pk]
    assert [r["id"] for r in data["recommendations_received"]] == [network["received"].pk]
    assert data["recommendations_received"][0]["text"] == "Mia rettet jedes Projekt."
    assert [t["name"] for t in data["api_tokens"]] == ["laptop"]
    json.dumps(data)  # serialisable as it is


def test_export_contains_nothing_private_of_others(network):
    text = json.dumps(export_member_data(network["me"]), ensure_ascii=False)
    for private in ("friend@example.org", "colleague@example.org", "stranger-a@example.org"):
        assert private not in text
    assert "Geheimnis Fremder" not in text
    assert "Anton Fremd" not in text
    assert "friend's token" not in text
    assert "token_hash" not in text
    # Others appear only by id and public name.
    assert network["given"].subject.profile.display_name in text


def test_export_download_over_http(client, network):
    client.force_login(network["me"])
    assert client.get(reverse("accounts:export")).status_code == 405
    response = client.post(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["id"] == network["me"].pk


def test_export_needs_login(client):
    response = client.post(reverse("accounts:export"))
    assert response.status_code == 302


def test_delete_account_service_checks_the_password(network):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        delete_account(network["me"], password="wrong")
    assert User.objects.filter(pk=network["me"].pk).exists()


def test_delete_account_removes_the_member_and_what_hangs_on_them(client, network):
    me = network["me"]
    client.force_login(me)
    page = client.get(reverse("accounts:delete"))
    assert page.status_code == 200
    response = client.post(
        reverse("accounts:delete"), {"password": DEFAULT_PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=me.pk).exists()
    assert not Profile.objects.filter(pk=me.pk).exists()
    assert not Recommendation.objects.filter(pk__in=[network["given"].pk, network["received"].pk])
    assert not ApiToken.objects.filter(user_id=me.pk).exists()
    # Others are untouched; the shared vocabulary stays.
    assert Recommendation.objects.filter(pk=network["unrelated"].pk).exists()
    assert User.objects.filter(pk=network["friend"].pk).exists()
    assert Topic.objects.exists()
    # Logged out, and the profile is gone.
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:profile", args=[me.pk])).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password": "wrong", "confirm": "on"}, "Das ist nicht dein aktuelles Passwort."),
        ({"password": DEFAULT_PASSWORD}, "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_delete_account_refuses_without_password_and_confirmation(client, network, data, message):
    client.force_login(network["me"])
    response = client.post(reverse("accounts:delete"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.filter(pk=network["me"].pk).exists()


def test_settings_page_links_everything(client):
    client.force_login(UserFactory())
    html = client.get(reverse("accounts:settings")).content.decode()
    for name in (
        "accounts:profile_edit",
        "account_email",
        "account_change_password",
        "api_tokens:list",
        "accounts:export",
        "accounts:delete",
    ):
        assert f'"{reverse(name)}"' in html, name


def test_settings_need_login(client):
    for name in ("accounts:settings", "accounts:delete", "accounts:profile_edit"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
