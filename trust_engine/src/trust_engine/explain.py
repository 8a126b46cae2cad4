"""Explanations: the strongest short paths that carry a viewer's trust to a member."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from trust_engine.edges import EdgeStore, ViewerRow
from trust_engine.propagation.base import Propagation

MAX_HOPS = 4
# Bounds the search on dense neighbourhoods; strongest paths are found long before this.
MAX_POPS = 50_000


@dataclass(frozen=True)
class Path:
    """One explanation path: ``members`` (viewer first, target last) and its ``strength``.

    A hop from the viewer is worth ``decay * weight``; a later hop ``y -> x`` is worth
    ``decay * share(y -> x)``; each hop is also multiplied by the distrust factor of the member
    it reaches. ``strength`` is the product over hops, so it is at most ``decay ** hops``.
    """

    members: list[int]
    strength: float


def strongest_paths(
    edges: EdgeStore,
    prop: Propagation,
    target: int,
    decay: float,
    max_paths: int = 3,
    max_hops: int = MAX_HOPS,
    viewer_row: ViewerRow | None = None,
    topic: int | None = None,
) -> list[Path]:
    """Return up to ``max_paths`` strongest simple paths viewer -> target of <= ``max_hops``.

    Intermediate members must be ones that pass trust on (``prop.active``). Best-first search
    backwards from the target, bounded by the best forward walk strength, so paths come out
    strongest first. ``viewer_row``: the viewer's own out-edges used for the propagation, if
    they were overridden for the query. ``topic``: the hop into ``target`` must carry it.
    """
    viewer = prop.viewer
    active = prop.active
    rows = edges.gather(active[1:])
    if viewer_row is None:
        own_targets, own_eff, _, own_topic = edges.row(viewer)
    else:
        own_targets, own_eff, own_topic = viewer_row.targets, viewer_row.eff, viewer_row.topic
    owner_member = np.concatenate(
        [np.full(own_targets.size, viewer, dtype=np.int64), active[1:][rows.owner]]
    )
    targets = np.concatenate([own_targets.astype(np.int64), rows.targets.astype(np.int64)])
    hop = np.concatenate([own_eff, rows.share]).astype(np.float64) * decay
    nodes = np.concatenate([active, [target]])
    keep = (hop > 0) & np.isin(targets, nodes) & (targets != viewer)
    if topic is not None:
        into = targets == target
        row_topics = np.concatenate([own_topic, rows.topic])
        keep &= ~into | edges.carries(owner_member, targets, row_topics, topic)
    src = owner_member[keep]
    dst = targets[keep]
    hop = hop[keep]
    if prop.factor_members.size:
        hop = hop * _factors(prop, dst)
    if not (dst == target).any():
        return []

    members = np.unique(np.concatenate([nodes, [viewer]]))
    s_idx = np.searchsorted(members, src)
    d_idx = np.searchsorted(members, dst)
    viewer_i = int(np.searchsorted(members, viewer))
    target_i = int(np.searchsorted(members, target))
    # best[h][i]: strongest walk viewer -> i with at most h hops (an upper bound for paths).
    best = [np.zeros(members.size)]
    best[0][viewer_i] = 1.0
    for _ in range(max_hops):
        nxt = best[-1].copy()
        np.maximum.at(nxt, d_idx, best[-1][s_idx] * hop)
        best.append(nxt)
    by_dst = np.argsort(d_idx, kind="stable")
    first = np.searchsorted(d_idx[by_dst], np.arange(members.size + 1))

    found: list[Path] = []
    # Heap of (-bound, tiebreak, suffix strength, suffix members from head to target).
    heap: list[tuple[float, int, float, tuple[int, ...]]] = []
    counter = 0
    heapq.heappush(heap, (-best[max_hops][target_i], counter, 1.0, (target_i,)))
    pops = 0
    while heap and len(found) < max_paths and pops < MAX_POPS:
        pops += 1
        _, _, strength, suffix = heapq.heappop(heap)
        head = suffix[0]
        if head == viewer_i:
            found.append(Path(members[list(suffix)].tolist(), strength))
            continue
        hops_left = max_hops - (len(suffix) - 1)
        if hops_left <= 0:
            continue
        edge_ids = by_dst[first[head] : first[head + 1]]
        prev = s_idx[edge_ids]
        strengths = strength * hop[edge_ids]
        bounds = strengths * best[hops_left - 1][prev]
        for p, st, b in zip(prev.tolist(), strengths.tolist(), bounds.tolist(), strict=True):
            if b <= 0 or p in suffix:
                continue
            counter += 1
            heapq.heappush(heap, (-b, counter, st, (p, *suffix)))
    return found


def _factors(prop: Propagation, members: np.ndarray) -> np.ndarray:
    order = np.argsort(prop.factor_members)
    fm = prop.factor_members[order]
    fv = prop.factor_values[order]
    pos = np.clip(np.searchsorted(fm, members), 0, max(fm.size - 1, 0))
    return np.where(fm[pos] == members, fv[pos], 1.0)
