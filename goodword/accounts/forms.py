from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from goodword.topics.queries import split_topic_names

from .models import LANGUAGE_CHOICES, PROFILE_FACTS, Profile
from .services import MAX_TOPICS


class ProfileForm(forms.ModelForm):
    """The facts a member states about themselves. Validation is repeated by the
    `update_profile` service, which also serves the API."""

    topics = forms.CharField(
        label=_("Topics you work on"),
        required=False,
        max_length=1000,
        help_text=_(
            "Separate topics with commas. Pick a suggestion or type a new one (at most %(max)d)."
        )
        % {"max": MAX_TOPICS},
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you work in"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "url"}),
    )
    impressum_url = forms.URLField(
        label=_("Impressum (legal notice) link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Only if you run a business that needs one."),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = Profile
        fields = PROFILE_FACTS
        labels = {
            "display_name": _("Display name"),
            "profession": _("Profession"),
            "city": _("City"),
            "country": _("Country"),
            "website": _("Website"),
            "impressum_url": _("Impressum (legal notice) link"),
            "looking_for": _("I am looking for"),
            "visibility": _("Who can see your profile"),
        }
        help_texts = {
            "display_name": _("Your name as others know you professionally."),
            "profession": _("For example: carpenter, tax advisor, UX designer."),
            "impressum_url": _("Only if you run a business that needs one."),
            "looking_for": _("What help do you need right now? At most 280 characters."),
            "visibility": _(
                "Logged-in members always see your profile. Made public, visitors who are not "
                "logged in and search engines see it too, with the recommendations on it."
            ),
        }
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "profession": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "website": forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "url"}),
            "impressum_url": forms.URLInput(attrs={"placeholder": "https://"}),
            "looking_for": forms.Textarea(attrs={"rows": 3, "maxlength": 280}),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        # A form sent without the choice (an older page, a script) keeps the current one.
        self.fields["visibility"].required = False
        if self.instance.pk and not self.is_bound:
            # A trailing separator so that typing straight away starts a new topic.
            names = [t.name for t in self.instance.topics.all()]
            self.initial["topics"] = ", ".join(names) + ", " if names else ""

    def clean_visibility(self) -> str:
        return self.cleaned_data.get("visibility") or self.instance.visibility

    def clean_topics(self) -> list[str]:
        return split_topic_names(self.cleaned_data.get("topics") or "")

    def changes(self) -> dict:
        """The cleaned data in the shape `update_profile` expects."""
        return {name: self.cleaned_data[name] for name in [*PROFILE_FACTS, "topics"]}


class DeleteAccountForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that my profile and all recommendations I gave and received "
            "will be deleted for good."
        ),
    )


class LanguageForm(forms.Form):
    """The member's language, in the settings and in the footer switch."""

    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["language"].help_text = _(
            "Pages and every e-mail Goodword sends you use this language, on every device."
        )


class PortraitForm(forms.Form):
    """Checked by `accounts.portraits.process_portrait` (through `set_portrait`)."""

    portrait = forms.FileField(
        label=_("Your portrait"),
        help_text=_(
            "A photo of you: JPEG, PNG or WebP, at most 5 MB. We cut it to a square, shrink it and "
            "remove everything but the picture (camera, place, time)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
