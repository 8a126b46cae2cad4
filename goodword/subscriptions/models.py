"""Which e-mails a member has switched off. Everything is on until switched off, and every
e-mail carries a one-click unsubscribe link for its kind."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MailKind(models.TextChoices):
    RECOMMENDATIONS = "recommendations", _("Recommendations written or edited for you")
    INTRODUCTIONS = "introductions", _("Introductions")
    CONVERSATIONS = "conversations", _("New conversations")
    REFERRALS = "referrals", _("Referral updates")
    DIGEST = "digest", _("Daily digest of open requests")
    INVITATIONS = "invitations", _("News about the members you invited")
    MEETINGS = "meetings", _("Meetings: reminders, changes, cancellations and one-to-ones")
    REPORTS = "reports", _("What the moderators decided on your reports")


class MailOptOut(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_opt_outs"
    )
    kind = models.CharField(max_length=20, choices=MailKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="mail_opt_out_once")]

    def __str__(self) -> str:
        return f"{self.user_id} off {self.kind}"


class DigestSent(models.Model):
    """One row per member and day, so a retried or repeated digest run never mails twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"digest {self.user_id} {self.day}"
