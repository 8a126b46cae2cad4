"""Reads of recommendations and the permission-checked `access_*` helpers.

Visibility, written once: accepted recommendations are public; pending, hidden and declined ones
are visible only to their author and their subject; withdrawn ones only to their author.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Q, QuerySet
from django.http import Http404

from goodword.core.statements import KeptStatement, prefetch_kept

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


# Everything a profile page reads of a listed recommendation: the card
# (recommendations/_recommendation.html and the key of its kept HTML) and the counts
# (accounts.queries.get_recommendation_counts). Reading a field not named here costs a query per
# card, which the profile's query-count tests would show.
CARD_FIELDS = (
    "id",
    "status",
    "relationship",
    "known_since",
    "text_html",
    "hidden_by_moderators_at",
    "author_id",
    "subject_id",
    "author__is_active",
    "subject__is_active",
    "author__profile__display_name",
    "author__profile__visibility",
    "subject__profile__display_name",
    "subject__profile__visibility",
)


def _profile_list(get_list) -> KeptStatement:
    def build(limit: int, signed_in: bool, member: int, viewer: int | None = None) -> QuerySet:
        user = get_user_model()
        seen_by = user(pk=viewer) if signed_in else AnonymousUser()
        listed = get_list(user(pk=member), seen_by).only(*CARD_FIELDS).prefetch_related(None)
        return listed[:limit]

    return KeptStatement(build)


_RECEIVED_LIST = _profile_list(get_received_for_profile)
_GIVEN_LIST = _profile_list(get_given_for_profile)


def get_profile_lists(member, viewer, limit: int) -> tuple[list, list]:
    """A profile page's two voices as `viewer` may see them: what others say about `member`
    and what `member` says about others, each newest first and at most `limit` long. Only the
    columns a card shows, and the topics of both lists with one query."""
    signed_in = bool(viewer is not None and viewer.is_authenticated)
    ids = {"member": member.pk} | ({"viewer": viewer.pk} if signed_in else {})
    received = _RECEIVED_LIST((limit, signed_in), **ids)
    given = _GIVEN_LIST((limit, signed_in), **ids)
    prefetch_kept(received + given, "topics", ("id", "name"))
    return received, given


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
