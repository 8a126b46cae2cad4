"""Every write of the trust app: private marks and the trust change log."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from goodword.core import hooks
from goodword.recommendations.models import Recommendation

from .bulk import extra_edges
from .models import ChangeKind, MarkLevel, TrustEdgeChange, TrustMark

User = get_user_model()


def request_trust_refresh(source_user_id: int, target_user_id: int) -> None:
    """Record in the change log that the trust edge source→target may have changed.

    Call it inside the transaction of the write that changed the edge (accepting, hiding,
    unhiding, withdrawing or editing an accepted recommendation, setting or clearing a mark,
    both ways when a referral led to business): the row commits or rolls back with that
    write. Every process replays the log before answering and recomputes the pair from the
    database as it is then, so a repeated or late row is harmless.
    """
    if int(source_user_id) == int(target_user_id):
        return
    TrustEdgeChange.objects.create(
        kind=ChangeKind.EDGE, source_id=int(source_user_id), target_id=int(target_user_id)
    )


def request_member_trust_refresh(user) -> None:
    """Call inside the transaction that deletes (or deactivates) `user`, *before* the delete:
    records every trust edge touching them in the change log, so that they vanish from every
    process's graph once the transaction commits."""
    touching = Q(author=user) | Q(subject=user)
    pairs = set(
        Recommendation.objects.public().filter(touching).values_list("author_id", "subject_id")
    )
    pairs |= set(
        TrustMark.objects.filter(Q(marker=user) | Q(member=user)).values_list(
            "marker_id", "member_id"
        )
    )
    # A won referral is an edge both ways (`weights.combine`): both must go too.
    for contribution in hooks.run(hooks.WON_REFERRAL_PAIRS_OF, user):
        for giver_id, receiver_id in contribution:
            pairs |= {(giver_id, receiver_id), (receiver_id, giver_id)}
    pairs |= set(extra_edges(member_id=user.pk))
    rows = [
        TrustEdgeChange(kind=ChangeKind.EDGE, source_id=a, target_id=b)
        for a, b in sorted(pairs)
        if a != b
    ]
    TrustEdgeChange.objects.bulk_create(rows)


@transaction.atomic
def record_rebuild(*, prune: bool = True) -> TrustEdgeChange:
    """Append a `rebuild` row so that every process rebuilds its graph on its next query, and
    drop the older rows, which no process needs any more."""
    marker = TrustEdgeChange.objects.create(kind=ChangeKind.REBUILD)
    if prune:
        TrustEdgeChange.objects.filter(id__lt=marker.id).delete()
    return marker


def _check_pair(marker, member) -> None:
    if member is None or marker.pk == getattr(member, "pk", None):
        raise ValidationError(_("You cannot set a trust mark for yourself."), code="self")


def _clean_level(level: str) -> str:
    if level not in MarkLevel.values:
        choices = ", ".join(f"“{label}”" for label in MarkLevel.labels)
        raise ValidationError(
            _("Please choose one of: %(choices)s.") % {"choices": choices}, code="level"
        )
    return level


@transaction.atomic
def set_trust_mark(marker, member, level: str) -> TrustMark:
    """Set or change `marker`'s private mark about `member`.

    Raises `ValidationError` (nothing written) for an unknown level or a mark about oneself.
    The mark is private: nobody else is told, and the trust graph is refreshed after commit.
    """
    level = _clean_level(level)
    _check_pair(marker, member)
    mark, created = TrustMark.objects.select_for_update().get_or_create(
        marker=marker, member=member, defaults={"level": level}
    )
    if not created and mark.level != level:
        mark.level = level
        mark.save(update_fields=["level", "updated_at"])
    request_trust_refresh(marker.pk, member.pk)
    return mark


@transaction.atomic
def clear_trust_mark(marker, member) -> bool:
    """Remove `marker`'s private mark about `member`. Returns whether there was one."""
    deleted, _rows = TrustMark.objects.filter(marker=marker, member=member).delete()
    if deleted:
        request_trust_refresh(marker.pk, member.pk)
    return bool(deleted)
