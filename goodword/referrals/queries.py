"""Reads for referrals: `access_referral` (404 for absent and not-yours) and profile counts."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from goodword.core.statements import KeptStatement

from .models import Referral, ReferralStatus

_COUNTS = KeptStatement(
    lambda giver: (
        Referral.objects.filter(giver_id=giver)
        .order_by()
        .values("giver_id")
        .annotate(passed=Count("pk"), won=Count("pk", filter=Q(status=ReferralStatus.WON)))
        .values_list("passed", "won")
    )
)


def access_referral(viewer, referral_id: int) -> Referral:
    """The referral if the viewer gave or received it; 404 otherwise."""
    referral = None
    if viewer.is_authenticated:
        referral = (
            Referral.objects.select_related("giver__profile", "receiver__profile")
            .filter(pk=referral_id)
            .filter(Q(giver=viewer) | Q(receiver=viewer))
            .first()
        )
    if referral is None:
        raise Http404("No such referral.")
    return referral


def get_referrals(user) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(Q(giver=user) | Q(receiver=user))
        .select_related("giver__profile", "receiver__profile")
        .order_by("-created_at", "-pk")
    )


def get_referral_counts(user) -> dict[str, int]:
    """Public on the giver's profile: how many referrals they passed and how many led to
    business. No amounts, no ranking."""
    passed, won = next(iter(_COUNTS(giver=user.pk)), (0, 0))
    return {"passed": passed, "won": won}


def get_won_referral_pairs(pairs=None) -> dict[tuple[int, int], int]:
    """For the trust adapter: how many referrals led to business, per (giver, receiver) pair,
    optionally only for the given pairs. The edge strengthens in both directions."""
    qs = Referral.objects.filter(status=ReferralStatus.WON)
    if pairs is not None:
        pairs = list(pairs)
        if not pairs:
            return {}
        match = Q()
        for giver_id, receiver_id in pairs:
            match |= Q(giver_id=giver_id, receiver_id=receiver_id)
        qs = qs.filter(match)
    rows = qs.values("giver_id", "receiver_id").annotate(n=Count("pk"))
    return {(r["giver_id"], r["receiver_id"]): r["n"] for r in rows}


def get_won_referral_counts(pairs=None) -> dict[tuple[int, int], int]:
    """For the trust adapter: referrals that led to business per (giver, receiver), all of
    them or only those between members named in `pairs` (one query with `IN` lists, safe for
    thousands of pairs). Only ids and counts are read, never the amount."""
    if pairs is None:
        return get_won_referral_pairs()
    wanted = set(pairs)
    ids = {a for a, _b in wanted} | {b for _a, b in wanted}
    if not ids:
        return {}
    rows = (
        Referral.objects.filter(status=ReferralStatus.WON, giver_id__in=ids, receiver_id__in=ids)
        .values_list("giver_id", "receiver_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(g, r): n for g, r, n in rows}


def get_won_referral_pairs_of(user) -> set[tuple[int, int]]:
    """The (giver, receiver) pairs of won referrals the member gave or received."""
    return set(
        Referral.objects.filter(Q(giver=user) | Q(receiver=user), status=ReferralStatus.WON)
        .values_list("giver_id", "receiver_id")
        .distinct()
    )
