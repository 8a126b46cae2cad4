"""The production configuration, started the way docs/deploy.md starts it: DEBUG off, `migrate`,
`collectstatic`, gunicorn with `config/gunicorn.conf.py`, the `db_worker`, mail over SMTP.

On PostgreSQL when DATABASE_URL names one (a fresh database next to it, dropped afterwards), on a
SQLite file otherwise. Chromium signs up, confirms the e-mail, logs in and opens the main pages,
as a new member and as the demo member of a small seeded network; every page must load with 0
errors (HTTP, console, Content-Security-Policy, JavaScript) and 0 requests leaving the site.
"""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import pytest
from django.conf import settings
from django.urls import reverse

from goodword.core.tests.helpers import fill_legal_templates
from goodword.demo.data import DEMO_EMAIL, DEMO_PASSWORD

pytestmark = pytest.mark.e2e

ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
PASSWORD = "ein-langes-produktions-passwort"
NEW_MEMBER = "clara.production@e2e.test"
ADMIN = "admin.production@e2e.test"
DEMO_MEMBERS = 40


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """aiosmtpd handler: every message the site sends over SMTP."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def wait_for(self, to: str, subject_part: str = "", timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages:
                if to in message["To"] and subject_part in message["Subject"]:
                    return message.get_body(("plain",)).get_content()
            time.sleep(0.2)
        subjects = [(m["To"], m["Subject"]) for m in self.messages]
        raise AssertionError(f"no mail to {to} ({subject_part!r}) in {subjects}")


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> Iterator[str]:
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path_factory.mktemp('prod') / 'goodword.sqlite3'}"
        return
    import psycopg

    parts = dj_database_url.parse(configured)
    name = f"{parts['NAME']}_production_{os.getpid()}"
    connect = {
        "host": parts["HOST"] or "localhost",
        "port": parts["PORT"] or 5432,
        "user": parts["USER"],
        "password": parts["PASSWORD"] or None,
        "dbname": parts["NAME"],
        "autocommit": True,
    }
    with psycopg.connect(**connect) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(configured)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(**connect) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Site:
    url: str
    env: dict
    inbox: Inbox
    logs: Path
    processes: list = field(default_factory=list)

    def manage(
        self, *args: str, check: bool = True, extra: dict | None = None
    ) -> subprocess.CompletedProcess:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [str(BIN / "python"), "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **(extra or {})},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if check:
            assert result.returncode == 0, f"manage.py {args}: {result.stderr[-3000:]}"
        return result


@pytest.fixture(scope="module")
def site(tmp_path_factory, database_url) -> Iterator[Site]:
    from aiosmtpd.controller import Controller

    var = tmp_path_factory.mktemp("production-var")
    inbox = Inbox()
    smtp_port = free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    env = {
        **base,
        # Exactly the variables docs/deploy.md asks for; DEBUG is left unset.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": url,
        "CSRF_TRUSTED_ORIGINS": url,
        "DATABASE_URL": database_url,
        "GOODWORD_VAR_DIR": str(var),
        "LEGAL_DIR": str(fill_legal_templates(var / "legal")),
        "STATIC_ROOT": str(var / "static"),
        "DEFAULT_FROM_EMAIL": "Goodword Test <goodword@production.test>",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
    }
    running = Site(url=url, env=env, inbox=inbox, logs=var)
    running.manage("migrate", "--noinput", "-v", "0")
    running.manage("collectstatic", "--noinput", "-v", "0")
    refused = running.manage("seed_demo", "--members", "3", check=False)
    assert refused.returncode == 1, "the demo seed must refuse production without the flag"
    running.manage(
        "seed_demo", "--members", str(DEMO_MEMBERS), "--seed", "1", "--allow-production",
        "--no-progress", "-v", "0",
    )  # fmt: skip

    for name, command in [
        ("gunicorn", [str(BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"]),
        ("worker", [str(BIN / "python"), "manage.py", "db_worker", "--queue-name", "*"]),
    ]:
        log = (var / f"{name}.log").open("w")
        running.processes.append(
            subprocess.Popen(  # noqa: S603 - fixed arguments
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                    assert json.load(response) == {"status": "ok", "database": "ok"}
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError((var / "gunicorn.log").read_text()[-3000:]) from None
                time.sleep(0.3)
        yield running
    finally:
        for process in running.processes:
            process.send_signal(signal.SIGTERM)
        for process in running.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        smtp.stop()


@dataclass
class Problems:
    """Everything that went wrong while the browser was on the site."""

    origin: str
    items: list = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.items.append(f"javascript error: {e}"))

    def _request(self, request) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.items.append(f"request leaving the site: {url}")

    def _failed(self, request) -> None:
        # Chromium aborts a pending load (often the favicon) when the page moves on; that is
        # the browser's choice, not the site failing, so an aborted URL counts only if the
        # site cannot serve it when asked again.
        aborted = request.failure == "net::ERR_ABORTED" and request.method == "GET"
        if aborted and request.url.startswith(f"{self.origin}/"):
            try:
                with urllib.request.urlopen(request.url, timeout=15) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except OSError as error:
                self.items.append(f"failed {request.url}: aborted, then {error}")
                return
        self.items.append(f"failed {request.url}: {request.failure}")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.items.append(f"HTTP {response.status} {response.url}")

    def _console(self, message) -> None:
        where = message.location.get("url", "")
        if message.type in {"error", "warning"}:
            self.items.append(f"console {message.type}: {message.text} ({where})")


def open_page(browser, site: Site):
    context = browser.new_context(
        base_url=site.url,
        locale="de-DE",
        extra_http_headers={"Accept-Language": "de-DE,de;q=0.9"},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems = Problems(origin=site.url)
    problems.watch(page)
    return context, page, problems


def visit(page, paths: list[str]) -> list[str]:
    """Open each path, wait until the network is quiet; returns the paths that were opened."""
    opened = []
    for path in paths:
        response = page.goto(path, wait_until="networkidle")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        opened.append(path)
    return opened


def log_in(page, email: str, password: str) -> None:
    page.goto(reverse("account_login"))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, page.content()[:2000]


def log_out(page) -> None:
    page.goto(reverse("core:home"))
    page.locator("form[action='/accounts/logout/'] button").click()
    page.wait_for_load_state("networkidle")


def ids(site: Site) -> dict:
    """A few ids from the seeded network, for the detail pages."""
    code = (
        "import json; from goodword.accounts.models import User; "
        "from goodword.asks.models import Ask; "
        "from goodword.messaging.models import Conversation; "
        f"demo = User.objects.get(email={DEMO_EMAIL!r}); "
        "other = User.objects.exclude(pk=demo.pk).filter(profile__display_name__gt='').first(); "
        "ask = Ask.objects.order_by('pk').first(); "
        "from goodword.circles.models import Membership; "
        "from goodword.meetings.models import Meeting; "
        "from goodword.messaging.models import Report; "
        "from goodword.projects.models import Project, Seat; "
        "conversation = Conversation.objects.filter(participants__user=demo).first(); "
        "from goodword.circles.models import MODERATING_ROLES; "
        "mine = Membership.objects.filter(member=demo).order_by('pk'); "
        "led = mine.filter(role__in=MODERATING_ROLES).values_list('circle', flat=True).first(); "
        "circle = led or mine.values_list('circle', flat=True)[0]; "
        "meeting = Meeting.objects.filter(circle=circle).order_by('pk').first(); "
        "project = Project.objects.filter(owner=demo).order_by('pk').first(); "
        "seat = Seat.objects.filter(project=project, member=None).first(); "
        "report = Report.objects.filter(status='open').first(); "
        "print(json.dumps({'demo': demo.pk, 'other': other.pk, 'ask': ask.pk, "
        "'conversation': conversation.pk if conversation else None, 'circle': circle, "
        "'led': led, 'meeting': meeting.pk, 'project': project.pk, "
        "'seat': seat.pk if seat else None, 'reported': report.reported_id}))"
    )
    return json.loads(site.manage("shell", "-c", code).stdout.strip().splitlines()[-1])


def test_production_site_serves_the_main_flows_without_errors_or_outside_requests(browser, site):
    context, page, problems = open_page(browser, site)

    # Sign up; the confirmation mail arrives over SMTP and links to SITE_URL.
    page.goto(reverse("account_signup"), wait_until="networkidle")
    page.fill("input[name=email]", NEW_MEMBER)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    body = site.inbox.wait_for(NEW_MEMBER)
    link = re.search(r"https?://\S+/confirm-email/\S+?/", body).group(0)
    assert link.startswith(site.url + "/"), link
    page.goto(link, wait_until="networkidle")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    # Confirmed and logged in; new members are asked for their name first.
    assert urlsplit(page.url).path == reverse("accounts:profile_edit"), page.url
    page.fill("input[name=display_name]", "Clara Produktiv")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    log_out(page)
    log_in(page, NEW_MEMBER, PASSWORD)

    opened = visit(
        page,
        [
            reverse("core:home"),
            reverse("core:start"),
            reverse("trust:network"),
            reverse("search:search") + "?q=Steuer",
            reverse("directory:list"),
            reverse("asks:list"),
            reverse("recommendations:inbox"),
            reverse("messaging:inbox"),
            reverse("notifications:list"),
            reverse("accounts:settings"),
            reverse("accounts:profile_edit"),
            reverse("accounts:portrait"),
            reverse("subscriptions:preferences"),
            reverse("messaging:settings"),
            reverse("api_tokens:list"),
            reverse("mfa_index"),
            reverse("recommendations:how_we_check"),
            reverse("core:impressum"),
            reverse("core:privacy"),
            "/robots.txt",
            "/favicon.ico",
            reverse("api-v1:openapi-view"),
        ],
    )
    # The API documentation draws itself from the instance's own static files.
    page.goto(reverse("api-v1:openapi-view"), wait_until="networkidle")
    try:
        page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    except Exception as error:  # show what the browser saw, not only the timeout
        raise AssertionError("\n".join([str(error), *problems.items])) from None

    # A member of the seeded network sees pages full of data.
    log_out(page)
    log_in(page, DEMO_EMAIL, DEMO_PASSWORD)
    known = ids(site)
    detail_pages = [
        reverse("trust:network"),
        reverse("accounts:profile", args=[known["demo"]]),
        reverse("accounts:profile", args=[known["other"]]),
        reverse("trust:connection", args=[known["other"]]),
        reverse("asks:list"),
        reverse("asks:detail", args=[known["ask"]]),
        reverse("recommendations:inbox"),
        reverse("introductions:list"),
        reverse("referrals:list"),
        reverse("messaging:inbox"),
        reverse("search:search") + "?q=Tischler",
    ]
    if known["conversation"]:
        detail_pages.append(reverse("messaging:conversation", args=[known["conversation"]]))
    # Circles, meetings, projects, invitations and moderation (the demo member moderates).
    detail_pages += [
        reverse("circles:list"),
        reverse("circles:discover"),
        reverse("circles:new"),
        reverse("circles:detail", args=[known["circle"]]),
        reverse("meetings:list"),
        reverse("meetings:calendar"),
        reverse("meetings:detail", args=[known["meeting"]]),
        reverse("projects:list"),
        reverse("projects:new"),
        reverse("projects:detail", args=[known["project"]]),
        reverse("invitations:list"),
        reverse("invitations:new"),
        reverse("invitations:how"),
        reverse("moderation:queue"),
        reverse("moderation:case", args=[known["reported"]]),
        reverse("moderation:notices"),
        reverse("moderation:log"),
        reverse("moderation:grounds"),
    ]
    if known["seat"]:
        detail_pages.append(reverse("projects:candidates", args=[known["seat"]]))
    if known["led"]:
        detail_pages.append(reverse("meetings:new", args=[known["led"]]))
    opened += visit(page, detail_pages)
    log_out(page)

    # The first administrator, as docs/deploy.md creates them: createsuperuser, then the same
    # login as every member (the address is confirmed from the mail), then the admin.
    site.manage(
        "createsuperuser",
        "--noinput",
        "--email",
        ADMIN,
        extra={"DJANGO_SUPERUSER_PASSWORD": PASSWORD},
    )
    page.goto(reverse("admin:index"))
    assert urlsplit(page.url).path == reverse("account_login"), page.url
    page.fill("input[name=login]", ADMIN)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    link = re.search(r"https?://\S+/confirm-email/\S+?/", site.inbox.wait_for(ADMIN)).group(0)
    page.goto(link, wait_until="networkidle")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    opened += visit(
        page,
        [
            reverse("admin:index"),
            reverse("admin:accounts_user_changelist"),
            reverse("admin:accounts_user_change", args=[known["other"]]),
        ],
    )
    assert "/admin/" in page.url
    context.close()

    assert len(opened) >= 45
    assert problems.items == [], "\n".join(problems.items)
    gunicorn_log = (site.logs / "gunicorn.log").read_text()
    assert "Traceback" not in gunicorn_log, gunicorn_log[-3000:]


def test_the_worker_sends_mail_with_links_to_the_site_url(site):
    """A recommendation for a member: the worker (not the web process) sends the notification,
    and every link in it starts with SITE_URL."""
    email = "dora.worker@e2e.test"
    code = (
        "from allauth.account.models import EmailAddress; "
        "from goodword.accounts.models import User; "
        "from goodword.accounts.services import create_profile; "
        "from goodword.recommendations.services import give_recommendation; "
        f"subject = User.objects.create_user(email={email!r}, password='x-' * 10); "
        f"EmailAddress.objects.create(user=subject, email={email!r}, verified=True, primary=True); "
        "create_profile(subject, display_name='Dora Worker'); "
        f"author = User.objects.get(email={DEMO_EMAIL!r}); "
        "give_recommendation(author, subject, 'Dora hat unsere Buchhaltung in zwei Wochen "
        "aufgeräumt, ruhig und genau.', ['Buchhaltung'], 'worked_together', 2022)"
    )
    site.manage("shell", "-c", code)
    body = site.inbox.wait_for(email, timeout=60)
    links = re.findall(r"https?://\S+", body)
    assert links
    assert all(link.startswith(site.url + "/") for link in links), links
    worker_log = (site.logs / "worker.log").read_text()
    assert "Traceback" not in worker_log, worker_log[-3000:]


def test_production_answers_unknown_pages_with_the_sites_own_404_and_serves_the_favicon(site):
    import urllib.error

    request = urllib.request.Request(  # noqa: S310 - the local test site
        f"{site.url}/no-such-page/", headers={"Accept-Language": "de"}
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310 - the local test site
    assert error.value.code == 404
    body = error.value.read().decode()
    assert "Diese Seite gibt es nicht" in body
    assert "/static/core/goodword." in body  # the site's look, with the hashed static file
    assert "Traceback" not in body and "URLconf" not in body  # no debug page
    assert error.value.headers["X-Robots-Tag"] == "noindex"
    with urllib.request.urlopen(f"{site.url}/favicon.ico", timeout=10) as icon:  # noqa: S310
        assert icon.status == 200
        assert icon.headers["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    with urllib.request.urlopen(f"{site.url}/robots.txt", timeout=10) as robots:  # noqa: S310
        assert "Disallow: /settings/" in robots.read().decode()
