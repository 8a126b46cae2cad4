from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Topic(models.Model):
    """A tag from the shared vocabulary: what members work on and what recommendations praise."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [models.UniqueConstraint(Lower("name"), name="topic_name_unique_ci")]

    def __str__(self) -> str:
        return self.name
