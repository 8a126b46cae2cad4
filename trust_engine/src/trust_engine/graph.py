"""TrustGraph: the public entry point of the engine."""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from trust_engine.edges import NO_TOPIC, DuplicateEdges, EdgeStore, TopicLabels, ViewerRow, fade
from trust_engine.explain import Path, strongest_paths
from trust_engine.propagation import Propagation, ThresholdTrust

CACHE_SIZE = 256


@dataclass(frozen=True)
class RankResult:
    """A ranking with the metadata needed to cache and audit it.

    ``items``: tuple of ``(member, score)`` best first; ``algorithm``: algorithm name;
    ``params``: its parameters; ``graph_version``: the graph version it was computed on.
    """

    viewer: int
    items: tuple[tuple[int, float], ...]
    algorithm: str
    params: dict
    graph_version: int
    topic: int | None = None


@dataclass(frozen=True, eq=False)
class ViewerEdges:
    """The viewer's own out-edges for one query, replacing the ones in the graph.

    ``targets``: member ids; ``weights``: (0, 1] trust or [-1, 0) distrust, like
    :meth:`TrustGraph.from_arrays`; ``topics``: optional topic id per edge (-1 for none);
    ``timestamps``: optional Unix seconds per edge, faded like edges added to the graph.
    Self-loops are dropped and for a repeated target the last edge wins. Only the viewer's own
    view changes: nobody else's trust, and no other viewer's cached result, depends on it.
    A plain ``(targets, weights)`` tuple is accepted wherever this is.
    """

    targets: object
    weights: object
    topics: object = None
    timestamps: object = None


def _as_1d(name: str, values, dtype=None) -> np.ndarray:
    arr = np.asarray(values) if dtype is None else np.asarray(values, dtype=dtype)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-d array, got shape {arr.shape}")
    return arr


def _check_member_ids(name: str, ids: np.ndarray) -> np.ndarray:
    if ids.size and not np.issubdtype(ids.dtype, np.integer):
        as_float = ids.astype(np.float64)
        bad = np.flatnonzero(~np.isfinite(as_float) | (as_float != np.round(as_float)))
        if bad.size:
            value = ids[bad[0]].item()
            raise ValueError(f"{name}[{bad[0]}] = {value!r} is not an integer member id")
        ids = as_float.astype(np.int64)
    if ids.size and ids.min() < 0:
        i = int(np.argmin(ids))
        raise ValueError(f"{name}[{i}] = {ids[i]} is negative; member ids are 0..n-1")
    small = not ids.size or int(ids.max()) < np.iinfo(np.int32).max
    return ids.astype(np.int32 if small else np.int64, copy=False)


def _labels(edge_topics, n_members: int) -> TopicLabels:
    if not isinstance(edge_topics, tuple | list) or len(edge_topics) != 3:
        raise ValueError("edge_topics must be (sources, targets, topics)")
    src = _check_member_ids("edge_topics sources", _as_1d("edge_topics sources", edge_topics[0]))
    dst = _check_member_ids("edge_topics targets", _as_1d("edge_topics targets", edge_topics[1]))
    top = _check_member_ids("edge_topics topics", _as_1d("edge_topics topics", edge_topics[2]))
    if not src.size == dst.size == top.size:
        raise ValueError(
            f"length mismatch: {src.size} edge_topics sources, {dst.size} targets, "
            f"{top.size} topics"
        )
    largest = int(max(src.max(initial=-1), dst.max(initial=-1)))
    if largest >= n_members:
        raise ValueError(
            f"edge_topics: member id {largest} is out of range for n_members={n_members}"
        )
    return TopicLabels(src, dst, top)


def check_weight(weight: float, where: str = "weight") -> float:
    """Validate one edge weight: finite, in (0, 1] (trust) or [-1, 0) (distrust)."""
    w = float(weight)
    if math.isnan(w) or w == 0 or w < -1 or w > 1:
        raise ValueError(
            f"{where} = {weight!r} is invalid; use (0, 1] for trust or [-1, 0) for distrust"
        )
    return w


class TrustGraph:
    """A directed trust graph over members ``0..n_members-1`` with personalized queries.

    Build with :meth:`from_arrays`. Queries are seeded at a viewer and computed locally by the
    configured algorithm (default :class:`ThresholdTrust`); results are cached per viewer and
    graph version, and every edit bumps :attr:`version`.
    """

    def __init__(
        self, store: EdgeStore, algorithm: ThresholdTrust, as_of: float | None, n_topics_seen: bool
    ) -> None:
        """Internal: use :meth:`from_arrays`."""
        self._store = store
        self.algorithm = algorithm
        self.as_of = as_of
        self._has_topics = n_topics_seen
        self.version = 0
        self._cache: OrderedDict[tuple, Propagation] = OrderedDict()

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_arrays(
        cls,
        sources,
        targets,
        weights,
        n_members: int | None = None,
        topics=None,
        timestamps=None,
        *,
        algorithm: ThresholdTrust | None = None,
        as_of: float | None = None,
        edge_topics=None,
    ) -> TrustGraph:
        """Build a graph from parallel edge arrays.

        ``sources``/``targets``: integer member ids >= 0; ``weights``: (0, 1] trust or [-1, 0)
        distrust; ``n_members``: defaults to the largest id + 1; ``topics``: optional int topic
        id per edge (-1 for none); ``timestamps``: optional Unix seconds per edge (NaN for
        unknown), faded by the algorithm's half-life relative to ``as_of`` (default: the newest
        timestamp). Self-loops are dropped; for repeated (source, target) pairs the last one
        wins. ``edge_topics``: optional ``(sources, targets, topics)`` labelling edges with
        more topics, any number per edge (a recommendation that names several topics); a
        topic query counts an edge when its own topic or one of its labels matches.
        Raises ``ValueError`` naming the first bad index or value.
        """
        algorithm = algorithm or ThresholdTrust()
        src = _check_member_ids("sources", _as_1d("sources", sources))
        dst = _check_member_ids("targets", _as_1d("targets", targets))
        w = _as_1d("weights", weights)
        if not np.issubdtype(w.dtype, np.floating):
            w = w.astype(np.float64)
        m = src.size
        if dst.size != m or w.size != m:
            raise ValueError(f"length mismatch: {m} sources, {dst.size} targets, {w.size} weights")
        bad = np.flatnonzero(np.isnan(w) | (w == 0) | (w < -1) | (w > 1))
        if bad.size:
            i = int(bad[0])
            raise ValueError(
                f"weights[{i}] = {float(w[i])!r} is invalid; use (0, 1] for trust or "
                "[-1, 0) for distrust"
            )
        top = None
        if topics is not None:
            top = _as_1d("topics", topics)
            if top.size != m:
                raise ValueError(f"length mismatch: {m} edges but {top.size} topics")
            top = _check_member_ids("topics", np.where(top == NO_TOPIC, 0, top))
            top = np.where(np.asarray(topics) == NO_TOPIC, NO_TOPIC, top).astype(np.int32)
        ts = None
        if timestamps is not None:
            ts = _as_1d("timestamps", timestamps).astype(np.float64)
            if ts.size != m:
                raise ValueError(f"length mismatch: {m} edges but {ts.size} timestamps")
            inf = np.flatnonzero(np.isinf(ts))
            if inf.size:
                raise ValueError(f"timestamps[{inf[0]}] = {float(ts[inf[0]])!r} is not finite")
            if as_of is None and np.isfinite(ts).any():
                as_of = float(np.nanmax(ts))
        largest = int(max(src.max(initial=-1), dst.max(initial=-1)))
        if n_members is None:
            n_members = largest + 1
        elif largest >= n_members:
            raise ValueError(f"member id {largest} is out of range for n_members={n_members}")
        keep = src != dst
        if not keep.all():
            src, dst, w = src[keep], dst[keep], w[keep]
            ts = None if ts is None else ts[keep]
            top = None if top is None else top[keep]
        del keep
        model = algorithm.edge_model()
        eff = w.astype(np.float32)
        if ts is not None and model.half_life_days is not None:
            eff = (w * fade(ts, as_of, model.half_life_days, src.size)).astype(np.float32)
        try:
            store = EdgeStore(n_members, src, dst, eff, top, model)
        except DuplicateEdges:
            # Last occurrence wins for repeated pairs: keep the last index of each key.
            keys = src.astype(np.int64) * max(n_members, 1) + dst
            _, first_in_rev = np.unique(keys[::-1], return_index=True)
            last = np.sort(keys.size - 1 - first_in_rev)
            store = EdgeStore(
                n_members,
                src[last],
                dst[last],
                eff[last],
                None if top is None else top[last],
                model,
            )
        graph = cls(store, algorithm, as_of, top is not None)
        if edge_topics is not None:
            graph._store.labels = _labels(edge_topics, n_members)
        return graph

    # -- properties ---------------------------------------------------------------------------
    @property
    def n_members(self) -> int:
        """Number of members (ids ``0..n_members-1``)."""
        return self._store.n

    @property
    def n_edges(self) -> int:
        """Number of current edges (trust and distrust)."""
        store = self._store
        if not store.n_overlay:
            return store.n_base_edges
        return int(store.current_edges()[0].size)

    def edge(self, source: int, target: int) -> tuple[float, int | None] | None:
        """Current (effective weight, topic) of the edge source->target, or None."""
        got = self._store.get(int(source), int(target))
        if got is None:
            return None
        return got[0], (None if got[1] == NO_TOPIC else got[1])

    # -- validation ---------------------------------------------------------------------------
    def _member(self, member, what: str) -> int:
        if isinstance(member, bool) or not isinstance(member, int | np.integer):
            raise ValueError(f"{what} {member!r} is not an integer member id")
        m = int(member)
        if m < 0 or m >= self._store.n:
            raise ValueError(f"unknown {what} {m}: member ids are 0..{self._store.n - 1}")
        return m

    # -- queries ------------------------------------------------------------------------------
    def _viewer_row(self, viewer: int, viewer_edges) -> ViewerRow | None:
        """Validate and normalise a per-query override of the viewer's own out-edges."""
        if viewer_edges is None:
            return None
        if isinstance(viewer_edges, tuple):
            if len(viewer_edges) != 2:
                raise ValueError("viewer_edges must be ViewerEdges or a (targets, weights) pair")
            viewer_edges = ViewerEdges(*viewer_edges)
        if not isinstance(viewer_edges, ViewerEdges):
            raise ValueError("viewer_edges must be ViewerEdges or a (targets, weights) pair")
        dst = _check_member_ids(
            "viewer_edges.targets", _as_1d("viewer_edges.targets", viewer_edges.targets)
        ).astype(np.int64)
        w = _as_1d("viewer_edges.weights", viewer_edges.weights).astype(np.float64)
        m = dst.size
        if w.size != m:
            raise ValueError(f"length mismatch: {m} viewer_edges.targets, {w.size} weights")
        if m and int(dst.max()) >= self._store.n:
            raise ValueError(
                f"viewer_edges.targets: member id {int(dst.max())} is out of range for "
                f"n_members={self._store.n}"
            )
        bad = np.flatnonzero(np.isnan(w) | (w == 0) | (w < -1) | (w > 1))
        if bad.size:
            i = int(bad[0])
            raise ValueError(
                f"viewer_edges.weights[{i}] = {float(w[i])!r} is invalid; use (0, 1] for "
                "trust or [-1, 0) for distrust"
            )
        top = np.full(m, NO_TOPIC, dtype=np.int64)
        if viewer_edges.topics is not None:
            raw = _as_1d("viewer_edges.topics", viewer_edges.topics)
            if raw.size != m:
                raise ValueError(f"length mismatch: {m} viewer_edges but {raw.size} topics")
            top = _check_member_ids("viewer_edges.topics", np.where(raw == NO_TOPIC, 0, raw))
            top = np.where(raw == NO_TOPIC, NO_TOPIC, top).astype(np.int64)
        if viewer_edges.timestamps is not None:
            ts = _as_1d("viewer_edges.timestamps", viewer_edges.timestamps).astype(np.float64)
            if ts.size != m:
                raise ValueError(f"length mismatch: {m} viewer_edges but {ts.size} timestamps")
            if np.isinf(ts).any():
                raise ValueError("viewer_edges.timestamps must be finite (NaN for unknown)")
            w = w * fade(ts, self.as_of, self.algorithm.half_life_days, m)
        keep = dst != viewer
        dst, w, top = dst[keep], w[keep], top[keep]
        # Last edge wins for a repeated target: keep the last index of each, sorted by target.
        _, first_in_rev = np.unique(dst[::-1], return_index=True)
        last = dst.size - 1 - first_in_rev
        return ViewerRow(dst[last], w[last].astype(np.float32), top[last].astype(np.int32))

    def propagation(
        self, viewer: int, topic: int | None = None, *, viewer_edges=None
    ) -> Propagation:
        """The viewer's full sparse trust vector (cached per graph version).

        ``viewer_edges`` (:class:`ViewerEdges` or ``(targets, weights)``): use these as the
        viewer's own out-edges for this query instead of the graph's.
        """
        v = self._member(viewer, "viewer")
        return self._propagation(v, topic, self._viewer_row(v, viewer_edges))

    def _propagation(
        self, v: int, topic: int | None, row: ViewerRow | None, stage: int = 0
    ) -> Propagation:
        key = (v, topic, self.version, None if row is None else row.key, stage)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        algorithm = self.algorithm if stage == 0 else self.algorithm.fill_stage(stage)
        result = algorithm(self._store, v, topic, row)
        self._cache[key] = result
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return result

    def rank(
        self, viewer: int, top: int = 100, topic: int | None = None, *, viewer_edges=None
    ) -> list[tuple[int, float]]:
        """Members the viewer can trust, best first: a list of ``(member, score)``.

        The viewer is excluded; only members with positive trust appear. When the algorithm's
        ranking is shorter than ``top``, it is filled by deeper searches of the same
        algorithm (same cap, support rule and distrust; see ``ThresholdTrust.fill_stage``),
        listed below it; the list is shorter than ``top`` only when those reach no more.
        With ``topic``, the last step must be an edge with that topic.
        ``viewer_edges``: see :meth:`propagation`.
        Raises ``ValueError`` for an unknown viewer or a negative ``top``.
        """
        return list(self.rank_result(viewer, top, topic, viewer_edges=viewer_edges).items)

    def rank_result(
        self, viewer: int, top: int = 100, topic: int | None = None, *, viewer_edges=None
    ) -> RankResult:
        """Like :meth:`rank`, with algorithm name, parameters and graph version attached."""
        if isinstance(top, bool) or not isinstance(top, int | np.integer) or top < 0:
            raise ValueError(f"top = {top!r} must be a non-negative integer")
        v = self._member(viewer, "viewer")
        row = self._viewer_row(v, viewer_edges)
        prop = self._propagation(v, topic, row)
        k = int(top)
        members, scores = prop.members[:k], prop.scores[:k]
        if members.size < k and self.algorithm.fill_stages:
            members, scores = self._filled(v, topic, row, prop, k)
        items = tuple(zip(members.tolist(), scores.tolist(), strict=True))
        return RankResult(
            int(viewer), items, self.algorithm.name, self.algorithm.params, self.version, topic
        )

    def _filled(
        self, v: int, topic: int | None, row: ViewerRow | None, prop: Propagation, k: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ranking filled towards ``k`` members by the algorithm's deeper fill stages.

        Each stage adds, after what is already listed, the members its deeper search reaches
        that are not listed yet, in that search's order; a filled member's score is its trust
        in that search, but never more than the score of the member listed before it.
        """
        members, scores = [prop.members], [prop.scores]
        listed = prop.members
        floor = float(prop.scores[-1]) if prop.scores.size else 1.0
        for stage in range(1, self.algorithm.fill_stages + 1):
            deep = self._propagation(v, topic, row, stage)
            new = ~np.isin(deep.members, listed)
            tail_m, tail_s = deep.members[new], np.minimum(deep.scores[new], floor)
            if tail_m.size:
                members.append(tail_m)
                scores.append(tail_s)
                listed = np.concatenate([listed, tail_m])
                floor = float(tail_s[-1])
            if listed.size >= k:
                break
        return listed[:k], np.concatenate(scores)[:k]

    def trust(
        self, viewer: int, target: int, topic: int | None = None, *, viewer_edges=None
    ) -> float:
        """The viewer's trust in one member, in [0, 1] (0.0 when unreached; 1.0 for self).

        ``viewer_edges``: see :meth:`propagation`.
        """
        v = self._member(viewer, "viewer")
        x = self._member(target, "target")
        row = self._viewer_row(v, viewer_edges)
        if v == x:
            return 1.0
        return self._propagation(v, topic, row).score_of(x)

    def explain(
        self,
        viewer: int,
        target: int,
        max_paths: int = 3,
        *,
        topic: int | None = None,
        viewer_edges=None,
    ) -> list[Path]:
        """The strongest paths (at most 4 hops) carrying the viewer's trust to ``target``.

        Each :class:`~trust_engine.explain.Path` has ``members`` (viewer first, target last) and
        ``strength`` (product of per-hop strengths), strongest first. Empty when no path of
        trust-passing members links them. With ``topic``, the last hop must be an edge that
        carries the topic (as for ``rank(topic=...)``). ``viewer_edges``: see
        :meth:`propagation`.
        """
        v = self._member(viewer, "viewer")
        x = self._member(target, "target")
        if isinstance(max_paths, bool) or not isinstance(max_paths, int) or max_paths < 0:
            raise ValueError(f"max_paths = {max_paths!r} must be a non-negative integer")
        row = self._viewer_row(v, viewer_edges)
        if v == x or max_paths == 0:
            return []
        return strongest_paths(
            self._store,
            self._propagation(v, None, row),
            x,
            self.algorithm.decay,
            max_paths=max_paths,
            viewer_row=row,
            topic=topic,
        )

    # -- edits --------------------------------------------------------------------------------
    def add_edge(
        self,
        source: int,
        target: int,
        weight: float,
        topic: int | None = None,
        timestamp: float | None = None,
        topics=(),
    ) -> None:
        """Add or replace the edge source->target; the next query sees it.

        ``topics``: the edge's topic labels (see ``edge_topics`` in :meth:`from_arrays`),
        replacing any it had.

        New member ids (>= n_members) grow the graph. The timestamp fades the weight like at
        build time. Raises ``ValueError`` for a bad weight, id, or a self-loop.
        """
        for name, value in (("source", source), ("target", target)):
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
                raise ValueError(f"{name} {value!r} is not a non-negative integer member id")
        u, v = int(source), int(target)
        if u == v:
            raise ValueError(f"self-loop {u}->{v}: members cannot recommend themselves")
        w = check_weight(weight)
        if topic is not None and (
            isinstance(topic, bool) or not isinstance(topic, int | np.integer) or topic < 0
        ):
            raise ValueError(f"topic {topic!r} must be a non-negative integer")
        factor = 1.0
        if timestamp is not None:
            ts = float(timestamp)
            if not math.isfinite(ts):
                raise ValueError(f"timestamp {timestamp!r} is not finite")
            factor = float(fade(np.array([ts]), self.as_of, self.algorithm.half_life_days, 1)[0])
        self._store.grow(max(u, v) + 1)
        labels = []
        for label in topics:
            if isinstance(label, bool) or not isinstance(label, int | np.integer) or label < 0:
                raise ValueError(f"topic label {label!r} must be a non-negative integer")
            labels.append(int(label))
        self._store.set(u, v, (w * factor, NO_TOPIC if topic is None else int(topic)))
        self._store.labels.set(u, v, labels)
        self._changed()

    def remove_edge(self, source: int, target: int) -> None:
        """Remove the edge source->target; the next query sees it. Raises if it is absent."""
        u = self._member(source, "source")
        v = self._member(target, "target")
        if self._store.get(u, v) is None:
            raise ValueError(f"no edge {u}->{v} to remove")
        self._store.set(u, v, None)
        self._store.labels.set(u, v, ())
        self._changed()

    def _changed(self) -> None:
        self.version += 1
        self._cache.clear()

    def compact(self) -> None:
        """Fold the overlay of edits into a fresh CSR (same results; faster queries)."""
        src, dst, eff, top = self._store.current_edges()
        labels = TopicLabels(*self._store.labels.arrays())
        self._store = EdgeStore(
            self._store.n,
            src,
            dst,
            eff,
            top if (self._has_topics or (top != NO_TOPIC).any()) else None,
            self._store.model,
        )
        self._store.labels = labels
        self._cache.clear()
