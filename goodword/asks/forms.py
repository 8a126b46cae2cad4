from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AnswerKind, Visibility
from .services import TEXT_MAX, TITLE_MAX


class AskForm(forms.Form):
    title = forms.CharField(
        label=_("What do you need?"),
        max_length=TITLE_MAX,
        help_text=_("E.g. “A tax adviser who knows crafts businesses”."),
        error_messages={"required": _("Please say in a few words what you need.")},
    )
    text = forms.CharField(
        label=_("Details"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please describe what you need.")},
    )
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        help_text=_("Up to five, separated by commas."),
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    remote = forms.BooleanField(label=_("Remote is fine"), required=False)
    visibility = forms.ChoiceField(
        label=_("Who may see it?"),
        choices=Visibility.choices,
        initial=Visibility.NETWORK,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose who may see your request."),
            "invalid_choice": _("Please choose who may see your request."),
        },
    )

    def topic_names(self) -> list[str]:
        return [n.strip() for n in self.cleaned_data.get("topics", "").split(",") if n.strip()]


class AnswerForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("How do you want to help?"),
        choices=AnswerKind.choices,
        initial=AnswerKind.INTRODUCE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose how you want to help."),
            "invalid_choice": _("Please choose how you want to help."),
        },
    )
    introduced = forms.TypedChoiceField(label=_("I recommend"), coerce=int, required=False)
    text = forms.CharField(
        label=_("because …"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please say why.")},
    )

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["introduced"].choices = [("", _("Choose a trusted contact"))] + [
            (u.pk, str(u)) for u in contacts
        ]
        self.fields["introduced"].error_messages["invalid_choice"] = _(
            "Please choose one of your trusted contacts."
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == AnswerKind.INTRODUCE and not data.get("introduced"):
            self.add_error("introduced", _("Please choose whom you recommend."))
        return data
