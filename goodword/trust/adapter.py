"""The one adapter between the web app and `trust_engine` (nothing else imports the engine).

Each process keeps one `TrustNetwork` in memory:

* **Privacy model** (docs/trust-in-product.md): the shared graph holds public facts only,
  accepted recommendations. A private mark, and a referral that led to business (private to
  its two members), shape only the views of the members they belong to: for each query the
  viewer's own out-edges (public recommendations combined with their own marks and won
  referrals, `weights.combine`) are handed to the engine as `viewer_edges`, replacing their
  row for that one query. So no mark changes anything another member can observe.
  `public=True` asks for a member's trust from public facts alone (the contact rules).
* **Build**: reads the id of the newest change-log row *first*, then every accepted
  recommendation, turns each ordered pair into one edge and builds the engine graph. User
  ids are mapped to engine indexes `0..n-1`; members without any recommendation, mark or won
  referral are not in the graph (they simply have no trust yet).
* **Replay** (before every answer, one cheap indexed query): reads the change-log rows after
  the last one it applied and recomputes exactly those pairs from the current database state,
  then `add_edge`/`remove_edge`s them. Because a change row only names the pair, replaying is
  idempotent and the order in which tasks wrote the rows never matters. Ids skipped in a
  batch (a transaction that had taken an id but not committed yet on PostgreSQL) are
  remembered for a while and fetched again. A `rebuild` row, a vanished last row (the log was
  pruned or rolled back) or a graph older than `TRUST_GRAPH_MAX_AGE` seconds triggers a full
  build.
* **Topics**: a recommendation names up to five topics; they go to the engine as topic labels
  of its public edge (`edge_topics` at build, `add_edge(topics=...)` on replay), and the engine
  computes topic trust (the last step must carry the topic) and topic explanations itself.
  Labels are public facts; the viewer's own edges (marks, won referrals) change the trust that
  reaches a topic step, never which edges carry a topic.
* **Snapshot** (`snapshot.py`): a build writes the graph (topic labels included) and the user
  ids to one file per
  machine (`TRUST_SNAPSHOT_PATH`), atomically, with the log position it started from. A
  process without a graph, or asked to rebuild, maps that file instead of building when it is
  usable, then replays the log from its position; a replaced file is picked up on the next
  sync. Mapped arrays are shared by every process through the page cache.
* **Caching**: the engine caches propagations per graph version; ranked lists and explained
  paths are kept in a small in-process table under the log position (`position`). Not in
  Django's cache: that is the database now, and a round trip to it costs more than answering
  from memory (docs/benchmarks.md).
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from goodword.core.kept import KeptTable
from goodword.core.statements import KeptStatement
from goodword.recommendations.models import Recommendation, Status
from trust_engine import ThresholdTrust, TrustGraph, ViewerEdges

from . import snapshot, weights
from .bulk import Epoch, extra_edges, load_all, won_referral_counts
from .models import ChangeKind, TrustEdgeChange, TrustMark

# Replaying more pairs than this at once is slower than building from scratch.
REPLAY_LIMIT = 2_000
# A skipped change id is looked for again for this long (then it was a rolled-back insert).
GAP_TTL_SECONDS = 300.0
CHUNK = 20_000
# Ranked lists and explained paths kept per process for the current log position.
ANSWERS_KEPT = 4_096

Pair = tuple[int, int]
Progress = Callable[[str, int], None]


def _ts(value: datetime | None) -> float | None:
    return value.timestamp() if value is not None else None


def _year() -> int:
    # The site's (Berlin) year, as for `known_since` when a recommendation is given.
    return timezone.localdate().year


@dataclass
class PairState:
    """What the database says about one ordered pair of user ids."""

    recommendation: tuple[float, float | None] | None = None
    topics: frozenset[int] = frozenset()
    mark: str | None = None
    won_referrals: int = 0  # referrals between the two, either direction, that led to business
    extra: float | None = None  # the strongest public edge from `core.hooks.TRUST_EDGES`


def load_pairs(
    pairs: Iterable[Pair] | None = None,
    progress: Progress | None = None,
    *,
    private: bool = True,
):
    """Read accepted recommendations, their topics, marks and won referrals, for `pairs` or
    for everyone.

    Returns `{(source_id, target_id): PairState}`. Four queries (plus chunking for big
    databases); two without `private` (marks and won referrals are then left out).
    """
    year = _year()
    states: dict[Pair, PairState] = {}
    wanted: set[Pair] | None = None
    recs = Recommendation.objects.filter(status=Status.ACCEPTED)
    marks = TrustMark.objects.all()
    through = Recommendation.topics.through.objects.filter(
        recommendation__status=Status.ACCEPTED, recommendation__hidden_by_moderators_at=None
    )
    if pairs is not None:
        wanted = set(pairs)
        if not wanted:
            return states
        sources = {s for s, _t in wanted}
        targets = {t for _s, t in wanted}
        recs = recs.filter(author_id__in=sources, subject_id__in=targets)
        marks = marks.filter(marker_id__in=sources, member_id__in=targets)
        through = through.filter(
            recommendation__author_id__in=sources, recommendation__subject_id__in=targets
        )

    def state(key: Pair) -> PairState | None:
        got = states.get(key)
        if got is None:
            if wanted is not None and key not in wanted:
                return None
            got = states[key] = PairState()
        return got

    rows = recs.annotate(renewed=Epoch(Coalesce("accepted_at", "updated_at"))).values_list(
        "author_id", "subject_id", "relationship", "known_since", "renewed"
    )
    for i, (a, s, rel, since, renewed) in enumerate(rows.iterator(CHUNK)):
        st = state((a, s))
        if st is not None:
            weight = weights.recommendation_weight(rel, since, year)
            st.recommendation = (weight, None if renewed is None else float(renewed))
        if progress and i % CHUNK == 0:
            progress("recommendations", i)
    topic_rows = through.values_list(
        "recommendation__author_id", "recommendation__subject_id", "topic_id"
    )
    topics: dict[Pair, set[int]] = {}
    for a, s, topic_id in topic_rows.iterator(CHUNK):
        topics.setdefault((a, s), set()).add(topic_id)
    for key, ids in topics.items():
        st = state(key)
        if st is not None:
            st.topics = frozenset(ids)
    for key, (weight, _kind) in extra_edges(wanted).items():
        st = state(key)
        if st is not None:
            st.extra = weight
    if not private:
        marks = marks.none()
    for i, (marker, member, level) in enumerate(
        marks.values_list("marker_id", "member_id", "level").iterator(CHUNK)
    ):
        st = state((marker, member))
        if st is not None:
            st.mark = level
        if progress and i % CHUNK == 0:
            progress("marks", i)
    for key, n in (won_referral_counts(wanted) if private else {}).items():
        st = state(key)
        if st is not None:
            st.won_referrals = n
    if wanted is not None:
        for key in wanted:
            states.setdefault(key, PairState())
    return states


RECENT_LOOKUPS = 4096


class MemberIds:
    """User id ↔ engine index. The snapshot's sorted id array (memory-mapped, shared by every
    process) is searched in place; members added since are kept in a small list after it.
    No Python object per member: a dict of 100,000 ints is 11 MiB per worker, copied page by
    page as lookups write the ints' reference counts."""

    def __init__(self, base: np.ndarray | None = None) -> None:
        base = np.empty(0, dtype=np.int64) if base is None else np.asarray(base, dtype=np.int64)
        if base.size > 1 and not bool(np.all(base[1:] > base[:-1])):
            raise ValueError("member ids must be sorted and unique")
        self._base = base
        self._n = int(base.size)
        self._added: list[int] = []
        self._added_index: dict[int, int] = {}
        # The members a page asks about, several times each (a searchsorted costs ten dict
        # lookups); bounded, and private to the worker anyway.
        self._recent: dict[int, int | None] = {}

    def __len__(self) -> int:
        return self._n + len(self._added)

    def index(self, user_id: int) -> int | None:
        """The engine index of `user_id`, or None."""
        found = self._added_index.get(user_id)
        if found is not None:
            return found
        found = self._recent.get(user_id, -1)
        if found != -1:
            return found
        if user_id is None or not 0 <= user_id < 2**63:
            return None
        i = int(self._base.searchsorted(user_id))
        found = i if i < self._n and int(self._base[i]) == user_id else None
        if len(self._recent) >= RECENT_LOOKUPS:
            self._recent.clear()
        self._recent[user_id] = found
        return found

    def indices(self, user_ids: list[int]) -> np.ndarray:
        """The engine index of each of `user_ids`, -1 where unknown."""
        wanted = np.fromiter(
            (u if u is not None and 0 <= u < 2**63 else -1 for u in user_ids),
            dtype=np.int64,
            count=len(user_ids),
        )
        out = np.full(wanted.size, -1, dtype=np.int64)
        if self._n:
            at = np.minimum(self._base.searchsorted(wanted), self._n - 1)
            hit = self._base[at] == wanted
            out[hit] = at[hit]
        if self._added_index:
            for k, user_id in enumerate(user_ids):
                found = self._added_index.get(user_id)
                if found is not None:
                    out[k] = found
        return out

    def add(self, user_id: int) -> int:
        """The engine index of `user_id`, given the next free one when it has none yet."""
        found = self.index(user_id)
        if found is None:
            found = self._added_index[user_id] = len(self)
            self._added.append(user_id)
            self._recent.pop(user_id, None)
        return found

    def user_id(self, index: int) -> int:
        return int(self._base[index]) if index < self._n else self._added[index - self._n]

    def user_ids(self, indexes) -> list[int]:
        """The user ids of engine indexes (each below `len(self)`)."""
        indexes = np.asarray(indexes, dtype=np.int64)
        if not self._added:
            return self._base[indexes].tolist()
        return [self.user_id(int(i)) for i in indexes]


class TrustNetwork:
    """One process's trust graph, kept current from the change log. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._graph: TrustGraph | None = None
        self._members = MemberIds()
        self._last_id = 0
        self._last_created: float | None = None
        self._gaps: dict[int, float] = {}
        self._filled = 0
        self._generation = ""
        self._built_at = 0.0
        self._now = time.time()
        self._checked_at = 0.0
        self._frozen = 0
        self._stamp: tuple[int, int] | None = None
        # Ranked lists and explained paths, under the log position they were computed at.
        self._answers = KeptTable(ANSWERS_KEPT)
        self._own: dict[int, tuple[str, ViewerEdges | None]] = {}

    # -- state --------------------------------------------------------------------------------
    @property
    def position(self) -> str:
        """The log position this process has applied: a cache key shared across processes."""
        if self._last_id:
            # Outstanding and filled gaps are part of the state: never share a key across them.
            gaps = f"g{len(self._gaps)}f{self._filled}" if self._gaps or self._filled else ""
            return f"{self._last_id}.{self._last_created}{gaps}"
        return f"0.{self._generation}"

    @property
    def half_life_days(self) -> float | None:
        """The fading of the graph's algorithm (the engine's default before the first build)."""
        algorithm = self._graph.algorithm if self._graph is not None else ThresholdTrust()
        return algorithm.half_life_days

    @contextlib.contextmanager
    def consistent(self):
        """Answer several queries from one state: sync once, hold the graph still inside."""
        with self._lock:
            self.sync()
            self._frozen += 1
            try:
                yield self
            finally:
                self._frozen -= 1

    def reset(self) -> None:
        """Forget everything; the next query builds from the database."""
        with self._lock:
            self._graph = None
            self._generation = ""
            self._stamp = None
            self._answers.clear()

    # -- build --------------------------------------------------------------------------------
    def rebuild(self, progress: Progress | None = None) -> dict[str, int]:
        """Build the whole graph from the database and write this machine's snapshot.
        Returns counts for the command's output."""
        with self._lock:
            last = TrustEdgeChange.objects.order_by("-id").values_list("id", "created_at").first()
            now = time.time()
            # The engine fades the graph's edges with its own half-life: the viewers' own
            # edges must use the same one.
            half_life = ThresholdTrust().half_life_days
            edges = load_all(now=now, half_life_days=half_life, progress=progress)
            n_ids = int(edges.user_ids.size)
            graph = TrustGraph.from_arrays(
                edges.src,
                edges.dst,
                edges.weight,
                n_members=n_ids + _headroom(n_ids),
                timestamps=edges.timestamp,
                as_of=now,
                edge_topics=(edges.topic_src, edges.topic_dst, edges.topic),
            )
            arrays = {"user_ids": np.asarray(edges.user_ids, dtype=np.int64)}
            last_id = last[0] if last else 0
            last_created = _ts(last[1]) if last else None
            generation = uuid.uuid4().hex[:12]
            snapshot.save(
                graph,
                arrays,
                last_id=last_id,
                last_created=last_created,
                generation=generation,
                built_at=now,
            )
            # Serve from the file just written, so this process shares its pages too.
            loaded = snapshot.load(newer_than=last_id - 1)
            if loaded is not None and loaded.generation == generation:
                self._install(loaded)
            else:
                self._install(
                    snapshot.Loaded(graph, arrays, last_id, last_created, generation, now, (0, 0))
                )
            if progress:
                progress("edges", int(edges.src.size))
            return {
                "members": int(edges.user_ids.size),
                "edges": int(edges.src.size),
                "topic_edges": int(edges.topic.size),
            }

    def _install(self, loaded: snapshot.Loaded) -> None:
        arrays = loaded.arrays
        self._graph = loaded.graph
        self._members = MemberIds(arrays["user_ids"])
        self._last_id = loaded.last_id
        self._last_created = loaded.last_created
        self._gaps = {}
        self._filled = 0
        self._generation = loaded.generation
        self._built_at = time.monotonic() - max(0.0, time.time() - loaded.built_at)
        self._now = loaded.built_at
        self._stamp = loaded.stamp
        self._answers.clear()
        self._own = {}

    def preload(self) -> bool:
        """Map this machine's snapshot now, if there is a usable one (gunicorn's master calls
        this before forking, so workers start with the graph). Never builds."""
        with self._lock:
            return self._graph is not None or self._load_snapshot()

    def _load_snapshot(self, newer_than: int = -1) -> bool:
        """Take this machine's snapshot when it is usable and past `newer_than`."""
        loaded = snapshot.load(newer_than=newer_than)
        if loaded is None:
            return False
        self._install(loaded)
        return True

    # -- replay -------------------------------------------------------------------------------
    def sync(self, depth: int = 0) -> None:
        """Apply the change log since the last seen row (or load or build) before answering.

        Once per GET request is enough (a page asks several times; reading pages write no
        trust); other requests, tasks and commands look every time."""
        with self._lock:
            if self._frozen:
                return
            serial = getattr(_request, "serial", None)
            if serial is not None and getattr(_request, "synced", None) == (id(self), serial):
                return
            self._sync(depth)
            if serial is not None:
                _request.synced = (id(self), serial)

    def _sync(self, depth: int) -> None:
        with self._lock:
            max_age = settings.TRUST_GRAPH_MAX_AGE
            if self._graph is None or time.monotonic() - self._built_at > max_age:
                if not self._load_snapshot():
                    self.rebuild()
                    return
            else:
                interval = settings.TRUST_SYNC_INTERVAL
                if interval and time.monotonic() - self._checked_at < interval:
                    return
                current = snapshot.stamp()
                if current is not None and current != self._stamp:
                    # A newer snapshot replaced ours: share it (replay below covers the rest).
                    self._stamp = current
                    self._load_snapshot(newer_than=self._last_id - 1)
            self._checked_at = time.monotonic()
            now = time.monotonic()
            self._gaps = {i: t for i, t in self._gaps.items() if now - t < GAP_TTL_SECONDS}
            ids = {"last": self._last_id} | ({"gaps": sorted(self._gaps)} if self._gaps else {})
            rows = _CHANGES_SINCE((bool(self._last_id), bool(self._gaps)), **ids)
            if self._last_id:
                anchor = next((r for r in rows if r[0] == self._last_id), None)
                if anchor is None or _ts(anchor[4]) != self._last_created:
                    # The log was pruned or rolled back under us.
                    self._reload_or_rebuild(-1, depth)
                    return
            fresh = [r for r in rows if r[0] != self._last_id]
            if not fresh:
                return
            rebuilds = [r[0] for r in fresh if r[1] == ChangeKind.REBUILD]
            if rebuilds:
                self._reload_or_rebuild(max(rebuilds) - 1, depth)
                return
            if len(fresh) > REPLAY_LIMIT:
                self._reload_or_rebuild(self._last_id, depth)
                return
            self._apply({(r[2], r[3]) for r in fresh if r[2] and r[3]})
            if len(self._members) > self._graph.n_members:
                # More members known only from private marks or referrals than the graph has
                # spare places for (`_headroom`): build again with room for them.
                self.rebuild()
                return
            newest = max(fresh, key=lambda r: r[0])
            seen = {r[0] for r in fresh}
            for missing in range(self._last_id + 1, newest[0]):
                if missing not in seen and missing not in self._gaps:
                    self._gaps[missing] = now
            for row_id in seen:
                if self._gaps.pop(row_id, None) is not None:
                    self._filled += 1
            if newest[0] > self._last_id:
                self._last_id, self._last_created = newest[0], _ts(newest[4])

    def _reload_or_rebuild(self, newer_than: int, depth: int) -> None:
        if depth < 2 and self._load_snapshot(newer_than):
            self.sync(depth + 1)  # replay what came after the snapshot
        else:
            self.rebuild()

    def _remembered(self, key: tuple):
        return self._answers.get(key, self.position)

    def _remember(self, key: tuple, value) -> None:
        self._answers.put(key, value, self.position)  # not kept if a rebuild moved it

    def _apply(self, pairs: set[Pair]) -> None:
        graph = self._graph
        assert graph is not None  # noqa: S101 - sync() builds first
        states = load_pairs(pairs, private=False)
        half_life = self.half_life_days
        now = time.time()
        for (a, b), st in states.items():
            if a == b:
                continue
            # The shared graph: the public recommendation alone (marks and won referrals are
            # the viewer's own, see `_own_edges`).
            edge = weights.combine(
                st.recommendation, None, now=now, half_life_days=half_life, extra=st.extra
            )
            ia, ib = self._members.add(a), self._members.add(b)
            if edge is None:
                if ia < graph.n_members and ib < graph.n_members:
                    _remove_edge(graph, ia, ib)
                continue
            # Topics ride on an accepted recommendation's (public) trust edge only.
            carries = st.recommendation is not None and edge.weight > 0
            graph.add_edge(
                ia,
                ib,
                edge.weight,
                timestamp=edge.timestamp,
                topics=sorted(st.topics) if carries else (),
            )

    # -- the viewer's own edges ---------------------------------------------------------------
    def _own_edges(self, user_id: int) -> ViewerEdges | None:
        """The viewer's own out-edges with their private marks and won referrals, or None when
        they have neither (their row in the shared graph is then already right)."""
        position = self.position
        hit = self._own.get(user_id)
        if hit is not None and hit[0] == position:
            return hit[1]
        row = self._load_own_edges(user_id)
        self._own[user_id] = (position, row)
        return row

    def _load_own_edges(self, user_id: int) -> ViewerEdges | None:
        """Three queries: the viewer's marks, won referrals and accepted recommendations."""
        marks = dict(TrustMark.objects.filter(marker_id=user_id).values_list("member_id", "level"))
        won = {b: n for (a, b), n in won_referral_counts(member=user_id).items() if a == user_id}
        if not marks and not won:
            return None
        year = _year()
        states: dict[Pair, PairState] = {}
        rows = (
            Recommendation.objects.filter(author_id=user_id, status=Status.ACCEPTED)
            .annotate(renewed=Epoch(Coalesce("accepted_at", "updated_at")))
            .values_list("subject_id", "relationship", "known_since", "renewed")
        )
        for subject, rel, since, renewed in rows:
            weight = weights.recommendation_weight(rel, since, year)
            states[(user_id, subject)] = PairState(
                recommendation=(weight, None if renewed is None else float(renewed))
            )
        for member, level in marks.items():
            states.setdefault((user_id, member), PairState()).mark = level
        for member, n in won.items():
            states.setdefault((user_id, member), PairState()).won_referrals = n
        for (a, b), (weight, _kind) in extra_edges(member_id=user_id).items():
            if a == user_id:
                states.setdefault((a, b), PairState()).extra = weight
        graph = self._graph
        assert graph is not None  # noqa: S101 - sync() builds first
        now, half_life = time.time(), self.half_life_days
        targets, values, stamps = [], [], []
        for (_a, b), st in states.items():
            if b == user_id:
                continue
            edge = weights.combine(
                st.recommendation,
                st.mark,
                now=now,
                half_life_days=half_life,
                won_referrals=st.won_referrals,
                extra=st.extra,
            )
            if edge is None:
                continue
            index = self._members.index(b)
            if index is None or index >= graph.n_members:
                continue  # cannot happen after `_apply`, which grows the graph for new members
            targets.append(index)
            values.append(edge.weight)
            stamps.append(np.nan if edge.timestamp is None else edge.timestamp)
        return ViewerEdges(
            np.array(targets, dtype=np.int64),
            np.array(values, dtype=np.float64),
            timestamps=np.array(stamps, dtype=np.float64),
        )

    def _edges_for(self, user_id: int, public: bool) -> ViewerEdges | None:
        return None if public else self._own_edges(user_id)

    # -- queries ------------------------------------------------------------------------------
    def _viewer(self, user_id: int) -> int | None:
        index = self._members.index(user_id)
        if index is None or self._graph is None or index >= self._graph.n_members:
            return None
        return index

    def _trust_vector(
        self, viewer: int, own: ViewerEdges | None, topic_id: int | None = None
    ) -> np.ndarray:
        graph = self._graph
        assert graph is not None  # noqa: S101 - sync() builds first
        vector = np.zeros(len(self._members), dtype=np.float64)
        prop = graph.propagation(viewer, topic_id, viewer_edges=own)
        members = np.asarray(prop.members, dtype=np.int64)
        vector[members[members < vector.size]] = np.asarray(prop.scores)[members < vector.size]
        return vector

    def rank(
        self, user_id: int, *, topic_id: int | None = None, limit: int = 100, public=False
    ) -> list[tuple[int, float]]:
        """Members `user_id` can trust (for a topic), best first: `[(user_id, score)]`.

        `public`: from public facts alone, without the member's own marks and referrals."""
        with self._lock:
            self.sync()
            key = ("rank", user_id, topic_id, limit, bool(public))
            hit = self._remembered(key)
            if hit is not None:
                return hit
            viewer = self._viewer(user_id)
            result: list[tuple[int, float]] = []
            if viewer is not None:
                own = self._edges_for(user_id, public)
                viewer = self._viewer(user_id)  # a rebuild may have moved it
            if viewer is not None:
                ranked = [
                    (m, s)
                    for m, s in self._graph.rank(
                        viewer, top=limit, topic=topic_id, viewer_edges=own
                    )
                    if m < len(self._members)
                ]
                ids = self._members.user_ids([m for m, _s in ranked])
                result = [(u, float(s)) for u, (_m, s) in zip(ids, ranked, strict=True)]
            self._remember(key, result)
            return result

    def scores(
        self,
        user_id: int,
        member_ids: Iterable[int],
        *,
        topic_id: int | None = None,
        public: bool = False,
    ) -> dict[int, float]:
        """Trust of `user_id` in each of `member_ids` (0.0 when unreached). `public`: from
        public facts alone, without the member's own marks and referrals."""
        member_ids = list(member_ids)
        with self._lock:
            self.sync()
            viewer = self._viewer(user_id)
            if viewer is None:
                return dict.fromkeys(member_ids, 0.0)
            own = self._edges_for(user_id, public)
            viewer = self._viewer(user_id)
            if viewer is None:
                return dict.fromkeys(member_ids, 0.0)
            vector = self._trust_vector(viewer, own, topic_id)
            at = self._members.indices(member_ids)
            ok = (at >= 0) & (at < vector.size) & (at != viewer)
            found = np.where(ok, vector[np.where(ok, at, 0)], 0.0).tolist()
            return dict(zip(member_ids, found, strict=True))

    def explain(
        self, user_id: int, member_id: int, max_paths: int = 3, *, topic_id: int | None = None
    ) -> list[list[int]]:
        """Up to `max_paths` strongest paths as lists of user ids, viewer first (with
        `topic_id`: the last step is a recommendation for that topic)."""
        with self._lock:
            self.sync()
            if self._viewer(user_id) is None:
                return []
            own = self._own_edges(user_id)
            viewer = self._viewer(user_id)
            target = self._viewer(member_id)
            if viewer is None or target is None or viewer == target:
                return []
            key = ("explain", user_id, member_id, max_paths, topic_id)
            hit = self._remembered(key)
            if hit is not None:
                return hit
            paths = [
                self._members.user_ids(path.members)
                for path in self._graph.explain(
                    viewer, target, max_paths=max_paths, viewer_edges=own, topic=topic_id
                )
            ]
            self._remember(key, paths)
            return paths

    def edge(self, source_id: int, target_id: int) -> float | None:
        """The current edge weight source→target in the shared (public) graph."""
        with self._lock:
            self.sync()
            a, b = self._viewer(source_id), self._viewer(target_id)
            if a is None or b is None:
                return None
            got = self._graph.edge(a, b)
            return got[0] if got else None

    def own_edge(self, source_id: int, target_id: int) -> float | None:
        """The edge source→target as `source_id` sees it: the public one combined with their
        own mark and won referrals (effective weight, faded). Only for `source_id`'s view."""
        with self._lock:
            self.sync()
            if self._viewer(source_id) is None:
                return None
            own = self._own_edges(source_id)
            b = self._viewer(target_id)
            if b is None:
                return None
            if own is None:
                return self.edge(source_id, target_id)
            hits = np.flatnonzero(np.asarray(own.targets) == b)
            if not hits.size:
                return None
            i = int(hits[-1])
            stamp = float(own.timestamps[i])
            factor = weights.fade_factor(
                None if np.isnan(stamp) else stamp, time.time(), self.half_life_days
            )
            return float(own.weights[i]) * factor


def _changes_since(has_last: bool, has_gaps: bool, last: int, gaps=None):
    """The change log after `last` (and `last` itself, to see it is still there) and the
    recent gaps in it, oldest first."""
    condition = Q(id__gt=last)
    if has_last:
        condition |= Q(id=last)
    if has_gaps:
        condition |= Q(id__in=gaps)
    return (
        TrustEdgeChange.objects.filter(condition)
        .order_by("id")
        .values_list("id", "kind", "source_id", "target_id", "created_at")
    )


_CHANGES_SINCE = KeptStatement(_changes_since)


def _headroom(n: int) -> int:
    """Spare member places in a new graph, so that members who first appear through a private
    mark or referral (no edge in the shared graph) get an index without a rebuild."""
    return max(64, n // 10)


def _remove_edge(graph: TrustGraph, a: int, b: int) -> None:
    with contextlib.suppress(ValueError):  # there was no edge: nothing to remove
        graph.remove_edge(a, b)


_network: TrustNetwork | None = None
_network_lock = threading.Lock()
_request = threading.local()
_serials = itertools.count(1)


def request_started(sender=None, environ=None, **kwargs) -> None:
    """Connected to Django's `request_started`: number each reading request (GET, HEAD)."""
    method = (environ or {}).get("REQUEST_METHOD", "")
    _request.serial = next(_serials) if method in {"GET", "HEAD"} else None


def request_finished(sender=None, **kwargs) -> None:
    _request.serial = None
    _request.memo = None


def once_per_reading_request(name: str, key, compute: Callable[[], Any]) -> Any:
    """`compute()` once per reading request (GET, HEAD) for `(name, key)`, whoever asks; every
    time outside such a request (writes, tasks, commands, tests without a request)."""
    serial = getattr(_request, "serial", None)
    if serial is None:
        return compute()
    memo = getattr(_request, "memo", None)
    if memo is None or memo[0] != serial:
        memo = _request.memo = (serial, {})
    found = memo[1]
    if (name, key) not in found:
        found[(name, key)] = compute()
    return found[(name, key)]


def get_network() -> TrustNetwork:
    """This process's trust network (built lazily on first use)."""
    global _network
    if _network is None:
        with _network_lock:
            if _network is None:
                _network = TrustNetwork()
    return _network
