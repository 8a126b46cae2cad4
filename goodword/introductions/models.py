"""A member introduces two of their trusted contacts to each other with a note."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting for both to accept")
    ACCEPTED = "accepted", _("Accepted by both")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Answer(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Introduction(models.Model):
    introducer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="introductions_made",
        verbose_name=_("introduced by"),
    )
    member_a = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    member_b = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    note = models.TextField(_("why they should meet"))
    answer_a = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answer_b = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    conversation = models.OneToOneField(
        "messaging.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="introduction",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # E-mail claims: each e-mail goes out at most once, even if a task is retried.
    introduced_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    opened_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(member_a=F("member_b"))
                & ~Q(member_a=F("introducer"))
                & ~Q(member_b=F("introducer")),
                name="introduction_three_distinct_members",
            ),
        ]
        indexes = [
            models.Index(fields=["member_a", "status"]),
            models.Index(fields=["member_b", "status"]),
            models.Index(fields=["introducer", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.introducer_id}: {self.member_a_id} ↔ {self.member_b_id} ({self.status})"

    def involves(self, user) -> bool:
        return user.pk in (self.introducer_id, self.member_a_id, self.member_b_id)

    def other_member(self, user):
        return self.member_b if user.pk == self.member_a_id else self.member_a
