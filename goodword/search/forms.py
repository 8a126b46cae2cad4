from django import forms
from django.utils.translation import gettext_lazy as _

from goodword.core.forms import FlatChoices, PlainSelect, PlainTextInput
from goodword.topics import queries as topic_queries
from goodword.topics.models import Topic

from .queries import MAX_LIMIT

Q_MAX = 200


class SearchForm(forms.Form):
    """The search parameters of the page and the API, validated once."""

    q = forms.CharField(
        label=_("Who are you looking for?"),
        max_length=Q_MAX,
        required=False,
        error_messages={"max_length": _("Please use at most %(limit_value)d characters.")},
        widget=PlainTextInput(
            attrs={
                "type": "search",
                "placeholder": _("e.g. tax advisor, carpenter, photographer"),
                "autocomplete": "off",
            }
        ),
    )
    topic = forms.CharField(label=_("Topic"), required=False, max_length=80, widget=PlainSelect)
    city = forms.CharField(label=_("City"), max_length=100, required=False, widget=PlainTextInput)
    limit = forms.IntegerField(
        label=_("Number of results"),
        min_value=1,
        max_value=MAX_LIMIT,
        required=False,
        error_messages={
            "invalid": _("The number of results must be a whole number."),
            "min_value": _("The number of results must be between 1 and %(max)d.")
            % {"max": MAX_LIMIT},
            "max_value": _("The number of results must be between 1 and %(max)d.")
            % {"max": MAX_LIMIT},
        },
    )

    def __init__(self, *args, require_q: bool = False, topic_choices: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_q = require_q
        if topic_choices:
            topics = topic_queries.topic_choices()
            self.fields["topic"].widget.choices = FlatChoices([("", _("All topics")), *topics])

    def clean_q(self) -> str:
        q = self.cleaned_data["q"]
        if self.require_q and not q:
            raise forms.ValidationError(
                _("Please tell us who you are looking for."), code="required"
            )
        return q

    def clean_topic(self) -> Topic | None:
        slug = self.cleaned_data.get("topic") or ""
        if not slug:
            return None
        topic = topic_queries.topic_by_slug(slug)
        if topic is None:
            raise forms.ValidationError(_("We don't know this topic."), code="invalid_topic")
        return topic
