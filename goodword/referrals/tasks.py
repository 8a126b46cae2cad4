"""Background work of referrals: e-mails after commit, one per status."""

from django.urls import reverse
from django_tasks import task

from goodword.subscriptions.models import MailKind
from goodword.subscriptions.services import absolute, send_member_mail

from .models import Referral, ReferralStatus


@task()
def send_referral_email_task(referral_id: int, status: str, language: str = "de") -> int:
    """`passed`: tell the receiver. Any later status: tell the giver (never the amount)."""
    claimed = (
        Referral.objects.filter(pk=referral_id, status=status)
        .exclude(mailed_status=status)
        .update(mailed_status=status)
    )
    if not claimed:
        return 0
    referral = Referral.objects.select_related("giver__profile", "receiver__profile").get(
        pk=referral_id
    )
    url = absolute(reverse("referrals:detail", args=[referral.pk]))
    if status == ReferralStatus.PASSED:
        return int(
            send_member_mail(
                referral.receiver,
                MailKind.REFERRALS,
                "referrals/email/passed",
                {"giver": referral.giver, "url": url},
                language,
            )
        )
    return int(
        send_member_mail(
            referral.giver,
            MailKind.REFERRALS,
            "referrals/email/updated",
            {
                "receiver": referral.receiver,
                "status": referral.get_status_display(),
                "thanks": referral.thanks,
                "url": url,
            },
            language,
        )
    )
