from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import Channel


class InvitationForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How do you want to invite?"),
        choices=Channel.choices,
        initial=Channel.EMAIL,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how to invite.")},
    )
    email = forms.EmailField(
        label=_("Their e-mail address"),
        help_text=_("Only for an invitation by e-mail. We send one e-mail, nothing else."),
        required=False,
        error_messages={"invalid": _("Please enter a valid e-mail address.")},
    )
    note = forms.CharField(
        label=_("How do you know each other?"),
        help_text=_("A short personal note, e.g. “We built the new library together in 2023.”"),
        max_length=rules.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please say in a few words how you know each other.")},
    )


class JoinRequestForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        error_messages={"required": _("Please tell us your name (at most 120 characters).")},
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        error_messages={
            "required": _("Please enter your e-mail address."),
            "invalid": _("Please enter a valid e-mail address."),
        },
    )
    note = forms.CharField(
        label=_("What do you do, and whom do you know here?"),
        max_length=rules.JOIN_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please tell us a little about yourself.")},
    )
