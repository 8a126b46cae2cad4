"""Every write of the trust app: private marks and the trust change log."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import ChangeKind, MarkLevel, TrustEdgeChange, TrustMark

User = get_user_model()


def request_trust_refresh(source_user_id: int, target_user_id: int) -> None:
    """Ask for the trust edge source→target to be recomputed. Call it after commit:

        transaction.on_commit(lambda: request_trust_refresh(rec.author_id, rec.subject_id))

    from every service that changes an accepted recommendation or a mark (accept, hide,
    unhide, withdraw, edit), and both ways when a referral led to business. Enqueues the
    idempotent `refresh_trust_edge_task` (ids only).
    """
    from .tasks import refresh_trust_edge_task

    refresh_trust_edge_task.enqueue(int(source_user_id), int(target_user_id))


def request_member_trust_refresh(user) -> None:
    """Call inside the transaction that deletes (or deactivates) `user`, *before* the delete:
    collects every trust edge touching them and, after commit, asks for all of those pairs to
    be recomputed (they then vanish from every process's graph)."""
    from goodword.recommendations.models import Recommendation

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
    for giver_id, receiver_id in _won_referral_pairs_touching(user):
        pairs |= {(giver_id, receiver_id), (receiver_id, giver_id)}
    if not pairs:
        return
    from .tasks import refresh_trust_edges_task

    payload = sorted([a, b] for a, b in pairs)
    transaction.on_commit(lambda: refresh_trust_edges_task.enqueue(payload))


def _won_referral_pairs_touching(user) -> set[tuple[int, int]]:
    from django.apps import apps

    if not apps.is_installed("goodword.referrals"):
        return set()
    from goodword.referrals.models import Referral, ReferralStatus

    return set(
        Referral.objects.filter(Q(giver=user) | Q(receiver=user), status=ReferralStatus.WON)
        .values_list("giver_id", "receiver_id")
        .distinct()
    )


def record_edge_change(source_user_id: int, target_user_id: int) -> TrustEdgeChange:
    """Append one `edge` row to the change log (idempotent in effect: replaying re-reads the
    pair's current state). Used by `refresh_trust_edge_task`."""
    return TrustEdgeChange.objects.create(
        kind=ChangeKind.EDGE, source_id=source_user_id, target_id=target_user_id
    )


def record_edge_changes(pairs) -> int:
    """Append one `edge` row per (source, target) pair in one insert."""
    rows = [TrustEdgeChange(kind=ChangeKind.EDGE, source_id=a, target_id=b) for a, b in pairs]
    return len(TrustEdgeChange.objects.bulk_create(rows))


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
    marker_id, member_id = marker.pk, member.pk
    transaction.on_commit(lambda: request_trust_refresh(marker_id, member_id))
    return mark


@transaction.atomic
def clear_trust_mark(marker, member) -> bool:
    """Remove `marker`'s private mark about `member`. Returns whether there was one."""
    deleted, _rows = TrustMark.objects.filter(marker=marker, member=member).delete()
    if deleted:
        marker_id, member_id = marker.pk, member.pk
        transaction.on_commit(lambda: request_trust_refresh(marker_id, member_id))
    return bool(deleted)
