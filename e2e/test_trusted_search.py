"""Trusted search in a real browser, in German (issue 4):

log in → "Dein Netzwerk" in trust order → "Wen suchst du?" for "Steuerberaterin" finds the
"Steuerberatung" recommendations, connected members first → open a result → "Wie ihr verbunden
seid" draws the path (SVG with title and description) → set a private trust mark there →
"Dein Netzwerk" ranks that member higher.

The live server runs in this process and shares the trust graph: the mark's service appends to
the trust change log after commit (django-tasks runs immediately in tests) and every page replays
the log before answering (`TRUST_SYNC_INTERVAL` is 0 here), so nothing needs to sleep.
"""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from goodword.recommendations.models import Relationship
from goodword.recommendations.services import accept_recommendation, give_recommendation
from goodword.search.services import refresh_search_document
from goodword.trust.adapter import get_network

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROFESSION_QUERY = "Steuerberaterin"
MARK = "Ich habe mit ihr zusammengearbeitet"


def recommend(author, subject, text, topics, relationship=Relationship.WORKED_TOGETHER, year=2015):
    """Written and accepted through the services, as members would (trust refresh after
    commit), then the subject's search document is brought up to date."""
    rec = give_recommendation(author, subject, text, topics, relationship, year)
    accept_recommendation(subject, rec)
    refresh_search_document(subject.pk)
    return rec


@pytest.fixture
def network(db):
    """Vera knows Anna well and Bernd only a little. Anna recommends the tax advisor Tina,
    Bernd the tax advisor Udo; Zora, a third tax advisor, is recommended by a stranger."""
    get_network().reset()
    cache.clear()

    def member(name, **facts):
        user = UserFactory(display_name=name, city=facts.pop("city", "Köln"), **facts)
        refresh_search_document(user.pk)
        return user

    vera = member("Vera Viewer", email="vera@e2e.test")
    anna = member("Anna Schmidt", profession="Architektin")
    bernd = member("Bernd Ott", profession="Schreiner")
    tina = member("Tina Brandt", profession="Steuerberaterin")
    udo = member("Udo Lindner", profession="Steuerberater", city="Bonn")
    zora = member("Zora Fremd", profession="Steuerberaterin")
    sam = member("Sam Stranger")
    recommend(
        vera,
        anna,
        "Anna hat unser Haus umgebaut: klare Pläne, ehrliche Kosten, pünktlich fertig.",
        ["Architektur"],
    )
    recommend(
        vera,
        bernd,
        "Bernd hat uns auf dem Markt einen schönen Tisch gebaut, wir kennen uns erst kurz.",
        ["Möbelbau"],
        Relationship.OTHER,
        2026,
    )
    recommend(
        anna,
        tina,
        "Tina macht seit Jahren die Steuerberatung für mein Büro, immer gut erreichbar.",
        ["Steuerberatung"],
    )
    recommend(
        bernd,
        udo,
        "Udo hat meine Werkstatt in der Steuerberatung durch die Betriebsprüfung gebracht.",
        ["Steuerberatung"],
    )
    recommend(
        sam,
        zora,
        "Zora hat meine Steuerberatung übernommen und alle Fristen im Blick behalten.",
        ["Steuerberatung"],
    )
    yield {"vera": vera, "tina": tina, "udo": udo, "zora": zora}
    get_network().reset()
    cache.clear()


def network_names(page) -> list[str]:
    page.goto("/trust/network/")
    expect(page.get_by_role("heading", level=1, name="Dein Netzwerk")).to_be_visible()
    return page.locator(".network-list > li strong").all_inner_texts()


def test_search_a_profession_see_the_path_mark_and_the_ranking_changes(
    network, new_page, screenshot, settings
):
    settings.TRUST_SYNC_INTERVAL = 0  # every page replays the change log first
    page = new_page("de-DE")
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^E-Mail", re.I)).fill("vera@e2e.test")
    page.get_by_label(re.compile(r"^Passwort:?$", re.I)).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()

    before = network_names(page)
    assert before == ["Anna Schmidt", "Bernd Ott", "Tina Brandt", "Udo Lindner"]
    screenshot(page, "trusted-search-01-network-before")

    # "Wen suchst du?": a German word form; the recommendations say "Steuerberatung".
    page.goto("/search/")
    search = page.get_by_label("Wen suchst du?")
    search.fill(PROFESSION_QUERY)
    search.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("3 Mitglieder gefunden")
    connected = page.locator(".search-results.connected > li h3")
    expect(connected).to_have_text(["Tina Brandt", "Udo Lindner"])
    expect(page.locator(".search-results.not-connected > li h3")).to_have_text(["Zora Fremd"])
    expect(page.get_by_text("Nicht mit dir verbunden")).to_be_visible()
    udo_result = page.locator(".search-result", has_text="Udo Lindner")
    expect(udo_result.locator("mark").first).to_be_visible()  # why: the matched words
    expect(udo_result.locator(".trust-path")).to_contain_text("Bernd Ott")
    screenshot(page, "trusted-search-02-results")

    # Open the result: the profile loads "Wie ihr verbunden seid" (htmx).
    udo_result.get_by_role("link", name="Udo Lindner").click()
    panel = page.locator("#trust-connection")
    expect(panel.get_by_role("heading", name="Wie ihr verbunden seid")).to_be_visible()
    picture = panel.get_by_role("img", name="Wie du mit Udo Lindner verbunden bist")
    expect(picture).to_be_visible()
    expect(picture.locator("desc")).to_have_text(re.compile(r"Du → Bernd Ott → Udo Lindner\."))
    expect(panel.locator(".closeness")).to_have_text("Über eine Person, der du vertraust")
    expect(panel).to_contain_text("Bernd Ott empfiehlt Udo Lindner")
    screenshot(page, "trusted-search-03-connection")

    # A private trust mark: only Vera sees it; it makes Udo close to her.
    panel.get_by_label(MARK).check()
    panel.get_by_role("button", name="Marke speichern").click()
    panel = page.locator("#trust-connection")
    expect(panel.get_by_role("button", name="Marke ändern")).to_be_visible()
    expect(panel.get_by_label(MARK)).to_be_checked()
    expect(panel.locator(".closeness")).to_have_text("Nah")
    expect(panel.locator("svg desc")).to_contain_text("Du → Udo Lindner.")
    screenshot(page, "trusted-search-04-marked")

    after = network_names(page)
    assert after == ["Anna Schmidt", "Udo Lindner", "Bernd Ott", "Tina Brandt"]
    assert after != before
    screenshot(page, "trusted-search-05-network-after")
