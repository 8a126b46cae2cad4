"""Recommendations in the JSON API. The same services and access helpers as the HTML views."""

from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from goodword.api.auth import api_auth
from goodword.api.errors import ErrorOut, error_body
from goodword.api.pagination import PageNumberPagination
from goodword.core.members import access_member

from . import services
from .models import Recommendation, Relationship
from .queries import (
    access_recommendation,
    get_given_for_profile,
    get_received_for_profile,
    get_recommendation,
)

router = Router(tags=["recommendations"], auth=api_auth)
member_recommendations_router = Router(tags=["members"], auth=api_auth)


class MemberRef(Schema):
    id: int
    display_name: str


def _words_visible(obj: Recommendation, context) -> bool:
    request = (context or {}).get("request")
    return obj.words_visible_to(getattr(request, "auth", None))


class RecommendationOut(Schema):
    id: int
    author: MemberRef
    subject: MemberRef
    text: str
    text_html: str
    topics: list[str]
    relationship: str
    relationship_label: str
    known_since: int
    status: str
    status_label: str
    created_at: datetime
    updated_at: datetime
    accepted_at: datetime | None
    hidden_by_moderators: bool = Field(
        False,
        description="A moderator hid the words: text, text_html and topics are empty for "
        "everybody but the author",
    )

    @staticmethod
    def resolve_text(obj: Recommendation, context) -> str:
        return obj.text if _words_visible(obj, context) else ""

    @staticmethod
    def resolve_text_html(obj: Recommendation, context) -> str:
        return obj.text_html if _words_visible(obj, context) else ""

    @staticmethod
    def resolve_hidden_by_moderators(obj: Recommendation) -> bool:
        return obj.hidden_by_moderators_at is not None

    @staticmethod
    def resolve_author(obj: Recommendation) -> dict:
        return {"id": obj.author_id, "display_name": obj.author.profile.display_name}

    @staticmethod
    def resolve_subject(obj: Recommendation) -> dict:
        return {"id": obj.subject_id, "display_name": obj.subject.profile.display_name}

    @staticmethod
    def resolve_topics(obj: Recommendation, context) -> list[str]:
        if not _words_visible(obj, context):
            return []
        return [topic.name for topic in obj.topics.all()]

    @staticmethod
    def resolve_relationship_label(obj: Recommendation) -> str:
        return str(obj.get_relationship_display())

    @staticmethod
    def resolve_status_label(obj: Recommendation) -> str:
        return str(obj.get_status_display())


class RecommendationIn(Schema):
    subject_id: int
    text: str
    topics: list[str] = Field(..., description="1 to 5 topic names")
    relationship: Relationship
    known_since: int = Field(..., description="Year since when you know each other")


class RecommendationPatch(Schema):
    text: str | None = None
    topics: list[str] | None = None
    relationship: Relationship | None = None
    known_since: int | None = None


def _reloaded(request: HttpRequest, recommendation: Recommendation) -> Recommendation:
    return get_recommendation(request.auth, recommendation.pk)


@router.post(
    "",
    response={201: RecommendationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="Write a recommendation (pending until the subject accepts)",
)
def create_recommendation(request: HttpRequest, payload: RecommendationIn):
    subject = access_member(request.auth, payload.subject_id)
    try:
        recommendation = services.give_recommendation(
            request.auth,
            subject,
            payload.text,
            payload.topics,
            payload.relationship,
            payload.known_since,
        )
    except services.RateLimited as exc:
        return Status(429, error_body(exc))
    except ValidationError as exc:
        if getattr(exc, "code", None) == "blocked":
            return Status(403, error_body(exc))
        raise
    return Status(201, _reloaded(request, recommendation))


@router.get("/{int:recommendation_id}", response={200: RecommendationOut, 404: ErrorOut})
def read_recommendation(request: HttpRequest, recommendation_id: int):
    return get_recommendation(request.auth, recommendation_id)


@router.patch(
    "/{int:recommendation_id}",
    response={200: RecommendationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Edit your recommendation (author only; it needs acceptance again)",
)
def edit_recommendation(request: HttpRequest, recommendation_id: int, payload: RecommendationPatch):
    recommendation = access_recommendation(request.auth, recommendation_id, role="author")
    try:
        _edit(request, recommendation, payload)
    except ValidationError as exc:
        if getattr(exc, "code", None) == "blocked":
            return Status(403, error_body(exc))
        raise
    return _reloaded(request, recommendation)


def _edit(request: HttpRequest, recommendation: Recommendation, payload: RecommendationPatch):
    services.edit_recommendation(
        request.auth,
        recommendation,
        payload.text if payload.text is not None else recommendation.text,
        payload.topics
        if payload.topics is not None
        else [t.name for t in recommendation.topics.all()],
        payload.relationship or recommendation.relationship,
        payload.known_since if payload.known_since is not None else recommendation.known_since,
    )


def _action(name: str, role: str, service, summary: str):
    @router.post(
        f"/{{int:recommendation_id}}/{name}",
        response={200: RecommendationOut, 400: ErrorOut, 404: ErrorOut},
        summary=summary,
        operation_id=f"recommendation_{name}",
    )
    def endpoint(request: HttpRequest, recommendation_id: int):
        recommendation = access_recommendation(request.auth, recommendation_id, role=role)
        service(request.auth, recommendation)
        return _reloaded(request, recommendation)

    endpoint.__name__ = f"{name}_recommendation"
    return endpoint


accept = _action("accept", "subject", services.accept_recommendation, "Accept and publish")
decline = _action("decline", "subject", services.decline_recommendation, "Decline")
hide = _action("hide", "subject", services.hide_recommendation, "Hide from your profile")
unhide = _action("unhide", "subject", services.unhide_recommendation, "Show again")
withdraw = _action("withdraw", "author", services.withdraw_recommendation, "Withdraw (author)")


class DirectionFilter(Schema):
    direction: Literal["received", "given"] = "received"


@member_recommendations_router.get(
    "/{int:member_id}/recommendations",
    response=list[RecommendationOut],
    summary="A member's recommendations, received or given, as you may see them",
)
@paginate(PageNumberPagination, page_size=20)
def member_recommendations(request: HttpRequest, member_id: int, filters: Query[DirectionFilter]):
    member = access_member(request.auth, member_id)
    if filters.direction == "given":
        return get_given_for_profile(member, request.auth)
    return get_received_for_profile(member, request.auth)
