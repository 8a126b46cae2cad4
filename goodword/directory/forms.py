from django import forms
from django.utils.translation import gettext_lazy as _


class DirectoryFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    q = forms.CharField(label=_("Name"), required=False, max_length=120)
    topic = forms.CharField(label=_("Topic"), required=False, max_length=60)
    profession = forms.CharField(label=_("Profession"), required=False, max_length=120)
    city = forms.CharField(label=_("City"), required=False, max_length=100)

    def filters(self) -> dict[str, str]:
        """Valid filters for `search_members`; over-long input is cut rather than refused."""
        return {
            name: str(self.data.get(name) or "").strip()[: field.max_length]
            for name, field in self.fields.items()
        }
