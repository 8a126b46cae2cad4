"""Meetings in a real browser (English): a moderator schedules a circle meeting, a member
answers yes and downloads the .ics (parsed back with icalendar), writes a goal; the member
proposes a one-to-one that the moderator accepts; after the meeting, "who helped you?" prompts
a thank-you or a recommendation, which the member may follow or not; the thank-you is sent."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from goodword.circles.tests.factories import found, join
from goodword.meetings.models import Meeting
from goodword.meetings.tests.factories import held, tomorrow_at

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logged_in(new_page, user):
    page = new_page("en-GB")
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^E-?mail", re.I)).fill(user.email)
    page.get_by_label(re.compile(r"^Password:?$", re.I)).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    return page


def test_schedule_answer_calendar_one_to_one_and_after_meeting_prompt(
    new_page, screenshot, tmp_path: Path
):
    from goodword.trust.adapter import get_network

    get_network().reset()
    frida = UserFactory(display_name="Frida Gründerin", email="frida@e2e.test")
    mara = UserFactory(display_name="Mara Mitglied", email="mara@e2e.test")
    circle = found(frida, name="Coaching-Kreis Köln")
    join(circle, mara)

    organiser = logged_in(new_page, frida)
    organiser.goto(f"/circles/{circle.pk}/")
    organiser.get_by_role("link", name="Schedule a meeting").click()
    organiser.get_by_label("Title").fill("Growth round in December")
    organiser.get_by_label("Agenda").fill("Goals round, then pricing.")
    start = tomorrow_at(18)
    organiser.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT%H:%M"))
    organiser.get_by_label("Ends").fill((start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    organiser.get_by_label("Time zone").select_option("Europe/Berlin")
    organiser.get_by_label("Place (address)").fill("Venloer Str. 1, Köln")
    organiser.get_by_label("Capacity").fill("8")
    organiser.get_by_role("button", name="Schedule the meeting").click()
    expect(organiser.get_by_text("The meeting is scheduled.")).to_be_visible()
    organiser.get_by_label("Yes, I’ll come").check()
    organiser.get_by_role("button", name="Send my answer").click()
    expect(organiser.get_by_text("You are coming.")).to_be_visible()
    meeting = Meeting.objects.get()

    member = logged_in(new_page, mara)
    member.goto(f"/circles/{circle.pk}/")
    member.get_by_role("link", name="Growth round in December").click()
    expect(member.get_by_text("18:00")).to_be_visible()
    member.get_by_label("Yes, I’ll come").check()
    member.get_by_role("button", name="Send my answer").click()  # htmx swaps the meeting
    expect(member.get_by_text("Your answer: Yes, I’ll come")).to_be_visible()
    member.get_by_label("My goal for this meeting").fill("Two first clients for my workshops")
    member.get_by_role("button", name="Save my goal").click()
    expect(member.get_by_text("Your goal is on the meeting page.")).to_be_visible()
    expect(member.get_by_role("listitem").filter(has_text="Two first clients")).to_be_visible()
    screenshot(member, "meetings-01-meeting")

    with member.expect_download() as download_info:
        member.get_by_role("link", name="Add to my calendar (.ics)").click()
    path = tmp_path / "meeting.ics"
    download_info.value.save_as(path)
    (event,) = Calendar.from_ical(path.read_bytes()).events
    assert str(event["SUMMARY"]) == "Growth round in December"
    assert event.start == start and event.start.tzinfo.key == "Europe/Berlin"
    assert str(event["UID"]).startswith(f"meeting-{meeting.pk}@")

    # A one-to-one: Mara proposes, Frida accepts the second time.
    member.goto(f"/members/{frida.pk}/")
    member.get_by_role("link", name="Propose a one-to-one").click()
    member.get_by_label("Why would you like to meet?").fill(
        "I would love to hear how you found your first coaching clients."
    )
    member.get_by_label("Suggested time").fill(tomorrow_at(9).strftime("%Y-%m-%dT%H:%M"))
    member.get_by_label("Another time (optional)").fill(tomorrow_at(14).strftime("%Y-%m-%dT%H:%M"))
    member.get_by_role("button", name="Send the proposal").click()
    expect(member.get_by_text("Your proposal is sent.")).to_be_visible()

    organiser.goto("/notifications/")
    organiser.get_by_role("link", name=re.compile("would like to get to know you")).first.click()
    organiser.get_by_label(re.compile("14:00")).check()
    organiser.get_by_role("button", name="Accept this time").click()
    expect(organiser.get_by_text("Agreed.")).to_be_visible()
    screenshot(organiser, "meetings-02-one-to-one")

    # After the meeting: who helped Mara? The page suggests thanks or a recommendation.
    held(meeting)
    member.goto(f"/meetings/{meeting.pk}/")
    member.get_by_label("Who helped you?").select_option(label="Frida Gründerin")
    member.get_by_role("button", name="Note it").click()
    expect(member.get_by_text("Would you like to thank Frida Gründerin")).to_be_visible()
    expect(member.get_by_role("link", name="Thank Frida Gründerin")).to_be_visible()
    expect(member.get_by_text("Or neither: that is fine too.")).to_be_visible()
    screenshot(member, "meetings-03-after")
    member.get_by_role("link", name="Recommend Frida Gründerin").click()
    expect(member).to_have_url(re.compile(rf"/recommendations/new/\?subject={frida.pk}$"))

    # The thank-you works too, though contact between them is not earned otherwise: the note
    # lets Mara send a thank-you (and only that) to Frida.
    member.go_back()
    member.get_by_role("link", name="Thank Frida Gründerin").click()
    expect(member.get_by_text("Frida Gründerin helped you at")).to_be_visible()
    expect(member.get_by_label("Thanks")).to_be_checked()
    expect(member.get_by_label("Question")).to_have_count(0)
    member.get_by_label("Message").fill("Danke für den Tipp mit der Preisgestaltung!")
    member.get_by_role("button", name="Send").click()
    expect(member.get_by_text("Your message was sent.")).to_be_visible()
    expect(member.get_by_text("Danke für den Tipp mit der Preisgestaltung!")).to_be_visible()
