"""Reads of recommendations and the permission-checked `access_*` helpers.

Visibility, written once: accepted recommendations are public; pending, hidden and declined ones
are visible only to their author and their subject; withdrawn ones only to their author.
"""

from django.db.models import F, Q, QuerySet
from django.http import Http404

from .models import Recommendation, Status

# Newest accepted first on every database (PostgreSQL would put NULLs first by default).
PROFILE_ORDER = (F("accepted_at").desc(nulls_last=True), F("created_at").desc())


def _base() -> QuerySet[Recommendation]:
    return Recommendation.objects.select_related(
        "author__profile", "subject__profile"
    ).prefetch_related("topics")


def visible_to(viewer) -> Q:
    """The recommendations `viewer` (possibly anonymous) may read."""
    public = Q(status=Status.ACCEPTED, author__is_active=True, subject__is_active=True)
    if viewer is None or not viewer.is_authenticated:
        return public
    return public | (Q(subject=viewer) & ~Q(status=Status.WITHDRAWN)) | Q(author=viewer)


def get_received_for_profile(subject, viewer) -> QuerySet[Recommendation]:
    """What others say about `subject`, as `viewer` may see it (withdrawn ones never)."""
    return (
        _base()
        .filter(subject=subject)
        .exclude(status=Status.WITHDRAWN)
        .filter(visible_to(viewer))
        .order_by(*PROFILE_ORDER)
    )


def get_given_for_profile(author, viewer) -> QuerySet[Recommendation]:
    """What `author` says about others, as `viewer` may see it (withdrawn ones never)."""
    return (
        _base()
        .filter(author=author)
        .exclude(status=Status.WITHDRAWN)
        .filter(visible_to(viewer))
        .order_by(*PROFILE_ORDER)
    )


def get_pending_for_review(user) -> QuerySet[Recommendation]:
    """Recommendations waiting for `user`'s consent, oldest first."""
    return _base().filter(subject=user, status=Status.PENDING).order_by("created_at")


def get_received_decided(user) -> QuerySet[Recommendation]:
    """Recommendations `user` has accepted, hidden or declined."""
    return (
        _base()
        .filter(subject=user, status__in=[Status.ACCEPTED, Status.HIDDEN, Status.DECLINED])
        .order_by("-updated_at")
    )


def get_written_by(user) -> QuerySet[Recommendation]:
    """Everything `user` wrote, with its status, newest first."""
    return _base().filter(author=user).order_by("-created_at")


def get_recommendation(viewer, recommendation_id) -> Recommendation:
    """A recommendation `viewer` may read; 404 for absent and invisible alike."""
    try:
        return _base().filter(visible_to(viewer)).get(pk=int(recommendation_id))
    except (Recommendation.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def access_recommendation(viewer, recommendation_id, *, role: str = "party") -> Recommendation:
    """A recommendation `viewer` may act on as `role` ("author", "subject" or "party" for
    either). Absent and not yours both answer 404."""
    if viewer is None or not viewer.is_authenticated:
        raise Http404
    roles = {
        "author": Q(author=viewer),
        "subject": Q(subject=viewer) & ~Q(status=Status.WITHDRAWN),
        "party": Q(author=viewer) | (Q(subject=viewer) & ~Q(status=Status.WITHDRAWN)),
    }
    try:
        return _base().filter(roles[role]).get(pk=int(recommendation_id))
    except (Recommendation.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
