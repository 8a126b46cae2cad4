"""Shared result type for propagation algorithms."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Propagation:
    """One viewer's trust vector, stored sparsely.

    ``members``/``scores``: every member with positive trust, best first (ties by member id),
    viewer excluded. ``active``/``active_trust``: the members (viewer included) whose trust was
    high enough to pass trust on; only they can be intermediates of an explanation path.
    ``factor_members``/``factor_values``: distrust factors (< 1) that scaled members' trust.
    """

    viewer: int
    members: np.ndarray
    scores: np.ndarray
    active: np.ndarray
    active_trust: np.ndarray
    factor_members: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    factor_values: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def score_of(self, member: int) -> float:
        """Trust of one member (0.0 when unreached)."""
        hit = np.flatnonzero(self.members == member)
        return float(self.scores[hit[0]]) if hit.size else 0.0

    def factor_of(self, member: int) -> float:
        """Distrust factor of one member (1.0 when nobody relevant distrusts it)."""
        hit = np.flatnonzero(self.factor_members == member)
        return float(self.factor_values[hit[0]]) if hit.size else 1.0


def sorted_scores(members: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drop non-positive scores and sort best first, ties broken by ascending member id."""
    keep = scores > 0
    members, scores = members[keep], scores[keep]
    order = np.lexsort((members, -scores))
    return members[order].astype(np.int64), scores[order]
