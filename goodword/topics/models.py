from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Concept(models.Model):
    """An entry of the search vocabulary: a profession or a field of work, with the words people
    use for it. Search treats every expression of a concept as the concept itself, both on
    profiles (when indexing) and in queries, and also finds members of its narrower and related
    concepts."""

    class Kind(models.TextChoices):
        PROFESSION = "profession", _("profession")
        TOPIC = "topic", _("topic")

    name = models.CharField(_("name"), max_length=80, help_text=_("German label."))
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.TOPIC)
    expressions = models.TextField(
        _("expressions"),
        blank=True,
        help_text=_(
            "One per line: synonyms, word forms, everyday phrasings and English terms that "
            "mean this concept."
        ),
    )
    broader = models.ForeignKey(
        "self",
        verbose_name=_("broader concept"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="narrower",
    )
    related = models.ManyToManyField("self", verbose_name=_("related concepts"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("vocabulary concept")
        verbose_name_plural = _("vocabulary concepts")
        constraints = [models.UniqueConstraint(Lower("name"), name="concept_name_unique_ci")]

    def __str__(self) -> str:
        return self.name

    def expression_list(self) -> list[str]:
        """The name, the English name and every expression, without blanks."""
        lines = [self.name, self.name_en, *self.expressions.splitlines()]
        return [line.strip() for line in lines if line.strip()]


class Topic(models.Model):
    """A tag from the shared vocabulary: what members work on and what recommendations praise."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    concept = models.ForeignKey(
        Concept,
        verbose_name=_("vocabulary concept"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics",
        help_text=_("Members with this topic are also found by the concept's words."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [models.UniqueConstraint(Lower("name"), name="topic_name_unique_ci")]

    def __str__(self) -> str:
        return self.name
