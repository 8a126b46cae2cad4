"""Referrals ("Tipps"): a member passes a lead to another member. Givers gain."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ReferralStatus(models.TextChoices):
    PASSED = "passed", _("Passed on")
    CONTACTED = "contacted", _("Contacted")
    WON = "won", _("Led to business")
    NOT_A_FIT = "not_a_fit", _("Not a fit")


# Where a referral may go next; `won` and `not_a_fit` are final.
NEXT_STATUSES = {
    ReferralStatus.PASSED: {ReferralStatus.CONTACTED, ReferralStatus.WON, ReferralStatus.NOT_A_FIT},
    ReferralStatus.CONTACTED: {ReferralStatus.WON, ReferralStatus.NOT_A_FIT},
    ReferralStatus.WON: set(),
    ReferralStatus.NOT_A_FIT: set(),
}


class Referral(models.Model):
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="referrals_given",
        verbose_name=_("passed by"),
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="referrals_received",
        verbose_name=_("passed to"),
    )
    need = models.TextField(_("who needs what"))
    # Visible only to giver and receiver.
    contact_name = models.CharField(_("contact name"), max_length=120)
    contact_details = models.CharField(_("how to reach them"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.PASSED
    )
    # Visible only to the receiver.
    amount = models.DecimalField(
        _("business volume (private)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    thanks = models.TextField(_("thank-you note"), blank=True)
    # The last status someone was e-mailed about, so a retried task never mails twice.
    mailed_status = models.CharField(max_length=10, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(condition=~Q(giver=F("receiver")), name="referral_not_self"),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="referral_amount_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["giver", "status"]),
            models.Index(fields=["receiver", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.giver_id} → {self.receiver_id} ({self.status})"
