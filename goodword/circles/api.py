"""Circles API: the same services and access rules as the pages (a closed circle is 404 for
those outside it; its board is for members; moderating is 403 for members who do not
moderate)."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from goodword.api.auth import api_auth
from goodword.core.members import access_member
from goodword.topics.queries import get_topic_by_slug_or_name

from . import queries, services
from .models import Access, CircleInvitation

router = Router(tags=["circles"], auth=api_auth)


class CircleIn(Schema):
    name: str
    purpose: str
    values: list[str]
    city: str = ""
    is_online: bool = False
    access: str = Access.OPEN.value
    topics: list[str] = []


class CircleOut(Schema):
    id: int
    name: str
    purpose: str
    values: list[str]
    city: str
    is_online: bool
    access: str
    topics: list[str]
    founder_id: int
    role: str | None = None  # the caller's role, None outside the circle
    created_at: datetime


class MemberOut(Schema):
    member_id: int
    display_name: str
    role: str
    joined_at: datetime
    closeness: str
    path: str


class JoinIn(Schema):
    agree: bool = False
    note: str = ""


class JoinRequestOut(Schema):
    id: int
    circle_id: int
    applicant_id: int
    note: str
    status: str
    reason: str
    created_at: datetime


class DecisionIn(Schema):
    reason: str = ""


class PostIn(Schema):
    intent: str
    text: str


class PostOut(Schema):
    id: int
    circle_id: int
    author_id: int
    intent: str
    text: str
    removed: bool
    removal_reason: str
    created_at: datetime


class InviteIn(Schema):
    member_id: int
    note: str = ""


class EmailInviteIn(Schema):
    email: str
    note: str


class EmailInviteOut(Schema):
    circle_id: int
    member_invited: bool  # the address is a member's: `invitation_id` is their circle invitation
    invitation_id: int | None
    signup_invitation_id: int | None  # else: the invitation to Goodword that names the circle


class InvitationOut(Schema):
    id: int
    circle_id: int
    invitee_id: int
    invited_by_id: int
    status: str
    created_at: datetime


class AcceptIn(Schema):
    agree: bool = False


class ReasonIn(Schema):
    ground: str  # a documented ground: spam, harassment, deception, privacy, illegal, rules
    reason: str


def _circle(c, role: str | None = None) -> dict:
    return {
        "id": c.pk,
        "name": c.name,
        "purpose": c.purpose,
        "values": c.values,
        "city": c.city,
        "is_online": c.is_online,
        "access": c.access,
        "topics": [t.name for t in c.topics.all()],
        "founder_id": c.founder_id,
        "role": role,
        "created_at": c.created_at,
    }


def _request(r) -> dict:
    return {
        "id": r.pk,
        "circle_id": r.circle_id,
        "applicant_id": r.applicant_id,
        "note": r.note,
        "status": r.status,
        "reason": r.reason,
        "created_at": r.created_at,
    }


def _post(p) -> dict:
    removed = p.removed_at is not None
    return {
        "id": p.pk,
        "circle_id": p.circle_id,
        "author_id": p.author_id,
        "intent": p.intent,
        "text": "" if removed else p.text,
        "removed": removed,
        "removal_reason": p.removal_reason,
        "created_at": p.created_at,
    }


def _invitation(i) -> dict:
    return {
        "id": i.pk,
        "circle_id": i.circle_id,
        "invitee_id": i.invitee_id,
        "invited_by_id": i.invited_by_id,
        "status": i.status,
        "created_at": i.created_at,
    }


@router.get("", response=list[CircleOut])
def my_circles(request: HttpRequest):
    """Your circles, by name."""
    memberships = {
        m.circle_id: m.role for m in request.auth.circle_memberships.only("circle_id", "role")
    }
    return [_circle(c, memberships.get(c.pk)) for c in queries.get_my_circles(request.auth)]


@router.get("/discover", response=list[CircleOut])
def discover(request: HttpRequest, city: str = "", topic: str = ""):
    """Open circles near you (your city, or `city`, or online) or in your topics (or `topic`),
    ordered by your trust in their members, never by size."""
    found = get_topic_by_slug_or_name(topic[:80]) if topic.strip() else None
    if topic.strip() and found is None:
        return []
    entries = queries.get_discover_circles(request.auth, city=city[:100], topic=found)
    return [_circle(e.circle) for e in entries]


@router.post("", response={201: CircleOut})
def found_circle(request: HttpRequest, payload: CircleIn):
    """Found a circle (members in good standing: not a new account). You become its founder."""
    circle = services.found_circle(
        request.auth,
        name=payload.name,
        purpose=payload.purpose,
        values=payload.values,
        city=payload.city,
        is_online=payload.is_online,
        access=payload.access,
        topics=payload.topics,
    )
    return Status(201, _circle(circle, "founder"))


@router.get("/{circle_id}", response=CircleOut)
def get_circle(request: HttpRequest, circle_id: int):
    circle = queries.access_circle(request.auth, circle_id)
    membership = queries.get_membership(circle, request.auth)
    return _circle(circle, membership.role if membership else None)


@router.put("/{circle_id}", response=CircleOut)
def edit_circle(request: HttpRequest, circle_id: int, payload: CircleIn):
    """Moderators edit the circle (members keep the values they agreed to)."""
    circle, membership = queries.access_board(request.auth, circle_id)
    circle = services.update_circle(
        circle,
        request.auth,
        name=payload.name,
        purpose=payload.purpose,
        values=payload.values,
        city=payload.city,
        is_online=payload.is_online,
        access=payload.access,
        topics=payload.topics,
    )
    return _circle(circle, membership.role)


@router.get("/{circle_id}/members", response=list[MemberOut])
def list_members(request: HttpRequest, circle_id: int):
    """The members with how you know them (words and the strongest path, never a score)."""
    circle = queries.access_circle(request.auth, circle_id)
    return [
        {
            "member_id": e.profile.user_id,
            "display_name": e.profile.display_name,
            "role": e.membership.role,
            "joined_at": e.membership.joined_at,
            "closeness": e.closeness,
            "path": e.line,
        }
        for e in queries.get_members(circle, request.auth)
    ]


@router.post("/{circle_id}/join", response={201: JoinRequestOut})
def ask_to_join(request: HttpRequest, circle_id: int, payload: JoinIn):
    """Ask to join an open circle; `agree` must be true (you agree to its values)."""
    circle = queries.access_circle(request.auth, circle_id)
    join_request = services.ask_to_join(
        circle, request.auth, agree=payload.agree, note=payload.note
    )
    return Status(201, _request(join_request))


@router.post("/{circle_id}/leave", response={204: None})
def leave(request: HttpRequest, circle_id: int):
    circle, _membership = queries.access_board(request.auth, circle_id)
    services.leave_circle(circle, request.auth)
    return Status(204, None)


@router.get("/{circle_id}/requests", response=list[JoinRequestOut])
def list_requests(request: HttpRequest, circle_id: int):
    """Moderators: the pending join requests."""
    circle, _membership = queries.access_board(request.auth, circle_id)
    services.require_moderator(circle, request.auth)
    return [_request(e.join_request) for e in queries.get_pending_requests(circle, request.auth)]


@router.post("/requests/{request_id}/admit", response=JoinRequestOut)
def admit(request: HttpRequest, request_id: int):
    join_request = queries.access_join_request(request.auth, request_id)
    services.admit(join_request, request.auth)
    join_request.refresh_from_db()
    return _request(join_request)


@router.post("/requests/{request_id}/decline", response=JoinRequestOut)
def decline(request: HttpRequest, request_id: int, payload: DecisionIn):
    join_request = queries.access_join_request(request.auth, request_id)
    return _request(services.decline(join_request, request.auth, reason=payload.reason))


@router.post("/requests/{request_id}/withdraw", response=JoinRequestOut)
def withdraw(request: HttpRequest, request_id: int):
    join_request = queries.access_join_request(request.auth, request_id)
    return _request(services.withdraw_request(join_request, request.auth))


@router.post("/{circle_id}/invitations", response={201: InvitationOut})
def invite(request: HttpRequest, circle_id: int, payload: InviteIn):
    """Moderators invite a member (blocks hold: 403)."""
    circle, _membership = queries.access_board(request.auth, circle_id)
    services.require_moderator(circle, request.auth)
    invitee = access_member(request.auth, payload.member_id)
    return Status(
        201, _invitation(services.invite(circle, request.auth, invitee, note=payload.note))
    )


@router.post("/{circle_id}/invitations/email", response={201: EmailInviteOut})
def invite_by_email(request: HttpRequest, circle_id: int, payload: EmailInviteIn):
    """Moderators invite by e-mail address: a member's address becomes their circle
    invitation; anyone else gets an invitation to Goodword (the moderator's quota) naming the
    circle, and the circle invitation waits for them after sign-up."""
    circle, _membership = queries.access_board(request.auth, circle_id)
    services.require_moderator(circle, request.auth)
    made = services.invite_by_email(circle, request.auth, payload.email, note=payload.note)
    member = isinstance(made, CircleInvitation)
    return Status(
        201,
        {
            "circle_id": circle.pk,
            "member_invited": member,
            "invitation_id": made.pk if member else None,
            "signup_invitation_id": None if member else made.invitation_id,
        },
    )


@router.post("/invitations/{invitation_id}/accept", response=InvitationOut)
def accept_invitation(request: HttpRequest, invitation_id: int, payload: AcceptIn):
    invitation = queries.access_invitation(request.auth, invitation_id)
    services.accept_invitation(invitation, request.auth, agree=payload.agree)
    invitation.refresh_from_db()
    return _invitation(invitation)


@router.post("/invitations/{invitation_id}/decline", response=InvitationOut)
def decline_invitation(request: HttpRequest, invitation_id: int):
    invitation = queries.access_invitation(request.auth, invitation_id)
    return _invitation(services.decline_invitation(invitation, request.auth))


@router.get("/{circle_id}/posts", response=list[PostOut])
def list_posts(request: HttpRequest, circle_id: int):
    """The board, oldest first (members only)."""
    circle, _membership = queries.access_board(request.auth, circle_id)
    return [_post(p) for p in queries.get_board(circle, request.auth)]


@router.post("/{circle_id}/posts", response={201: PostOut})
def create_post(request: HttpRequest, circle_id: int, payload: PostIn):
    """Post on the board: `intent` is question, advice, help, report or goal."""
    circle, _membership = queries.access_board(request.auth, circle_id)
    post = services.post_to_board(circle, request.auth, intent=payload.intent, text=payload.text)
    return Status(201, _post(post))


@router.post("/posts/{post_id}/remove", response=PostOut)
def remove_post(request: HttpRequest, post_id: int, payload: ReasonIn):
    """Moderators remove a post with a reason."""
    post = queries.access_post(request.auth, post_id)
    return _post(
        services.remove_post(post, request.auth, ground=payload.ground, reason=payload.reason)
    )


@router.post("/{circle_id}/members/{member_id}/remove", response={204: None})
def remove_member(request: HttpRequest, circle_id: int, member_id: int, payload: ReasonIn):
    """Moderators remove a member with a reason."""
    circle, _membership = queries.access_board(request.auth, circle_id)
    services.require_moderator(circle, request.auth)
    target = queries.access_circle_member(circle, member_id)
    services.remove_member(
        circle, request.auth, target, ground=payload.ground, reason=payload.reason
    )
    return Status(204, None)
