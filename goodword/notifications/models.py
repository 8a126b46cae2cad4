from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    RECOMMENDATION_RECEIVED = "recommendation_received", _("New recommendation to review")
    RECOMMENDATION_EDITED = "recommendation_edited", _("Edited recommendation to review")
    RECOMMENDATION_ACCEPTED = "recommendation_accepted", _("Your recommendation was accepted")


class Notification(models.Model):
    """An in-app notice. The text is rendered from `kind` in the reader's language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when the e-mail went out, so that a retried task never sends it twice.
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"
