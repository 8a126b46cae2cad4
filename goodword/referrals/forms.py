from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReferralStatus
from .services import NEED_MAX, THANKS_MAX


class ReferralForm(forms.Form):
    need = forms.CharField(
        label=_("Who needs what?"),
        help_text=_("E.g. “My neighbour’s bakery needs a new cash register system by March.”"),
        max_length=NEED_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please describe who needs what.")},
    )
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=120,
        error_messages={"required": _("Please say who needs it.")},
    )
    contact_details = forms.CharField(
        label=_("How to reach them"),
        help_text=_("Only you and the receiver see the contact person and these details."),
        max_length=300,
        required=False,
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How did it go?"),
        choices=[c for c in ReferralStatus.choices if c[0] != ReferralStatus.PASSED],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose a status."),
            "invalid_choice": _("Please choose a status."),
        },
    )
    amount = forms.DecimalField(
        label=_("Business volume in euros (optional, only you see it)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": _("Please enter an amount like 1500 or 1500.50.")},
    )
    thanks = forms.CharField(
        label=_("A word of thanks (optional)"),
        max_length=THANKS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
