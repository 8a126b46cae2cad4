"""Test data for meetings.

circle, founder, members = circle_with(3)        # a circle, its founder (organiser), 3 members
meeting = schedule(founder, circle)              # tomorrow 18:00–20:00 Europe/Berlin, Köln
meeting = schedule(founder, circle, capacity=2, online_url="https://meet.example.org/x")
past = held(meeting)                             # moved into the past (as if it took place)
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from goodword.accounts.tests.factories import UserFactory
from goodword.circles.tests.factories import found, join
from goodword.meetings import services
from goodword.meetings.models import Meeting

BERLIN = ZoneInfo("Europe/Berlin")


def circle_with(n: int = 3, **kwargs):
    founder = UserFactory(display_name="Frida Gründerin")
    circle = found(founder, **kwargs)
    members = [UserFactory() for _ in range(n)]
    for member in members:
        join(circle, member)
    return circle, founder, members


def tomorrow_at(hour: int, tz=BERLIN) -> datetime:
    day = (timezone.now().astimezone(tz) + timedelta(days=1)).date()
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=tz)


def schedule(organiser, circle, **overrides) -> Meeting:
    data = {
        "title": "Wachstumsrunde Dezember",
        "agenda": "Zielerunde, dann Preisgestaltung.",
        "starts_at": tomorrow_at(18),
        "ends_at": tomorrow_at(20),
        "time_zone": "Europe/Berlin",
        "place": "Coworking Ehrenfeld, Venloer Str. 1, Köln",
        "online_url": "",
        "capacity": None,
        **overrides,
    }
    return services.schedule_meeting(organiser, circle, **data)


def held(meeting: Meeting, days_ago: int = 1) -> Meeting:
    """Move a meeting into the past, as if it had taken place (bypassing the service's rule
    that new meetings start in the future)."""
    shift = meeting.starts_at - (timezone.now() - timedelta(days=days_ago))
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at - shift, ends_at=meeting.ends_at - shift
    )
    meeting.refresh_from_db()
    return meeting
