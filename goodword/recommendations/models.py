from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Relationship(models.TextChoices):
    WORKED_TOGETHER = "worked_together", _("We worked together")
    WAS_CLIENT = "was_client", _("I was their client")
    WAS_MY_CLIENT = "was_my_client", _("They were my client")
    COLLEAGUE = "colleague", _("Colleague")
    CIRCLE = "circle", _("We met in a circle")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting for acceptance")
    ACCEPTED = "accepted", _("Public")
    HIDDEN = "hidden", _("Hidden by the recommended member")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A pair may hold one recommendation in these states at a time.
ACTIVE_STATUSES = (Status.PENDING, Status.ACCEPTED, Status.HIDDEN)


class RecommendationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Status.ACCEPTED)

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)


class Recommendation(models.Model):
    """What one member says about another. Public only after the subject accepts it."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recommendations_given",
        verbose_name=_("author"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recommendations_received",
        verbose_name=_("recommended member"),
    )
    text = models.TextField(_("text"))
    text_html = models.TextField(editable=False, default="")
    topics = models.ManyToManyField(
        "topics.Topic", related_name="recommendations", verbose_name=_("topics")
    )
    relationship = models.CharField(
        _("how you know each other"), max_length=20, choices=Relationship.choices
    )
    known_since = models.PositiveSmallIntegerField(_("known since (year)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Set when a moderator hid the words (`services.hide_by_moderators`): nobody but the author
    # reads the text and topics; the recommendation itself (the trust edge) stays.
    hidden_by_moderators_at = models.DateTimeField(
        _("text hidden by the moderators"), null=True, blank=True
    )

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["-accepted_at", "-created_at"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(author=F("subject")), name="recommendation_not_self"
            ),
            models.UniqueConstraint(
                fields=["author", "subject"],
                condition=Q(status__in=["pending", "accepted", "hidden"]),
                name="recommendation_one_active_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["subject", "status"]),
            models.Index(fields=["author", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.author} → {self.subject} ({self.status})"

    @property
    def is_public(self) -> bool:
        return self.status == Status.ACCEPTED

    def words_visible_to(self, viewer) -> bool:
        """Whether `viewer` may read the text and topics: everybody who sees the
        recommendation, unless a moderator hid its words; then only its author."""
        if self.hidden_by_moderators_at is None:
            return True
        return bool(getattr(viewer, "is_authenticated", False) and viewer.pk == self.author_id)
