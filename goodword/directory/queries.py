"""The member directory's query layer.

Views only ever call `search_members`; ranking (for example by trust from the viewer's point of
view) or full-text search can later be plugged in here without touching the views.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from goodword.accounts.models import Profile
from goodword.accounts.queries import visible_profiles
from goodword.topics.models import Topic
from goodword.topics.services import topic_slug

PAGE_SIZE = 25


def listed_profiles(viewer=None) -> QuerySet[Profile]:
    """Members who appear in the directory for `viewer`: active, with a display name, and for
    a visitor who is not logged in only those who made their profile public."""
    return visible_profiles(viewer).exclude(display_name="")


def _topic_filter(value: str) -> Q:
    """An exact topic (by slug or name) if one exists, else any topic whose name contains it."""
    exact = Topic.objects.filter(Q(slug=value) | Q(slug=topic_slug(value)) | Q(name__iexact=value))
    topics = exact if exact.exists() else Topic.objects.filter(name__icontains=value)
    through = Profile.topics.through.objects.filter(
        profile_id=OuterRef("pk"), topic__in=topics.values("pk")
    )
    return Q(Exists(through))


def search_members(
    viewer,
    *,
    q: str = "",
    topic: str = "",
    profession: str = "",
    city: str = "",
) -> QuerySet[Profile]:
    """Listed members matching all given filters, ordered by name, topics prefetched.

    `viewer` is the member looking (or an anonymous user, who sees public profiles only); it is
    also the hook for trust-based ranking.
    """
    members = listed_profiles(viewer)
    if q := q.strip():
        members = members.filter(display_name__icontains=q)
    if topic := topic.strip():
        members = members.filter(_topic_filter(topic))
    if profession := profession.strip():
        members = members.filter(profession__icontains=profession)
    if city := city.strip():
        members = members.filter(city__icontains=city)
    return members.select_related("user").prefetch_related("topics").order_by("display_name", "pk")
