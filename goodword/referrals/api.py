"""Referrals API: the same services as the pages. The amount is returned to the receiver only."""

from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from goodword.api.auth import api_auth
from goodword.api.errors import RefusalOut
from goodword.core.members import access_member
from goodword.messaging.api import refused
from goodword.messaging.services import ContactRefused

from . import queries, services

router = Router(tags=["referrals"], auth=api_auth)


class ReferralIn(Schema):
    receiver_id: int
    need: str
    contact_name: str
    contact_details: str = ""


class StatusIn(Schema):
    status: str
    amount: Decimal | None = None
    thanks: str = ""


class ReferralOut(Schema):
    id: int
    giver_id: int
    receiver_id: int
    need: str
    contact_name: str
    contact_details: str
    status: str
    amount: Decimal | None = None
    thanks: str
    created_at: datetime


class CountsOut(Schema):
    passed: int
    won: int


def _out(r, viewer) -> dict:
    return {
        "id": r.pk,
        "giver_id": r.giver_id,
        "receiver_id": r.receiver_id,
        "need": r.need,
        "contact_name": r.contact_name,
        "contact_details": r.contact_details,
        "status": r.status,
        "amount": r.amount if viewer.pk == r.receiver_id else None,
        "thanks": r.thanks,
        "created_at": r.created_at,
    }


@router.get("", response=list[ReferralOut])
def list_referrals(request: HttpRequest):
    """Referrals you passed or received."""
    return [_out(r, request.auth) for r in queries.get_referrals(request.auth)]


@router.post("", response={201: ReferralOut, 403: RefusalOut, 429: RefusalOut})
def pass_referral(request: HttpRequest, payload: ReferralIn):
    """Pass a lead. Follows the contact rules: refused (403) with what would earn contact."""
    receiver = access_member(request.auth, payload.receiver_id)
    try:
        referral = services.pass_referral(
            request.auth,
            receiver,
            need=payload.need,
            contact_name=payload.contact_name,
            contact_details=payload.contact_details,
        )
    except ContactRefused as exc:
        return refused(exc)
    return Status(201, _out(referral, request.auth))


@router.get("/counts/{member_id}", response=CountsOut)
def referral_counts(request: HttpRequest, member_id: int):
    """What a profile shows: referrals passed and how many led to business (no amounts)."""
    return queries.get_referral_counts(access_member(request.auth, member_id))


@router.get("/{referral_id}", response=ReferralOut)
def get_referral(request: HttpRequest, referral_id: int):
    return _out(queries.access_referral(request.auth, referral_id), request.auth)


@router.post("/{referral_id}/status", response=ReferralOut)
def update_status(request: HttpRequest, referral_id: int, payload: StatusIn):
    """The receiver: `contacted`, `won` (optional private `amount`) or `not_a_fit`, with an
    optional thank-you note for the giver."""
    referral = queries.access_referral(request.auth, referral_id)
    referral = services.update_referral(
        referral, request.auth, status=payload.status, amount=payload.amount, thanks=payload.thanks
    )
    return _out(referral, request.auth)
