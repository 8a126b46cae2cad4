"""A member logs in and lands on their start page, decides what waits there, then gives
themselves a portrait (and sees a clear message for a file that is not a picture)."""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from goodword.recommendations.services import give_recommendation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_start_page_then_portrait(new_page, screenshot, tmp_path):
    member = UserFactory(email="start@e2e.test", display_name="Stella Start")
    author = UserFactory(display_name="Arne Autor")
    give_recommendation(
        author, member, "Stella hat unser Lager in zwei Wochen neu geordnet, ruhig und genau.",
        ["Logistik"], "worked_together", 2020,
    )  # fmt: skip
    page = new_page("de-DE")
    problems = []
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))

    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^E-Mail", re.I)).fill("start@e2e.test")
    page.get_by_label(re.compile(r"^Passwort:?$", re.I)).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/start/$"))
    expect(page.get_by_role("heading", level=1, name="Hallo, Stella Start")).to_be_visible()
    badge = page.locator(".nav-account .badge")
    expect(badge).to_have_text("1")
    screenshot(page, "de-30-start")

    page.get_by_role("link", name="Arne Autor hat dich empfohlen").click()
    page.get_by_role("button", name="Annehmen und veröffentlichen").click()
    expect(page.get_by_role("button", name="Annehmen und veröffentlichen")).to_have_count(0)
    page.goto("/start/")
    expect(page.get_by_text("Nichts wartet auf deine Zustimmung")).to_be_visible()
    expect(badge).to_have_count(0)  # deciding read the notice

    # A file that is not a picture: a clear message, nothing stored.
    (tmp_path / "lebenslauf.jpg").write_bytes(b"%PDF-1.4 kein Bild")
    page.goto("/settings/")
    page.get_by_role("link", name="Dein Porträt").first.click()
    page.get_by_label("Dein Porträt").set_input_files(str(tmp_path / "lebenslauf.jpg"))
    page.get_by_role("button", name="Mein Porträt hochladen").click()
    expect(page.get_by_text("Diese Datei ist kein Bild, das wir lesen können")).to_be_visible()
    # That 400 answer (and the browser's console line about it) was expected.
    problems[:] = [p for p in problems if not p.startswith("400 ") and "status of 400" not in p]

    photo = tmp_path / "foto.png"
    Image.new("RGB", (900, 600), (30, 140, 90)).save(photo)
    page.get_by_label("Dein Porträt").set_input_files(str(photo))
    page.get_by_role("button", name="Mein Porträt hochladen").click()
    expect(page.get_by_text("Dein Porträt ist gespeichert.")).to_be_visible()
    picture = page.locator(".profile-title .avatar img")
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.complete && img.naturalWidth") == 400
    screenshot(page, "de-31-portrait")

    page.get_by_role("link", name="Mein Porträt ändern").click()
    page.get_by_role("button", name="Mein Porträt entfernen").click()
    expect(page.get_by_text("Dein Porträt ist entfernt.")).to_be_visible()
    expect(page.locator(".portrait-current .avatar")).to_have_text("SS")
    assert problems == []
