"""Reads of invitations: the quota, the tree, and the `access_*` helpers (404 for absent and
not-yours alike)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from goodword.accounts.models import Profile
from goodword.core import hooks
from goodword.core.members import is_new_account
from goodword.core.statements import KeptStatement
from goodword.recommendations.models import Recommendation
from goodword.subscriptions.services import absolute

from . import rules
from .models import (
    BranchSanction,
    Invitation,
    InvitationRightsLoss,
    InvitationStatus,
    JoinRequest,
    JoinRequestStatus,
)

User = get_user_model()

TREE_DEPTH = 4


def token_hash(token: str) -> str:
    return hashlib.sha256(str(token).encode()).hexdigest()


TOKEN_SALT = "goodword.invitations.token"  # noqa: S105 - an HMAC salt, not a secret


def invitation_token(invitation: Invitation) -> str:
    """The secret of the invitation's link: derived from its nonce and the site's secret key,
    so the database alone (which stores only its hash) does not give the links away."""
    return salted_hmac(TOKEN_SALT, invitation.nonce, algorithm="sha256").hexdigest()


def invitation_url(invitation: Invitation) -> str:
    return absolute(reverse("invitations:join", args=[invitation_token(invitation)]))


def refusal(invitation: Invitation | None, now=None) -> str | None:
    """Why this invitation's link does not work (any more), in words; None when it does."""
    if invitation is None:
        return _("This invitation link is not valid. Please check that you copied all of it.")
    if invitation.status == InvitationStatus.ACCEPTED:
        return _("This invitation was already used: each link works only once.")
    if invitation.status == InvitationStatus.WITHDRAWN:
        return _("This invitation was withdrawn by the member who sent it.")
    if invitation.is_expired(now):
        return _(
            "This invitation expired on %(date)s. Ask the member who invited you for a new one."
        ) % {"date": timezone.localtime(invitation.expires_at).strftime("%d.%m.%Y")}
    if has_lost_rights(invitation.inviter) or not invitation.inviter.is_active:
        return _("This invitation can no longer be used.")
    return None


def find_invitation(token: str) -> Invitation | None:
    """The invitation a link's token belongs to, in any state (None for an unknown token)."""
    token = str(token or "")
    if not token or len(token) > 128:
        return None
    return (
        Invitation.objects.select_related("inviter__profile")
        .filter(token_hash=token_hash(token))
        .first()
    )


def access_sent_invitation(viewer, invitation_id: int) -> Invitation:
    """An invitation the viewer sent; 404 for absent and not-yours alike."""
    found = None
    if viewer.is_authenticated:
        found = Invitation.objects.filter(pk=invitation_id, inviter=viewer).first()
    if found is None:
        raise Http404("No such invitation.")
    return found


def access_received_invitation(viewer, invitation_id: int) -> Invitation:
    """The invitation the viewer accepted; 404 for absent and not-yours alike."""
    found = None
    if viewer.is_authenticated:
        found = (
            Invitation.objects.select_related("inviter__profile")
            .filter(pk=invitation_id, invitee=viewer)
            .first()
        )
    if found is None:
        raise Http404("No such invitation.")
    return found


def get_received_invitation(user) -> Invitation | None:
    """The invitation `user` came in with, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Invitation.objects.select_related("inviter__profile")
        .filter(invitee=user, status=InvitationStatus.ACCEPTED)
        .first()
    )


def get_inviter(member):
    """Who invited `member` (a user, possibly a deleted member's placeholder), or None.

    Loads only what the profile line shows (id, deleted_at, display name): every profile page
    asks, and the full rows of three tables cost more to build than the query itself."""
    found = _INVITER(member=member.pk)
    return found[0] if found else None


_INVITER = KeptStatement(
    lambda member: (
        User.objects.select_related("profile")
        .only("id", "deleted_at", "profile__display_name")
        .filter(
            invitations_sent__invitee_id=member,
            invitations_sent__status=InvitationStatus.ACCEPTED,
        )[:1]
    )
)


def get_sent_invitations(user):
    """Every invitation `user` sent, newest first, with the invitee's profile."""
    return Invitation.objects.filter(inviter=user).select_related("invitee__profile")


def has_lost_rights(user) -> bool:
    return InvitationRightsLoss.objects.filter(member=user).exists()


def is_in_good_standing(user) -> bool:
    """May approve sign-up requests: a moderator (the moderation app's role, through
    `core.hooks.MEMBER_MODERATES`) or a staff member, or an active member past the
    new-account period whom at least one member publicly recommended and who has not lost
    invitation rights."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff or any(hooks.run(hooks.MEMBER_MODERATES, user)):
        return True
    if is_new_account(user) or has_lost_rights(user):
        return False
    return Recommendation.objects.public().filter(subject=user).exists()


@dataclass(frozen=True)
class Quota:
    """How many invitations a member may have in use, how many are, and why."""

    total: int
    in_use: int
    new_account: bool = False
    lost_rights: bool = False

    @property
    def left(self) -> int:
        return max(0, self.total - self.in_use)


def get_quota(user, now=None) -> Quota:
    """The member's invitation quota (docs/invitations.md): none for new accounts and after
    losing invitation rights; otherwise `QUOTA_BASE`, +1 per member who publicly recommended
    them (up to 3), +1 per full 90 days of membership (up to 4). In use: invitations waiting
    for an answer (not expired) and those accepted within the last `QUOTA_WINDOW_DAYS`."""
    now = now or timezone.now()
    in_use = Invitation.objects.filter(inviter=user).filter(
        Q(status=InvitationStatus.PENDING, expires_at__gt=now)
        | Q(
            status=InvitationStatus.ACCEPTED,
            accepted_at__gt=now - timedelta(days=rules.QUOTA_WINDOW_DAYS),
        )
    )
    used = in_use.count()
    if has_lost_rights(user):
        return Quota(0, used, lost_rights=True)
    if not user.is_active or is_new_account(user, now):
        return Quota(0, used, new_account=user.is_active)
    recommenders = (
        Recommendation.objects.public().filter(subject=user).values("author_id").distinct().count()
    )
    quarters = max(0, (now - user.date_joined).days) // rules.QUOTA_QUARTER_DAYS
    total = (
        rules.QUOTA_BASE
        + min(recommenders, rules.QUOTA_RECOMMENDERS_MAX)
        + min(quarters, rules.QUOTA_QUARTERS_MAX)
    )
    return Quota(total, used)


@dataclass
class TreeNode:
    """One member in an invitation tree, with those they invited."""

    user_id: int
    name: str
    deleted: bool = False
    accepted_at: object = None
    children: list[TreeNode] = field(default_factory=list)


def get_tree(user, depth: int = TREE_DEPTH) -> list[TreeNode]:
    """The members `user` invited, and whom those invited, `depth` generations deep: one query
    per generation (and one for names)."""
    nodes: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    frontier = [user.pk]
    parents: dict[int, int] = {}
    order: list[tuple[int, int, object]] = []
    for _generation in range(depth):
        if not frontier:
            break
        rows = list(
            Invitation.objects.filter(inviter_id__in=frontier, status=InvitationStatus.ACCEPTED)
            .order_by("accepted_at", "pk")
            .values_list("inviter_id", "invitee_id", "accepted_at")
        )
        rows = [r for r in rows if r[1] not in parents and r[1] != user.pk]
        for inviter_id, invitee_id, accepted_at in rows:
            parents[invitee_id] = inviter_id
            order.append((inviter_id, invitee_id, accepted_at))
        frontier = [r[1] for r in rows]
    if not order:
        return []
    ids = [invitee for _inviter, invitee, _at in order]
    people = {
        u.pk: u
        for u in User.objects.filter(pk__in=ids)
        .select_related("profile")
        .only("pk", "deleted_at", "is_active", "profile__display_name")
    }
    for inviter_id, invitee_id, accepted_at in order:
        person = people.get(invitee_id)
        deleted = person is None or person.deleted_at is not None
        profile = getattr(person, "profile", None) if person else None
        node = TreeNode(
            invitee_id,
            "" if deleted else (profile.display_name if profile else ""),
            deleted=deleted,
            accepted_at=accepted_at,
        )
        nodes[invitee_id] = node
        if inviter_id == user.pk:
            roots.append(node)
        else:
            nodes[inviter_id].children.append(node)
    return roots


def get_branch_sanctions(user):
    """Sanctions of the members `user` invited directly (what the inviter is told)."""
    return (
        BranchSanction.objects.filter(inviter=user)
        .select_related("member__profile")
        .order_by("-created_at")
    )


def count_branch_sanctioned(user, now=None) -> int:
    """Distinct members invited by `user`, or by someone `user` invited, with a counted
    sanction (`rules.COUNTED_ACTIONS`) within `rules.BRANCH_WINDOW_DAYS` that stands: a
    sanction lifted on appeal or by a moderator does not count."""
    since = (now or timezone.now()) - timedelta(days=rules.BRANCH_WINDOW_DAYS)
    return (
        BranchSanction.objects.filter(
            Q(inviter=user) | Q(grand_inviter=user),
            action__in=rules.COUNTED_ACTIONS,
            created_at__gt=since,
            lifted_at__isnull=True,
        )
        .values("member_id")
        .distinct()
        .count()
    )


def access_join_request(viewer, request_id: int) -> JoinRequest:
    """A pending sign-up request, for a member who may approve; 404 otherwise."""
    found = None
    if is_in_good_standing(viewer):
        found = JoinRequest.objects.filter(pk=request_id, status=JoinRequestStatus.PENDING).first()
    if found is None:
        raise Http404("No such request.")
    return found


def get_pending_join_requests():
    return JoinRequest.objects.filter(status=JoinRequestStatus.PENDING)


def display_name(user) -> str:
    """A member's public name for invitation pages and mails (never their e-mail address)."""
    if user is None:
        return ""
    if getattr(user, "deleted_at", None) is not None:
        return str(user)
    profile = getattr(user, "profile", None)
    if profile is None:
        profile = Profile.objects.filter(user=user).first()
    return (profile.display_name if profile else "") or _("a member")
