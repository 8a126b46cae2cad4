from django import forms
from django.utils.translation import gettext_lazy as _

from .services import NOTE_MAX


class IntroductionForm(forms.Form):
    member_a = forms.TypedChoiceField(label=_("Introduce"), coerce=int)
    member_b = forms.TypedChoiceField(label=_("to"), coerce=int)
    note = forms.CharField(
        label=_("Why should they meet?"),
        help_text=_(
            "Both will read this, and it stays visible in their conversation. E.g. “Anna needs "
            "a tax adviser for her new workshop, and Bernd helped me with exactly that.”"
        ),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Please say why they should meet.")},
    )

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose a trusted contact"))] + [(u.pk, str(u)) for u in contacts]
        message = _("Please choose one of your trusted contacts.")
        for name in ("member_a", "member_b"):
            self.fields[name].choices = choices
            self.fields[name].error_messages.update(
                {"required": message, "invalid_choice": message}
            )
