"""What referrals contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

from typing import Any

from goodword.core import hooks
from goodword.core.export import iso, member_ref

from . import queries
from .models import Referral


def _exported(r: Referral, *, received: bool) -> dict[str, Any]:
    row = {
        "id": r.pk,
        ("giver" if received else "receiver"): member_ref(r.giver if received else r.receiver),
        "need": r.need,
        "contact_name": r.contact_name,
        "contact_details": r.contact_details,
        "status": r.status,
        "thanks": r.thanks,
        "created_at": iso(r.created_at),
        "updated_at": iso(r.updated_at),
    }
    if received:  # the amount is the receiver's business alone
        row["amount"] = str(r.amount) if r.amount is not None else None
    return row


@hooks.register(hooks.MEMBER_EXPORT)
def export_referrals(user) -> dict[str, Any]:
    referrals = Referral.objects.select_related("giver__profile", "receiver__profile").order_by(
        "created_at"
    )
    return {
        "referrals_given": [_exported(r, received=False) for r in referrals.filter(giver=user)],
        "referrals_received": [
            _exported(r, received=True) for r in referrals.filter(receiver=user)
        ],
    }


# A referral that led to business is trust evidence both ways (`trust.weights.combine`).
hooks.register(hooks.WON_REFERRAL_COUNTS)(queries.get_won_referral_counts)
hooks.register(hooks.WON_REFERRAL_PAIRS_OF)(queries.get_won_referral_pairs_of)
