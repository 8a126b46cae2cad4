"""Members API: `/api/v1/members/…`. The same services and validation as the HTML pages."""

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from goodword.api.auth import api_auth
from goodword.api.errors import ErrorOut

from . import queries, services
from .models import PROFILE_FACTS, Profile

router = Router(tags=["members"], auth=api_auth)


class MemberOut(Schema):
    """Public facts about a member: what anyone can see on their profile page."""

    id: int
    display_name: str
    profession: str
    city: str
    country: str
    topics: list[str]
    languages: list[str]
    website: str
    impressum_url: str
    looking_for: str  # empty for others while a moderator has hidden it
    looking_for_hidden_by_moderators: bool
    visibility: str  # "members" (only logged-in members see the profile) or "public"
    recommendations_received: int
    recommendations_given: int
    profile_url: str


class MeOut(MemberOut):
    email: str


class ProfilePatch(Schema):
    """Only the fields you send are changed. `topics` replaces the whole list (names; new ones
    join the shared vocabulary)."""

    display_name: str | None = None
    profession: str | None = None
    city: str | None = None
    country: str | None = None
    topics: list[str] | None = None
    languages: list[str] | None = None
    website: str | None = None
    impressum_url: str | None = None
    looking_for: str | None = None
    visibility: str | None = None  # "members" or "public"


def _member(profile: Profile, viewer) -> dict:
    counts = queries.get_recommendation_counts(profile.user)
    return {
        "id": profile.pk,
        **{name: getattr(profile, name) for name in PROFILE_FACTS},
        "topics": [t.name for t in profile.topics.all()],
        # What moderators hid stays visible to the member alone.
        "looking_for": profile.looking_for_for(viewer),
        "looking_for_hidden_by_moderators": profile.looking_for_hidden_at is not None,
        "recommendations_received": counts["received"],
        "recommendations_given": counts["given"],
        "profile_url": reverse("accounts:profile", args=[profile.pk]),
    }


def _me(request: HttpRequest) -> dict:
    services.create_profile(request.auth)
    profile = queries.access_own_profile(request.auth)
    return {**_member(profile, request.auth), "email": request.auth.email}


@router.get("/me", response=MeOut, summary="The authenticated member")
def get_me(request: HttpRequest):
    return _me(request)


@router.patch(
    "/me",
    response={200: MeOut, 400: ErrorOut},
    summary="Change the authenticated member's facts",
)
def patch_me(request: HttpRequest, payload: ProfilePatch):
    services.create_profile(request.auth)
    profile = queries.access_own_profile(request.auth)
    services.update_profile(profile, payload.dict(exclude_unset=True))
    return _me(request)


@router.get("/{int:member_id}", response={200: MemberOut, 404: ErrorOut}, summary="A member")
def get_member(request: HttpRequest, member_id: int):
    return _member(queries.access_profile(request.auth, member_id), request.auth)
