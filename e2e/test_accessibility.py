"""Accessibility of the main pages, checked by axe-core in Chromium (issue 9).

axe-core comes from npm (`package.json`; `make test` runs `npm ci`), is read from
`node_modules/` and evaluated in each page through the DevTools protocol, so the site's
Content-Security-Policy does not need to allow it and nothing is downloaded while testing.
Every page is checked logged out and logged in; a serious or critical violation fails the test
with each rule, its help text and the elements it found.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from goodword.meetings.tests.factories import tomorrow_at
from goodword.projects import services as projects
from goodword.recommendations.models import Recommendation, Relationship
from goodword.recommendations.services import (
    accept_recommendation,
    give_recommendation,
)
from goodword.search.services import refresh_search_document
from goodword.trust.adapter import get_network

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def violations(page, axe_source: str) -> list[str]:
    """The page's serious and critical axe violations, one readable line per element."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    found = page.evaluate("options => axe.run(document, options)", OPTIONS)["violations"]
    return [
        f"{page.url}: [{v['impact']}] {v['id']} ({v['help']}): {node['target']} "
        f"{node['failureSummary']}"
        for v in found
        if v["impact"] in BLOCKING
        for node in v["nodes"]
    ]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does).")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def members(db):
    """Vera, who is logged in, and two members with an accepted recommendation each, so
    that the network, search, profile and inbox pages show real content."""
    get_network().reset()
    cache.clear()
    vera = UserFactory(display_name="Vera Viewer", email="vera@a11y.test", city="Köln")
    anna = UserFactory(display_name="Anna Schmidt", profession="Architektin", city="Köln")
    tina = UserFactory(display_name="Tina Brandt", profession="Steuerberaterin", city="Köln")
    for author, subject, text, topic in (
        (vera, anna, "Anna hat unser Haus umgebaut: klare Pläne, ehrliche Kosten.", "Architektur"),
        (anna, tina, "Tina macht seit Jahren meine Steuererklärung, immer erreichbar.", "Steuern"),
        (tina, vera, "Vera hat unser Büro beraten, sehr strukturiert.", "Beratung"),
    ):
        rec = give_recommendation(author, subject, text, [topic], Relationship.WAS_CLIENT, 2019)
        accept_recommendation(subject, rec)
    for user in (vera, anna, tina):
        refresh_search_document(user.pk)
    # Vera's project, Anna in its one seat, and a team meeting: the team space and its meetings.
    project = projects.create_project(
        vera,
        title="Umbau Büro",
        problem="Das Büro ist zu klein für das wachsende Team.",
        why_important="Ohne Platz arbeiten alle schlechter und gehen früher.",
        why_solvable="Der Nachbarraum wird frei, es fehlt ein guter Plan.",
        why_me="Ich habe das Büro eingerichtet und kenne alle Wünsche.",
        starts_on=tomorrow_at(9).date(),
        ends_on=tomorrow_at(9).date(),
        city="Köln",
        pay="paid",
        values=["Früh sagen, wenn etwas schiefgeht."],
        seats=[("Architektur", "plant den Umbau")],
    )
    projects.accept_application(
        projects.invite(
            project.seats.get(), vera, anna, "Magst du unseren Umbau planen? Du kennst uns."
        ),
        anna,
    )
    meeting = projects.schedule_team_meeting(
        project,
        vera,
        title="Auftakt Umbau",
        starts_at=tomorrow_at(18),
        ends_at=tomorrow_at(19),
        time_zone="Europe/Berlin",
        place="Büro, Köln",
    )
    return {"vera": vera, "anna": anna, "tina": tina, "project": project, "meeting": meeting}


def test_main_pages_have_no_serious_accessibility_violations(new_page, members, axe_source):
    anna = members["anna"]
    public = [
        reverse("core:home"),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("recommendations:how_we_check"),
        reverse("core:impressum"),
        reverse("core:privacy"),
    ]
    member_pages = [
        reverse("core:start"),  # members land here; "/" redirects them
        reverse("accounts:portrait"),
        reverse("trust:network"),
        reverse("search:search") + "?q=Steuerberaterin",
        reverse("directory:list"),
        reverse("accounts:profile", args=[anna.pk]),
        reverse("accounts:profile_edit"),
        reverse("accounts:settings"),
        reverse("recommendations:inbox"),
        reverse("recommendations:create") + f"?subject={anna.pk}",
        reverse("asks:list"),
        reverse("asks:new"),
        reverse("messaging:inbox"),
        reverse("notifications:list"),
        reverse("circles:list"),
        reverse("circles:discover"),
        reverse("circles:new"),
        reverse("meetings:list"),
        reverse("invitations:list"),
        reverse("projects:list"),
        reverse("projects:new"),
        reverse("projects:team", args=[members["project"].pk]),
        reverse("projects:team_meeting_new", args=[members["project"].pk]),
        reverse("meetings:detail", args=[members["meeting"].pk]),
        reverse("moderation:log"),
        # A profile with someone else's recommendation (its "Report" link) and the report form.
        reverse("accounts:profile", args=[members["tina"].pk]),
        reverse(
            "moderation:report_recommendation",
            args=[Recommendation.objects.get(subject=members["tina"]).pk],
        ),
    ]
    problems: list[str] = []

    page = new_page()
    for url in public:
        response = page.goto(url)
        assert response.status == 200 and urlsplit(page.url).path == urlsplit(url).path, url
        problems += violations(page, axe_source)

    page.goto(reverse("account_login"))
    page.get_by_label(re.compile(r"^E-Mail", re.I)).fill(members["vera"].email)
    page.get_by_label(re.compile(r"^Passwort:?$", re.I)).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    for url in member_pages:
        response = page.goto(url)
        assert response.status == 200 and urlsplit(page.url).path == urlsplit(url).path, url
        problems += violations(page, axe_source)

    assert not problems, "\n".join(problems)

    # The check itself finds what it should: an image without a text alternative is critical.
    page.set_content('<html lang="de"><body><main><img src="/x.png"></main></body></html>')
    assert any("image-alt" in line for line in violations(page, axe_source))
