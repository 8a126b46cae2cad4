"""SurplusTrust: personalized trust where members pass on only their surplus above a threshold.

Definition (for a viewer ``v``; ``d`` decay, ``tau`` threshold, ``f`` distrust factors)::

    t_v = 1
    t_x = f_x * min(1, cap_x, flow_x)                       for x != v
    flow_x = d * w_vx  +  d * sum_y share_yx * max(0, t_y - tau)
    cap_x  = d * max{ t_y : y -> x is a trust edge and y = v or t_y > tau }

``w_vx`` is the viewer's own (faded) weight, taken at face value; ``share_yx`` is the weight
of y's trust edge divided by ``max(sink, y's total trust out-weight)``, times
``reciprocal_discount`` when x trusts y back. The right-hand side is monotone in ``t``, so the
push iteration from ``t = 0`` increases towards the least fixed point.

Why each part is there:

* The surplus rule: a member holding at most ``tau`` passes nothing on, so a link farm of many
  accounts that each hold a sliver cannot pool those slivers, and only members above ``tau``
  push, which keeps the computation local (at most ``~1 / (tau * (1 - d))`` members push).
* The cap: nobody can hold more than ``d`` times the trust of their best-trusted recommender,
  however many accounts recommend them. Hence a member reachable only through ``a`` never
  reaches ``a``'s trust, and a sybil region never rises above ``d`` times its best honest
  entry point.
* Distrust (two passes): first ``t0`` without any distrust; then
  ``D_x = d * sum |share_yx| * max(0, t0_y - tau)`` over distrust edges of members above
  ``tau`` and ``f_x = t0_x / (t0_x + distrust_strength * D_x)``; ``f_x = 0`` when the viewer
  distrusts ``x``. The second pass uses these factors. Since ``t0`` ignores distrust, a new
  distrust edge can only lower factors, and lower factors only lower trust.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

import numpy as np

from trust_engine.edges import EdgeModel, EdgeStore
from trust_engine.propagation.base import Propagation, sorted_scores


@dataclass(frozen=True)
class SurplusTrust:
    """Configured SurplusTrust algorithm; call it with an edge store and a viewer.

    Parameters: ``decay`` (d, trust kept per hop), ``threshold`` (tau, trust a member keeps
    before passing any on), ``sink`` (LipschiTrust sink: out-weights below it are diluted),
    ``reciprocal_discount`` (multiplier for A<->B edges), ``half_life_days`` (edge fading, None
    for none), ``distrust_strength`` (lambda above) and ``tolerance`` (push stops when no member
    has unpushed surplus above ``tolerance * threshold``).
    """

    decay: float = 0.8
    threshold: float = 0.01
    sink: float = 5.0
    reciprocal_discount: float = 0.5
    half_life_days: float | None = 730.0
    distrust_strength: float = 1.0
    tolerance: float = 1e-3

    name = "surplus_trust"

    def __post_init__(self) -> None:
        checks = [
            ("decay", 0 < self.decay < 1),
            ("threshold", 0 <= self.threshold < 1),
            ("sink", self.sink >= 0),
            ("reciprocal_discount", 0 <= self.reciprocal_discount <= 1),
            ("half_life_days", self.half_life_days is None or self.half_life_days > 0),
            ("distrust_strength", self.distrust_strength >= 0),
            ("tolerance", self.tolerance > 0),
        ]
        for field_name, ok in checks:
            if not ok:
                raise ValueError(f"SurplusTrust: invalid {field_name}={getattr(self, field_name)!r}")

    @property
    def params(self) -> dict:
        """Parameters as a plain dict (JSON-serialisable)."""
        return asdict(self)

    def to_json(self) -> str:
        """Serialise as ``{"algorithm": name, "params": {...}}``."""
        return json.dumps({"algorithm": self.name, "params": self.params}, sort_keys=True)

    def edge_model(self) -> EdgeModel:
        """The edge-to-share model this algorithm needs from the edge store."""
        return EdgeModel(self.sink, self.reciprocal_discount, self.half_life_days)

    def __call__(self, edges: EdgeStore, viewer: int, topic: int | None = None) -> Propagation:
        """Compute the viewer's trust in every reachable member (``topic``: last step topical)."""
        t0, touched0 = self._push(edges, viewer, None)
        factor, factor_members = self._distrust_factors(edges, viewer, t0, touched0)
        if factor is None:
            t, touched = t0, touched0
        else:
            t, touched = self._push(edges, viewer, factor)
        active = touched[t[touched] > self.threshold]
        active = np.concatenate([[viewer], active]).astype(np.int64)
        active_trust = t[active]
        if topic is None:
            members, scores = sorted_scores(touched, t[touched])
        else:
            members, scores = self._topic_step(edges, viewer, t, active, factor, topic)
        fm = factor_members if factor is not None else np.zeros(0, dtype=np.int64)
        return Propagation(viewer, members, scores, active, active_trust,
                           fm, factor[fm] if factor is not None else np.zeros(0))

    # -- internals ----------------------------------------------------------------------------
    def _push(self, edges: EdgeStore, viewer: int,
              factor: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        d, tau = self.decay, self.threshold
        eps = self.tolerance * max(tau, 1e-6)
        n = edges.n
        t = np.zeros(n)
        flow = np.zeros(n)
        cap = np.zeros(n)
        pushed = np.zeros(n)
        t[viewer] = 1.0
        vt, veff, _, _ = edges.row(viewer)
        trusting = veff > 0
        vt = vt[trusting].astype(np.int64)
        flow[vt] += d * veff[trusting]
        cap[vt] = d
        touched_parts = [vt]
        changed = vt
        while changed.size:
            new_t = np.minimum(np.minimum(cap[changed], flow[changed]), 1.0)
            if factor is not None:
                new_t *= factor[changed]
            t[changed] = new_t
            frontier = changed[(new_t - tau - pushed[changed]) > eps]
            if frontier.size == 0:
                break
            surplus = t[frontier] - tau
            delta = surplus - pushed[frontier]
            pushed[frontier] = surplus
            rows = edges.gather(frontier)
            keep = (rows.share > 0) & (rows.targets != viewer)
            targets = rows.targets[keep].astype(np.int64)
            owner = rows.owner[keep]
            np.add.at(flow, targets, d * rows.share[keep] * delta[owner])
            np.maximum.at(cap, targets, d * t[frontier][owner])
            changed = np.unique(targets)
            touched_parts.append(changed)
        touched = np.unique(np.concatenate(touched_parts))
        return t, touched

    def _distrust_factors(self, edges: EdgeStore, viewer: int, t0: np.ndarray,
                          touched: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        d, tau = self.decay, self.threshold
        vt, veff, _, _ = edges.row(viewer)
        blocked = vt[veff < 0].astype(np.int64)
        voices = touched[t0[touched] > tau]
        rows = edges.gather(voices)
        neg = (rows.share < 0) & (rows.targets != viewer)
        if blocked.size == 0 and not neg.any():
            return None, np.zeros(0, dtype=np.int64)
        targets = rows.targets[neg].astype(np.int64)
        owner = rows.owner[neg]
        distrust = np.zeros(edges.n)
        np.add.at(distrust, targets, -d * rows.share[neg] * (t0[voices][owner] - tau))
        factor = np.ones(edges.n)
        hit = np.unique(targets)
        base = t0[hit]
        with np.errstate(invalid="ignore", divide="ignore"):
            f = base / (base + self.distrust_strength * distrust[hit])
        factor[hit] = np.where(base > 0, f, 0.0)
        factor[blocked] = 0.0
        members = np.unique(np.concatenate([hit, blocked]))
        return factor, members

    def _topic_step(self, edges: EdgeStore, viewer: int, t: np.ndarray, active: np.ndarray,
                    factor: np.ndarray | None, topic: int) -> tuple[np.ndarray, np.ndarray]:
        d, tau = self.decay, self.threshold
        rows = edges.gather(active)
        keep = (rows.topic == topic) & (rows.eff > 0) & (rows.targets != viewer)
        owner = rows.owner[keep]
        from_viewer = active[owner] == viewer
        surplus = np.where(from_viewer, 1.0, t[active][owner] - tau)
        share = np.where(from_viewer, rows.eff[keep], rows.share[keep])
        targets = rows.targets[keep].astype(np.int64)
        members, inverse = np.unique(targets, return_inverse=True)
        flow = np.bincount(inverse, weights=d * share * surplus, minlength=members.size)
        cap = np.zeros(members.size)
        np.maximum.at(cap, inverse, d * t[active][owner])
        scores = np.minimum(np.minimum(flow, cap), 1.0)
        if factor is not None:
            scores = scores * factor[members]
        return sorted_scores(members, scores)
