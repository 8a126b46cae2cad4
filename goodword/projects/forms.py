"""Forms only parse input; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Pay, Visibility
from .services import NOTE_MAX, SEATS_MAX, TASK_MAX, TEXT_MAX, TITLE_MAX

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]

# Values a team can agree on quickly; the owner picks some or writes their own.
SUGGESTED_VALUES = (
    _("Say early when something goes wrong."),
    _("Decide together and write it down."),
    _("Ask before assuming: nobody knows everybody's field."),
    _("Credit goes to whoever did the work."),
    _("Keep what we promise, or say so in time."),
    _("Everyone's time counts the same."),
)


class ProjectForm(forms.Form):
    title = forms.CharField(
        label=_("Project"),
        max_length=TITLE_MAX,
        required=False,
        help_text=_("A short name, e.g. “A repair café for our quarter”."),
    )
    problem = forms.CharField(
        label=_("The problem"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    why_important = forms.CharField(
        label=_("Why does it matter?"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    why_solvable = forms.CharField(
        label=_("Why can it be solved?"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    why_me = forms.CharField(
        label=_("Why are you the right person?"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    seats = forms.CharField(
        label=_("Specialities needed (one seat each)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: the topic, and after a colon what the seat does, e.g. "
            "“Carpentry: builds the workbenches”. At most 8."
        ),
    )
    owner_task = forms.CharField(
        label=_("What you do yourself"), max_length=TASK_MAX, required=False
    )
    # Browsers send `<input type="date">` as ISO in every language; typed German dates work too.
    starts_on = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ends_on = forms.DateField(
        label=_("Until"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    city = forms.CharField(label=_("Place"), max_length=100, required=False)
    remote = forms.BooleanField(label=_("Works remotely"), required=False)
    pay = forms.ChoiceField(
        label=_("Pay"),
        choices=Pay.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    suggested_values = forms.MultipleChoiceField(
        label=_("Values the team works by"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    own_values = forms.CharField(
        label=_("Your own values"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it?"),
        choices=Visibility.choices,
        initial=Visibility.NETWORK,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggested_values"].choices = [
            (str(i), value) for i, value in enumerate(SUGGESTED_VALUES)
        ]
        self.fields["seats"].widget.attrs["data-max"] = SEATS_MAX

    def seat_list(self) -> list[tuple[str, str]]:
        seats = []
        for line in (self.cleaned_data.get("seats") or "").splitlines():
            name, _sep, task = line.partition(":")
            if name.strip():
                seats.append((name.strip(), task.strip()))
        return seats

    def value_list(self) -> list[str]:
        own = [v.strip() for v in (self.cleaned_data.get("own_values") or "").splitlines()]
        chosen = [
            str(SUGGESTED_VALUES[int(i)]) for i in self.cleaned_data.get("suggested_values", [])
        ]
        return [*chosen, *[v for v in own if v]]


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Your note"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class JoinForm(forms.Form):
    seat = forms.TypedChoiceField(label=_("Seat"), coerce=int, required=False)
    text = forms.CharField(
        label=_("Why you fit this seat"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("An answer to the project, not an advertisement: 20 to 1,000 characters."),
    )

    def __init__(self, *args, seats=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].choices = [(s.pk, s.topic.name) for s in seats]
        self.fields["seat"].error_messages["invalid_choice"] = _("Please choose an open seat.")


class SupportForm(forms.Form):
    text = forms.CharField(
        label=_("because …"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IntroRequestForm(forms.Form):
    contact = forms.IntegerField(widget=forms.HiddenInput, required=False)
    candidate = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("Your note to the contact"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SeatForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=60, required=False)
    task = forms.CharField(label=_("What this seat does"), max_length=TASK_MAX, required=False)


class TaskForm(forms.Form):
    task = forms.CharField(label=_("What I do"), max_length=TASK_MAX, required=False)
