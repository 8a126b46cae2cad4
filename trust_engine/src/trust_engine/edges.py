"""Flat edge storage: a CSR base plus a small overlay of recent changes.

The base is four flat numpy arrays (``indptr`` int64, ``indices`` int32, ``eff`` float32 and
``share`` float32, plus optional ``topic`` int32) so it could live in shared memory. Changes
made after the build go to a per-source overlay; the rows they touch are re-derived lazily and
patched into every row gather, so a change is visible to the next query without rebuilding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

NO_TOPIC = -1


class DuplicateEdges(ValueError):
    """Raised by :class:`EdgeStore` when a (source, target) pair occurs more than once."""


@dataclass(frozen=True)
class EdgeModel:
    """How raw edges become propagation shares.

    ``sink``: a member with ``n < sink`` trust edges passes on only ``n / sink`` of its trust,
    split in proportion to the edge weights (LipschiTrust's sink).
    ``reciprocal_discount``: multiplier for a trust edge whose reverse trust edge exists.
    ``half_life_days``: an edge's weight halves every this many days of age (None: no fading).
    """

    sink: float
    reciprocal_discount: float
    half_life_days: float | None


@dataclass(frozen=True, eq=False)
class ViewerRow:
    """A viewer's own out-edges for one query, replacing its row in the store.

    Validated and normalised by :class:`~trust_engine.graph.TrustGraph`: ``targets`` int64
    sorted and distinct (no self-loop), ``eff`` float32 effective weights (faded; < 0 is
    distrust), ``topic`` int32 (``NO_TOPIC`` for none). ``key`` identifies the content for
    caching.
    """

    targets: np.ndarray
    eff: np.ndarray
    topic: np.ndarray

    @property
    def key(self) -> bytes:
        """Exact content key (bytes of the three arrays) for caches."""
        return b"|".join(a.tobytes() for a in (self.targets, self.eff, self.topic))


@dataclass(frozen=True)
class Rows:
    """Out-edges of a batch of members, flattened: ``owner[i]`` is the batch position."""

    owner: np.ndarray
    targets: np.ndarray
    eff: np.ndarray
    share: np.ndarray
    topic: np.ndarray


def fade(
    timestamps: np.ndarray | None, as_of: float | None, half_life_days: float | None, size: int
) -> np.ndarray:
    """Return the per-edge fading factor ``2 ** (-age_days / half_life_days)`` (1 when unset).

    Edges younger than ``as_of`` or without a timestamp (NaN) do not fade.
    """
    if timestamps is None or half_life_days is None or as_of is None:
        return np.ones(size, dtype=np.float64)
    age_days = np.clip((as_of - timestamps) / 86400.0, 0.0, None)
    factor = np.exp2(-age_days / half_life_days)
    return np.where(np.isnan(factor), 1.0, factor)


def compute_shares(
    owner: np.ndarray | None,
    targets: np.ndarray,
    eff: np.ndarray,
    reciprocal: np.ndarray,
    n_rows: int,
    model: EdgeModel,
    *,
    indptr: np.ndarray | None = None,
) -> np.ndarray:
    """Return signed shares for row-grouped edges.

    A trust edge gets ``eff / (row's trust out-weight) * min(1, row's trust edges / sink)``,
    times ``discount`` when reciprocal; a distrust edge gets the same scale (negative).
    ``reciprocal`` marks trust edges whose reverse is a trust edge too. Rows are given by
    ``owner`` (row of each edge) or, for CSR-ordered edges, by ``indptr``.
    """
    trusting = eff > 0
    if indptr is not None:
        # Contiguous rows: one sequential pass per row (no scatter), empty rows stay 0.
        nonempty = np.flatnonzero(np.diff(indptr))
        starts = np.asarray(indptr, dtype=np.int64)[nonempty]
        out_weight = np.zeros(n_rows, dtype=np.float64)
        n_out = np.zeros(n_rows, dtype=np.float64)
        if nonempty.size:
            out_weight[nonempty] = np.add.reduceat(
                np.where(trusting, eff, 0).astype(np.float64), starts
            )
            n_out[nonempty] = np.add.reduceat(trusting.astype(np.int32), starts)
    else:
        out_weight = np.bincount(owner, weights=np.where(trusting, eff, 0), minlength=n_rows)
        n_out = np.bincount(owner, weights=trusting, minlength=n_rows)
    scale = np.minimum(1.0, n_out / model.sink) / np.where(out_weight > 0, out_weight, 1.0)
    # A member with only distrust edges: each counts as one of ``sink`` recommendations.
    scale = np.where(out_weight > 0, scale, 1.0 / model.sink).astype(np.float32)
    if indptr is not None:
        per_edge = np.repeat(scale, np.diff(indptr))
    else:
        per_edge = scale[owner]
    share = np.asarray(eff, dtype=np.float32) * per_edge
    if model.reciprocal_discount != 1.0:
        share[reciprocal & trusting] *= np.float32(model.reciprocal_discount)
    return share


def pair_keys(sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """One int64 key per (source, target) pair (member ids are below 2**31)."""
    return np.asarray(sources, dtype=np.int64) << 32 | np.asarray(targets, dtype=np.int64)


def _in_sorted(keys: np.ndarray, sorted_keys: np.ndarray | None) -> np.ndarray:
    if sorted_keys is None or sorted_keys.size == 0:
        return np.zeros(keys.shape, dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
    return sorted_keys[pos] == keys


class TopicLabels:
    """Topics carried by edges, any number per edge: sorted pair keys per topic plus edits.

    A recommendation can name several topics while an edge has one ``topic`` column; these
    labels add the others. ``set`` replaces all labels of one pair (an empty set clears them).
    """

    def __init__(self, sources=None, targets=None, topics=None) -> None:
        """Build from parallel arrays (a pair may appear once per topic)."""
        self._base: dict[int, np.ndarray] = {}
        self._edits: dict[int, frozenset[int]] = {}
        self._edit_cache: dict[int | None, np.ndarray] = {}
        if sources is None or len(sources) == 0:
            return
        keys = pair_keys(sources, targets)
        topics = np.asarray(topics, dtype=np.int64)
        order = np.lexsort((keys, topics))
        keys, topics = keys[order], topics[order]
        bounds = np.flatnonzero(np.diff(topics)) + 1
        for part_k, part_t in zip(np.split(keys, bounds), np.split(topics, bounds), strict=True):
            self._base[int(part_t[0])] = np.unique(part_k)

    @classmethod
    def from_flat(cls, topics: np.ndarray, indptr: np.ndarray, keys: np.ndarray) -> TopicLabels:
        """Labels over flat arrays from :meth:`flat` (used as they are, e.g. memory-mapped)."""
        labels = cls()
        for i, topic in enumerate(np.asarray(topics).tolist()):
            labels._base[int(topic)] = keys[int(indptr[i]) : int(indptr[i + 1])]
        return labels

    def flat(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All labels, edits applied, as flat arrays: sorted topic ids, offsets into ``keys``
        (``indptr``, one more than topics) and the sorted pair keys of each topic in turn."""
        src, dst, topics = self.arrays()
        folded = TopicLabels(src, dst, topics)
        ids = np.array(sorted(folded._base), dtype=np.int64)
        parts = [folded._base[int(t)] for t in ids]
        indptr = np.zeros(ids.size + 1, dtype=np.int64)
        if parts:
            indptr[1:] = np.cumsum([p.size for p in parts])
        keys = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        return ids, indptr, keys.astype(np.int64, copy=False)

    def set(self, source: int, target: int, topics) -> None:
        """Replace the labels of one pair."""
        self._edits[int(pair_keys(source, target))] = frozenset(int(t) for t in topics)
        self._edit_cache.clear()

    def _edited(self, topic: int | None) -> np.ndarray:
        got = self._edit_cache.get(topic)
        if got is None:
            keys = (k for k, ts in self._edits.items() if topic is None or topic in ts)
            got = np.array(sorted(keys), dtype=np.int64)
            self._edit_cache[topic] = got
        return got

    def carries(self, sources: np.ndarray, targets: np.ndarray, topic: int) -> np.ndarray:
        """Whether each pair is labelled with ``topic``."""
        keys = pair_keys(sources, targets)
        hit = _in_sorted(keys, self._base.get(int(topic)))
        if self._edits:
            edited = _in_sorted(keys, self._edited(None))
            hit = np.where(edited, _in_sorted(keys, self._edited(int(topic))), hit)
        return hit

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All labels as (sources, targets, topics), edits applied."""
        keys, topics = [], []
        edited = self._edited(None)
        for topic, base in self._base.items():
            base = base[~_in_sorted(base, edited)]
            keys.append(base)
            topics.append(np.full(base.size, topic, dtype=np.int64))
        for key, ts in self._edits.items():
            for topic in sorted(ts):
                keys.append(np.array([key], dtype=np.int64))
                topics.append(np.array([topic], dtype=np.int64))
        if not keys:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        k = np.concatenate(keys)
        return k >> 32, k & 0xFFFFFFFF, np.concatenate(topics)


class EdgeStore:
    """CSR base edges plus an overlay of edits made after the build.

    Rows are sorted by target so that single edges can be found by binary search.
    """

    def __init__(
        self,
        n_members: int,
        sources: np.ndarray,
        targets: np.ndarray,
        eff: np.ndarray,
        topics: np.ndarray | None,
        model: EdgeModel,
    ) -> None:
        """Build the CSR from validated, de-duplicated, self-loop-free edge arrays."""
        self.model = model
        self.n = int(n_members)
        m = int(sources.size)
        # scipy builds a sorted CSR in O(m + n) per-row work (a counting sort by source, then
        # each row sorted). Without topics the weights ride along as the data; with topics the
        # data carries edge ids, to put the topics in the same order.
        eff = np.asarray(eff, dtype=np.float32)
        if topics is None:
            data = eff
        else:
            data = np.arange(1, m + 1, dtype=np.int64)
        csr = sp.csr_matrix((data, (sources, targets)), shape=(self.n, self.n))
        csr.sort_indices()
        if csr.nnz != m:
            raise DuplicateEdges(f"{m - csr.nnz} repeated (source, target) pairs")
        self.indptr = csr.indptr.astype(np.int64)
        self.indices = csr.indices.astype(np.int32, copy=False)
        if topics is None:
            self.eff = csr.data
            self.topic = None
        else:
            order = csr.data
            order -= 1
            self.eff = eff[order]
            self.topic = topics[order].astype(np.int32)
            del order
        del csr, data
        reciprocal = self._reverse_positive()
        self.share = compute_shares(
            None, self.indices, self.eff, reciprocal, self.n, model, indptr=self.indptr
        )
        del reciprocal
        # Trust edges each member receives (kept current by ``set``).
        self.in_trust = np.bincount(self.indices[self.eff > 0], minlength=self.n).astype(np.int32)
        self.n_base_edges = m
        self.overlay: dict[int, dict[int, tuple[float, int] | None]] = {}
        self.labels = TopicLabels()
        self.dirty = np.zeros(self.n, dtype=bool)
        self._row_cache: dict[int, tuple[np.ndarray, ...]] = {}

    @classmethod
    def from_csr(
        cls,
        n_members: int,
        indptr: np.ndarray,
        indices: np.ndarray,
        eff: np.ndarray,
        share: np.ndarray,
        topics: np.ndarray | None,
        model: EdgeModel,
    ) -> EdgeStore:
        """A store over CSR arrays computed earlier (e.g. memory-mapped from a snapshot).

        The arrays are used as they are, never written: edits go to the per-process overlay.
        """
        store = cls.__new__(cls)
        store.model = model
        store.n = int(n_members)
        store.indptr, store.indices, store.eff, store.share = indptr, indices, eff, share
        store.topic = topics
        store.n_base_edges = int(indices.size)
        store.overlay = {}
        store.dirty = np.zeros(store.n, dtype=bool)
        store._row_cache = {}
        store.in_trust = np.bincount(indices[eff > 0], minlength=store.n).astype(np.int32)
        store.labels = TopicLabels()
        return store

    def _reverse_positive(self) -> np.ndarray:
        """Mark CSR positions whose edge and reverse edge are both trust edges."""
        shape = (self.n, self.n)
        m = self.indices.size
        trusting = self.eff > 0
        # Trust edges carry their CSR position + 1; the transpose of the trust pattern (a
        # counting sort by target) is multiplied in element-wise: what survives is an edge
        # whose reverse is a trust edge too, and its data says where it is.
        position = np.arange(1, m + 1, dtype=np.int64)
        position[~trusting] = 0
        positions = sp.csr_matrix((position, self.indices, self.indptr), shape=shape)
        del position
        # CSC of the trust pattern = CSR of its transpose (distrust entries are explicit
        # zeros, which the element-wise product drops).
        csc = sp.csr_matrix((trusting.view(np.int8), self.indices, self.indptr), shape=shape)
        csc = csc.tocsc()
        pattern = sp.csr_matrix((csc.data, csc.indices, csc.indptr), shape=shape)
        del csc
        both = positions.multiply(pattern)
        del positions, pattern
        marked = np.zeros(m, dtype=bool)
        hit = both.tocsr().data if sp.issparse(both) else np.zeros(0, dtype=np.int64)
        marked[hit[hit > 0] - 1] = True
        return marked

    # -- growth and edits -------------------------------------------------------------------
    def grow(self, n_members: int) -> None:
        """Make room for members up to ``n_members - 1`` (new members have no base edges)."""
        if n_members <= self.n:
            return
        extra = n_members - self.n
        self.indptr = np.concatenate([self.indptr, np.full(extra, self.indptr[-1], dtype=np.int64)])
        self.dirty = np.concatenate([self.dirty, np.zeros(extra, dtype=bool)])
        self.in_trust = np.concatenate([self.in_trust, np.zeros(extra, dtype=np.int32)])
        self.n = n_members

    def _base_find(self, u: int, v: int) -> int:
        """Position of base edge u->v in the flat arrays, or -1."""
        lo, hi = int(self.indptr[u]), int(self.indptr[u + 1])
        pos = lo + int(np.searchsorted(self.indices[lo:hi], v))
        if pos < hi and self.indices[pos] == v:
            return pos
        return -1

    def get(self, u: int, v: int) -> tuple[float, int] | None:
        """Current (effective weight, topic) of edge u->v, or None."""
        row = self.overlay.get(u)
        if row is not None and v in row:
            return row[v]
        if u >= self.n or v >= self.n:
            return None
        pos = self._base_find(u, v)
        if pos < 0:
            return None
        topic = NO_TOPIC if self.topic is None else int(self.topic[pos])
        return float(self.eff[pos]), topic

    def set(self, u: int, v: int, value: tuple[float, int] | None) -> None:
        """Record an edit of edge u->v (None removes it) and invalidate the rows it touches."""
        before = self.get(u, v)
        was = before is not None and before[0] > 0
        now = value is not None and value[0] > 0
        self.in_trust[v] += int(now) - int(was)
        self.overlay.setdefault(u, {})[v] = value
        for member in (u, v):
            self.dirty[member] = True
            self._row_cache.pop(member, None)

    @property
    def n_overlay(self) -> int:
        """Number of edge edits held in the overlay."""
        return sum(len(r) for r in self.overlay.values())

    def current_edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """All current edges as (sources, targets, eff, topics), overlay applied."""
        src = np.repeat(np.arange(self.n, dtype=np.int64), np.diff(self.indptr))
        keep = ~self.dirty[src] if self.n_overlay else np.ones(src.size, dtype=bool)
        parts_s, parts_t, parts_w, parts_p = (
            [src[keep]],
            [self.indices[keep]],
            [self.eff[keep]],
            [self._topics_at(np.flatnonzero(keep))],
        )
        for u in np.flatnonzero(self.dirty):
            t, w, _, p = self.row(int(u))
            parts_s.append(np.full(t.size, u, dtype=np.int64))
            parts_t.append(t)
            parts_w.append(w)
            parts_p.append(p)
        return (
            np.concatenate(parts_s),
            np.concatenate(parts_t).astype(np.int64),
            np.concatenate(parts_w),
            np.concatenate(parts_p),
        )

    def _topics_at(self, pos: np.ndarray) -> np.ndarray:
        if self.topic is None:
            return np.full(pos.size, NO_TOPIC, dtype=np.int32)
        return self.topic[pos]

    # -- row access -------------------------------------------------------------------------
    def row(self, u: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Out-edges of one member: (targets, eff, share, topic), overlay applied."""
        if u < self.n and not self.dirty[u]:
            lo, hi = int(self.indptr[u]), int(self.indptr[u + 1])
            return (
                self.indices[lo:hi],
                self.eff[lo:hi],
                self.share[lo:hi],
                self._topics_at(np.arange(lo, hi)),
            )
        cached = self._row_cache.get(u)
        if cached is None:
            cached = self._build_dirty_row(u)
            self._row_cache[u] = cached
        return cached  # type: ignore[return-value]

    def _build_dirty_row(self, u: int) -> tuple[np.ndarray, ...]:
        lo, hi = int(self.indptr[u]), int(self.indptr[u + 1])
        merged = {
            int(t): (float(w), int(p))
            for t, w, p in zip(
                self.indices[lo:hi],
                self.eff[lo:hi],
                self._topics_at(np.arange(lo, hi)),
                strict=True,
            )
        }
        for v, value in self.overlay.get(u, {}).items():
            if value is None:
                merged.pop(v, None)
            else:
                merged[v] = value
        targets = np.array(sorted(merged), dtype=np.int32)
        eff = np.array([merged[int(t)][0] for t in targets], dtype=np.float32)
        topic = np.array([merged[int(t)][1] for t in targets], dtype=np.int32)
        reciprocal = np.array(
            [
                w > 0 and (rev := self.get(int(t), u)) is not None and rev[0] > 0
                for t, w in zip(targets, eff, strict=True)
            ],
            dtype=bool,
        )
        share = compute_shares(
            np.zeros(targets.size, dtype=np.int64), targets, eff, reciprocal, 1, self.model
        )
        return targets, eff, share, topic

    def carries(
        self, sources: np.ndarray, targets: np.ndarray, row_topics: np.ndarray, topic: int
    ) -> np.ndarray:
        """Whether each edge carries ``topic``: as its own topic or as one of its labels."""
        return (row_topics == topic) | self.labels.carries(sources, targets, topic)

    def gather(self, members: np.ndarray) -> Rows:
        """Out-edges of many members at once (vectorised for rows without edits)."""
        members = np.asarray(members, dtype=np.int64)
        clean_mask = ~self.dirty[members]
        clean = np.flatnonzero(clean_mask)
        starts = self.indptr[members[clean]]
        lens = self.indptr[members[clean] + 1] - starts
        total = int(lens.sum())
        offsets = np.cumsum(lens) - lens
        pos = np.arange(total, dtype=np.int64) + np.repeat(starts - offsets, lens)
        owner = np.repeat(clean, lens)
        parts = [(owner, self.indices[pos], self.eff[pos], self.share[pos], self._topics_at(pos))]
        for i in np.flatnonzero(~clean_mask):
            t, w, s, p = self.row(int(members[i]))
            parts.append((np.full(t.size, i, dtype=np.int64), t, w, s, p))
        if len(parts) == 1:
            return Rows(*parts[0])
        return Rows(*(np.concatenate(cols) for cols in zip(*parts, strict=True)))
