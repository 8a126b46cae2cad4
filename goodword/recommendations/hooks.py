"""What recommendations contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

from typing import Any

from goodword.core import hooks
from goodword.core.export import iso, member_ref
from goodword.core.start import ITEMS_PER_SECTION, StartSection

from .models import Recommendation
from .queries import get_pending_for_review


def _exported(rec: Recommendation, *, other, words: bool = True) -> dict[str, Any]:
    return {
        "id": rec.pk,
        "other_member": member_ref(other),
        "text": rec.text if words else "",
        "topics": [t.name for t in rec.topics.all()] if words else [],
        "hidden_by_moderators_at": iso(rec.hidden_by_moderators_at),
        "relationship": rec.relationship,
        "known_since": rec.known_since,
        "status": rec.status,
        "created_at": iso(rec.created_at),
        "updated_at": iso(rec.updated_at),
        "accepted_at": iso(rec.accepted_at),
    }


@hooks.register(hooks.MEMBER_EXPORT)
def export_recommendations(user) -> dict[str, Any]:
    """What the member wrote and what was written about them, in every state. Words a
    moderator hid stay in the author's export only."""
    recs = Recommendation.objects.prefetch_related("topics")
    given = recs.filter(author=user).select_related("subject__profile").order_by("created_at")
    received = recs.filter(subject=user).select_related("author__profile").order_by("created_at")
    return {
        "recommendations_given": [_exported(r, other=r.subject) for r in given],
        "recommendations_received": [
            _exported(r, other=r.author, words=r.hidden_by_moderators_at is None) for r in received
        ],
    }


@hooks.register(hooks.MEMBER_ERASING)
def erase_recommendations(user) -> None:
    """A recommendation is one named person's word about another: without its author it
    carries no weight, and one about the leaving member is their personal data. Both go; the
    search documents of the members who lose one are refreshed."""
    recs = Recommendation.objects.filter(author=user) | Recommendation.objects.filter(subject=user)
    others = set(recs.values_list("subject_id", flat=True)) - {user.pk}
    recs.delete()
    for member_id in others:
        hooks.run(hooks.PROFILE_CHANGED, member_id)


@hooks.register(hooks.START_SECTIONS)
def start_recommendations(user) -> StartSection:
    """Recommendations about the member that wait for their consent."""
    pending = list(get_pending_for_review(user)[: ITEMS_PER_SECTION + 1])
    return StartSection(
        order=10,
        template="recommendations/_start.html",
        context={"pending": pending[:ITEMS_PER_SECTION], "more": len(pending) > ITEMS_PER_SECTION},
    )
