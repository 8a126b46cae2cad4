"""`{% circle_meetings circle %}`: the upcoming meetings on a circle's page. Loaded by name in
`circles/_upcoming_meetings.html`, so the circles app never imports meetings."""

from django import template

from ..queries import get_circle_meetings, get_my_answers, is_organiser

register = template.Library()


@register.inclusion_tag("meetings/_circle_meetings.html", takes_context=True)
def circle_meetings(context, circle):
    user = context["user"]
    meetings = get_circle_meetings(circle, user)
    answers = get_my_answers(user, meetings) if meetings else {}
    return {
        "circle": circle,
        "user": user,
        "meetings": [(m, answers.get(m.pk)) for m in meetings],
        "may_organise": user.is_authenticated and is_organiser(circle.pk, user),
    }
