"""Earned contact in a real browser (English):

a stranger's message and offer are refused with the explaining text → a mutual contact introduces
them → both accept → the offer goes through; and a request answered with an introduction,
accepted, followed by a referral passed and updated to "led to business".
"""

import re

import pytest
from playwright.sync_api import expect

from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from goodword.recommendations.models import Status
from goodword.recommendations.tests.factories import RecommendationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTE = "Anna needs insurance for her new workshop, and Sven helped me with exactly that."


@pytest.fixture
def people(db):
    from goodword.trust.adapter import get_network

    get_network().reset()
    anna = UserFactory(display_name="Anna Adler", email="anna@e2e.test")
    sven = UserFactory(display_name="Sven Seller", email="sven@e2e.test")
    maria = UserFactory(display_name="Maria Mittler", email="maria@e2e.test")
    for subject in (anna, sven):  # Maria knows and recommends both; they do not know each other
        RecommendationFactory(author=maria, subject=subject, status=Status.ACCEPTED)
    return anna, sven, maria


def logged_in(new_page, user):
    page = new_page("en-GB")
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^E-?mail", re.I)).fill(user.email)
    page.get_by_label(re.compile(r"^Password:?$", re.I)).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    return page


def test_cold_pitch_refused_until_introduced(people, new_page, screenshot):
    anna, sven, maria = people
    pitcher = logged_in(new_page, sven)
    pitcher.goto(f"/messages/new/{anna.pk}/")
    expect(pitcher.get_by_role("alert")).to_contain_text("Ask someone you both know to introduce")
    expect(pitcher.locator("textarea")).to_have_count(0)
    screenshot(pitcher, "earned-contact-01-refused")

    introducer = logged_in(new_page, maria)
    introducer.goto(f"/introductions/new/?a={anna.pk}&b={sven.pk}")
    introducer.get_by_label("Why should they meet?").fill(NOTE)
    introducer.get_by_role("button", name="Send the introduction").click()
    expect(introducer.get_by_text("Waiting for both to accept")).to_be_visible()

    recipient = logged_in(new_page, anna)
    recipient.goto("/introductions/")
    expect(recipient.get_by_text("Maria Mittler introduces you to Sven Seller")).to_be_visible()
    recipient.get_by_role("button", name="Accept").click()
    expect(recipient.get_by_text("You accepted. Waiting for the other member.")).to_be_visible()

    pitcher.goto("/introductions/")
    pitcher.get_by_role("button", name="Accept").click()  # htmx swaps the card in place
    pitcher.get_by_role("link", name="Open the conversation").click()
    expect(pitcher.get_by_text("Maria Mittler introduced you:")).to_be_visible()
    expect(pitcher.get_by_text(NOTE)).to_be_visible()
    screenshot(pitcher, "earned-contact-02-introduced")

    pitcher.goto(f"/messages/new/{anna.pk}/")
    pitcher.get_by_label("Offer").check()
    pitcher.get_by_label("Message").fill("May I send you an offer for your workshop insurance?")
    pitcher.get_by_role("button", name="Send").click()
    expect(pitcher.get_by_text("Your message was sent.")).to_be_visible()
    expect(pitcher.locator(".message-item .intent")).to_have_text("Offer")

    recipient.goto("/messages/")
    recipient.get_by_role("link", name="Sven Seller", exact=True).click()
    expect(recipient.get_by_text("May I send you an offer")).to_be_visible()
    screenshot(recipient, "earned-contact-03-offer-received")


def test_request_answered_with_an_introduction_then_a_referral_to_business(
    people, new_page, screenshot
):
    anna, _sven, maria = people
    asker = logged_in(new_page, anna)
    asker.goto("/requests/new/")
    asker.get_by_label("What do you need?").fill("Insurance for a carpentry workshop")
    asker.get_by_label("Details").fill("Who knows an honest insurance adviser for crafts?")
    asker.get_by_label("Topics").fill("Insurance")
    asker.get_by_label("City").fill("Köln")
    asker.get_by_label("All members").check()
    asker.get_by_role("button", name="Post the request").click()
    expect(asker.get_by_text("Your request is posted.")).to_be_visible()
    request_url = asker.url

    helper = logged_in(new_page, maria)
    helper.goto(request_url)
    helper.get_by_label("Introduce someone I trust").check()
    helper.get_by_label("I recommend").select_option(label="Sven Seller")
    helper.get_by_label("because …").fill("Sven insured my studio and was fair and quick.")
    helper.get_by_role("button", name="Send my answer").click()
    expect(helper.get_by_text("Thank you for helping.")).to_be_visible()

    asker.goto(request_url)
    expect(asker.get_by_text("Maria Mittler recommends Sven Seller")).to_be_visible()
    screenshot(asker, "earned-contact-04-answers")
    asker.get_by_role("button", name="Accept the introduction").click()
    expect(asker.get_by_text("Sven insured my studio")).to_be_visible()

    # Maria now passes Anna a lead (answering Anna's request earned her that contact).
    helper.goto(f"/referrals/new/{anna.pk}/")
    helper.get_by_label("Who needs what?").fill("My neighbour's bakery needs a new shop counter.")
    helper.get_by_label("Contact person").fill("Frau Korn")
    helper.get_by_role("button", name="Pass it on").click()
    expect(helper.get_by_text("Thank you for passing this on")).to_be_visible()
    referral_url = helper.url

    asker.goto(referral_url)
    asker.get_by_label("Contacted").check()
    asker.get_by_role("button", name="Update").click()
    asker.get_by_label("Led to business", exact=True).check()
    asker.get_by_label(re.compile("Business volume")).fill("4200")
    asker.get_by_label("A word of thanks (optional)").fill("Thank you, Maria!")
    asker.get_by_role("button", name="Update").click()
    expect(asker.locator(".status").first).to_have_text("Led to business")

    helper.goto(referral_url)
    expect(helper.get_by_text("Thank you, Maria!")).to_be_visible()
    expect(helper.get_by_text("4200")).to_have_count(0)
    screenshot(helper, "earned-contact-05-referral-won")
