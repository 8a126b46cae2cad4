"""Personal access tokens in the browser: create one, copy the secret, use it, revoke it."""

import json
import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def call_me(base_url: str, secret: str) -> tuple[int, dict]:
    """GET /api/v1/members/me with only the token: no browser cookies."""
    url = f"{base_url}/api/v1/members/me"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - live server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


def test_create_use_and_revoke_a_token(new_page, screenshot, live_server):
    UserFactory(email="tokens@e2e.test", display_name="Tara Token")
    page = new_page("de-DE")
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^E-Mail", re.I)).fill("tokens@e2e.test")
    page.get_by_label(re.compile(r"^Passwort:?$", re.I)).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Einstellungen"
    ).click()
    page.get_by_role("link", name="API-Tokens").click()
    page.get_by_label("Name", exact=True).fill("Backup-Skript")
    page.get_by_role("button", name="Token erstellen").click()
    secret = page.get_by_label("Token", exact=True).input_value()
    assert secret.startswith("gw_")
    screenshot(page, "de-20-api-token-created")

    status, body = call_me(live_server.url, secret)
    assert status == 200
    assert body["display_name"] == "Tara Token"

    page.get_by_role("button", name="Token „Backup-Skript“ widerrufen").click()
    expect(page.get_by_text("Du hast noch keine API-Tokens.")).to_be_visible()
    assert call_me(live_server.url, secret)[0] == 401
