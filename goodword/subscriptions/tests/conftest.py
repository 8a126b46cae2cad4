import pytest

from goodword.accounts.tests.factories import UserFactory


@pytest.fixture
def anna(db):
    """The recipient: a member who did not ask to be pitched."""
    return UserFactory(display_name="Anna Adler", email="anna@goodword.test")


@pytest.fixture
def sven(db):
    """The stranger who wants to sell insurance."""
    return UserFactory(display_name="Sven Seller", email="sven@goodword.test")


@pytest.fixture
def maria(db):
    """A mutual contact who knows both."""
    return UserFactory(display_name="Maria Mittler", email="maria@goodword.test")


@pytest.fixture
def outsider(db):
    return UserFactory(display_name="Otto Außen", email="otto@goodword.test")


@pytest.fixture(autouse=True)
def fresh_trust_graph():
    """The trust adapter keeps its graph in memory; the database is rolled back between tests,
    so start and end each test with an empty graph (as the trust app's own tests do)."""
    from django.apps import apps
    from django.core.cache import cache

    reset = None
    if apps.is_installed("goodword.trust"):
        from goodword.trust.adapter import get_network

        reset = get_network().reset
    if reset:
        reset()
    cache.clear()
    yield
    if reset:
        reset()
    cache.clear()


class _Inbox:
    """What a real SMTP server on loopback received, parsed."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"

    @property
    def messages(self):
        import email
        from email import policy

        return [email.message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]


@pytest.fixture
def smtp(settings):
    """A real SMTP server (aiosmtpd) on a free loopback port; Django sends to it over SMTP."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = "https://goodword.example"
    try:
        yield inbox
    finally:
        controller.stop()
