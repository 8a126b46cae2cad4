"""What invitations contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from goodword.core import hooks
from goodword.core.export import iso, member_ref
from goodword.core.statements import KeptStatement

from . import queries, rules, services
from .models import Invitation, InvitationStatus

logger = logging.getLogger(__name__)

SESSION_TOKEN = "invitations.token"  # noqa: S105 - a session key name


@hooks.register(hooks.TRUST_EDGES)
def invitation_edges(pairs=None, member_id=None):
    """Accepted invitations, both ways, unless the invitee declined the edge or the
    invitation was an approved sign-up request; only between active members."""
    ids = {}
    if member_id is not None:
        ids["member"] = member_id
    if pairs is not None:
        ids["members"] = sorted({m for pair in pairs for m in pair})
    shape = (member_id is not None, pairs is not None)
    # A whole rebuild (no ids) streams the rows of the plain queryset.
    found = _EDGES(shape, **ids) if ids else _edges(*shape)
    weight = rules.INVITATION_EDGE_WEIGHT
    for inviter_id, invitee_id in found:
        yield (inviter_id, invitee_id, weight, "invited")
        yield (invitee_id, inviter_id, weight, "invited_by")


def _edges(by_member: bool, by_pairs: bool, member=None, members=None):
    found = Invitation.objects.filter(
        status=InvitationStatus.ACCEPTED,
        edge_declined_at__isnull=True,
        join_request__isnull=True,
        inviter__is_active=True,
        invitee__is_active=True,
    )
    if by_member:
        found = found.filter(Q(inviter_id=member) | Q(invitee_id=member))
    if by_pairs:
        found = found.filter(inviter_id__in=members, invitee_id__in=members)
    return found.values_list("inviter_id", "invitee_id")


_EDGES = KeptStatement(_edges)


@hooks.register(hooks.MEMBER_SANCTIONED)
def member_sanctioned(member, action: str, ground: str, action_id: int | None = None) -> None:
    services.record_sanction(member, action, ground, action_id=action_id)


@hooks.register(hooks.MEMBER_SANCTION_LIFTED)
def member_sanction_lifted(member, action_id: int) -> None:
    services.lift_sanction(member, action_id)


@hooks.register(hooks.INVITERS)
def inviters(member_ids) -> dict[int, int]:
    """Who invited each of `member_ids` (accepted invitations only)."""
    return dict(
        Invitation.objects.filter(
            invitee_id__in=list(member_ids), status=InvitationStatus.ACCEPTED
        ).values_list("invitee_id", "inviter_id")
    )


@hooks.register(hooks.SIGNUP_REFUSAL)
def signup_refusal(request) -> dict | None:
    """The instance's sign-up mode (`SIGNUP_MODE`): a visitor who came through a working
    invitation link may always sign up."""
    mode = settings.SIGNUP_MODE
    if mode == "open":
        return None
    token = request.session.get(SESSION_TOKEN)
    if token and queries.refusal(queries.find_invitation(token)) is None:
        return None
    if mode == "request":
        return {
            "message": _(
                "This Goodword site takes new members by approval. Tell us who you are and "
                "whom you know here; a moderator or a member will look at your request. "
                "If someone invited you, open the link from their invitation."
            ),
            "url": reverse("invitations:join_request"),
            "label": _("Ask to join"),
        }
    return {
        "message": _(
            "This Goodword site takes new members by invitation only. Ask a member you know "
            "for an invitation, then open the link from it to sign up."
        ),
        "url": "",
        "label": "",
    }


@hooks.register(hooks.MEMBER_SIGNED_UP)
def member_signed_up(request, user) -> None:
    """Accept the invitation the visitor came with (its link put the token in the session)."""
    token = request.session.pop(SESSION_TOKEN, None) if request is not None else None
    if not token:
        return
    try:
        services.accept_invitation(token, user)
    except ValidationError as exc:
        # Only possible when the invitation changed between the gate and this moment; the
        # account exists, so say what happened rather than fail the sign-up.
        logger.info("invitation not accepted at sign-up: %s", exc.messages)
        messages.warning(request, " ".join(exc.messages))


@hooks.register(hooks.MEMBER_EXPORT)
def export_invitations(user) -> dict[str, Any]:
    """Invitations the member sent (addresses and notes are theirs) and the one they came in
    with (who invited them and the note; never the inviter's other invitations)."""
    sent = queries.get_sent_invitations(user).order_by("created_at")
    received = queries.get_received_invitation(user)
    return {
        "invitations_sent": [
            {
                "id": i.pk,
                "channel": i.channel,
                "email": i.email,
                "note": i.note,
                "status": i.status,
                "created_at": iso(i.created_at),
                "expires_at": iso(i.expires_at),
                "accepted_at": iso(i.accepted_at),
                "withdrawn_at": iso(i.withdrawn_at),
                "invitee": member_ref(i.invitee) if i.invitee else None,
            }
            for i in sent
        ],
        "invitation_received": (
            {
                "id": received.pk,
                "inviter": member_ref(received.inviter),
                "note": received.note,
                "accepted_at": iso(received.accepted_at),
                "trust_edge_declined_at": iso(received.edge_declined_at),
                "recommendation_asked_at": iso(received.recommendation_asked_at),
            }
            if received
            else None
        ),
    }


@hooks.register(hooks.MEMBER_ERASING)
def erase_invitations(user) -> None:
    services.erase_member(user)
