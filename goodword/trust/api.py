"""Trust API under /api/v1/trust: the same queries and services as the pages.

No endpoint returns a score, percentage or rank position: lists are in trust order and
closeness is given in words. Marks: only the caller's own, never anyone else's.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from goodword.api.auth import api_auth
from goodword.api.errors import ErrorOut, error_body
from goodword.core.members import access_member

from . import queries, services
from .models import MarkLevel

router = Router(tags=["trust"], auth=api_auth)

MAX_LIMIT = 200


class PathMemberOut(Schema):
    id: int | None
    display_name: str
    anonymous: bool
    is_you: bool


class RecommendationRef(Schema):
    id: int
    relationship: str
    known_since: int
    topics: list[str]


class StepOut(Schema):
    source: PathMemberOut
    target: PathMemberOut
    public: bool
    recommendation: RecommendationRef | None
    your_mark: str | None
    kind: str | None = None  # a public edge other than a recommendation, e.g. "invited"


class PathOut(Schema):
    members: list[PathMemberOut]
    steps: list[StepOut]


class PathsOut(Schema):
    member_id: int
    closeness: str
    recommended_you: bool = False  # the member publicly recommended the caller
    paths: list[PathOut]


class NetworkMemberOut(Schema):
    id: int
    display_name: str
    profession: str
    city: str
    closeness: str
    path: list[str]
    path_text: str


class NetworkOut(Schema):
    members: list[NetworkMemberOut]


class MarkIn(Schema):
    level: str


class MarkOut(Schema):
    member_id: int
    level: str | None
    label: str | None


def _member(member) -> PathMemberOut:
    return PathMemberOut(
        id=member.user_id,
        display_name=member.name,
        anonymous=member.anonymous,
        is_you=member.is_viewer,
    )


def _access(request: HttpRequest, member_id: int):
    try:
        return access_member(request.user, member_id)
    except Http404:
        return None


@router.get("/network", response={200: NetworkOut, 404: ErrorOut})
def network(
    request: HttpRequest,
    topic: str = "",
    city: str = "",
    profession: str = "",
    limit: int = 50,
):
    """Members in the caller's trust order (best first), each with the strongest path."""
    limit = max(1, min(MAX_LIMIT, limit))
    try:
        found_topic = queries.resolve_topic(topic or None)
    except Http404:
        return Status(404, {"detail": _("There is no such topic.")})
    profiles = queries.get_network_candidates(
        request.user, topic=found_topic, profession=profession, city=city
    )[:limit]
    entries = queries.get_network_entries(request.user, profiles)
    return Status(
        200,
        {
            "members": [
                {
                    "id": e.profile.user_id,
                    "display_name": e.profile.display_name,
                    "profession": e.profile.profession,
                    "city": e.profile.city,
                    "closeness": e.closeness,
                    "path": [m.name for m in e.path.via] if e.path else [],
                    "path_text": queries.path_line(e.path),
                }
                for e in entries
            ]
        },
    )


@router.get("/paths/{member_id}", response={200: PathsOut, 404: ErrorOut})
def paths(request: HttpRequest, member_id: int):
    """How the caller is connected with a member: up to three paths and closeness in words."""
    member = _access(request, member_id)
    if member is None:
        return Status(404, {"detail": _("There is no such member.")})
    found = queries.get_connection_paths(request.user, member.pk)
    return Status(
        200,
        {
            "member_id": member.pk,
            "closeness": queries.describe_closeness(request.user, member.pk),
            "recommended_you": queries.recommended_the_viewer(request.user, member.pk),
            "paths": [
                {
                    "members": [_member(m) for m in path.members],
                    "steps": [
                        {
                            "source": _member(step.source),
                            "target": _member(step.target),
                            "public": step.is_public,
                            "recommendation": (
                                {
                                    "id": step.recommendation.pk,
                                    "relationship": step.recommendation.relationship,
                                    "known_since": step.recommendation.known_since,
                                    "topics": [t.name for t in step.recommendation.topics.all()],
                                }
                                if step.recommendation
                                else None
                            ),
                            "your_mark": step.own_mark or None,
                            "kind": step.kind or None,
                        }
                        for step in path.steps
                    ],
                }
                for path in found
            ],
        },
    )


def _mark_out(member_id: int, mark) -> dict:
    return {
        "member_id": member_id,
        "level": mark.level if mark else None,
        "label": str(MarkLevel(mark.level).label) if mark else None,
    }


@router.get("/marks/{member_id}", response={200: MarkOut, 404: ErrorOut})
def get_mark(request: HttpRequest, member_id: int):
    """The caller's own private mark about a member (level null when none)."""
    member = _access(request, member_id)
    if member is None:
        return Status(404, {"detail": _("There is no such member.")})
    return Status(200, _mark_out(member.pk, queries.get_own_mark(request.user, member)))


@router.put("/marks/{member_id}", response={200: MarkOut, 400: ErrorOut, 404: ErrorOut})
def put_mark(request: HttpRequest, member_id: int, payload: MarkIn):
    """Set or change the caller's own private mark (levels: know_personally, worked_with,
    vouch, would_not_recommend)."""
    member = _access(request, member_id)
    if member is None:
        return Status(404, {"detail": _("There is no such member.")})
    try:
        mark = services.set_trust_mark(request.user, member, payload.level)
    except ValidationError as error:
        return Status(400, error_body(error))
    return Status(200, _mark_out(member.pk, mark))


@router.delete("/marks/{member_id}", response={204: None, 404: ErrorOut})
def delete_mark(request: HttpRequest, member_id: int):
    """Remove the caller's own private mark (204 whether or not there was one)."""
    member = _access(request, member_id)
    if member is None:
        return Status(404, {"detail": _("There is no such member.")})
    services.clear_trust_mark(request.user, member)
    return Status(204, None)
