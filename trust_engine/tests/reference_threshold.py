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
``min_support`` distinct members passed trust to it in that round: far from the viewer, trust
must come from independent recommenders, not from one gateway.

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
from dataclasses import asdict, dataclass

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
        t0, touched0, pushers0 = self._rounds(edges, viewer, None, tau, viewer_row)
        factor, factor_members = self._distrust_factors(edges, viewer, t0, pushers0, viewer_row)
        if factor is None:
            t, touched, pushers = t0, touched0, pushers0
        else:
            t, touched, pushers = self._rounds(edges, viewer, factor, tau, viewer_row)
        active = np.concatenate([[viewer], pushers]).astype(np.int64)
        if topic is None:
            members, scores = sorted_scores(touched, t[touched])
        else:
            members, scores = self._topic_step(edges, viewer, t, active, factor, topic, viewer_row)
        no_factors = factor is None
        fm = np.zeros(0, dtype=np.int64) if no_factors else factor_members
        return Propagation(
            viewer,
            members,
            scores,
            active,
            t[active],
            fm,
            np.zeros(0) if no_factors else factor[fm],
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
        factor: np.ndarray | None,
        tau: float,
        viewer_row: ViewerRow | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        d = self.decay
        eps = self.tolerance * max(tau, 1e-6)
        n = edges.n
        t = np.zeros(n)
        flow = np.zeros(n)
        cap = np.zeros(n)
        passed = np.zeros(n)
        hop = np.zeros(n, dtype=np.int16)
        dead = np.zeros(n, dtype=bool)
        dead[viewer] = True
        vt, vw = self._viewer_edges(edges, viewer, viewer_row)
        flow[vt] = d * vw
        cap[vt] = self.cap_ratio
        hop[vt] = 1
        reached = np.zeros(n, dtype=bool)
        reached[vt] = True
        changed = vt
        for level in range(2, self.max_hops + 2):
            new_t = np.minimum(np.minimum(cap[changed], flow[changed]), 1.0)
            if factor is not None:
                new_t *= factor[changed]
            t[changed] = np.where(dead[changed], 0.0, new_t)
            if level > self.max_hops:
                break
            cand = np.flatnonzero(reached)
            ct = t[cand]
            frontier = cand[(ct > tau) & (ct - passed[cand] > eps)]
            if frontier.size == 0:
                break
            delta = t[frontier] - passed[frontier]
            passed[frontier] = t[frontier]
            rows = edges.gather(frontier)
            ok = (rows.share > 0) & ~dead[rows.targets]
            targets = rows.targets[ok].astype(np.intp)
            if targets.size == 0:
                break
            owner = rows.owner[ok]
            flow += np.bincount(targets, weights=d * rows.share[ok] * delta[owner], minlength=n)
            np.maximum.at(cap, targets, self.cap_ratio * t[frontier][owner])
            hit = np.zeros(n, dtype=bool)
            hit[targets] = True
            changed = np.flatnonzero(hit)
            fresh = hop[changed] == 0
            hop[changed[fresh]] = level
            if level >= 3 and self.min_support > 1:
                # Rows hold each (source, target) pair once, so counts = distinct pushers.
                support = np.bincount(targets, minlength=n)[changed]
                dead[changed[fresh & (support < self.min_support)]] = True
            reached |= hit
        touched = np.flatnonzero(reached)
        pushers = touched[passed[touched] > 0]
        return t, touched, pushers

    def _distrust_factors(
        self,
        edges: EdgeStore,
        viewer: int,
        t0: np.ndarray,
        voices: np.ndarray,
        viewer_row: ViewerRow | None = None,
    ) -> tuple[np.ndarray | None, np.ndarray]:
        vt, veff, _ = self._own_row(edges, viewer, viewer_row)
        blocked = vt[veff < 0].astype(np.int64)
        rows = edges.gather(voices)
        neg = (rows.share < 0) & (rows.targets != viewer)
        if blocked.size == 0 and not neg.any():
            return None, np.zeros(0, dtype=np.int64)
        factor = np.ones(edges.n)
        hit = np.zeros(0, dtype=np.int64)
        if neg.any():
            owner = rows.owner[neg]
            hit, starts, order = _groups(rows.targets[neg].astype(np.int64))
            amount = -self.decay * rows.share[neg][order] * t0[voices][owner[order]]
            distrust = np.add.reduceat(amount, starts)
            base = t0[hit]
            with np.errstate(invalid="ignore", divide="ignore"):
                f = base / (base + self.distrust_strength * distrust)
            factor[hit] = np.where(base > 0, f, 0.0)
        factor[blocked] = 0.0
        return factor, _groups(np.concatenate([hit, blocked]))[0]

    def _topic_step(
        self,
        edges: EdgeStore,
        viewer: int,
        t: np.ndarray,
        active: np.ndarray,
        factor: np.ndarray | None,
        topic: int,
        viewer_row: ViewerRow | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        d = self.decay
        vt, vw = self._viewer_edges(edges, viewer, viewer_row)
        rows = edges.gather(active[1:])
        keep = (rows.topic == topic) & (rows.share > 0) & (rows.targets != viewer)
        own_t, own_eff, own_topic = self._own_row(edges, viewer, viewer_row)
        vtopic = own_topic[(own_eff > 0) & (own_t != viewer)]
        owner = active[1:][rows.owner[keep]]
        targets = np.concatenate([vt[vtopic == topic], rows.targets[keep].astype(np.int64)])
        amount = np.concatenate([d * vw[vtopic == topic], d * rows.share[keep] * t[owner]])
        capv = np.concatenate([np.full(int((vtopic == topic).sum()), d), d * t[owner]])
        if targets.size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        members, starts, order = _groups(targets)
        flow = np.add.reduceat(amount[order], starts)
        cap = np.maximum.reduceat(capv[order], starts)
        scores = np.minimum(np.minimum(flow, cap), 1.0)
        if factor is not None:
            scores = scores * factor[members]
        return sorted_scores(members, scores)


def _groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted distinct keys, the start of each key's run in sorted order, and that order."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    if ordered.size == 0:
        return ordered, np.zeros(0, dtype=np.int64), order
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    return ordered[starts], starts, order
