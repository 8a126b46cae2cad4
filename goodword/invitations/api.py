"""Invitations API: the same services as the pages. A link's secret is returned only to the
member who created the invitation, and only while it is waiting. Sign-up requests (instances
in "request" mode) for moderators and members in good standing; 404 for everybody else, as on
the pages."""

from datetime import datetime

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from goodword.api.auth import api_auth
from goodword.api.errors import ErrorOut

from . import queries, services
from .models import Channel, InvitationStatus

router = Router(tags=["invitations"], auth=api_auth)


class InvitationIn(Schema):
    channel: str = Channel.EMAIL.value
    email: str = ""
    note: str


class InvitationOut(Schema):
    id: int
    channel: str
    email: str
    note: str
    status: str
    created_at: datetime
    expires_at: datetime
    expired: bool
    accepted_at: datetime | None
    invitee_id: int | None
    link: str | None  # the one-time link, for a waiting invitation handed over in person


class QuotaOut(Schema):
    total: int
    in_use: int
    left: int
    reason: str | None


class ReceivedOut(Schema):
    id: int
    inviter_id: int
    note: str
    accepted_at: datetime | None
    trust_edge: bool
    recommendation_asked_at: datetime | None


class JoinRequestOut(Schema):
    id: int
    name: str
    email: str
    note: str
    created_at: datetime


def _out(i) -> dict:
    waiting_link = (
        i.channel == Channel.LINK and i.status == InvitationStatus.PENDING and not i.is_expired()
    )
    return {
        "id": i.pk,
        "channel": i.channel,
        "email": i.email,
        "note": i.note,
        "status": i.status,
        "created_at": i.created_at,
        "expires_at": i.expires_at,
        "expired": i.is_expired(),
        "accepted_at": i.accepted_at,
        "invitee_id": i.invitee_id,
        "link": queries.invitation_url(i) if waiting_link else None,
    }


def _received_out(i) -> dict:
    return {
        "id": i.pk,
        "inviter_id": i.inviter_id,
        "note": i.note,
        "accepted_at": i.accepted_at,
        "trust_edge": i.gives_edge,
        "recommendation_asked_at": i.recommendation_asked_at,
    }


@router.get("", response=list[InvitationOut])
def list_invitations(request: HttpRequest):
    """The invitations you sent, newest first."""
    return [_out(i) for i in queries.get_sent_invitations(request.auth)]


@router.post("", response={201: InvitationOut})
def create_invitation(request: HttpRequest, payload: InvitationIn):
    """Invite by e-mail (`channel` "email", with `email`) or as a link to hand over in person
    (`channel` "link"; the answer carries the link). 400 with the reason for an address that
    already belongs to a member, an invitation still waiting, or no quota left."""
    invitation = services.create_invitation(
        request.auth, channel=payload.channel, email=payload.email, note=payload.note
    )
    return Status(201, _out(invitation))


@router.get("/quota", response=QuotaOut)
def quota(request: HttpRequest):
    """How many invitations you may have in use, and why none when you may not invite."""
    found = queries.get_quota(request.auth)
    return {
        "total": found.total,
        "in_use": found.in_use,
        "left": found.left,
        "reason": services.quota_message(found) if found.left <= 0 else None,
    }


@router.get("/received", response={200: ReceivedOut, 404: ErrorOut})
def received(request: HttpRequest):
    """The invitation you came in with (404 when you joined without one)."""
    found = queries.get_received_invitation(request.auth)
    if found is None:
        return Status(404, {"detail": _("You joined without an invitation.")})
    return Status(200, _received_out(found))


@router.post("/{signup_invitation_id}/withdraw", response=InvitationOut)
def withdraw(request: HttpRequest, signup_invitation_id: int):
    """Withdraw an invitation of yours that is still waiting; its link stops working."""
    invitation = queries.access_sent_invitation(request.auth, signup_invitation_id)
    return _out(services.withdraw_invitation(request.auth, invitation))


@router.post("/{signup_invitation_id}/edge/decline", response=ReceivedOut)
def decline_edge(request: HttpRequest, signup_invitation_id: int):
    """The invited member: the invitation no longer counts as a trust edge."""
    invitation = queries.access_received_invitation(request.auth, signup_invitation_id)
    return _received_out(services.decline_invitation_edge(request.auth, invitation))


@router.post("/{signup_invitation_id}/edge/accept", response=ReceivedOut)
def accept_edge(request: HttpRequest, signup_invitation_id: int):
    """The invited member: the invitation counts as a trust edge (again)."""
    invitation = queries.access_received_invitation(request.auth, signup_invitation_id)
    return _received_out(services.accept_invitation_edge(request.auth, invitation))


@router.post("/{signup_invitation_id}/ask", response=ReceivedOut)
def ask_for_recommendation(request: HttpRequest, signup_invitation_id: int):
    """The invited member asks the inviter for a full, written recommendation (once; 400 the
    second time, 403 when a block stands between you)."""
    invitation = queries.access_received_invitation(request.auth, signup_invitation_id)
    return _received_out(services.ask_for_recommendation(request.auth, invitation))


def _require_approver(user) -> None:
    if settings.SIGNUP_MODE != "request" or not queries.is_in_good_standing(user):
        raise Http404("No such page.")


@router.get("/requests", response={200: list[JoinRequestOut], 404: ErrorOut})
def join_requests(request: HttpRequest):
    """Sign-up requests waiting for approval (moderators and members in good standing, on an
    instance in "request" mode; 404 otherwise)."""
    _require_approver(request.auth)
    return [
        {"id": r.pk, "name": r.name, "email": r.email, "note": r.note, "created_at": r.created_at}
        for r in queries.get_pending_join_requests()
    ]


@router.post("/requests/{signup_request_id}/approve", response={201: InvitationOut})
def approve_join_request(request: HttpRequest, signup_request_id: int):
    """Approve a sign-up request: an invitation goes to the address from you (no quota, no
    trust edge). 400 when it was decided already or the address became a member's."""
    _require_approver(request.auth)
    found = queries.access_join_request(request.auth, signup_request_id)
    return Status(201, _out(services.approve_join_request(request.auth, found)))


@router.post("/requests/{signup_request_id}/decline", response={200: JoinRequestOut})
def decline_join_request(request: HttpRequest, signup_request_id: int):
    """Decline a sign-up request (400 when it was decided already)."""
    _require_approver(request.auth)
    found = queries.access_join_request(request.auth, signup_request_id)
    r = services.decline_join_request(request.auth, found)
    return Status(
        200,
        {
            "id": r.pk,
            "name": r.name,
            "email": r.email,
            "note": r.note,
            "created_at": r.created_at,
        },
    )
