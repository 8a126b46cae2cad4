"""Deterministic synthetic trust networks for tests and benchmarks.

Honest networks follow a directed Chung-Lu / configuration model: every member gets an expected
out-degree and an expected in-degree drawn from a power law (independently shuffled, so hubs that
receive many recommendations are not automatically the ones that give many), edge endpoints are
dealt out in proportion to those degrees, and self-loops and repeated pairs are removed and topped
up until exactly ``n_edges`` distinct edges exist. Everything is vectorised numpy, so 1M members /
10M edges generate in a few seconds with a few hundred MiB of temporary memory.
"""

from __future__ import annotations

import numpy as np

__all__ = ["power_law_graph", "synthetic_timestamps", "synthetic_topics"]

_MAX_TOP_UP_ROUNDS = 64
# Below this many possible pairs the last resort enumerates the complement explicitly.
_ENUMERATE_LIMIT = 20_000_000


def _power_law_shares(n: int, exponent: float, rng: np.random.Generator) -> np.ndarray:
    """Return degree shares (summing to 1) whose degree distribution is P(k) ~ k^-exponent.

    Rank i (1-based) gets weight i^(-1/(exponent-1)), the standard Chung-Lu construction; the
    ranks are then assigned to members by a random permutation.
    """
    ranks = np.arange(1, n + 1, dtype=np.float64)
    shares = ranks ** (-1.0 / (exponent - 1.0))
    shares /= shares.sum()
    return shares[rng.permutation(n)]


def _endpoints(counts: np.ndarray) -> np.ndarray:
    """Member ids repeated by their counts (int32)."""
    return np.repeat(np.arange(counts.size, dtype=np.int32), counts)


def _sample(cdf: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """Draw ``size`` members with probabilities given by a cumulative distribution."""
    draws = rng.random(size) * cdf[-1]
    return np.minimum(np.searchsorted(cdf, draws, side="right"), cdf.size - 1).astype(np.int64)


def _sorted_unique(keys: np.ndarray) -> np.ndarray:
    """Sort in place and drop repeats (numpy's hash-based ``unique`` is far slower here)."""
    keys.sort()
    keep = np.ones(keys.size, dtype=bool)
    keep[1:] = keys[1:] != keys[:-1]
    return keys[keep]


def _fresh_keys(
    candidates: np.ndarray, existing_sorted: np.ndarray, n: int, needed: int
) -> np.ndarray:
    """Candidate pair keys that are no self-loop, not yet present and not repeated, at most needed.

    Keeps the candidates' (random) order so that truncation takes a random subset.
    """
    candidates = candidates[candidates // n != candidates % n]
    if existing_sorted.size:
        pos = np.searchsorted(existing_sorted, candidates)
        pos = np.minimum(pos, existing_sorted.size - 1)
        candidates = candidates[existing_sorted[pos] != candidates]
    order = np.argsort(candidates, kind="stable")
    ordered = candidates[order]
    first = np.ones(ordered.size, dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return candidates[np.sort(order[first])][:needed]


def power_law_graph(
    n_members: int,
    n_edges: int,
    seed: int = 0,
    exponent: float = 2.5,
    *,
    in_exponent: float | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Generate an honest trust network with power-law in- and out-degrees.

    Args:
        n_members: number of members, ids 0..n_members-1 (at least 2).
        n_edges: exact number of distinct directed edges (no self-loops, no repeated pairs); at
            most n_members * (n_members - 1).
        seed: seed of the random generator; the same arguments always give the same arrays.
        exponent: power-law exponent gamma of the out-degree distribution P(k) ~ k^-gamma
            (must be > 2 so the mean degree is finite; real trust networks sit around 2-3).
        in_exponent: exponent of the in-degree distribution; defaults to ``exponent``.

    Returns:
        ``(sources, targets, weights)``: int32, int32 and float32 arrays of length n_edges, in
        random order; weights are uniform in (0, 1].

    Raises:
        ValueError: on impossible sizes or exponents.

    Heavy hubs lose a few edges to de-duplication, so their degree is slightly below the ideal
    power law; the missing edges are re-drawn from the same degree distribution.
    """
    in_exponent = exponent if in_exponent is None else in_exponent
    n, m = int(n_members), int(n_edges)
    if n < 2:
        raise ValueError(f"n_members must be at least 2, got {n_members}")
    if m < 0 or m > n * (n - 1):
        raise ValueError(f"n_edges must be in 0..{n * (n - 1)} for {n} members, got {n_edges}")
    for name, value in (("exponent", exponent), ("in_exponent", in_exponent)):
        if not np.isfinite(value) or value <= 2.0:
            raise ValueError(f"{name} must be a finite number > 2, got {value}")

    rng = np.random.default_rng(seed)
    out_shares = _power_law_shares(n, exponent, rng)
    in_shares = _power_law_shares(n, in_exponent, rng)

    # Configuration model: exact degree sequences, target stubs shuffled against source stubs.
    sources = _endpoints(rng.multinomial(m, out_shares))
    targets = _endpoints(rng.multinomial(m, in_shares))
    rng.shuffle(targets)
    loops = sources == targets
    keys = sources[~loops].astype(np.int64) * n + targets[~loops]
    del sources, targets, loops
    keys = _sorted_unique(keys)

    out_cdf, in_cdf = np.cumsum(out_shares), np.cumsum(in_shares)
    del out_shares, in_shares
    for attempt in range(_MAX_TOP_UP_ROUNDS):
        needed = m - keys.size
        if needed == 0:
            break
        size = int(needed * 1.5) + 64
        if attempt < _MAX_TOP_UP_ROUNDS // 2:
            candidates = _sample(out_cdf, size, rng) * n + _sample(in_cdf, size, rng)
        else:
            # Dense corner: the degree-weighted pairs are used up, draw uniformly instead.
            candidates = rng.integers(0, n, size) * n + rng.integers(0, n, size)
        keys = np.sort(np.concatenate([keys, _fresh_keys(candidates, keys, n, needed)]))
    if keys.size < m:
        if n * n > _ENUMERATE_LIMIT:
            raise ValueError(f"could not place {m} distinct edges among {n} members")
        complement = np.setdiff1d(np.arange(n * n, dtype=np.int64), keys, assume_unique=True)
        extra = _fresh_keys(rng.permutation(complement), np.empty(0, np.int64), n, m - keys.size)
        keys = np.sort(np.concatenate([keys, extra]))

    keys = keys[rng.permutation(keys.size)]
    sources = (keys // n).astype(np.int32)
    targets = (keys % n).astype(np.int32)
    del keys
    weights = 1.0 - rng.random(m, dtype=np.float32)  # (0, 1]: a zero weight is no edge at all
    return sources, targets, weights


def synthetic_topics(
    n_edges: int, n_topics: int, seed: int = 0, general_share: float = 0.5
) -> np.ndarray:
    """Topic id per edge: -1 (a general recommendation) with probability ``general_share``,
    otherwise a topic in 0..n_topics-1 with Zipf-like popularity (topic t has weight 1/(t+1)).

    Returns an int32 array of length n_edges; deterministic in ``seed``.
    """
    if n_topics < 1:
        raise ValueError(f"n_topics must be at least 1, got {n_topics}")
    if not 0.0 <= general_share <= 1.0:
        raise ValueError(f"general_share must be in [0, 1], got {general_share}")
    rng = np.random.default_rng([seed, 1])
    popularity = 1.0 / np.arange(1, n_topics + 1)
    topics = _sample(np.cumsum(popularity), n_edges, rng).astype(np.int32)
    topics[rng.random(n_edges) < general_share] = -1
    return topics


def synthetic_timestamps(
    n_edges: int, seed: int = 0, end: int = 1_767_225_600, span_days: float = 3 * 365.0
) -> np.ndarray:
    """Unix timestamps (int64 seconds) per edge, skewed towards recent ones.

    Ages are exponential with a mean of a third of ``span_days``, clipped to the span, ending at
    ``end`` (default 2026-01-01 UTC) so results never depend on the wall clock.
    """
    if span_days <= 0:
        raise ValueError(f"span_days must be positive, got {span_days}")
    rng = np.random.default_rng([seed, 2])
    span = span_days * 86_400.0
    ages = np.minimum(rng.exponential(span / 3.0, n_edges), span)
    return (end - ages).astype(np.int64)
