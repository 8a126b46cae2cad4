"""Invitations in a real browser, on an invitation-only instance, with mail over real SMTP:

a member invites a colleague by e-mail → the mail arrives at a local SMTP server (aiosmtpd) →
the colleague opens the link, signs up and fills in their facts → their network page shows the
inviter's contacts "über Anna (hat dich eingeladen)" → the inviter sees them in the tree; and
a visitor without an invitation is refused with a clear message.
"""

import email
import re
import socket
import time
from email import policy
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from goodword.messaging.tests.helpers import recommend
from goodword.trust.adapter import get_network

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class Inbox:
    """What the local SMTP server received."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def wait_for(self, address: str, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for envelope in self.envelopes:
                if address in envelope.rcpt_tos:
                    return email.message_from_bytes(envelope.content, policy=policy.default)
            time.sleep(0.1)
        raise AssertionError(f"no mail to {address} in {len(self.envelopes)} mails")


@pytest.fixture
def smtp(settings, live_server):
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = live_server.url
    try:
        yield inbox
    finally:
        controller.stop()


def test_invite_a_colleague_by_email_on_an_invitation_only_instance(
    new_page, smtp, settings, screenshot
):
    settings.SIGNUP_MODE = "invitation"
    anna = UserFactory(
        display_name="Anna Adler",
        email="anna.adler@e2e.test",
        date_joined=timezone.now() - timezone.timedelta(days=200),
    )
    carla = UserFactory(display_name="Carla Conrad", profession="Schreinerin")
    recommend(anna, carla)
    # The factory writes no trust change-log row, and this process may still hold the graph
    # of an earlier browser test (the apps' conftest resets it, e2e's does not): start fresh.
    get_network().reset()

    # A visitor without an invitation is refused, and told why.
    stranger = new_page()
    stranger.goto("/", wait_until="domcontentloaded")
    stranger.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Registrieren"
    ).click()
    expect(stranger.get_by_role("alert")).to_contain_text("nur auf Einladung")
    expect(stranger.get_by_label(re.compile(r"^Passwort"))).to_have_count(0)

    # Anna invites her colleague by e-mail.
    page = new_page()
    page.goto("/accounts/login/", wait_until="domcontentloaded")
    page.get_by_label(re.compile(r"^E-Mail", re.I)).fill(anna.email)
    page.get_by_label(re.compile(r"^Passwort:?$", re.I)).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Einladen"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Deine Einladungen")).to_be_visible()
    page.get_by_label("E-Mail-Adresse der Person").fill("ben.berger@e2e.test")
    page.get_by_label("Woher kennt ihr euch?").fill("Wir haben zusammen die Mühle saniert.")
    page.get_by_role("button", name="Einladen", exact=True).click()
    expect(
        page.get_by_text("Deine Einladung an ben.berger@e2e.test ist unterwegs.")
    ).to_be_visible()
    screenshot(page, "invitations-sent")

    # The invitation arrives over SMTP, with the note and a one-time link.
    mail = smtp.wait_for("ben.berger@e2e.test")
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Anna Adler" in mail["Subject"]
    assert "Mühle saniert" in body
    link = re.search(r"https?://\S+/invitations/join/[0-9a-f]{64}/", body).group(0)

    # Ben opens it, signs up (no confirmation mail: the link proved the address).
    ben = new_page()
    ben.goto(urlsplit(link).path, wait_until="domcontentloaded")
    expect(ben.get_by_role("heading", level=1)).to_contain_text("Anna Adler lädt dich")
    ben.get_by_role("link", name="Konto anlegen").click()
    expect(ben.get_by_label(re.compile(r"^E-Mail", re.I))).to_have_value("ben.berger@e2e.test")
    ben.get_by_label(re.compile(r"^Passwort:?$", re.I)).fill("a-long-e2e-passphrase")
    ben.get_by_label(re.compile(r"^Passwort \(", re.I)).fill("a-long-e2e-passphrase")
    ben.get_by_role("button", name="Konto erstellen").click()
    ben.get_by_label("Anzeigename").fill("Ben Berger")
    ben.get_by_role("button", name=re.compile(r"speichern", re.I)).click()
    expect(ben.get_by_role("heading", level=1, name="Ben Berger")).to_be_visible()
    expect(ben.get_by_text("Eingeladen von")).to_be_visible()

    # His network starts with Anna's contacts, through Anna.
    ben.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Dein Netzwerk"
    ).click()
    carla_row = ben.get_by_role("listitem").filter(has_text="Carla Conrad")
    expect(carla_row).to_contain_text("über Anna Adler (hat dich eingeladen)")
    screenshot(ben, "invitations-newcomer-network")

    # Anna sees Ben in her invitation tree; the link is used up.
    page.reload()
    tree = page.locator(".invitation-tree")
    expect(tree.get_by_role("link", name="Ben Berger")).to_be_visible()
    expect(page.get_by_text("Keine Einladung wartet auf Antwort.")).to_be_visible()
    again = new_page()
    again.goto(urlsplit(link).path, wait_until="domcontentloaded")
    expect(again.get_by_role("alert")).to_contain_text("schon benutzt")
