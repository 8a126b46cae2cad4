"""Forms for meetings and one-to-ones. They parse; the services decide (bad times, capacity 0,
unknown time zones are refused there, for the pages and the API alike)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import timezones
from .models import Answer
from .services.meetings import AGENDA_MAX, GOAL_MAX, PLACE_MAX, REASON_MAX, TITLE_MAX, URL_MAX
from .services.one_to_ones import DURATION_MAX, DURATION_MIN, NOTE_MAX, TIMES_MAX

_LOCAL = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time (`<input type="datetime-local">`), returned naive: the service reads
    it in the time zone chosen on the same form."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=_LOCAL)

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None and timezone.is_aware(result):
            result = timezone.make_naive(result)
        return result

    def prepare_value(self, value):
        if value is not None and hasattr(value, "tzinfo") and timezone.is_aware(value):
            value = timezone.make_naive(value)
        return value


def _time_zone_field():
    return forms.ChoiceField(
        label=_("Time zone"),
        choices=timezones.choices,
        initial=timezones.DEFAULT,
        error_messages={"invalid_choice": timezones.INVALID},
    )


class MeetingForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Please give the meeting a title.")},
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=AGENDA_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you will work on together, e.g. “Growth round, then pricing workshop”."),
    )
    starts_at = LocalDateTimeField(
        label=_("Starts"), error_messages={"required": _("Please give a date and time.")}
    )
    ends_at = LocalDateTimeField(
        label=_("Ends"), error_messages={"required": _("Please give a date and time.")}
    )
    time_zone = _time_zone_field()
    place = forms.CharField(
        label=_("Place (address)"),
        required=False,
        max_length=PLACE_MAX,
        help_text=_("Where you meet in person. Give a place, an online link, or both."),
    )
    online_url = forms.CharField(
        label=_("Online link"),
        required=False,
        max_length=URL_MAX,
        widget=forms.URLInput(),
        help_text=_("For those who join online, e.g. https://meet.example.org/circle."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        help_text=_("How many can come. Leave it empty for no limit; beyond it, a waiting list."),
        error_messages={"invalid": _("Please enter a whole number.")},
    )
    growth_round = forms.BooleanField(
        label=_("Growth round: attendees write down beforehand the goal they want help with"),
        required=False,
        initial=True,
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled? (optional)"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Will you come?"),
        choices=Answer.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please answer yes, maybe or no."),
            "invalid_choice": _("Please answer yes, maybe or no."),
        },
    )


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("My goal for this meeting"),
        required=False,
        max_length=GOAL_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What would you like help with? E.g. “Find my first two clients for bookkeeping "
            "workshops.” Leave it empty to remove it."
        ),
    )


class HelperForm(forms.Form):
    helper = forms.TypedChoiceField(label=_("Who helped you?"), coerce=int)

    def __init__(self, *args, helpers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helper"].choices = [("", _("Choose someone who was there"))] + [
            (u.pk, str(u)) for u in helpers
        ]
        message = _("Please choose someone who was there.")
        self.fields["helper"].error_messages.update(
            {"required": message, "invalid_choice": message}
        )


class OneToOneForm(forms.Form):
    note = forms.CharField(
        label=_("Why would you like to meet?"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "A sentence about what you would like to learn from each other. No pitch: this is "
            "about getting to know each other."
        ),
        error_messages={"required": _("Please say why you would like to meet.")},
    )
    time_1 = LocalDateTimeField(
        label=_("Suggested time"),
        error_messages={"required": _("Please suggest at least one time.")},
    )
    time_2 = LocalDateTimeField(label=_("Another time (optional)"), required=False)
    time_3 = LocalDateTimeField(label=_("A third time (optional)"), required=False)
    time_zone = _time_zone_field()
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"),
        initial=60,
        min_value=DURATION_MIN,
        max_value=DURATION_MAX,
    )
    place = forms.CharField(
        label=_("Place (optional)"),
        required=False,
        max_length=PLACE_MAX,
        help_text=_("A café, an office, or leave it for later."),
    )
    online_url = forms.CharField(
        label=_("Online link (optional)"),
        required=False,
        max_length=URL_MAX,
        widget=forms.URLInput(),
    )

    TIME_FIELDS = tuple(f"time_{i}" for i in range(1, TIMES_MAX + 1))

    def times(self) -> list:
        return [self.cleaned_data.get(name) for name in self.TIME_FIELDS]


class AcceptForm(forms.Form):
    time = forms.TypedChoiceField(
        label=_("Which time suits you?"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args, times=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time"].choices = [(t.pk, t.label) for t in times]
        message = _("Please choose one of the suggested times.")
        self.fields["time"].error_messages.update({"required": message, "invalid_choice": message})


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("A word to them (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
