"""Reads for circles and the `access_*` helpers (404 for absent and not-yours alike).

Who sees what:
- an open circle's page (purpose, values, members): every logged-in member;
- a closed circle: its members, and a member with a pending invitation (to decide); everyone
  else gets 404, as if it did not exist;
- the board of any circle: its members only;
- join requests and the moderation record: the circle's moderators.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from goodword.accounts.models import Profile
from goodword.messaging.queries import blocked_either_way
from goodword.recommendations.models import Recommendation
from goodword.trust import queries as trust

from .models import (
    Access,
    Circle,
    CircleAction,
    CircleInvitation,
    InvitationStatus,
    JoinRequest,
    Membership,
    Post,
    RequestStatus,
)

# How many circles the discovery list considers and shows.
DISCOVER_CANDIDATES = 200
DISCOVER_SHOWN = 30
# How many members the circle page lists with their path (the rest by name only).
MEMBERS_WITH_PATHS = 60


def get_membership(circle: Circle, user) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(circle=circle, member=user).first()


def _visible_circles(viewer) -> QuerySet[Circle]:
    mine = Membership.objects.filter(circle=OuterRef("pk"), member=viewer)
    invited = CircleInvitation.objects.filter(
        circle=OuterRef("pk"), invitee=viewer, status=InvitationStatus.PENDING
    )
    return Circle.objects.filter(Q(access=Access.OPEN) | Exists(mine) | Exists(invited))


def access_circle(viewer, circle_id: int) -> Circle:
    """The circle if the viewer may see its page; 404 otherwise (a closed circle does not exist
    for those outside it)."""
    circle = None
    if getattr(viewer, "is_authenticated", False):
        circle = (
            _visible_circles(viewer).select_related("founder__profile").filter(pk=circle_id).first()
        )
    if circle is None:
        raise Http404("No such circle.")
    return circle


def access_board(viewer, circle_id: int) -> tuple[Circle, Membership]:
    """The circle and the viewer's membership, for reading or writing its board; 404 for
    everyone outside the circle."""
    circle = access_circle(viewer, circle_id)
    membership = get_membership(circle, viewer)
    if membership is None:
        raise Http404("No such board.")
    return circle, membership


def access_post(viewer, post_id: int) -> Post:
    """A board post, for a member of its circle; 404 otherwise."""
    post = None
    if getattr(viewer, "is_authenticated", False):
        post = (
            Post.objects.select_related("circle", "author__profile")
            .filter(pk=post_id, circle__memberships__member=viewer)
            .first()
        )
    if post is None:
        raise Http404("No such post.")
    return post


def access_join_request(viewer, request_id: int) -> JoinRequest:
    """A join request, for its applicant or a member of its circle; 404 otherwise. Whether the
    viewer may decide it is the service's question (403 for a member who does not moderate)."""
    join_request = None
    if getattr(viewer, "is_authenticated", False):
        join_request = (
            JoinRequest.objects.select_related("circle", "applicant__profile")
            .filter(pk=request_id)
            .filter(Q(applicant=viewer) | Q(circle__memberships__member=viewer))
            .distinct()
            .first()
        )
    if join_request is None:
        raise Http404("No such request.")
    return join_request


def access_invitation(viewer, invitation_id: int) -> CircleInvitation:
    """An invitation, for the invited member only; 404 otherwise."""
    invitation = None
    if getattr(viewer, "is_authenticated", False):
        invitation = (
            CircleInvitation.objects.select_related("circle", "invited_by__profile")
            .filter(pk=invitation_id, invitee=viewer)
            .first()
        )
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


def access_circle_member(circle: Circle, member_id: int):
    """A member of the circle (the user), for acting on them; 404 for anyone else."""
    membership = (
        Membership.objects.select_related("member__profile")
        .filter(circle=circle, member_id=member_id, member__is_active=True)
        .first()
    )
    if membership is None:
        raise Http404("No such member.")
    return membership.member


# -- lists ----------------------------------------------------------------------------------
def get_my_circles(user) -> list[Circle]:
    """The circles the member belongs to, by name (never by size)."""
    return list(
        Circle.objects.filter(memberships__member=user)
        .prefetch_related("topics")
        .order_by("name", "pk")
    )


def get_pending_invitations(user) -> QuerySet[CircleInvitation]:
    return CircleInvitation.objects.filter(
        invitee=user, status=InvitationStatus.PENDING
    ).select_related("circle", "invited_by__profile")


def get_pending_request(circle: Circle, user) -> JoinRequest | None:
    return JoinRequest.objects.filter(
        circle=circle, applicant=user, status=RequestStatus.PENDING
    ).first()


def get_last_decision(circle: Circle, user) -> JoinRequest | None:
    return (
        JoinRequest.objects.filter(circle=circle, applicant=user, status=RequestStatus.DECLINED)
        .order_by("-decided_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class CircleEntry:
    """One circle in the discovery list and why it is there, in words."""

    circle: Circle
    near: bool
    shared_topics: list
    known_members: list  # Profiles of members the viewer trusts, strongest first (up to 3)


def get_discover_circles(viewer, *, city: str = "", topic=None) -> list[CircleEntry]:
    """Open circles the viewer is not in, near them (their city, or the `city` asked for) or in
    their topics (or the `topic` asked for), ordered by the viewer's trust in their members:
    the strongest trust in any one member first, then the second strongest, and so on. Never
    by size: a circle of three people the viewer trusts comes before one of fifty strangers.
    Online circles count as near everyone."""
    profile = getattr(viewer, "profile", None)
    asked_city = (city or "").strip()
    city = asked_city or (profile.city if profile else "") or ""
    topic_ids = [topic.pk] if topic is not None else []
    if topic is None and profile is not None:
        topic_ids = list(profile.topics.values_list("pk", flat=True))
    near = Q(is_online=True) | (Q(city__iexact=city) if city else Q(pk__in=[]))
    topical = Q(topics__in=topic_ids)
    if topic is not None:
        match = topical & near if asked_city else topical
    elif asked_city:
        match = near
    else:
        match = near | topical
    circles = list(
        Circle.objects.filter(access=Access.OPEN)
        .filter(match)
        .exclude(memberships__member=viewer)
        .prefetch_related("topics")
        .distinct()
        .order_by("pk")[:DISCOVER_CANDIDATES]
    )
    if not circles:
        return []
    rows = Membership.objects.filter(circle__in=circles).values_list("circle_id", "member_id")
    by_circle: dict[int, list[int]] = {}
    for circle_id, member_id in rows:
        by_circle.setdefault(circle_id, []).append(member_id)
    all_members = {m for ids in by_circle.values() for m in ids}
    scores = trust.get_trust_scores(viewer, all_members)

    def key(circle: Circle):
        ranked = sorted((scores.get(m, 0.0) for m in by_circle.get(circle.pk, [])), reverse=True)
        # Compare the strongest ties first; a longer list of weak ties never outweighs them.
        return ([-s for s in ranked[:3]] + [0.0] * 3)[:3], circle.name.casefold(), circle.pk

    circles.sort(key=key)
    circles = circles[:DISCOVER_SHOWN]
    known_ids = {m for c in circles for m in by_circle.get(c.pk, []) if scores.get(m, 0.0) > 0}
    profiles = {p.user_id: p for p in Profile.objects.filter(user_id__in=known_ids)}
    viewer_topics = set(topic_ids)
    entries = []
    for circle in circles:
        known = sorted(
            (m for m in by_circle.get(circle.pk, []) if m in profiles),
            key=lambda m: -scores[m],
        )[:3]
        entries.append(
            CircleEntry(
                circle=circle,
                near=circle.is_online or (bool(city) and circle.city.casefold() == city.casefold()),
                shared_topics=[t for t in circle.topics.all() if t.pk in viewer_topics],
                known_members=[profiles[m] for m in known],
            )
        )
    return entries


# -- the circle page ------------------------------------------------------------------------
@dataclass(frozen=True)
class MemberEntry:
    membership: Membership
    profile: Profile
    path: trust.ConnectionPath | None
    closeness: str

    @property
    def line(self) -> str:
        return trust.path_line(self.path)


def get_members(circle: Circle, viewer, *, for_moderation: bool = False) -> list[MemberEntry]:
    """The circle's members with how the viewer knows them (strongest path, words for
    closeness), in the order they joined. Members blocked either way are left out, as on the
    board, except on the moderation page (a moderator must be able to remove anyone). A
    constant number of queries."""
    memberships = Membership.objects.filter(circle=circle, member__is_active=True)
    if not for_moderation:
        memberships = memberships.exclude(blocked_either_way(viewer, "member"))
    memberships = list(memberships.select_related("member__profile").order_by("joined_at", "pk"))
    others = [m.member.profile for m in memberships if m.member_id != viewer.pk]
    entries = {
        e.profile.user_id: e for e in trust.get_network_entries(viewer, others[:MEMBERS_WITH_PATHS])
    }
    result = []
    for m in memberships:
        entry = entries.get(m.member_id)
        result.append(
            MemberEntry(
                membership=m,
                profile=m.member.profile,
                path=entry.path if entry else None,
                closeness=entry.closeness if entry else "",
            )
        )
    return result


def _blocked_either_way(viewer) -> Q:
    return blocked_either_way(viewer, "author")


def get_board(circle: Circle, viewer) -> QuerySet[Post]:
    """The board in strict chronological order (oldest first, as a conversation reads).
    Posts across a block either way are left out for the viewer: blocks hold on boards too."""
    return (
        Post.objects.filter(circle=circle)
        .exclude(_blocked_either_way(viewer))
        .select_related("author__profile")
        .order_by("created_at", "pk")
    )


# -- moderation -----------------------------------------------------------------------------
@dataclass(frozen=True)
class RequestEntry:
    """A join request as a moderator sees it: the applicant's public ties to members of the
    circle (a public recommendation either way) and the moderator's own paths to them."""

    join_request: JoinRequest
    ties: list  # [(Profile of a circle member, "recommended them" | "was recommended by them")]
    paths: list  # the moderator's own ConnectionPaths to the applicant (strongest first)
    closeness: str


def get_pending_requests(circle: Circle, viewer) -> list[RequestEntry]:
    requests = list(
        JoinRequest.objects.filter(circle=circle, status=RequestStatus.PENDING)
        .select_related("applicant__profile")
        .order_by("created_at", "pk")
    )
    if not requests:
        return []
    applicant_ids = [r.applicant_id for r in requests]
    member_ids = set(Membership.objects.filter(circle=circle).values_list("member_id", flat=True))
    recs = (
        Recommendation.objects.public()
        .filter(
            Q(author_id__in=applicant_ids, subject_id__in=member_ids)
            | Q(subject_id__in=applicant_ids, author_id__in=member_ids)
        )
        .values_list("author_id", "subject_id")
    )
    ties_raw: dict[int, list[tuple[int, str]]] = {}
    for author_id, subject_id in recs:
        if author_id in member_ids and subject_id in applicant_ids:
            ties_raw.setdefault(subject_id, []).append((author_id, "recommended"))
        if author_id in applicant_ids and subject_id in member_ids:
            ties_raw.setdefault(author_id, []).append((subject_id, "was_recommended"))
    profile_ids = {m for ties in ties_raw.values() for m, _kind in ties}
    profiles = {p.user_id: p for p in Profile.objects.filter(user_id__in=profile_ids)}
    result = []
    for r in requests:
        ties = [
            (profiles[m], kind) for m, kind in ties_raw.get(r.applicant_id, []) if m in profiles
        ]
        result.append(
            RequestEntry(
                join_request=r,
                ties=ties,
                paths=trust.get_connection_paths(viewer, r.applicant_id, max_paths=3),
                closeness=trust.describe_closeness(viewer, r.applicant_id),
            )
        )
    return result


def get_actions(circle: Circle) -> QuerySet[CircleAction]:
    return CircleAction.objects.filter(circle=circle).select_related(
        "actor__profile", "member__profile"
    )


def get_pending_invitations_of(circle: Circle) -> QuerySet[CircleInvitation]:
    return CircleInvitation.objects.filter(
        circle=circle, status=InvitationStatus.PENDING
    ).select_related("invitee__profile")


def get_invite_candidates(circle: Circle, moderator) -> list[tuple[int, str]]:
    """Whom a moderator may invite: listed members of their network (trust order) who are not
    in the circle and not invited yet, as (id, name)."""
    taken = set(Membership.objects.filter(circle=circle).values_list("member_id", flat=True))
    taken |= set(get_pending_invitations_of(circle).values_list("invitee_id", flat=True))
    profiles = trust.get_network_candidates(moderator)
    return [(p.user_id, p.display_name) for p in profiles if p.user_id not in taken]
