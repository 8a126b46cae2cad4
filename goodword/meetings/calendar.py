"""Meetings as iCalendar (RFC 5545) files, with the `icalendar` library.

Every event carries the organiser's time zone (`DTSTART;TZID=Europe/Berlin:…` plus the matching
VTIMEZONE), a UID that never changes for the same meeting, and a SEQUENCE that goes up with
every change, so that calendar programs replace the event they have instead of adding a second
one. A cancelled meeting stays in the feed with STATUS:CANCELLED, so that calendars remove it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from . import timezones
from .models import Meeting, OneToOne, OneToOneStatus

PRODID = "-//Goodword//Meetings//EN"


def _domain() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "goodword"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{_domain()}"


def one_to_one_uid(one_to_one: OneToOne) -> str:
    return f"one-to-one-{one_to_one.pk}@{_domain()}"


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _location(place: str, online_url: str) -> str:
    return " · ".join(part for part in (place, online_url) if part)


def meeting_event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", (meeting.cancelled_at or meeting.updated_at or timezone.now()))
    event.add("dtstart", timezones.local(meeting.starts_at, meeting.time_zone))
    event.add("dtend", timezones.local(meeting.ends_at, meeting.time_zone))
    event.add("summary", meeting.title)
    url = _absolute(reverse("meetings:detail", args=[meeting.pk]))
    description = [meeting.agenda] if meeting.agenda else []
    description.append(url)
    event.add("description", "\n\n".join(description))
    event.add("url", url)
    if location := _location(meeting.place, meeting.online_url):
        event.add("location", location)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def one_to_one_event(one_to_one: OneToOne, viewer) -> Event:
    other = one_to_one.other(viewer)
    event = Event()
    event.add("uid", one_to_one_uid(one_to_one))
    event.add("sequence", one_to_one.sequence)
    event.add("dtstamp", one_to_one.decided_at or one_to_one.created_at)
    event.add("dtstart", timezones.local(one_to_one.starts_at, one_to_one.time_zone))
    event.add("dtend", timezones.local(one_to_one.ends_at, one_to_one.time_zone))
    event.add("summary", _("Getting to know %(name)s") % {"name": other})
    url = _absolute(reverse("meetings:one_to_one", args=[one_to_one.pk]))
    event.add("description", url)
    event.add("url", url)
    if location := _location(one_to_one.place, one_to_one.online_url):
        event.add("location", location)
    cancelled = one_to_one.status != OneToOneStatus.ACCEPTED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def build(events: Iterable[Event], name: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    starts = []
    for event in events:
        calendar.add_component(event)
        starts.append(event.decoded("dtstart"))
    if starts:
        # VTIMEZONE rules only for the years the events need: a much smaller file.
        first = min(starts).date() - timedelta(days=366)
        last = max(starts).date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def meeting_ics(meeting: Meeting) -> bytes:
    return build([meeting_event(meeting)])


def one_to_one_ics(one_to_one: OneToOne, viewer) -> bytes:
    return build([one_to_one_event(one_to_one, viewer)])


def feed_ics(member, meetings: Iterable[Meeting], one_to_ones: Iterable[OneToOne]) -> bytes:
    events = [meeting_event(m) for m in meetings]
    events += [one_to_one_event(o, member) for o in one_to_ones]
    return build(events, name=_("Goodword meetings"))
