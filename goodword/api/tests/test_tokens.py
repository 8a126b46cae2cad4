import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from goodword.accounts.tests.factories import UserFactory
from goodword.api.auth import hash_token
from goodword.api.models import ApiToken
from goodword.api.services import create_token, revoke_token

pytestmark = pytest.mark.django_db

ME = "/api/v1/members/me"


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_create_token_stores_only_the_hash():
    user = UserFactory()
    token, secret = create_token(user, "  Backup script ")
    assert secret.startswith("gw_")
    assert token.name == "Backup script"
    assert token.token_hash == hash_token(secret)
    assert secret not in token.token_hash
    assert secret.startswith(token.prefix)
    assert len(token.prefix) == 12


def test_token_authenticates_members_me_and_records_last_use(client):
    user = UserFactory(display_name="Anna Berg")
    token, secret = create_token(user, "script")
    assert token.last_used_at is None
    response = client.get(ME, **bearer(secret))
    assert response.status_code == 200, response.content
    assert response.json()["id"] == user.pk
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer gw_not-a-real-token",
        "Bearer something-else",
        "Basic dXNlcjpwYXNz",
        "Bearer ",
    ],
)
def test_missing_or_garbage_token_is_401(client, header):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = client.get(ME, **extra)
    assert response.status_code == 401


def test_revoked_token_is_401(client):
    user = UserFactory()
    token, secret = create_token(user, "old")
    assert client.get(ME, **bearer(secret)).status_code == 200
    revoke_token(user, token.pk)
    assert client.get(ME, **bearer(secret)).status_code == 401


def test_token_of_deactivated_member_is_401(client):
    user = UserFactory()
    _token, secret = create_token(user, "x")
    user.is_active = False
    user.save()
    assert client.get(ME, **bearer(secret)).status_code == 401


def test_settings_page_requires_login(client):
    response = client.get(reverse("api_tokens:list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_settings_page_creates_shows_secret_once_and_lists(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("api_tokens:list"), {"name": "Laptop"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=user)
    html = response.content.decode()
    marker = 'id="new-token-secret" value="'
    secret_start = html.index(marker) + len(marker)
    secret = html[secret_start : html.index('"', secret_start)]
    assert hash_token(secret) == token.token_hash

    # The list shows name and prefix, never the secret again.
    listing = client.get(reverse("api_tokens:list")).content.decode()
    assert "Laptop" in listing
    assert token.prefix in listing
    assert secret not in listing


def test_settings_page_rejects_blank_name_in_german(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("api_tokens:list"), {"name": "   "}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    assert 'aria-invalid="true"' in response.content.decode()


def test_settings_page_rejects_overlong_name(client):
    client.force_login(UserFactory())
    response = client.post(reverse("api_tokens:list"), {"name": "x" * 81})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_settings_page_is_english_on_request(client):
    client.force_login(UserFactory())
    html = client.get(reverse("api_tokens:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Create a token" in html


def test_settings_page_is_german_by_default(client):
    client.force_login(UserFactory())
    html = client.get(reverse("api_tokens:list")).content.decode()
    assert "Token erstellen" in html


def test_revoke_through_the_page(client):
    user = UserFactory()
    token, _secret = create_token(user, "old")
    client.force_login(user)
    response = client.post(reverse("api_tokens:revoke", args=[token.pk]))
    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_revoke_needs_post(client):
    user = UserFactory()
    token, _secret = create_token(user, "old")
    client.force_login(user)
    response = client.get(reverse("api_tokens:revoke", args=[token.pk]))
    assert response.status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_nobody_can_revoke_another_members_token(client):
    owner, other = UserFactory(), UserFactory()
    token, _secret = create_token(owner, "mine")
    client.force_login(other)
    response = client.post(reverse("api_tokens:revoke", args=[token.pk]))
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()
    # …and the service says the same.
    with pytest.raises(Exception) as excinfo:
        revoke_token(other, token.pk)
    assert excinfo.type.__name__ == "Http404"
    # Another member's list never shows the token.
    assert "mine" not in client.get(reverse("api_tokens:list")).content.decode()


def test_revoking_a_missing_token_is_404(client):
    client.force_login(UserFactory())
    assert client.post(reverse("api_tokens:revoke", args=[999999])).status_code == 404


def test_create_token_command_prints_only_the_token(capsys):
    user = UserFactory(email="ops@goodword.test")
    call_command("create_token", "OPS@goodword.test", "--name", "ops")
    out = capsys.readouterr().out.strip()
    assert out.startswith("gw_")
    assert "\n" not in out
    token = ApiToken.objects.get(user=user)
    assert token.name == "ops"
    assert token.token_hash == hash_token(out)


def test_create_token_command_rejects_unknown_email():
    with pytest.raises(CommandError, match=r"nobody@goodword\.test"):
        call_command("create_token", "nobody@goodword.test")
    assert not ApiToken.objects.exists()


def test_last_use_is_written_at_most_every_few_minutes(client):
    """Reads through the API must not all become writes (SQLite has one write lock)."""
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from goodword.api.auth import LAST_USED_PRECISION

    user = UserFactory(display_name="Anna Berg")
    token, secret = create_token(user, "script")
    client.get(ME, **bearer(secret))
    token.refresh_from_db()
    first_use = token.last_used_at
    with CaptureQueriesContext(connection) as queries:
        assert client.get(ME, **bearer(secret)).status_code == 200
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    token.refresh_from_db()
    assert token.last_used_at == first_use

    stale = timezone.now() - LAST_USED_PRECISION - timedelta(seconds=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=stale)
    client.get(ME, **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at > stale
