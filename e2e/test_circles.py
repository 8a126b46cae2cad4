"""Circles in a real browser (English): a member founds a circle, another asks to join
(agreeing to its values), the founder admits them from the moderation page, and the new
member posts on the board (htmx swaps the board in place); a moderator invites a newcomer by
e-mail, who signs up with the link and finds the circle invitation waiting."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from goodword.circles.models import Membership, Post
from goodword.circles.tests.factories import established, found

User = get_user_model()

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(db):
    from goodword.trust.adapter import get_network

    get_network().reset()
    anna = established(UserFactory(display_name="Anna Adler", email="anna@e2e.test"))
    maria = UserFactory(display_name="Maria Mittler", email="maria@e2e.test", city="Köln")
    return anna, maria


def logged_in(new_page, user):
    page = new_page("en-GB")
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^E-?mail", re.I)).fill(user.email)
    page.get_by_label(re.compile(r"^Password:?$", re.I)).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    return page


def test_found_join_admit_and_post(people, new_page, screenshot):
    anna, maria = people
    founder = logged_in(new_page, anna)
    founder.get_by_role("link", name="Circles", exact=True).click()
    founder.get_by_role("link", name="Found a circle").click()
    founder.get_by_label("Name of the circle").fill("Coaching-Kreis Köln")
    founder.get_by_label("Purpose").fill(
        "Selbstständige Coaches, die sich bei Akquise und Weiterbildung helfen."
    )
    founder.get_by_label("Stated values").fill(
        "What is said in the circle stays in the circle.\nWe help before we ask."
    )
    founder.get_by_label("City").fill("Köln")
    founder.get_by_label("Open: anyone may ask to join").check()
    founder.get_by_role("button", name="Found the circle").click()
    expect(founder.get_by_text("is founded")).to_be_visible()
    expect(founder.get_by_role("heading", name="Coaching-Kreis Köln")).to_be_visible()
    circle_url = founder.url
    screenshot(founder, "circles-01-founded")

    member = logged_in(new_page, maria)
    member.goto("/circles/discover/")
    member.get_by_role("link", name="Coaching-Kreis Köln").click()
    expect(member.get_by_text("We help before we ask.")).to_be_visible()
    expect(member.locator("#board")).to_have_count(0)  # the board is for members
    member.get_by_role("button", name="Ask to join").click()
    expect(member.get_by_text("Please agree to the circle's values")).to_be_visible()
    member.get_by_label("I agree to the circle's values").check()
    member.get_by_label("A word to the moderators (optional)").fill("I coach founders.")
    member.get_by_role("button", name="Ask to join").click()
    expect(member.get_by_text("You asked to join.").first).to_be_visible()

    founder.goto("/notifications/")
    founder.get_by_role("link", name=re.compile("Maria Mittler asks to join your circle")).click()
    expect(founder.get_by_text("I coach founders.")).to_be_visible()
    screenshot(founder, "circles-02-join-request")
    founder.get_by_role("button", name="Admit Maria Mittler").click()
    expect(founder.get_by_text("Maria Mittler is now a member.")).to_be_visible()
    assert Membership.objects.filter(member=maria).exists()

    member.goto(circle_url)
    member.get_by_label("Asking for help").check()
    member.get_by_label("Your post").fill("Who knows a good tax adviser for coaches?")
    member.get_by_role("button", name="Post", exact=True).click()
    expect(member.locator("#board")).to_contain_text("Who knows a good tax adviser for coaches?")
    expect(member.locator("#board").get_by_text("Posted on the board.")).to_be_visible()
    expect(member.locator("#board .intent")).to_have_text("Asking for help")
    assert Post.objects.get().author == maria
    screenshot(member, "circles-03-board")


def test_invite_a_newcomer_by_email_who_finds_the_circle_waiting(people, new_page, screenshot):
    """A moderator invites someone not on Goodword by e-mail: the invitations app sends the
    mail (naming the circle), the newcomer signs up with its link and finds the circle
    invitation waiting, which they accept by agreeing to the values."""
    from django.core import mail

    anna, _maria = people
    circle = found(anna, name="Coaching-Kreis Köln")
    anna.date_joined = timezone.now() - timedelta(days=200)  # may invite (docs/invitations.md)
    anna.save(update_fields=["date_joined"])
    founder = logged_in(new_page, anna)
    founder.goto(f"/circles/{circle.pk}/moderation/")
    form = founder.locator("form", has=founder.get_by_role("button", name="Send the invitation"))
    form.get_by_label("E-mail address").fill("not-an-address")
    form.get_by_label("How do you know each other?").fill("We ran the market stall together.")
    form.get_by_role("button", name="Send the invitation").click()
    expect(founder.get_by_text("Please enter a valid e-mail address.")).to_be_visible()
    form = founder.locator("form", has=founder.get_by_role("button", name="Send the invitation"))
    form.get_by_label("E-mail address").fill("bernd.neu@e2e.test")
    form.get_by_role("button", name="Send the invitation").click()
    expect(founder.get_by_text("Your invitation is on its way.")).to_be_visible()
    screenshot(founder, "circles-04-invite-by-email")

    (message,) = [m for m in mail.outbox if "bernd.neu@e2e.test" in m.to]
    assert "Coaching-Kreis Köln" in message.body
    link = re.search(r"https?://\S+/invitations/join/[0-9a-f]{64}/", message.body).group(0)

    newcomer = new_page("en-GB")
    newcomer.goto(urlsplit(link).path)
    newcomer.get_by_role("link", name="Create your account").click()
    expect(newcomer.get_by_label(re.compile(r"^E-?mail", re.I))).to_have_value("bernd.neu@e2e.test")
    newcomer.get_by_label(re.compile(r"^Password:?$", re.I)).fill("a-long-e2e-passphrase")
    newcomer.get_by_label(re.compile(r"^Password \(", re.I)).fill("a-long-e2e-passphrase")
    newcomer.get_by_role("button", name="Create account").click()
    newcomer.wait_for_load_state()
    bernd = User.objects.get(email="bernd.neu@e2e.test")

    newcomer.goto("/notifications/")
    newcomer.get_by_role("link", name=re.compile("Anna Adler invited you to a circle")).click()
    expect(newcomer.get_by_text("Anna Adler invites you to join this circle.")).to_be_visible()
    expect(newcomer.get_by_text("We ran the market stall together.")).to_be_visible()
    newcomer.get_by_role("button", name="Accept and join").click()
    expect(newcomer.get_by_text("Please agree to the circle's values").first).to_be_visible()
    assert not Membership.objects.filter(member=bernd).exists()
    newcomer.get_by_label("I agree to the circle's values").check()
    newcomer.get_by_role("button", name="Accept and join").click()
    expect(newcomer.locator("#board")).to_be_visible()
    screenshot(newcomer, "circles-05-newcomer-joined")
    membership = Membership.objects.get(member=bernd, circle=circle)
    assert membership.agreed_values == circle.values
