"""What circles contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

from typing import Any

from goodword.core import hooks
from goodword.core.export import iso

from . import services
from .models import (
    Circle,
    CircleInvitation,
    EmailInvitation,
    JoinRequest,
    Membership,
    Post,
    Role,
)


@hooks.register(hooks.MEMBER_EXPORT)
def export_circles(user) -> dict[str, Any]:
    """The member's circles (with the values they agreed to), requests, invitations and posts."""
    memberships = Membership.objects.filter(member=user).select_related("circle")
    requests = JoinRequest.objects.filter(applicant=user).select_related("circle")
    invitations = CircleInvitation.objects.filter(invitee=user).select_related("circle")
    posts = Post.objects.filter(author=user).select_related("circle").order_by("created_at")
    return {
        "circles": [
            {
                "circle": {"id": m.circle_id, "name": m.circle.name},
                "role": m.role,
                "joined_via": m.joined_via,
                "agreed_values": m.agreed_values,
                "agreed_at": iso(m.agreed_at),
                "joined_at": iso(m.joined_at),
            }
            for m in memberships.order_by("joined_at")
        ],
        "circle_join_requests": [
            {
                "circle": {"id": r.circle_id, "name": r.circle.name},
                "note": r.note,
                "agreed_values": r.agreed_values,
                "status": r.status,
                "reason": r.reason,
                "created_at": iso(r.created_at),
                "decided_at": iso(r.decided_at),
            }
            for r in requests.order_by("created_at")
        ],
        "circle_invitations": [
            {
                "circle": {"id": i.circle_id, "name": i.circle.name},
                "note": i.note,
                "status": i.status,
                "created_at": iso(i.created_at),
            }
            for i in invitations.order_by("created_at")
        ],
        "circle_invitations_sent_by_email": [
            {
                "circle": {"id": e.circle_id, "name": e.circle.name},
                "invitation_id": e.invitation_id,
                "note": e.note,
                "created_at": iso(e.created_at),
            }
            for e in EmailInvitation.objects.filter(invited_by=user).select_related("circle")
        ],
        "circle_posts": [
            {
                "circle": {"id": p.circle_id, "name": p.circle.name},
                "intent": p.intent,
                "text": p.text,
                "created_at": iso(p.created_at),
                "removed_at": iso(p.removed_at),
                "removal_reason": p.removal_reason,
            }
            for p in posts
        ],
    }


@hooks.register(hooks.MEMBER_ERASING)
def leave_all_circles(user) -> None:
    """The member leaves every circle; their requests, invitations and notes go. Board posts
    stay as the circle's conversation, attributed to a deleted member (like messages). A circle
    whose founder leaves this way passes to its longest-standing moderator, or else member;
    a circle left empty is deleted."""
    founded = list(
        Membership.objects.filter(member=user, role=Role.FOUNDER).values_list(
            "circle_id", flat=True
        )
    )
    Membership.objects.filter(member=user).delete()
    JoinRequest.objects.filter(applicant=user).delete()
    CircleInvitation.objects.filter(invitee=user).delete()
    EmailInvitation.objects.filter(invited_by=user).delete()
    for circle_id in founded:
        successor = (
            Membership.objects.filter(circle_id=circle_id)
            .order_by("-role", "joined_at", "pk")  # "moderator" sorts before "member" descending
            .first()
        )
        if successor is None:
            Circle.objects.filter(pk=circle_id).delete()
        else:
            successor.role = Role.FOUNDER
            successor.save(update_fields=["role"])
            Circle.objects.filter(pk=circle_id).update(founder_id=successor.member_id)


@hooks.register(hooks.MEMBER_SIGNED_UP)
def circle_invitations_for_newcomer(request, user) -> None:
    """Runs after the invitations app accepted the invitation the newcomer came with (apps
    register in the order of INSTALLED_APPS: invitations before circles)."""
    services.welcome_invited(user)
