from django import forms
from django.utils.translation import gettext_lazy as _

from goodword.core.forms import FlatChoices, PlainRadioSelect, PlainSelect
from goodword.topics.models import Topic
from goodword.topics.queries import topic_by_slug, topic_choices

from .models import MarkLevel


class TopicChoiceField(forms.ModelChoiceField):
    """A topic chosen by slug, looked up with one plain statement instead of the queryset's."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        topic = topic_by_slug(value.slug if isinstance(value, Topic) else str(value))
        if topic is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return topic


class NetworkFilterForm(forms.Form):
    topic = TopicChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
        widget=PlainSelect,
    )
    profession = forms.CharField(label=_("Profession"), max_length=120, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The same options the queryset gives, from the shared list: no query and no model
        # instance per topic on every page (validation still looks the chosen slug up).
        self.fields["topic"].widget.choices = FlatChoices(
            [("", self.fields["topic"].empty_label), *topic_choices()]
        )


class TrustMarkForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Your private trust mark"),
        choices=MarkLevel.choices,
        widget=PlainRadioSelect,
        error_messages={
            "required": _("Please choose how well you know this person."),
            "invalid_choice": _("Please choose one of the offered trust marks."),
        },
    )
