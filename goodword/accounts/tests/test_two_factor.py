"""Two-factor login (django-allauth mfa): a member turns on an authenticator app from the
settings page, and from then on logs in with password plus a TOTP code or a recovery code.
The codes are computed here (RFC 6238), independently of allauth."""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "anna@example.org"


def totp(secret: str, at: float | None = None) -> str:
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def log_in(client, password: str = DEFAULT_PASSWORD):
    return client.post(reverse("account_login"), {"login": EMAIL, "password": password})


def activate_totp(client) -> str:
    """Turn on the authenticator app as a member does; returns its secret."""
    assert log_in(client).status_code == 302
    settings_page = client.get(reverse("accounts:settings")).content.decode()
    assert reverse("mfa_index") in settings_page
    # Changing the login factors asks for the password again.
    response = client.get(reverse("mfa_activate_totp"))
    assert reverse("account_reauthenticate") in response["Location"]
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page)
    if secret is None:
        secret = re.search(r'value="([A-Z2-7]+)"[^>]*id="authenticator_secret"', page)
    assert secret, page
    response = client.post(reverse("mfa_activate_totp"), {"code": totp(secret.group(1))})
    assert response.status_code == 302, response.content.decode()
    return secret.group(1)


def test_a_member_turns_on_totp_and_then_needs_the_code_to_log_in(client):
    user = UserFactory(email=EMAIL)
    secret = activate_totp(client)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()
    client.logout()

    response = log_in(client)
    assert response["Location"] == reverse("mfa_authenticate")
    # The password alone does not log in.
    assert client.get(reverse("accounts:settings")).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

    # A code from the previous 30 seconds may already have been used for activation: wait for
    # a fresh one instead of depending on timing.
    response = client.post(reverse("mfa_authenticate"), {"code": totp(secret, time.time() + 30)})
    if response.status_code != 302:
        response = client.post(reverse("mfa_authenticate"), {"code": totp(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_a_recovery_code_logs_in_once(client):
    user = UserFactory(email=EMAIL)
    activate_totp(client)
    codes = (
        Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
        .wrap()
        .get_unused_codes()
    )
    assert len(codes) == 10
    client.logout()

    log_in(client)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.logout()

    log_in(client)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_does_not_turn_totp_on(client):
    user = UserFactory(email=EMAIL)
    log_in(client)
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "123"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()


def test_the_admin_login_goes_through_the_members_login_and_its_second_factor(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
