"""Every write on referrals. Passing a referral follows the contact rules like a message."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from goodword.core import members
from goodword.messaging import rules
from goodword.messaging import services as messaging
from goodword.messaging.models import GrantSource, Intent
from goodword.notifications.models import Kind as NoticeKind
from goodword.notifications.services import mark_read_for_page, notify
from goodword.subscriptions.services import enqueue_after_commit
from goodword.trust import services as trust_services

from .models import NEXT_STATUSES, Referral, ReferralStatus
from .tasks import send_referral_email_task

NEED_MIN = 20
NEED_MAX = 2000
THANKS_MAX = 1000


@transaction.atomic
def pass_referral(
    giver, receiver, *, need: str, contact_name: str, contact_details: str = ""
) -> Referral:
    """Pass a lead to another member. Allowed where the giver could write to the receiver
    (an introduction-intent message under the contact rules); refused with the same
    explanation otherwise."""
    need = (need or "").strip()
    contact_name = (contact_name or "").strip()
    contact_details = (contact_details or "").strip()
    errors: dict[str, list] = {}
    if len(need) < NEED_MIN or len(need) > NEED_MAX:
        errors["need"] = [
            _("Please describe who needs what in %(min)s to %(max)s characters.")
            % {"min": NEED_MIN, "max": NEED_MAX}
        ]
    if not contact_name:
        errors["contact_name"] = [_("Please say who needs it.")]
    elif len(contact_name) > 120:
        errors["contact_name"] = [_("At most %(max)s characters, please.") % {"max": 120}]
    if len(contact_details) > 300:
        errors["contact_details"] = [_("At most %(max)s characters, please.") % {"max": 300}]
    if errors:
        raise ValidationError(errors)
    decision = rules.can_contact(giver, receiver, Intent.INTRODUCTION)
    if not decision.allowed:
        raise messaging.ContactRefused(decision)
    referral = Referral.objects.create(
        giver=giver,
        receiver=receiver,
        need=need,
        contact_name=contact_name,
        contact_details=contact_details,
    )
    # The giver wants to hear how it went: the receiver may write back.
    messaging.grant_contact(giver, receiver, source=GrantSource.INTRODUCTION)
    notify(receiver, NoticeKind.REFERRAL_RECEIVED, giver, _referral_url(referral))
    enqueue_after_commit(send_referral_email_task, referral.pk, ReferralStatus.PASSED.value)
    return referral


def _referral_url(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def _clean_amount(amount) -> Decimal | None:
    if amount in (None, ""):
        return None
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(
            {"amount": [_("Please enter an amount like 1500 or 1500.50.")]}
        ) from exc
    if value < 0 or value >= Decimal("1e10") or value != value.quantize(Decimal("0.01")):
        raise ValidationError({"amount": [_("Please enter an amount like 1500 or 1500.50.")]})
    return value


@transaction.atomic
def update_referral(
    referral: Referral, receiver, *, status: str, amount=None, thanks: str = ""
) -> Referral:
    """The receiver moves a referral on: passed → contacted → led to business / not a fit.
    The optional amount (only with "led to business") is seen by the receiver alone; an
    optional thank-you note is shown to the giver."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.receiver_id != receiver.pk:
        raise PermissionDenied(_("Only the member who received the referral can update it."))
    if status not in ReferralStatus.values:
        raise ValidationError({"status": [_("Please choose a status.")]})
    if status not in NEXT_STATUSES[ReferralStatus(referral.status)]:
        raise ValidationError(
            {
                "status": [
                    _("A referral that is “%(current)s” cannot become “%(next)s”.")
                    % {
                        "current": referral.get_status_display(),
                        "next": ReferralStatus(status).label,
                    }
                ]
            }
        )
    value = _clean_amount(amount)
    if value is not None and status != ReferralStatus.WON:
        raise ValidationError({"amount": [_("An amount only goes with “Led to business”.")]})
    thanks = (thanks or "").strip()
    if len(thanks) > THANKS_MAX:
        raise ValidationError(
            {"thanks": [_("At most %(max)s characters, please.") % {"max": THANKS_MAX}]}
        )
    reachable = members.may_reach(receiver, referral.giver)
    if thanks and not reachable:
        members.require_reach(receiver, referral.giver)  # a thank-you note would reach the giver
    referral.status = status
    fields = ["status", "updated_at"]
    if value is not None:
        referral.amount = value
        fields.append("amount")
    if thanks:
        referral.thanks = thanks
        fields.append("thanks")
    referral.save(update_fields=fields)
    mark_read_for_page(receiver, _referral_url(referral))
    # Status only: the amount stays with the receiver, the notice names no figure.
    if reachable:  # after a block the receiver keeps their records, the giver hears nothing
        notify(referral.giver, NoticeKind.REFERRAL_UPDATED, receiver, _referral_url(referral))
        enqueue_after_commit(send_referral_email_task, referral.pk, status)
    if status == ReferralStatus.WON:
        _request_trust_refresh(referral.giver_id, referral.receiver_id)
    return referral


def _request_trust_refresh(giver_id: int, receiver_id: int) -> None:
    """Business that came of a referral strengthens the trust edge both ways: both pairs go
    into the trust change log in this transaction (the adapter reads the counts through
    `hooks.py`)."""
    trust_services.request_trust_refresh(giver_id, receiver_id)
    trust_services.request_trust_refresh(receiver_id, giver_id)
