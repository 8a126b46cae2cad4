"""Reads for introductions and the `access_introduction` helper (404 for absent and not-yours)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404

from goodword.recommendations.models import Recommendation
from goodword.recommendations.models import Status as RecStatus
from goodword.trust.models import MarkLevel, TrustMark

from .models import Answer, Introduction, Status


def _with_people(qs: QuerySet) -> QuerySet:
    return qs.select_related("introducer__profile", "member_a__profile", "member_b__profile")


def access_introduction(viewer, introduction_id: int) -> Introduction:
    """The introduction if the viewer made it or is one of the two introduced members."""
    introduction = None
    if viewer.is_authenticated:
        introduction = (
            _with_people(Introduction.objects)
            .filter(pk=introduction_id)
            .filter(Q(introducer=viewer) | Q(member_a=viewer) | Q(member_b=viewer))
            .first()
        )
    if introduction is None:
        raise Http404("No such introduction.")
    return introduction


def get_introductions(user) -> QuerySet[Introduction]:
    return _with_people(
        Introduction.objects.filter(Q(introducer=user) | Q(member_a=user) | Q(member_b=user))
    ).order_by("-created_at", "-pk")


def get_trusted_contacts(user, limit: int = 500) -> list:
    """Members the user can introduce: recommended by or to them (accepted), or marked trusted
    by them, never one they marked "would not recommend" (as `trust.queries.is_trusted_contact`
    decides). Trust paths further out are accepted by the service but not listed here."""
    ids = set(
        Recommendation.objects.filter(author=user, status=RecStatus.ACCEPTED).values_list(
            "subject_id", flat=True
        )
    )
    ids |= set(
        Recommendation.objects.filter(subject=user, status=RecStatus.ACCEPTED).values_list(
            "author_id", flat=True
        )
    )
    marks = TrustMark.objects.filter(marker=user)
    ids |= set(
        marks.exclude(level=MarkLevel.WOULD_NOT_RECOMMEND).values_list("member_id", flat=True)
    )
    ids -= set(
        marks.filter(level=MarkLevel.WOULD_NOT_RECOMMEND).values_list("member_id", flat=True)
    )
    ids.discard(user.pk)
    User = get_user_model()
    return list(
        User.objects.filter(pk__in=ids, is_active=True)
        .select_related("profile")
        .order_by("profile__display_name", "pk")[:limit]
    )


def get_waiting_for_answer(user) -> QuerySet[Introduction]:
    """Open introductions of the user that wait for the user's own answer, oldest first."""
    return _with_people(
        Introduction.objects.filter(status=Status.PENDING).filter(
            Q(member_a=user, answer_a=Answer.PENDING) | Q(member_b=user, answer_b=Answer.PENDING)
        )
    ).order_by("created_at", "pk")
