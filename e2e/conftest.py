"""Browser tests: Django's live server in this process, Debian's Chromium driven by Playwright.

The SQLite test database is a file (see settings), so the live server thread sees what the test
writes; `mail.outbox` is shared too because the server runs in-process with the locmem backend.
Screenshots of the main pages go to `test-artifacts/` (git-ignored).
"""

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

# Playwright's sync API keeps an event loop around; Django's async-safety check would refuse the
# ORM calls that set up test data in the same thread. The tests are single-threaded, so it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("GOODWORD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run scripts/ensure_test_tools.sh "
            "(or set GOODWORD_CHROMIUM)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server) -> Iterator:
    """`new_page(locale)` opens a fresh browser context (own cookies) speaking `locale`."""
    contexts = []

    def open_page(locale: str = "de-DE"):
        context = browser.new_context(
            locale=locale,
            base_url=live_server.url,
            extra_http_headers={"Accept-Language": f"{locale},{locale.split('-')[0]};q=0.9"},
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    """`screenshot(page, name)` saves a full-page PNG under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def outbox(mailoutbox):
    """The mails Django sent during this test (the live server shares this process)."""
    return mail.outbox


@pytest.fixture
def confirmation_link(outbox):
    """`confirmation_link(email)`: the confirmation link from the last e-mail to `email`."""

    def find(email: str) -> str:
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while True:
            for message in reversed(outbox):
                if email in message.to:
                    match = re.search(r"https?://\S+/confirm-email/\S+?/", message.body)
                    if match:
                        return match.group(0)
            if time.monotonic() > deadline:
                raise AssertionError(f"no confirmation e-mail to {email} in {len(outbox)} mails")
            time.sleep(0.1)

    return find
