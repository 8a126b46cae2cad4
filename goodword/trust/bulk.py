"""Read every trust edge from the database as numpy arrays, fast (the full build).

The same rules as `weights.combine`, vectorised: a test checks that a full build and a
pair-by-pair replay give the same edges. Rows are fetched through a raw cursor so that
Django's per-value converters (the bulk of the time on a million rows) are skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.db.models import FloatField, Func
from django.db.models.functions import Coalesce
from django.utils import timezone

from goodword.core import hooks
from goodword.recommendations.models import Recommendation, Status

from . import weights
from .models import TrustMark

CHUNK = 20_000
SHIFT = np.int64(1 << 32)


class Epoch(Func):
    """Unix seconds of a datetime column, computed by the database."""

    output_field = FloatField()
    template = "CAST(EXTRACT(EPOCH FROM %(expressions)s) AS double precision)"

    def as_sqlite(self, compiler, connection, **extra):
        template = "((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        return self.as_sql(compiler, connection, template=template, **extra)


@dataclass(frozen=True)
class BulkEdges:
    """Everything a build needs. Member positions index `user_ids`."""

    user_ids: np.ndarray  # sorted user ids; position = engine index
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray
    timestamp: np.ndarray  # NaN: does not fade
    topic: np.ndarray  # topic edges: topic id, source and target positions, faded weight
    topic_src: np.ndarray
    topic_dst: np.ndarray
    topic_weight: np.ndarray


def _rows(queryset, progress: Callable[[str, int], None] | None, stage: str):
    sql, params = queryset.query.sql_with_params()
    out: list[tuple] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            chunk = cursor.fetchmany(CHUNK)
            if not chunk:
                break
            out.extend(chunk)
            if progress:
                progress(stage, len(out))
    return out


def _columns(rows: list[tuple], n: int) -> list[list]:
    return [list(col) for col in zip(*rows, strict=True)] if rows else [[] for _ in range(n)]


def won_referral_counts(pairs=None, *, member: int | None = None) -> dict[tuple[int, int], int]:
    """Referrals that led to business per ordered pair, counted in *both* directions:
    `{(a, b): n}` where n counts a→b and b→a. Only ids and counts are read (never the amount).
    For `pairs`, only those pairs; for `member`, only the pairs touching that member (its
    won referrals first, then their counts). The referrals app contributes the counts through
    `core.hooks.WON_REFERRAL_COUNTS`."""
    wanted = set(pairs) if pairs is not None else None
    if member is not None:
        wanted = set()
        for contribution in hooks.run(hooks.WON_REFERRAL_PAIRS_OF, member):
            wanted |= set(contribution)
        if not wanted:
            return {}
    raw: dict[tuple[int, int], int] = {}
    for contribution in hooks.run(hooks.WON_REFERRAL_COUNTS, wanted):
        for key, n in contribution.items():
            raw[key] = raw.get(key, 0) + n
    counts: dict[tuple[int, int], int] = {}
    for (giver, receiver), n in raw.items():
        if giver == receiver or not n:
            continue
        for key in ((giver, receiver), (receiver, giver)):
            counts[key] = counts.get(key, 0) + int(n)
    if pairs is not None:
        counts = {key: n for key, n in counts.items() if key in wanted}
    return counts


def extra_edges(pairs=None, *, member_id: int | None = None) -> dict[tuple[int, int], tuple]:
    """Public edges contributed through `core.hooks.TRUST_EDGES` (an accepted invitation):
    `{(source_id, target_id): (weight, kind)}`, the strongest per pair. For `pairs`, only
    those pairs; for `member_id`, only the edges touching that member. Weights outside
    (0, 1) and edges to oneself are dropped."""
    wanted = set(pairs) if pairs is not None else None
    if wanted is not None and not wanted:
        return {}
    found: dict[tuple[int, int], tuple] = {}
    for contribution in hooks.run(hooks.TRUST_EDGES, pairs=wanted, member_id=member_id):
        for source, target, weight, kind in contribution:
            key = (int(source), int(target))
            if key[0] == key[1] or not 0 < float(weight) < 1:
                continue
            if wanted is not None and key not in wanted:
                continue
            if member_id is not None and int(member_id) not in key:
                continue
            if key not in found or float(weight) > found[key][0]:
                found[key] = (float(weight), str(kind))
    return found


def load_all(*, now: float, half_life_days: float | None, progress=None) -> BulkEdges:
    """The shared graph: accepted recommendations and their topics and the extra public edges
    (`extra_edges`), combined into edges.

    Private marks and won referrals are not edges here: each shapes only the views of the
    members it belongs to (the adapter passes them per query as the viewer's own out-edges).
    Their members are still given engine positions, so that a viewer's own edge always has a
    target in the graph."""
    year = timezone.localdate().year  # the site's (Berlin) year, as `adapter._year`
    recs = (
        Recommendation.objects.filter(status=Status.ACCEPTED)
        .annotate(renewed=Epoch(Coalesce("accepted_at", "updated_at")))
        .values_list("author_id", "subject_id", "relationship", "known_since", "renewed")
    )
    r_a, r_b, r_rel, r_since, r_ts = _columns(_rows(recs, progress, "recommendations"), 5)
    marks = TrustMark.objects.values_list("marker_id", "member_id")
    private_ids = [m for pair in _rows(marks, progress, "marks") for m in pair]
    through = Recommendation.topics.through.objects.filter(
        recommendation__status=Status.ACCEPTED, recommendation__hidden_by_moderators_at=None
    ).values_list("recommendation__author_id", "recommendation__subject_id", "topic_id")
    t_a, t_b, t_topic = _columns(_rows(through, None, "topics"), 3)
    private_ids += [m for pair in won_referral_counts() for m in pair]
    m_a: list[int] = []
    m_b: list[int] = []
    m_level: list[str] = []
    referrals: dict[tuple[int, int], int] = {}

    rec_keys = np.array(r_a, dtype=np.int64) * SHIFT + np.array(r_b, dtype=np.int64)
    relationship = np.array(
        [weights.RELATIONSHIP_WEIGHT.get(r, weights.RELATIONSHIP_WEIGHT["other"]) for r in r_rel],
        dtype=np.float64,
    )
    since = np.array([s or 0 for s in r_since], dtype=np.float64)
    years = np.clip(year - since, 0, weights.FULL_DURATION_YEARS)
    duration = np.where(since > 0, 0.6 + 0.4 * years / weights.FULL_DURATION_YEARS, 0.6)
    rec_weight = np.round(relationship * duration, 6)
    rec_ts = np.array([np.nan if t is None else t for t in r_ts], dtype=np.float64)

    mark_keys = np.array(m_a, dtype=np.int64) * SHIFT + np.array(m_b, dtype=np.int64)
    mark_weight = np.array([weights.MARK_WEIGHT[str(level)] for level in m_level], np.float64)

    ref_keys = np.array([a * (1 << 32) + b for a, b in referrals], dtype=np.int64)
    ref_n = np.fromiter(referrals.values(), dtype=np.float64, count=len(referrals))

    extras = extra_edges()
    ex_keys = np.array([a * (1 << 32) + b for a, b in extras], dtype=np.int64)
    ex_weight = np.array([w for w, _kind in extras.values()], dtype=np.float64)

    keys = np.union1d(np.union1d(np.union1d(rec_keys, mark_keys), ref_keys), ex_keys)
    rw = np.full(keys.size, np.nan)
    rts = np.full(keys.size, np.nan)
    mw = np.full(keys.size, np.nan)
    won = np.zeros(keys.size)
    rw[np.searchsorted(keys, rec_keys)] = rec_weight
    rts[np.searchsorted(keys, rec_keys)] = rec_ts
    mw[np.searchsorted(keys, mark_keys)] = mark_weight
    won[np.searchsorted(keys, ref_keys)] = ref_n
    # The public edge (weights.public_signal): the stronger of the faded recommendation and
    # the extra edge, which does not fade.
    xw = np.full(keys.size, np.nan)
    xw[np.searchsorted(keys, ex_keys)] = ex_weight
    has_extra = ~np.isnan(xw)
    extra_wins = has_extra & (np.isnan(rw) | (xw >= rw * _fade(rts, now, half_life_days)))
    rw = np.where(extra_wins, xw, rw)
    rts = np.where(extra_wins, np.nan, rts)

    fade = _fade(rts, now, half_life_days)
    faded = rw * fade
    has_rec, has_mark = ~np.isnan(rw), ~np.isnan(mw)
    distrust = has_mark & (mw < 0)
    mark_wins = has_mark & (~has_rec | distrust | (mw >= np.where(has_rec, faded, 0)))
    weight = np.where(mark_wins, mw, rw)
    timestamp = np.where(mark_wins, np.nan, rts)
    # Won referrals (weights.combine): a bonus on the faded positive edge, capped at 1 and
    # handed over unfaded; alone, the bonus is the edge; distrust is left as it is.
    bonus = np.minimum(weights.REFERRAL_BONUS * won, weights.REFERRAL_BONUS_CAP)
    has_ref = bonus > 0
    has_signal = has_rec | has_mark
    current = np.where(has_signal, weight * _fade(timestamp, now, half_life_days), 0.0)
    boosted = has_ref & ~(has_signal & (weight < 0))
    weight = np.where(boosted, np.minimum(1.0, np.round(current + bonus, 6)), weight)
    timestamp = np.where(boosted, np.nan, timestamp)
    keep = has_signal | has_ref
    keys, weight, timestamp = keys[keep], weight[keep], timestamp[keep]
    effective = weight * _fade(timestamp, now, half_life_days)
    public = has_rec[keep] & (weight > 0)

    sources, targets = keys // SHIFT, keys % SHIFT
    user_ids = np.unique(np.concatenate([sources, targets, np.array(private_ids, np.int64)]))
    src = np.searchsorted(user_ids, sources)
    dst = np.searchsorted(user_ids, targets)

    topic_keys = np.array(t_a, dtype=np.int64) * SHIFT + np.array(t_b, dtype=np.int64)
    topics = np.array(t_topic, dtype=np.int64)
    pos = np.clip(np.searchsorted(keys, topic_keys), 0, max(keys.size - 1, 0))
    found = (keys[pos] == topic_keys) if keys.size else np.zeros(topic_keys.size, dtype=bool)
    found &= public[pos] if keys.size else found
    pos, topics = pos[found], topics[found]
    return BulkEdges(
        user_ids=user_ids,
        src=src,
        dst=dst,
        weight=weight,
        timestamp=timestamp,
        topic=topics,
        topic_src=src[pos],
        topic_dst=dst[pos],
        topic_weight=effective[pos],
    )


def _fade(timestamps: np.ndarray, now: float, half_life_days: float | None) -> np.ndarray:
    if not half_life_days or not timestamps.size:
        return np.ones(timestamps.size)
    age = np.clip((now - timestamps) / 86400.0, 0.0, None)
    factor = np.exp2(-age / half_life_days)
    return np.where(np.isnan(factor), 1.0, factor)
