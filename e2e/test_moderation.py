"""A report handled end to end in a real browser (English):

two members have reported Sven's sales pitch, a third reports it from the conversation (the
reports reach the threshold) → moderator Mona hides the pitch on the ground "spam" with a reason
→ the reporter no longer sees it and is told the outcome → Sven sees the notice and appeals →
the appeal goes to the other moderator, Max, who lifts it as too severe → the public log shows
both decisions with their grounds and reasons, and no names.
"""

import re

import pytest
from playwright.sync_api import expect

from goodword.accounts.tests.factories import DEFAULT_PASSWORD
from goodword.moderation.tests.factories import (
    SPAM_TEXT,
    conversation_with,
    moderator,
    old_member,
    reported_case,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HIDE_REASON = "Dieselbe Verkaufsnachricht an viele Mitglieder, die nicht gefragt hatten."
LIFT_REASON = "Eine Verwarnung hätte gereicht: erste Nachricht dieser Art."


def logged_in(new_page, user):
    page = new_page("en-GB")
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^E-?mail", re.I)).fill(user.email)
    page.get_by_label(re.compile(r"^Password:?$", re.I)).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    return page


def test_a_moderator_handles_a_report_end_to_end(new_page, screenshot):
    from goodword.trust.adapter import get_network

    get_network().reset()
    mona = moderator(display_name="Mona Moderatorin", email="mona@e2e.test")
    max_ = moderator(display_name="Max Moderator", email="max@e2e.test")
    case = reported_case(reporters=2)
    sven = case.member
    third = old_member(display_name="Rita Dritte", email="rita@e2e.test")
    conversation = conversation_with(sven, third)

    reporter = logged_in(new_page, third)
    reporter.goto(f"/messages/{conversation.pk}/")
    expect(reporter.get_by_text(SPAM_TEXT)).to_be_visible()
    reporter.get_by_role("link", name=f"Report {sven}").click()
    reporter.get_by_label("Spam or unwanted sales pitch").check()
    reporter.get_by_label(re.compile("What happened")).fill("Kenne ihn nicht, nur Werbung.")
    reporter.get_by_role("button", name="Send report").click()
    expect(reporter.get_by_text("Your report went to the moderators")).to_be_visible()

    mod = logged_in(new_page, mona)
    mod.get_by_role("link", name="Moderation log").click()
    mod.get_by_role("link", name="Open the moderation queue").click()
    expect(mod.get_by_text("Restricted automatically")).to_be_visible()
    mod.get_by_role("link", name=str(sven)).click()
    expect(mod.get_by_text("Kenne ihn nicht, nur Werbung.")).to_be_visible()
    expect(mod.get_by_text("Rita Dritte").first).to_be_visible()  # reporters: moderators only
    expect(mod.get_by_text(SPAM_TEXT).first).to_be_visible()
    screenshot(mod, "moderation-01-case")
    mod.get_by_label("Content hidden").check()
    mod.get_by_label("Ground").select_option(label="Spam or unwanted sales pitch")
    mod.get_by_label("Reason", exact=True).fill(HIDE_REASON)
    mod.get_by_role("button", name="Decide").click()
    expect(mod.get_by_text("Decided: Content hidden.")).to_be_visible()
    expect(mod.get_by_text("No open reports.")).to_be_visible()

    reporter.goto(f"/messages/{conversation.pk}/")
    expect(reporter.get_by_text("This message was hidden by the moderators.")).to_be_visible()
    expect(reporter.get_by_text(SPAM_TEXT)).to_have_count(0)
    reporter.goto("/notifications/")
    expect(reporter.get_by_role("link", name="A moderator decided on your report")).to_be_visible()

    member = logged_in(new_page, sven)
    member.goto("/notifications/")
    member.get_by_role("link", name="A moderator decided about your account").click()
    expect(member.get_by_text(HIDE_REASON)).to_be_visible()
    expect(member.get_by_text("Spam or unwanted sales pitch")).to_be_visible()
    expect(member.get_by_text("Rita Dritte")).to_have_count(0)
    member.get_by_label("Why should the decision be changed?").fill(
        "Ich dachte, das Angebot passt. Ich schreibe niemandem mehr ungefragt."
    )
    member.get_by_role("button", name="Send the appeal").click()
    expect(member.get_by_text("Your appeal was sent.").first).to_be_visible()
    screenshot(member, "moderation-02-appealed")

    mod.goto("/moderation/")
    expect(mod.get_by_text("No appeal waits for you.")).to_be_visible()  # her own decision

    other = logged_in(new_page, max_)
    other.goto("/notifications/")
    other.get_by_role("link", name="An appeal waits for your decision").click()
    expect(other.get_by_text("Ich schreibe niemandem mehr ungefragt.")).to_be_visible()
    other.get_by_label("Lift: undo the action").check()
    other.get_by_label("Ground").select_option(label="The action was too severe")
    other.get_by_label("Reason", exact=True).fill(LIFT_REASON)
    other.get_by_role("button", name="Decide the appeal").click()
    expect(other.get_by_text("The appeal is decided and the member is told.")).to_be_visible()

    member.goto("/notifications/")
    member.get_by_role("link", name="Your appeal was decided").click()
    expect(member.get_by_text(LIFT_REASON)).to_be_visible()
    reporter.goto(f"/messages/{conversation.pk}/")
    expect(reporter.get_by_text(SPAM_TEXT)).to_be_visible()

    public = new_page("en-GB")
    public.goto("/")
    public.get_by_role("link", name="Moderation log").click()
    rows = public.locator("table.moderation-log tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Lifted")
    expect(rows.nth(0)).to_contain_text("on appeal")
    expect(rows.nth(0)).to_contain_text(LIFT_REASON)
    expect(rows.nth(1)).to_contain_text("Content hidden")
    expect(rows.nth(1)).to_contain_text("Spam or unwanted sales pitch")
    expect(rows.nth(1)).to_contain_text(HIDE_REASON)
    body = public.locator("main").inner_text()
    for name in ("Sven", "Mona", "Max Moderator", "Rita", "Reporter"):
        assert name not in body
    screenshot(public, "moderation-03-public-log")


RECOMMENDATION = "Rolf hat bei uns die ZAUBERFORMEL für doppelte Umsätze verkauft, garantiert."
HIDE_TEXT_REASON = "Falsche Versprechen in einer Empfehlung."
END_REASON = "Der Autor hat den Text erklärt; verbergen war zu hart."


def test_a_reported_recommendation_is_hidden_and_lifted(new_page, screenshot):
    """A member reports a public recommendation from the profile → a moderator hides its
    words (the author still sees them, everybody else a notice) → another moderator lifts the
    decision from the case page → the words are back, and the log says so, without names."""
    from goodword.recommendations.models import Relationship
    from goodword.recommendations.services import accept_recommendation, give_recommendation
    from goodword.trust.adapter import get_network

    get_network().reset()
    mona = moderator(display_name="Mona Moderatorin", email="mona2@e2e.test")
    max_ = moderator(display_name="Max Moderator", email="max2@e2e.test")
    rolf = old_member(display_name="Rolf Rater", email="rolf@e2e.test")
    susi = old_member(display_name="Susi Subject", email="susi@e2e.test")
    susi.profile.visibility = "public"  # visitors read her profile
    susi.profile.save()
    rita = old_member(display_name="Rita Reporter", email="rita2@e2e.test")
    rec = give_recommendation(
        rolf, susi, RECOMMENDATION, ["Vertrieb"], Relationship.WORKED_TOGETHER, 2019
    )
    accept_recommendation(susi, rec)

    reporter = logged_in(new_page, rita)
    reporter.goto(f"/members/{susi.pk}/")
    expect(reporter.get_by_text("ZAUBERFORMEL")).to_be_visible()
    reporter.get_by_role(
        "link", name="Report the recommendation by Rolf Rater about Susi Subject"
    ).click()
    expect(reporter.get_by_role("heading", level=1)).to_have_text("Report a recommendation")
    reporter.get_by_role("button", name="Send report").click()  # no reason chosen
    expect(reporter.get_by_text("Please choose why you are reporting.")).to_be_visible()
    reporter.get_by_label("False or misleading claims").check()
    reporter.get_by_label(re.compile("What happened")).fill("Solche Garantien gibt es nicht.")
    reporter.get_by_role("button", name="Send report").click()
    expect(reporter.get_by_text("Your report went to the moderators")).to_be_visible()
    expect(reporter.get_by_text("ZAUBERFORMEL")).to_be_visible()  # one report hides nothing

    mod = logged_in(new_page, mona)
    mod.goto("/moderation/")
    mod.get_by_role("link", name="Rolf Rater").click()
    expect(mod.get_by_text("Solche Garantien gibt es nicht.")).to_be_visible()
    expect(mod.get_by_role("heading", name="The reported recommendations")).to_be_visible()
    expect(mod.get_by_text("ZAUBERFORMEL")).to_be_visible()
    screenshot(mod, "moderation-04-recommendation-case")
    mod.get_by_label("Content hidden").check()
    mod.get_by_label("Ground").select_option("deception")
    mod.get_by_label("Reason", exact=True).fill(HIDE_TEXT_REASON)
    mod.get_by_role("button", name="Decide").click()
    expect(mod.get_by_text("Decided: Content hidden.")).to_be_visible()

    visitor = new_page("en-GB")
    visitor.goto(f"/members/{susi.pk}/")
    expect(
        visitor.get_by_text("The text of this recommendation was hidden by the moderators.")
    ).to_be_visible()
    expect(visitor.get_by_text("ZAUBERFORMEL")).to_have_count(0)
    author = logged_in(new_page, rolf)
    author.goto(f"/members/{susi.pk}/")
    expect(author.get_by_text("ZAUBERFORMEL")).to_be_visible()
    expect(author.get_by_text("Hidden by the moderators: only you see this text.")).to_be_visible()
    screenshot(author, "moderation-05-hidden-for-the-author")

    other = logged_in(new_page, max_)
    other.goto(f"/moderation/members/{rolf.pk}/")
    lift = other.locator("details.lift")
    lift.get_by_text("Lift this decision").click()
    lift.get_by_label("Ground").select_option("disproportionate")
    lift.get_by_label("Reason").fill(END_REASON)
    lift.get_by_role("button", name="Lift", exact=True).click()
    expect(other.locator(".message.success")).to_contain_text("Lifted. The member is told")

    visitor.reload()
    expect(visitor.get_by_text("ZAUBERFORMEL")).to_be_visible()
    visitor.goto("/moderation/log/")
    rows = visitor.locator("table.moderation-log tbody tr")
    expect(rows.nth(0)).to_contain_text("Lifted")
    expect(rows.nth(0)).to_contain_text("by a moderator")
    expect(rows.nth(0)).to_contain_text(END_REASON)
    expect(rows.nth(1)).to_contain_text(HIDE_TEXT_REASON)
    body = visitor.locator("main").inner_text()
    for name in ("Rolf", "Susi", "Rita", "Mona", "Max Moderator"):
        assert name not in body
