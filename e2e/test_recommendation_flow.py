"""The core flow in a real browser, in German and in English:

sign up → confirm the e-mail from the outbox → fill the profile → open another member's profile →
write a recommendation → log out → that member logs in and accepts → it shows on both profiles.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXT = {
    "de": {
        "locale": "de-DE",
        "signup_link": "Registrieren",
        "email": re.compile(r"^E-Mail", re.I),
        "password": re.compile(r"^Passwort:?$", re.I),
        "password2": re.compile(r"^Passwort \(", re.I),
        "create_account": "Konto erstellen",
        "confirm": "Bestätigen",
        "my_profile": "Mein Profil",
        "edit_facts": "Meine Angaben bearbeiten",
        "display_name": "Anzeigename",
        "profession": "Beruf",
        "city": "Ort",
        "topics_profile": "Themen, an denen du arbeitest",
        "language": "Englisch",
        "looking_for": "Ich suche",
        "save": re.compile(r"speichern", re.I),
        "members": "Mitglieder",
        "write": "Eine Empfehlung für {name} schreiben",
        "rec_text": "Deine Empfehlung",
        "rec_topics": "Themen",
        "relationship": "Woher kennt ihr euch?",
        "relationship_choice": "worked_together",
        "year": "Seit wann (Jahr)?",
        "send": "Zur Zustimmung senden",
        "logout": "Abmelden",
        "login": "Anmelden",
        "public": "Alle, auch Besucherinnen und Besucher ohne Anmeldung",
        "nav": "Hauptnavigation",
        "inbox_link": "Empfehlungen",
        "inbox": "Meine Empfehlungen",
        "accept": "Annehmen und veröffentlichen",
        "others_say": "Was andere über {name} sagen",
        "says_about": "Was {name} über andere sagt",
        "me": {
            "name": "Jana Neumann",
            "email": "jana.neumann@e2e.test",
            "city": "Leipzig",
            "profession": "Steuerberaterin",
        },
        "other": {"name": "Bernd Holzer", "email": "bernd.holzer@e2e.test"},
        "recommendation": "Bernd hat unsere Küche aus Massivholz gebaut: pünktlich, sauber und "
        "mit viel Liebe zum Detail. Jederzeit wieder!",
        "topic": "Möbelbau",
    },
    "en": {
        "locale": "en-GB",
        "signup_link": "Sign up",
        "email": re.compile(r"^E-?mail", re.I),
        "password": re.compile(r"^Password:?$", re.I),
        "password2": re.compile(r"^Password \(", re.I),
        "create_account": "Create account",
        "confirm": "Confirm",
        "my_profile": "My profile",
        "edit_facts": "Edit my facts",
        "display_name": "Display name",
        "profession": "Profession",
        "city": "City",
        "topics_profile": "Topics you work on",
        "language": "German",
        "looking_for": "I am looking for",
        "save": re.compile(r"^Save", re.I),
        "members": "Members",
        "write": "Write a recommendation for {name}",
        "rec_text": "Your recommendation",
        "rec_topics": "Topics",
        "relationship": "How do you know each other?",
        "relationship_choice": "was_client",
        "year": "Since when (year)?",
        "send": "Send for acceptance",
        "logout": "Log out",
        "login": "Log in",
        "public": "Everyone, also visitors who are not logged in",
        "nav": "Main navigation",
        "inbox_link": "Recommendations",
        "inbox": "My recommendations",
        "accept": "Accept and publish",
        "others_say": "What others say about {name}",
        "says_about": "What {name} says about others",
        "me": {
            "name": "Alex Morgan",
            "email": "alex.morgan@e2e.test",
            "city": "Wien",
            "profession": "UX designer",
        },
        "other": {"name": "Clara Vogt", "email": "clara.vogt@e2e.test"},
        "recommendation": "Clara redesigned our booking flow with real users in the room. "
        "Bookings doubled and support calls halved. **Highly recommended.**",
        "topic": "Usability testing",
    },
}


def nav(page, t):
    return page.get_by_role("navigation", name=t["nav"])


def logged_in(page, t):
    expect(nav(page, t).get_by_role("button", name=t["logout"])).to_be_visible()


def logged_out(page, t):
    expect(nav(page, t).get_by_role("link", name=t["login"])).to_be_visible()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_sign_up_recommend_accept(lang, new_page, screenshot, confirmation_link):
    t = TEXT[lang]
    me, other = t["me"], t["other"]
    UserFactory(
        email=other["email"],
        display_name=other["name"],
        city="Berlin",
        profession="Tischler",
        visibility="public",
    )
    page = new_page(t["locale"])

    # Sign up.
    page.goto("/")
    screenshot(page, f"{lang}-01-home")
    nav(page, t).get_by_role("link", name=t["signup_link"]).click()
    page.get_by_label(t["email"]).fill(me["email"])
    page.get_by_label(t["password"]).fill("a-long-e2e-passphrase")
    page.get_by_label(t["password2"]).fill("a-long-e2e-passphrase")
    screenshot(page, f"{lang}-02-signup")
    page.get_by_role("button", name=t["create_account"]).click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    screenshot(page, f"{lang}-03-verification-sent")

    # Confirm the address with the link from the e-mail.
    link = confirmation_link(me["email"])
    page.goto(urlsplit(link).path)
    screenshot(page, f"{lang}-04-confirm")
    page.get_by_role("button", name=t["confirm"]).click()
    logged_in(page, t)

    # Fill the profile.
    nav(page, t).get_by_role("link", name=t["my_profile"]).click()
    page.get_by_role("link", name=t["edit_facts"]).click()
    page.get_by_label(t["display_name"]).fill(me["name"])
    page.get_by_label(t["profession"]).fill(me["profession"])
    page.get_by_label(t["city"], exact=True).fill(me["city"])
    page.get_by_label(t["topics_profile"]).fill("Steuern, Buchhaltung")
    page.get_by_label(t["language"], exact=True).check()
    page.get_by_label(t["looking_for"]).fill("Ein gutes Wort / a good word")
    page.get_by_label(t["public"]).check()  # both profiles public: visitors see them below
    screenshot(page, f"{lang}-05-profile-edit")
    page.get_by_role("button", name=t["save"]).click()
    expect(page.get_by_role("heading", level=1, name=me["name"])).to_be_visible()
    screenshot(page, f"{lang}-06-own-profile")

    # Find the other member in the directory and write a recommendation.
    nav(page, t).get_by_role("link", name=t["members"]).click()
    screenshot(page, f"{lang}-07-directory")
    page.get_by_role("link", name=other["name"]).first.click()
    expect(page.get_by_role("heading", level=1, name=other["name"])).to_be_visible()
    page.get_by_role("link", name=t["write"].format(name=other["name"])).click()
    page.get_by_label(t["rec_text"]).fill(t["recommendation"])
    page.get_by_label(t["rec_topics"], exact=True).fill(t["topic"])
    page.get_by_label(t["relationship"]).select_option(t["relationship_choice"])
    page.get_by_label(t["year"]).fill("2021")
    screenshot(page, f"{lang}-08-write-recommendation")
    page.get_by_role("button", name=t["send"]).click()
    expect(page).not_to_have_url(re.compile(r"/recommendations/new/"))
    screenshot(page, f"{lang}-09-sent")

    # Log out; the other member logs in and accepts.
    nav(page, t).get_by_role("button", name=t["logout"]).click()
    logged_out(page, t)
    nav(page, t).get_by_role("link", name=t["login"]).click()
    page.get_by_label(t["email"]).fill(other["email"])
    page.get_by_label(t["password"]).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name=t["login"]).click()
    logged_in(page, t)
    nav(page, t).get_by_role("link", name=t["inbox_link"], exact=True).click()
    expect(page.get_by_role("heading", level=1, name=t["inbox"])).to_be_visible()
    screenshot(page, f"{lang}-10-inbox")
    pending = page.get_by_role("article").filter(has_text=t["recommendation"][:30])
    pending.get_by_role("button", name=t["accept"]).click()
    expect(page.get_by_role("button", name=t["accept"])).to_have_count(0)

    # It appears on both profiles, for everyone.
    nav(page, t).get_by_role("button", name=t["logout"]).click()
    logged_out(page, t)
    first_words = t["recommendation"].split(":")[0].split(".")[0]
    nav(page, t).get_by_role("link", name=t["members"]).click()
    page.get_by_role("link", name=other["name"]).first.click()
    received = page.get_by_role("region", name=t["others_say"].format(name=other["name"]))
    expect(received).to_contain_text(first_words)
    expect(received.get_by_role("link", name=me["name"])).to_be_visible()
    screenshot(page, f"{lang}-11-subject-profile")

    received.get_by_role("link", name=me["name"]).first.click()
    given = page.get_by_role("region", name=t["says_about"].format(name=me["name"]))
    expect(given).to_contain_text(first_words)
    screenshot(page, f"{lang}-12-author-profile")
