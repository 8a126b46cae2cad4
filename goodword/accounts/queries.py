"""Reads about members, and the permission-checked `access_*` helpers."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from goodword.core.statements import KeptStatement, prefetch_kept
from goodword.recommendations.models import Recommendation, Status

from .models import LANGUAGE_CHOICES, Profile, ProfileVisibility, User


def visible_profiles(viewer) -> QuerySet[Profile]:
    """Profiles of active members that `viewer` may see: every one for a logged-in member, only
    those their members made public for a visitor who is not logged in (and search engines).
    The one rule behind the profile page, the directory, search and the API."""
    return visible_profiles_for(viewer is not None and viewer.is_authenticated)


def visible_profiles_for(signed_in: bool) -> QuerySet[Profile]:
    """`visible_profiles` for a signed-in member or a visitor (the rule needs no more)."""
    profiles = Profile.objects.filter(user__is_active=True)
    if not signed_in:
        profiles = profiles.filter(visibility=ProfileVisibility.PUBLIC)
    return profiles


def access_profile(viewer, user_id: int) -> Profile:
    """The profile of an active member, for members; for visitors who are not logged in only
    if the member made it public. 404 when the member does not exist, has been deactivated or
    is hidden from the viewer (alike, so that nothing leaks)."""
    signed_in = bool(viewer is not None and viewer.is_authenticated)
    try:
        found = _PROFILE((signed_in,), member=int(user_id))
    except (TypeError, ValueError):
        found = []
    if not found:
        raise Http404("No such member.")
    prefetch_kept(found, "topics", ("id", "name", "slug"))
    return found[0]


_PROFILE = KeptStatement(
    lambda signed_in, member: (
        visible_profiles_for(signed_in).select_related("user").filter(pk=member).order_by("pk")[:1]
    )
)


def access_own_profile(viewer: User) -> Profile:
    """The viewer's own profile (with topics). Only for logged-in members."""
    if not viewer.is_authenticated:
        raise Http404("No such member.")
    return Profile.objects.prefetch_related("topics").select_related("user").get(pk=viewer.pk)


def get_recommendation_counts(user: User, shown: dict | None = None, limit: int = 0) -> dict:
    """Public (accepted) recommendations a member received and gave. No scores, just counts.

    `shown`: the lists the page shows ("received", "given"; loaded with author and subject),
    each holding every public one unless it reached `limit`: a list shorter than that is
    counted without a query."""
    public = Recommendation.objects.filter(
        status=Status.ACCEPTED, author__is_active=True, subject__is_active=True
    )
    wheres = {"received": {"subject": user}, "given": {"author": user}}
    counts = {}
    for side, where in wheres.items():
        listed = (shown or {}).get(side)
        if listed is not None and len(listed) < limit:
            counts[side] = sum(
                1
                for r in listed
                if r.status == Status.ACCEPTED and r.author.is_active and r.subject.is_active
            )
        else:
            counts[side] = public.filter(**where).count()
    return counts


def get_language_names(profile: Profile) -> list[str]:
    """The profile's languages in the reader's language, in the order the member chose."""
    names = dict(LANGUAGE_CHOICES)
    return [str(names[code]) for code in profile.languages if code in names]
