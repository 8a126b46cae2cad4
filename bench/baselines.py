"""Baseline trust rankings for the evaluation, batched over viewers.

Every function takes a positive-weight CSR matrix ``A`` (``A[u, v]`` = trust weight of u->v,
distrust dropped) and a list of viewers, and returns a dense ``(n, len(viewers))`` score matrix.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp


def endorsement_count(adj: sp.csr_matrix, viewers: np.ndarray) -> np.ndarray:
    """Number of trust edges each member receives (the same for every viewer)."""
    counts = np.diff(adj.tocsc().indptr).astype(np.float64)
    return np.repeat(counts[:, None], len(viewers), axis=1)


def _transition(adj: sp.csr_matrix) -> tuple[sp.csr_matrix, np.ndarray]:
    out = np.asarray(adj.sum(axis=1)).ravel()
    inv = np.divide(1.0, out, out=np.zeros_like(out), where=out > 0)
    return (sp.diags(inv) @ adj).T.tocsr(), out == 0


def global_pagerank(
    adj: sp.csr_matrix,
    viewers: np.ndarray,
    damping: float = 0.85,
    tol: float = 1e-10,
    max_iter: int = 200,
) -> np.ndarray:
    """Weighted global PageRank (dangling mass spread uniformly)."""
    n = adj.shape[0]
    pt, dangling = _transition(adj)
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        new = damping * (pt @ x) + (damping * x[dangling].sum() + 1 - damping) / n
        done = np.abs(new - x).sum() < tol
        x = new
        if done:
            break
    return np.repeat(x[:, None], len(viewers), axis=1)


def personalized_pagerank(
    adj: sp.csr_matrix,
    viewers: np.ndarray,
    restart: float = 0.15,
    tol: float = 1e-10,
    max_iter: int = 200,
) -> np.ndarray:
    """Weighted personalized PageRank seeded at each viewer; dangling mass returns to it."""
    n = adj.shape[0]
    pt, dangling = _transition(adj)
    seeds = np.zeros((n, len(viewers)))
    seeds[np.asarray(viewers), np.arange(len(viewers))] = 1.0
    x = seeds.copy()
    for _ in range(max_iter):
        lost = x[dangling].sum(axis=0)
        new = (1 - restart) * (pt @ x) + (restart + (1 - restart) * lost) * seeds
        done = np.abs(new - x).sum(axis=0).max() < tol
        x = new
        if done:
            break
    return x


def lipschitrust(
    adj: sp.csr_matrix,
    viewers: np.ndarray,
    pretrust: float = 0.8,
    decay: float = 0.8,
    sink: float = 5.0,
    cap: float = 1.0,
    error: float = 1e-8,
) -> np.ndarray:
    """Tournesol's LipschiTrust (solidago ``trust_propagation/lipschitrust.py``) at a viewer.

    Only the viewer is pre-trusted (``pretrust``). Each iteration sets
    ``t = min(cap, pre + sum_u decay * w_uv / (n_vouches(u) + sink) * t_u)``, for
    ``ceil(log(n / error) / log(1 / decay))`` iterations or until the L1 change is below
    ``error``, exactly as solidago does (vouch counts, not weight sums, in the denominator).
    """
    n = adj.shape[0]
    n_vouches = np.diff(adj.indptr).astype(np.float64)
    scale = decay / (n_vouches + sink)
    prop = (sp.diags(scale) @ adj).T.tocsr()
    pre = np.zeros((n, len(viewers)))
    pre[np.asarray(viewers), np.arange(len(viewers))] = pretrust
    t = pre.copy()
    n_iter = math.ceil(-math.log(n / error) / math.log(decay))
    for _ in range(n_iter):
        new = np.minimum(pre + prop @ t, cap)
        delta = np.abs(new - t).sum(axis=0).max()
        t = new
        if delta < error:
            break
    return t


BASELINES = {
    "endorsement_count": endorsement_count,
    "global_pagerank": global_pagerank,
    "personalized_pagerank": personalized_pagerank,
    "lipschitrust": lipschitrust,
}
