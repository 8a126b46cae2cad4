"""Synthetic sybil attacks attached to an honest trust graph (for evaluations and tests)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SybilRegion:
    """Ids of an attached sybil region: the ``attacker`` and its ``fakes`` (link farm), the
    honest members that received the ``attack_sources`` edges, and all region ``members``."""

    attacker: int
    fakes: np.ndarray
    attack_sources: np.ndarray
    attack_targets: np.ndarray

    @property
    def members(self) -> np.ndarray:
        """Attacker and fakes together."""
        return np.concatenate([[self.attacker], self.fakes]).astype(np.int64)


def attach_sybil_region(
    sources,
    targets,
    weights,
    n_members: int,
    *,
    n_fakes: int = 500,
    fake_links: int = 10,
    attack_edges: int = 0,
    seed: int = 0,
    honest: np.ndarray | None = None,
    weight: float = 1.0,
):
    """Attach a link farm to an honest graph; deterministic for a given ``seed``.

    Adds ``n_fakes + 1`` members after the honest ones: the main attacker (id ``n_members``)
    and ``n_fakes`` fakes. Every fake vouches (``weight``) for the attacker and for
    ``fake_links`` other random fakes; ``attack_edges`` edges go from random honest members
    (drawn from ``honest``, default all) to random region members (fakes or attacker).
    Returns ``(sources, targets, weights, n_members_total, SybilRegion)``.
    """
    if n_fakes < fake_links + 1:
        raise ValueError(f"n_fakes={n_fakes} must exceed fake_links={fake_links}")
    if attack_edges < 0:
        raise ValueError(f"attack_edges={attack_edges} must be >= 0")
    rng = np.random.default_rng(seed)
    attacker = int(n_members)
    fakes = np.arange(n_members + 1, n_members + 1 + n_fakes, dtype=np.int64)
    # Each fake links to fake_links distinct other fakes: offsets 1..n_fakes-1 without repeats.
    offsets = np.argsort(rng.random((n_fakes, n_fakes - 1)), axis=1)[:, :fake_links] + 1
    farm_dst = fakes[(np.arange(n_fakes)[:, None] + offsets) % n_fakes].ravel()
    farm_src = np.repeat(fakes, fake_links)
    pool = np.arange(n_members, dtype=np.int64) if honest is None else np.asarray(honest)
    region = np.concatenate([[attacker], fakes])
    attack_src = rng.choice(pool, size=attack_edges, replace=attack_edges > pool.size)
    attack_dst = rng.choice(region, size=attack_edges)
    new_src = np.concatenate([fakes, farm_src, attack_src])
    new_dst = np.concatenate([np.full(n_fakes, attacker), farm_dst, attack_dst])
    w = np.full(new_src.size, weight)
    out = (
        np.concatenate([np.asarray(sources, dtype=np.int64), new_src]),
        np.concatenate([np.asarray(targets, dtype=np.int64), new_dst]),
        np.concatenate([np.asarray(weights, dtype=np.float64), w]),
        n_members + 1 + n_fakes,
        SybilRegion(attacker, fakes, attack_src, attack_dst),
    )
    return out
