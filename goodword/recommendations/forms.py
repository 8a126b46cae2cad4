"""The recommendation form only parses input; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Relationship


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=_("Your recommendation"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": 2000, "minlength": 20}),
        help_text=_(
            "20 to 2,000 characters. What did this person do well, and for whom? "
            "You may use **bold**, *italic*, lists and links."
        ),
    )
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        help_text=_("1 to 5 topics, separated by commas, e.g. “Tax advice, Bookkeeping”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    relationship = forms.ChoiceField(
        label=_("How do you know each other?"),
        required=False,
        choices=[("", _("Please choose")), *Relationship.choices],
    )
    known_since = forms.IntegerField(
        label=_("Since when (year)?"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1950}),
    )
