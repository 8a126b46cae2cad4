"""What trust contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from goodword.core import hooks
from goodword.core.export import iso
from goodword.recommendations.models import Status

from . import queries, services
from .models import TrustMark


@hooks.register(hooks.RECOMMENDATION_CHANGED)
def recommendation_changed(recommendation, old_status: str) -> None:
    """Accepted recommendations are edges of the trust graph: when one appears or goes away,
    the pair goes into the change log, in the same transaction."""
    if Status.ACCEPTED in (old_status, recommendation.status):
        services.request_trust_refresh(recommendation.author_id, recommendation.subject_id)


@hooks.register(hooks.MEMBER_DELETING)
def member_deleting(user) -> None:
    services.request_member_trust_refresh(user)


@hooks.register(hooks.MEMBER_EXPORT)
def export_trust_marks(user) -> dict[str, Any]:
    """The member's own private marks; marks about them are not theirs to see."""
    return {
        "trust_marks": [
            {**mark, "created_at": iso(mark["created_at"]), "updated_at": iso(mark["updated_at"])}
            for mark in queries.get_marks_for_export(user)
        ]
    }


@hooks.register(hooks.MEMBER_ERASING)
def erase_trust_marks(user) -> None:
    """The member's own marks, and others' marks about them (a mark about nobody is of no use
    to anyone); `member_deleting` already recorded the edges for every process to drop."""
    TrustMark.objects.filter(Q(marker=user) | Q(member=user)).delete()
