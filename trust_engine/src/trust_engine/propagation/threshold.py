"""ThresholdTrust: personalized, hop-bounded trust where only well-trusted members vouch onwards.

Definition, for a viewer ``v`` (``d`` decay, ``tau`` the viewer's threshold
``threshold * min(1, m_v / full_reach_edges)`` with ``m_v`` the viewer's number of trust edges,
``H`` max_hops, ``f`` distrust factors, all members start at 0)::

    round 1:       flow_x = d * w_vx / max_y w_vy       (the viewer's own trust edges)
                   cap_x  = c
    round r = 2..H: every member y with t_y > tau that has not yet passed on its current trust
                   passes the increase: flow_x += d * share_yx * (t_y - passed_y);
                   cap_x = max(cap_x, c * t_y)
    after each round: t_x = f_x * min(1, cap_x, flow_x)

``c`` is ``cap_ratio`` (< 1);
``share_yx = w_yx / sum_z w_yz * min(1, n_y / sink) * (reciprocal_discount if x trusts y)``
where ``n_y`` is y's number of trust edges (LipschiTrust's sink: members with fewer than
``sink`` recommendations pass on only part of their trust). Weights are faded by
``2 ** (-age / half_life_days)`` before anything else.

A member first reached in round 3 or later is dropped (trust 0, passes nothing) unless at least
``max(min_support, ceil(support_ratio * in_x))`` distinct members passed trust to it in that
round, ``in_x`` being the number of trust edges x receives: far from the viewer, trust must come
from independent recommenders, not from one gateway, and a member that claims many
recommendations must be backed by a matching share of them.

A ranking shorter than asked for is filled by deeper runs of the same definition
(:meth:`ThresholdTrust.fill_stage`), listed below it.

The computation is local: reached members are numbered compactly per query (:class:`Reach`),
so a query costs time in proportion to the edges of the members that pass trust on, not to n.

Why each part is there (measured on Bitcoin-OTC, Advogato and Epinions, see
``docs/trust-evaluation.md``):

* Threshold: a member holding at most ``tau`` passes nothing on, so a link farm whose accounts
  each hold a sliver cannot pool those slivers; and only members above ``tau`` are visited,
  which keeps the computation local.
* Cap: nobody holds more than ``c`` times the trust of their best-trusted recommender, however
  many accounts recommend them. So a member reachable only through ``a`` stays below ``a``,
  and every member of a sybil region stays below ``c`` times the best honest member with an
  edge into the region, whatever edges the region adds inside itself.
* Hop bound and support rule: a link farm behind one duped member is one gateway; its attacker
  sits at least three hops from the viewer and is reached only through that gateway.
* Distrust, in two passes: ``t0`` is computed without any distrust; then for distrusted members
  ``D_x = d * sum_y |share_yx| * t0_y`` over distrust edges of members that passed trust on
  in the first pass, and
  ``f_x = t0_x / (t0_x + distrust_strength * D_x)``; ``f_x = 0`` when the viewer distrusts
  ``x`` (blocked). The second pass uses these factors. Because ``t0`` ignores distrust, a new
  distrust edge can only lower factors, and lower factors can only lower trust.
"""

from __future__ import annotations

import json
import threading
import weakref
from dataclasses import asdict, dataclass, replace

import numpy as np

from trust_engine.edges import EdgeModel, EdgeStore, ViewerRow
from trust_engine.propagation.base import Propagation, sorted_scores


@dataclass(frozen=True)
class ThresholdTrust:
    """Configured ThresholdTrust algorithm; call it with an edge store and a viewer.

    ``decay`` d: trust kept per hop. ``threshold`` tau: trust a member must exceed to vouch
    onwards. ``sink``: recommendations needed to pass on full trust. ``reciprocal_discount``:
    multiplier for a trust edge returned by its target (A<->B). ``half_life_days``: edge fading
    (None: none). ``distrust_strength``: lambda above. ``max_hops`` H and ``min_support``: hop
    bound and support rule. ``cap_ratio`` c: cap relative to the best recommender.
    ``tolerance``: increments below ``tolerance * threshold`` are not
    passed on (they cannot change a ranking). ``full_reach_edges`` K: a viewer with ``m < K``
    trust edges uses the threshold ``tau * m / K`` (0 disables), see :meth:`viewer_threshold`.
    ``fill_stages``, ``fill_ratio``, ``fill_hops``: how a ranking shorter than asked for is
    filled, see :meth:`fill_stage`. ``support_ratio``: the support rule's in-degree share.
    ``cumulative_support``: count supporters over all rounds (used by the fill stages).
    """

    decay: float = 0.8
    threshold: float = 0.003
    sink: float = 5.0
    reciprocal_discount: float = 0.9
    half_life_days: float | None = 1095.0
    distrust_strength: float = 1.0
    max_hops: int = 3
    min_support: int = 2
    cap_ratio: float = 0.8
    tolerance: float = 1e-3
    full_reach_edges: float = 10.0
    fill_stages: int = 2
    fill_ratio: float = 0.1
    fill_hops: int = 1
    cumulative_support: bool = False
    support_ratio: float = 0.01

    name = "threshold_trust"

    def __post_init__(self) -> None:
        checks = [
            ("decay", 0 < self.decay < 1),
            ("threshold", 0 <= self.threshold < 1),
            ("sink", self.sink >= 1),
            ("reciprocal_discount", 0 <= self.reciprocal_discount <= 1),
            ("half_life_days", self.half_life_days is None or self.half_life_days > 0),
            ("distrust_strength", self.distrust_strength >= 0),
            ("max_hops", 1 <= self.max_hops <= 100),
            ("min_support", self.min_support >= 1),
            ("cap_ratio", 0 < self.cap_ratio < 1),
            ("tolerance", self.tolerance > 0),
            ("full_reach_edges", self.full_reach_edges >= 0),
            ("fill_stages", 0 <= self.fill_stages <= 10),
            ("fill_ratio", 0 <= self.fill_ratio <= 1),
            ("fill_hops", 0 <= self.fill_hops <= 10),
            ("support_ratio", 0 <= self.support_ratio <= 1),
        ]
        for field_name, ok in checks:
            if not ok:
                value = getattr(self, field_name)
                raise ValueError(f"ThresholdTrust: invalid {field_name}={value!r}")

    @property
    def params(self) -> dict:
        """Parameters as a plain dict (JSON-serialisable)."""
        return asdict(self)

    def to_json(self) -> str:
        """Serialise as ``{"algorithm": name, "params": {...}}``."""
        return json.dumps({"algorithm": self.name, "params": self.params}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ThresholdTrust:
        """Inverse of :meth:`to_json`; raises ``ValueError`` for another algorithm's JSON."""
        data = json.loads(text)
        if data.get("algorithm") != cls.name:
            raise ValueError(f"not a {cls.name} configuration: {data.get('algorithm')!r}")
        return cls(**data["params"])

    def fill_stage(self, stage: int) -> ThresholdTrust:
        """The deeper search used for fill stage ``stage`` (1..``fill_stages``) of a ranking.

        The same algorithm, with every rule (cap, support rule, distrust, hop bound) intact,
        with the threshold multiplied by ``fill_ratio ** stage``, ``fill_hops * stage`` more
        hops, and ``cumulative_support``: a member first reached three or more hops away is
        held back (trust 0, passes nothing) until ``min_support`` distinct members that hold
        trust have passed trust to it, in any rounds, instead of being dropped when it does
        not have them in its first round. Held-back members count for nobody, so a region
        behind one gateway still gets nothing. A ranking that holds fewer members than asked
        for is filled with the members that such a deeper search reaches beyond the ranking,
        ranked below it.
        """
        return replace(
            self,
            threshold=self.threshold * self.fill_ratio**stage,
            max_hops=min(self.max_hops + self.fill_hops * stage, 100),
            fill_stages=0,
            cumulative_support=True,
        )

    def edge_model(self) -> EdgeModel:
        """The edge-to-share model this algorithm needs from the edge store."""
        return EdgeModel(self.sink, self.reciprocal_discount, self.half_life_days)

    def viewer_threshold(
        self, edges: EdgeStore, viewer: int, viewer_row: ViewerRow | None = None
    ) -> float:
        """The threshold used for this viewer: ``tau * min(1, m / K)``, m its trust edges.

        A viewer with few trust edges holds little trust in total (each contact at most
        ``d``), so an absolute threshold stops its propagation after one or two hops; scaling
        the threshold with the viewer's own edge count lets sparse viewers reach as far as
        well-connected ones. It depends only on the viewer's own trust edges, so nothing other
        members (or a sybil region) add can lower it, and adding a distrust edge leaves it
        unchanged.
        """
        if self.full_reach_edges <= 0:
            return self.threshold
        m = self._viewer_edges(edges, viewer, viewer_row)[0].size
        return self.threshold * min(1.0, m / self.full_reach_edges)

    def __call__(
        self,
        edges: EdgeStore,
        viewer: int,
        topic: int | None = None,
        viewer_row: ViewerRow | None = None,
    ) -> Propagation:
        """Compute the viewer's trust in every reachable member (``topic``: last step topical).

        ``viewer_row``: the viewer's own out-edges for this query, used instead of its row in
        ``edges`` (nothing else changes: other members' shares do not depend on it).
        """
        tau = self.viewer_threshold(edges, viewer, viewer_row)
        first = self._rounds(edges, viewer, None, tau, viewer_row)
        factor = self._distrust_factors(edges, viewer, first, viewer_row)
        t = first if factor is None else self._rounds(edges, viewer, factor, tau, viewer_row)
        pushers = t.keys[t.values_passed > 0]
        active = np.concatenate([[viewer], pushers]).astype(np.int64)
        if topic is None:
            members, scores = sorted_scores(t.keys, t.values)
        else:
            members, scores = self._topic_step(edges, viewer, t, active, factor, topic, viewer_row)
        return Propagation(
            viewer,
            members,
            scores,
            active,
            t.get(active),
            np.zeros(0, dtype=np.int64) if factor is None else factor.keys,
            np.zeros(0) if factor is None else factor.values,
        )

    # -- internals ----------------------------------------------------------------------------
    @staticmethod
    def _own_row(
        edges: EdgeStore, viewer: int, viewer_row: ViewerRow | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The viewer's own (targets, eff, topic): the override if given, else the store's."""
        if viewer_row is not None:
            return viewer_row.targets, viewer_row.eff, viewer_row.topic
        targets, eff, _, topic = edges.row(viewer)
        return targets, eff, topic

    def _viewer_edges(
        self, edges: EdgeStore, viewer: int, viewer_row: ViewerRow | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        targets, eff, _ = self._own_row(edges, viewer, viewer_row)
        trusting = (eff > 0) & (targets != viewer)
        w = eff[trusting].astype(np.float64)
        return targets[trusting].astype(np.int64), (w / w.max() if w.size else w)

    def _rounds(
        self,
        edges: EdgeStore,
        viewer: int,
        factor: Sparse | None,
        tau: float,
        viewer_row: ViewerRow | None = None,
    ) -> Sparse:
        """Trust of every reached member (viewer excluded), with what each passed on.

        Works on a compact local numbering of the reached members: the only array of length
        n is the per-thread slot map of the store (see :class:`Reach`), reset after the query,
        so the cost is proportional to the edges of the members that pass trust on.
        """
        d = self.decay
        eps = self.tolerance * max(tau, 1e-6)
        reach = Reach(edges, viewer)
        try:
            seen = np.zeros(0, dtype=np.int64)
            vt, vw = self._viewer_edges(edges, viewer, viewer_row)
            changed = reach.add(vt)
            reach.flow[changed] = d * vw
            reach.cap[changed] = self.cap_ratio
            reach.hop[changed] = 1
            for level in range(2, self.max_hops + 2):
                t, flow, cap, dead = reach.t, reach.flow, reach.cap, reach.dead
                new_t = np.minimum(np.minimum(cap[changed], flow[changed]), 1.0)
                if factor is not None:
                    new_t *= factor.get(reach.members[changed], 1.0)
                t[changed] = np.where(dead[changed] | reach.pending[changed], 0.0, new_t)
                if level > self.max_hops:
                    break
                passed = reach.passed
                ct = t[: reach.size]
                frontier = np.flatnonzero((ct > tau) & (ct - passed[: reach.size] > eps))
                if frontier.size == 0:
                    break
                # By member id, so each target's pushes are summed in the same order as ever.
                frontier = frontier[np.argsort(reach.members[frontier])]
                delta = t[frontier] - passed[frontier]
                passed[frontier] = t[frontier]
                pushed = t[frontier]
                rows = edges.gather(reach.members[frontier])
                positive = rows.share > 0
                local = reach.add(rows.targets[positive])
                ok = ~reach.dead[local]
                local = local[ok]
                if local.size == 0:
                    break
                share = rows.share[positive][ok]
                owner = rows.owner[positive][ok]
                changed, inverse = np.unique(local, return_inverse=True)
                # bincount sums each target's pushes in edge order, as a dense bincount did.
                reach.flow[changed] += np.bincount(inverse, weights=d * share * delta[owner])
                np.maximum.at(reach.cap, local, self.cap_ratio * pushed[owner])
                fresh = reach.hop[changed] == 0
                reach.hop[changed[fresh]] = level
                needed = self.min_support
                if self.support_ratio > 0:
                    needed = np.maximum(
                        self.min_support,
                        np.ceil(self.support_ratio * edges.in_trust[reach.members[changed]]),
                    )
                if self.cumulative_support and self.min_support > 1:
                    # Distinct pushers over all rounds: a (pusher, target) pair counts once.
                    keys = frontier[owner].astype(np.int64) << 32 | local
                    new_pair = ~np.isin(keys, seen)
                    seen = np.union1d(seen, keys)
                    np.add.at(reach.support, local[new_pair], 1)
                    if level >= 3:
                        reach.pending[changed[fresh]] = True
                    reach.pending[changed] &= reach.support[changed] < needed
                elif level >= 3 and self.min_support > 1:
                    # Rows hold each (source, target) pair once, so counts = distinct pushers.
                    support = np.bincount(inverse)
                    reach.dead[changed[fresh & (support < needed)]] = True
            return reach.result()
        finally:
            reach.release()

    def _distrust_factors(
        self,
        edges: EdgeStore,
        viewer: int,
        first: Sparse,
        viewer_row: ViewerRow | None = None,
    ) -> Sparse | None:
        vt, veff, _ = self._own_row(edges, viewer, viewer_row)
        blocked = vt[veff < 0].astype(np.int64)
        voices = first.keys[first.values_passed > 0]
        rows = edges.gather(voices)
        neg = (rows.share < 0) & (rows.targets != viewer)
        if blocked.size == 0 and not neg.any():
            return None
        hit = np.zeros(0, dtype=np.int64)
        f = np.zeros(0)
        if neg.any():
            owner = rows.owner[neg]
            hit, starts, order = _groups(rows.targets[neg].astype(np.int64))
            amount = -self.decay * rows.share[neg][order] * first.get(voices)[owner[order]]
            distrust = np.add.reduceat(amount, starts)
            base = first.get(hit)
            with np.errstate(invalid="ignore", divide="ignore"):
                f = base / (base + self.distrust_strength * distrust)
            f = np.where(base > 0, f, 0.0)
        keys = _groups(np.concatenate([hit, blocked]))[0]
        values = np.ones(keys.size)
        values[np.searchsorted(keys, hit)] = f
        values[np.searchsorted(keys, blocked)] = 0.0
        return Sparse(keys, values)

    def _topic_step(
        self,
        edges: EdgeStore,
        viewer: int,
        t: Sparse,
        active: np.ndarray,
        factor: Sparse | None,
        topic: int,
        viewer_row: ViewerRow | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        d = self.decay
        rows = edges.gather(active[1:])
        owners = active[1:][rows.owner]
        keep = (rows.share > 0) & (rows.targets != viewer)
        keep &= edges.carries(owners, rows.targets, rows.topic, topic)
        own_t, own_eff, own_topic = self._own_row(edges, viewer, viewer_row)
        own = (own_eff > 0) & (own_t != viewer)
        own_t, own_topic = own_t[own], own_topic[own]
        own_w = own_eff[own].astype(np.float64)
        own_w = own_w / own_w.max() if own_w.size else own_w
        mine = edges.carries(np.full(own_t.size, viewer), own_t, own_topic, topic)
        owner_t = t.get(owners[keep])
        targets = np.concatenate([own_t[mine], rows.targets[keep]]).astype(np.int64)
        amount = np.concatenate([d * own_w[mine], d * rows.share[keep] * owner_t])
        capv = np.concatenate([np.full(int(mine.sum()), d), d * owner_t])
        if targets.size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        members, starts, order = _groups(targets)
        flow = np.add.reduceat(amount[order], starts)
        cap = np.maximum.reduceat(capv[order], starts)
        scores = np.minimum(np.minimum(flow, cap), 1.0)
        if factor is not None:
            scores = scores * factor.get(members, 1.0)
        return sorted_scores(members, scores)


@dataclass(frozen=True)
class Sparse:
    """Values at sorted distinct member ids; ``values_passed``: trust passed on (if any)."""

    keys: np.ndarray
    values: np.ndarray
    values_passed: np.ndarray | None = None

    def get(self, members: np.ndarray, default: float = 0.0) -> np.ndarray:
        """Values at ``members`` (``default`` where absent)."""
        members = np.asarray(members, dtype=np.int64)
        if self.keys.size == 0:
            return np.full(members.shape, default, dtype=np.float64)
        pos = np.minimum(np.searchsorted(self.keys, members), self.keys.size - 1)
        return np.where(self.keys[pos] == members, self.values[pos], default)


class Reach:
    """The members one query has reached, numbered locally in order of first reach.

    ``members[i]`` is the global id of local member ``i`` (local 0 is the viewer, marked dead
    so nothing flows back to it); the per-member arrays are indexed locally and grow by
    doubling. The global-to-local map is a per-thread array of length n kept on the store
    and restored (only at the reached ids) by :meth:`release`, so no query allocates or
    clears anything of length n.
    """

    def __init__(self, edges: EdgeStore, viewer: int) -> None:
        self._slots = _slot_map(edges)
        self.size = 0
        capacity = 64
        self.members = np.zeros(capacity, dtype=np.int64)
        self.t = np.zeros(capacity)
        self.flow = np.zeros(capacity)
        self.cap = np.zeros(capacity)
        self.passed = np.zeros(capacity)
        self.hop = np.zeros(capacity, dtype=np.int16)
        self.dead = np.zeros(capacity, dtype=bool)
        self.pending = np.zeros(capacity, dtype=bool)
        self.support = np.zeros(capacity, dtype=np.int32)
        self.add(np.array([viewer], dtype=np.int64))
        self.dead[0] = True

    def add(self, members: np.ndarray) -> np.ndarray:
        """Local ids of ``members`` (global ids), numbering the ones not reached before."""
        members = np.asarray(members, dtype=np.int64)
        local = self._slots[members]
        new = local < 0
        if new.any():
            fresh = np.unique(members[new])
            self._grow(self.size + fresh.size)
            self._slots[fresh] = np.arange(self.size, self.size + fresh.size, dtype=np.int32)
            self.members[self.size : self.size + fresh.size] = fresh
            self.size += fresh.size
            local = self._slots[members]
        return local.astype(np.intp)

    def _grow(self, needed: int) -> None:
        capacity = self.members.size
        if needed <= capacity:
            return
        while capacity < needed:
            capacity *= 2
        for name in ("members", "t", "flow", "cap", "passed", "hop", "dead", "pending", "support"):
            old = getattr(self, name)
            new = np.zeros(capacity, dtype=old.dtype)
            new[: old.size] = old
            setattr(self, name, new)

    def result(self) -> Sparse:
        """Trust and passed-on trust of the reached members (viewer excluded), by id."""
        members = self.members[1 : self.size]
        order = np.argsort(members)
        local = order + 1
        return Sparse(members[order], self.t[local], self.passed[local])

    def release(self) -> None:
        """Give the slot map back, restored to all -1."""
        self._slots[self.members[: self.size]] = -1


_scratch = threading.local()


def _slot_map(edges: EdgeStore) -> np.ndarray:
    """This thread's global-to-local map for ``edges`` (all -1 between queries)."""
    maps = getattr(_scratch, "maps", None)
    if maps is None:
        maps = _scratch.maps = weakref.WeakKeyDictionary()
    slots = maps.get(edges)
    if slots is None or slots.size < edges.n:
        slots = np.full(max(edges.n, 1), -1, dtype=np.int32)
        maps[edges] = slots
    return slots


def _groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted distinct keys, the start of each key's run in sorted order, and that order."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    if ordered.size == 0:
        return ordered, np.zeros(0, dtype=np.int64), order
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    return ordered[starts], starts, order
