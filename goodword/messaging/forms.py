from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Intent, ReportReason
from .services import MAX_MESSAGE_LENGTH, MAX_REPORT_NOTE_LENGTH


class MessageForm(forms.Form):
    intent = forms.ChoiceField(
        label=_("What is your message about?"),
        choices=Intent.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose what your message is about."),
            "invalid_choice": _("Please choose what your message is about."),
        },
    )
    text = forms.CharField(
        label=_("Message"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please write a message.")},
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Please write a message."))
        return text


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this member?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose why you are reporting."),
            "invalid_choice": _("Please choose why you are reporting."),
        },
    )
    note = forms.CharField(
        label=_("What happened? (optional, only moderators read it)"),
        max_length=MAX_REPORT_NOTE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
