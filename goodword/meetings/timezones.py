"""Time zones of meetings: any IANA name is accepted; the forms offer the common ones first."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import cache

from django.utils.translation import gettext_lazy as _

DEFAULT = "Europe/Berlin"

COMMON = (
    "Europe/Berlin",
    "Europe/Vienna",
    "Europe/Zurich",
    "Europe/Amsterdam",
    "Europe/Brussels",
    "Europe/Paris",
    "Europe/London",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Istanbul",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "UTC",
)


@cache
def names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) | {"UTC"}


def is_valid(name: str) -> bool:
    return name in names()


def choices() -> list[tuple[str, str]]:
    rest = sorted(names() - set(COMMON))
    return [(name, name) for name in COMMON] + [(name, name) for name in rest]


def local(value: datetime, name: str) -> datetime:
    """`value` (aware) in the time zone `name`."""
    return value.astimezone(zoneinfo.ZoneInfo(name))


def make_aware(value: datetime, name: str) -> datetime:
    """A wall-clock time typed into a form, read in the time zone `name`. A time that does not
    exist there (the hour skipped when clocks go forward) is refused by the caller's check."""
    return value.replace(tzinfo=zoneinfo.ZoneInfo(name))


def exists(value: datetime) -> bool:
    """Whether an aware wall-clock time exists (not in the gap when clocks go forward)."""
    from datetime import UTC

    round_trip = value.astimezone(UTC).astimezone(value.tzinfo)
    return round_trip.replace(tzinfo=None) == value.replace(tzinfo=None)


INVALID = _("Please choose a time zone from the list, e.g. Europe/Berlin.")


def describe(value: datetime, name: str, *, weekday: bool = True) -> str:
    """`value` as people read it where the meeting is, in the active language, on a 24-hour
    clock: "Dienstag, 1. Dezember 2026, 18:00"."""
    from django.utils.formats import date_format

    when = local(value, name)
    day = date_format(when, "DATE_FORMAT")
    if weekday:
        day = f"{date_format(when, 'l')}, {day}"
    return f"{day}, {when:%H:%M}"


def clock(value: datetime, name: str) -> str:
    return f"{local(value, name):%H:%M}"
