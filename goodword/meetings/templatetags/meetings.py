"""`{% circle_meetings circle %}`: the upcoming meetings on a circle's page. Loaded by name in
`circles/_upcoming_meetings.html`, so the circles app never imports meetings."""

from django import template

from .. import timezones
from ..queries import get_circle_meetings, get_my_answers, is_member, is_organiser

register = template.Library()


@register.filter
def when(value, zone: str) -> str:
    """`{{ meeting.starts_at|when:meeting.time_zone }}`: date, weekday and 24-hour time in the
    meeting's time zone."""
    return timezones.describe(value, zone) if value else ""


@register.filter
def clock(value, zone: str) -> str:
    return timezones.clock(value, zone) if value else ""


@register.filter
def ends(meeting) -> str:
    """The end of a meeting: the time alone when it ends on the day it starts."""
    zone = meeting.time_zone
    if (
        timezones.local(meeting.starts_at, zone).date()
        == timezones.local(meeting.ends_at, zone).date()
    ):
        return timezones.clock(meeting.ends_at, zone)
    return timezones.describe(meeting.ends_at, zone)


@register.inclusion_tag("meetings/_circle_meetings.html", takes_context=True)
def circle_meetings(context, circle):
    user = context["user"]
    meetings = get_circle_meetings(circle, user)
    answers = get_my_answers(user, meetings) if meetings else {}
    return {
        "circle": circle,
        "user": user,
        "meetings": [(m, answers.get(m.pk)) for m in meetings],
        "is_member": user.is_authenticated and is_member(circle.pk, user),
        "may_organise": user.is_authenticated and is_organiser(circle.pk, user),
    }
