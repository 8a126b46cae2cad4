"""Reads for projects: who may see which project, the candidates for a seat ranked from the
owner's position, the team, supporters, and the `access_*` helpers (404 for absent and
not-yours alike).

Visibility "my network" rests on public, accepted recommendations only (as for requests), so
whether a project is visible never hints at a private mark. The candidate list is the owner's
own view (their own marks count there, as in search); nothing another member can observe
depends on a private mark.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from goodword.accounts.models import Profile
from goodword.circles.models import Membership
from goodword.core.members import may_reach
from goodword.meetings import queries as meetings
from goodword.messaging import rules
from goodword.messaging.models import Intent
from goodword.recommendations.models import Recommendation
from goodword.recommendations.models import Status as RecStatus
from goodword.trust import queries as trust

from .models import (
    Application,
    ApplicationStatus,
    Followup,
    IntroRequest,
    Project,
    ProjectStatus,
    Seat,
    Support,
    SupportStatus,
    Visibility,
)

User = get_user_model()

# Candidates shown per seat: enough to choose from, few enough to explain each one.
CANDIDATES_PER_SEAT = 10
# How far down the owner's general ranking to look for members who list the seat's topic.
NETWORK_DEPTH = 300


def _trusters_q(viewer) -> Q:
    """Owners who recommended the viewer, or recommended someone who recommended the viewer."""
    accepted = Recommendation.objects.filter(status=RecStatus.ACCEPTED)
    first = accepted.filter(subject=viewer).values("author")
    second = accepted.filter(subject__in=first).values("author")
    return Q(owner__in=first) | Q(owner__in=second)


def _involved_q(viewer) -> Q:
    """The team, and whoever was invited, asked to join or asked for an introduction."""
    return (
        Q(seats__member=viewer)
        | Q(seats__applications__member=viewer)
        | Q(seats__intro_requests__contact=viewer)
    )


def _circle_owners_q(viewer) -> Q:
    """Owners who share a circle with the viewer."""
    shared = Membership.objects.filter(circle__memberships__member=viewer).values("member")
    return Q(owner__in=shared)


def _visible_q(viewer) -> Q:
    return (
        Q(owner=viewer)
        | Q(visibility=Visibility.MEMBERS)
        | (Q(visibility=Visibility.NETWORK) & _trusters_q(viewer))
        | (Q(visibility=Visibility.CIRCLES) & _circle_owners_q(viewer))
    )


def _with_details(qs: QuerySet[Project]) -> QuerySet[Project]:
    return qs.select_related("owner__profile").prefetch_related(
        Prefetch("seats", queryset=Seat.objects.select_related("topic", "member__profile")),
        "values",
    )


def get_visible_projects(viewer) -> QuerySet[Project]:
    """Open projects the viewer may see and is not part of, newest first."""
    ids = (
        Project.objects.filter(status=ProjectStatus.OPEN)
        .filter(_visible_q(viewer))
        .exclude(owner=viewer)
        .filter(owner__is_active=True)
        .values("pk")
    )
    return _with_details(Project.objects.filter(pk__in=ids))


def get_projects_in_my_topics(viewer) -> QuerySet[Project]:
    """Open projects the viewer may see with an open seat in one of the viewer's own topics
    (those on their profile), newest first: where they could ask to join. Only topics and
    visibility choose them; nothing is ranked by popularity."""
    topics = Profile.objects.filter(user=viewer).values("topics")
    ids = Seat.objects.filter(
        member__isnull=True,
        topic__in=topics,
        project__in=get_visible_projects(viewer).values("pk"),
    ).values("project_id")
    return _with_details(Project.objects.filter(pk__in=ids))


def get_own_projects(user) -> QuerySet[Project]:
    """Projects the member started or sits in, any status."""
    ids = Project.objects.filter(Q(owner=user) | Q(seats__member=user)).values("pk")
    return _with_details(Project.objects.filter(pk__in=ids))


def access_project(viewer, project_id: int) -> Project:
    """The project if the viewer may see it (its visibility, or being involved); 404 for absent
    and not-visible alike. Closed projects stay visible as the record of who did what."""
    project = None
    if viewer.is_authenticated:
        ids = (
            Project.objects.filter(pk=project_id)
            .filter(_visible_q(viewer) | _involved_q(viewer))
            .values("pk")
        )
        project = _with_details(Project.objects.filter(pk__in=ids)).first()
    if project is None:
        raise Http404("No such project.")
    return project


def access_seat(viewer, seat_id: int) -> Seat:
    """A seat of a project the viewer may see; 404 otherwise."""
    seat = None
    if viewer.is_authenticated:
        seat = Seat.objects.select_related("project__owner__profile", "topic").filter(pk=seat_id)
        seat = seat.first()
        if seat is not None:
            access_project(viewer, seat.project_id)
    if seat is None:
        raise Http404("No such seat.")
    return seat


def access_application(viewer, application_id: int) -> Application:
    """An application the viewer is part of: the member's own, or one to the viewer's project."""
    application = None
    if viewer.is_authenticated:
        application = (
            Application.objects.select_related("seat__project__owner", "seat__topic", "member")
            .filter(pk=application_id)
            .filter(Q(member=viewer) | Q(seat__project__owner=viewer))
            .first()
        )
    if application is None:
        raise Http404("No such application.")
    return application


def access_support(viewer, support_id: int) -> Support:
    """A support the viewer wrote, or one for the viewer's project."""
    support = None
    if viewer.is_authenticated:
        support = (
            Support.objects.select_related("project__owner", "author__profile")
            .filter(pk=support_id)
            .filter(Q(author=viewer) | Q(project__owner=viewer))
            .first()
        )
    if support is None:
        raise Http404("No such support.")
    return support


def access_intro_request(viewer, request_id: int) -> IntroRequest:
    """An introduction request the viewer was asked for, or made as the project's owner."""
    request = None
    if viewer.is_authenticated:
        request = (
            IntroRequest.objects.select_related(
                "seat__project__owner__profile",
                "seat__topic",
                "candidate__profile",
                "contact__profile",
            )
            .filter(pk=request_id)
            .filter(Q(contact=viewer) | Q(seat__project__owner=viewer))
            .first()
        )
    if request is None:
        raise Http404("No such introduction request.")
    return request


# Candidates ---------------------------------------------------------------------------------


@dataclass
class Candidate:
    member: object
    vouched: bool
    closeness: str
    path: str
    contact: object | None = None  # a named mutual contact on the path who could introduce
    may_invite: bool = False
    pending: Application | None = None
    asked_contacts: list = field(default_factory=list)


def _path_words(path: trust.ConnectionPath | None) -> str:
    """ "through Anna Adler (We worked together)": the path and what its last step rests on."""
    if path is None:
        return ""
    line = trust.path_line(path)
    last = path.steps[-1] if path.steps else None
    rec = getattr(last, "recommendation", None)
    if line and rec is not None:
        return _("%(path)s (%(relationship)s)") % {
            "path": line,
            "relationship": rec.get_relationship_display(),
        }
    if not line and rec is not None:
        return rec.get_relationship_display()
    return line


def get_candidates(owner, seat: Seat, *, limit: int = CANDIDATES_PER_SEAT) -> list[Candidate]:
    """Members for a seat, from the owner's position: first those the owner's network vouches
    for in the seat's topic (the engine's topic ranking: recommendations for the topic, weighted
    by the owner's trust in their authors), then members of the owner's network who list the
    topic on their profile. Nobody can buy a place here: only trust orders the list."""
    project = seat.project
    taken = set(project.seats.exclude(member=None).values_list("member_id", flat=True))
    taken.add(project.owner_id)
    vouched = [uid for uid, score in trust.get_ranked_members(owner, topic=seat.topic) if score > 0]
    vouched = [uid for uid in vouched if uid not in taken]
    rest: list[int] = []
    if len(vouched) < limit:
        network = [uid for uid, _s in trust.get_ranked_members(owner, limit=NETWORK_DEPTH)]
        listing = set(
            Profile.objects.filter(user_id__in=network, topics=seat.topic).values_list(
                "user_id", flat=True
            )
        )
        rest = [uid for uid in network if uid in listing and uid not in taken]
        rest = [uid for uid in rest if uid not in set(vouched)]
    order = vouched + rest
    members = {
        u.pk: u
        for u in User.objects.filter(pk__in=order, is_active=True)
        .exclude(profile__display_name="")
        .select_related("profile")
    }
    chosen = [members[uid] for uid in order if uid in members and may_reach(owner, members[uid])]
    chosen = chosen[:limit]
    if not chosen:
        return []
    pending = {
        a.member_id: a
        for a in Application.objects.filter(seat=seat, status=ApplicationStatus.PENDING)
    }
    asked: dict[int, list] = {}
    for request in IntroRequest.objects.filter(
        seat=seat, candidate_id__in=[m.pk for m in chosen]
    ).select_related("contact__profile"):
        asked.setdefault(request.candidate_id, []).append(request)
    vouched_set = set(vouched)
    result = []
    for member in chosen:
        paths = trust.get_connection_paths(owner, member.pk, max_paths=1)
        path = paths[0] if paths else None
        contact = None
        if path is not None and path.hops == 2 and not path.via[0].anonymous:
            contact = path.via[0]
        result.append(
            Candidate(
                member=member,
                vouched=member.pk in vouched_set,
                closeness=trust.describe_closeness(owner, member.pk),
                path=_path_words(path),
                contact=contact,
                may_invite=rules.can_contact(owner, member, Intent.QUESTION).allowed,
                pending=pending.get(member.pk),
                asked_contacts=asked.get(member.pk, []),
            )
        )
    return result


# Applications, supporters, team ---------------------------------------------------------------


@dataclass
class RankedApplication:
    application: Application
    closeness: str
    path: str


def get_ranked_applications(owner, project: Project) -> list[RankedApplication]:
    """Members who asked to join, closest to the owner first, with words and the path."""
    applications = list(
        Application.objects.filter(seat__project=project, kind="ask")
        .select_related("member__profile", "seat__topic")
        .order_by("created_at", "pk")
    )
    if not applications:
        return []
    scores = trust.get_trust_scores(owner, {a.member_id for a in applications})
    applications.sort(key=lambda a: -scores.get(a.member_id, 0.0))
    result = []
    for a in applications:
        paths = trust.get_connection_paths(owner, a.member_id, max_paths=1)
        result.append(
            RankedApplication(
                a,
                trust.describe_closeness(owner, a.member_id),
                _path_words(paths[0] if paths else None),
            )
        )
    return result


def get_invitations(project: Project) -> QuerySet[Application]:
    return Application.objects.filter(seat__project=project, kind="invite").select_related(
        "member__profile", "seat__topic"
    )


def get_own_applications(user, project: Project) -> QuerySet[Application]:
    return Application.objects.filter(seat__project=project, member=user).select_related(
        "seat__topic"
    )


def get_shown_supports(project: Project) -> QuerySet[Support]:
    """Supports the owner agreed to show, in the order they were accepted."""
    return project.supports.filter(status=SupportStatus.ACCEPTED).select_related("author__profile")


def get_pending_supports(project: Project) -> QuerySet[Support]:
    return project.supports.filter(status=SupportStatus.PENDING).select_related("author__profile")


def get_own_support(user, project: Project) -> Support | None:
    return (
        project.supports.filter(
            author=user, status__in=[SupportStatus.PENDING, SupportStatus.ACCEPTED]
        )
        .order_by("-pk")
        .first()
    )


def get_intro_requests(project: Project) -> QuerySet[IntroRequest]:
    return IntroRequest.objects.filter(seat__project=project).select_related(
        "candidate__profile", "contact__profile", "seat__topic", "introduction"
    )


def get_intro_requests_for(contact) -> QuerySet[IntroRequest]:
    return IntroRequest.objects.filter(contact=contact, status="pending").select_related(
        "seat__project__owner__profile", "candidate__profile", "seat__topic"
    )


@dataclass
class TeamPart:
    member: object
    part: str  # the seat's topic, or "started the project"
    task: str
    is_owner: bool = False
    seat_id: int | None = None  # the seat a member sits in (None for the owner)


def get_team(project: Project) -> list[TeamPart]:
    """Who played which part: the owner, then each filled seat (from the prefetched seats)."""
    parts = [TeamPart(project.owner, _("started the project"), project.owner_task, True)]
    for seat in project.seats.all():
        if seat.member_id:
            parts.append(TeamPart(seat.member, seat.topic.name, seat.task, seat_id=seat.pk))
    return parts


@dataclass
class TeamMeetings:
    upcoming: list  # of (meeting, the viewer's RSVP or None)
    past: list


def get_team_meetings(project: Project, viewer, *, past_limit: int = 10) -> TeamMeetings:
    """The team's meetings for a member of the team: upcoming by start, recent past ones."""
    if project.meeting_group_id is None:
        return TeamMeetings([], [])
    upcoming = meetings.get_group_meetings(project.meeting_group_id, viewer)
    past = meetings.get_group_meetings(
        project.meeting_group_id, viewer, past=True, limit=past_limit
    )
    answers = meetings.get_my_answers(viewer, upcoming + past)
    return TeamMeetings(
        [(m, answers.get(m.pk)) for m in upcoming], [(m, answers.get(m.pk)) for m in past]
    )


def get_followups(project: Project, member) -> dict[int, Followup]:
    """The member's own follow-up answers, by teammate (nobody else sees them)."""
    return {f.teammate_id: f for f in Followup.objects.filter(project=project, member=member)}
