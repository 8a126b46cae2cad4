"""Calendar files: parsed back with `icalendar`, time zones, the same UID with a growing
SEQUENCE across changes and cancellation, and the private feed that leaks nothing without its
secret."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from goodword.accounts.tests.factories import UserFactory
from goodword.meetings import services
from goodword.meetings.models import CalendarFeed

from .factories import circle_with, schedule, tomorrow_at
from .test_meetings import _same
from .test_one_to_ones import propose

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_meeting_ics_round_trip_with_time_zone(client):
    circle, founder, (member,) = circle_with(1)
    meeting = schedule(founder, circle, online_url="https://meet.example.org/kreis")
    client.force_login(member)
    calendar = parse(client.get(reverse("meetings:ics", args=[meeting.pk])))
    (event,) = calendar.events
    assert str(event["UID"]).startswith(f"meeting-{meeting.pk}@")
    assert event["SUMMARY"] == meeting.title
    assert event.start == tomorrow_at(18)
    assert event.start.utcoffset() == tomorrow_at(18).utcoffset()
    assert event.decoded("dtstart").tzinfo.key == "Europe/Berlin"
    assert "DTSTART;TZID=Europe/Berlin" in response_text(client, meeting)
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    assert "meet.example.org" in str(event["LOCATION"]) and "Venloer" in str(event["LOCATION"])
    assert event["STATUS"] == "CONFIRMED" and event["SEQUENCE"] == 0


def response_text(client, meeting) -> str:
    return client.get(reverse("meetings:ics", args=[meeting.pk])).content.decode()


def test_other_time_zones_are_kept():
    from goodword.meetings.calendar import meeting_ics

    circle, founder, _members = circle_with(0)
    tokyo = ZoneInfo("Asia/Tokyo")
    meeting = schedule(
        founder,
        circle,
        starts_at=tomorrow_at(10, tz=tokyo) + timedelta(days=1),
        ends_at=tomorrow_at(11, tz=tokyo) + timedelta(days=1),
        time_zone="Asia/Tokyo",
    )
    (event,) = Calendar.from_ical(meeting_ics(meeting)).events
    assert event.start.hour == 10 and event.start.tzinfo.key == "Asia/Tokyo"


def test_update_and_cancel_keep_the_uid_and_raise_the_sequence(client):
    circle, founder, (member,) = circle_with(1)
    meeting = schedule(founder, circle)
    client.force_login(member)
    (before,) = parse(client.get(reverse("meetings:ics", args=[meeting.pk]))).events
    services.update_meeting(meeting, founder, **_same(meeting, place="Anderer Ort"))
    (changed,) = parse(client.get(reverse("meetings:ics", args=[meeting.pk]))).events
    services.cancel_meeting(meeting, founder)
    (cancelled,) = parse(client.get(reverse("meetings:ics", args=[meeting.pk]))).events
    assert before["UID"] == changed["UID"] == cancelled["UID"]
    assert (before["SEQUENCE"], changed["SEQUENCE"], cancelled["SEQUENCE"]) == (0, 1, 2)
    assert cancelled["STATUS"] == "CANCELLED"


def test_private_feed_lists_my_meetings_and_leaks_nothing_without_the_secret(client):
    circle, founder, (member, other) = circle_with(2)
    going = schedule(founder, circle, title="Ich komme")
    not_going = schedule(founder, circle, title="Ohne mich")
    services.answer_meeting(going, member, "yes")
    services.answer_meeting(not_going, member, "no")
    services.answer_meeting(not_going, other, "yes")
    one_to_one = propose(founder, member)
    services.accept_one_to_one(one_to_one, member, one_to_one.times.first().pk)

    client.force_login(member)
    response = client.post(reverse("meetings:calendar"), {"action": "create"})
    assert response.status_code == 200
    feed_url = response.context["feed_url"]
    assert feed_url
    secret = feed_url.rsplit("/", 1)[-1].removesuffix(".ics")
    assert secret not in CalendarFeed.objects.get().token_hash  # only the hash is stored
    client.logout()  # calendar programs do not log in

    calendar = parse(client.get(reverse("meetings:feed", args=[secret])))
    titles = sorted(str(e["SUMMARY"]) for e in calendar.events)
    assert titles == sorted(["Ich komme", f"Kennenlernen mit {founder}"]) or titles == sorted(
        ["Ich komme", f"Getting to know {founder}"]
    )

    for wrong in (
        "not-a-valid-token",
        secret[:-1] + ("A" if secret[-1] != "A" else "B"),
        "x" * 300,
    ):
        response = client.get(reverse("meetings:feed", args=[wrong]))
        assert response.status_code == 404
        assert b"Ich komme" not in response.content

    # Cancelling keeps the meeting in the feed as CANCELLED, so calendars remove it.
    services.cancel_meeting(going, founder)
    (cancelled,) = [
        e
        for e in parse(client.get(reverse("meetings:feed", args=[secret]))).events
        if e["SUMMARY"] == "Ich komme"
    ]
    assert cancelled["STATUS"] == "CANCELLED"

    # A new address revokes the old one; switching off revokes every address.
    client.force_login(member)
    new_url = client.post(reverse("meetings:calendar"), {"action": "create"}).context["feed_url"]
    new_secret = new_url.rsplit("/", 1)[-1].removesuffix(".ics")
    client.logout()
    assert client.get(reverse("meetings:feed", args=[secret])).status_code == 404
    assert client.get(reverse("meetings:feed", args=[new_secret])).status_code == 200
    client.force_login(member)
    client.post(reverse("meetings:calendar"), {"action": "revoke"})
    client.logout()
    assert client.get(reverse("meetings:feed", args=[new_secret])).status_code == 404


def test_feed_of_a_deactivated_member_is_gone(client):
    member = UserFactory()
    _feed, secret = services.create_calendar_feed(member)
    member.is_active = False
    member.save()
    assert client.get(reverse("meetings:feed", args=[secret])).status_code == 404
