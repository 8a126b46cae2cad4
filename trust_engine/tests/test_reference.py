"""The local (compact-index) implementation gives exactly the answers of the dense one.

``reference_threshold.py`` is a frozen copy of the algorithm as it was before queries stopped
allocating arrays of length n: it is the reference, never used by the engine.
"""

import numpy as np
import pytest
from reference_threshold import ThresholdTrust as DenseThresholdTrust

from trust_engine import ThresholdTrust, TrustGraph


def random_graph(seed: int):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(30, 400))
    m = int(rng.integers(n, 12 * n))
    # Skewed endpoints, so some members are hubs and the support rule matters.
    pop = rng.pareto(1.5, n) + 1
    src = rng.choice(n, size=m, p=pop / pop.sum())
    dst = rng.choice(n, size=m, p=pop / pop.sum())
    w = rng.uniform(0.05, 1.0, m)
    w[rng.random(m) < 0.1] *= -1
    topics = rng.integers(-1, 4, m)
    ts = rng.uniform(0, 3e8, m)
    return src, dst, w, topics, ts, n


# support_ratio 0: the reference predates the in-degree-aware support rule.
ALGORITHMS = [
    ThresholdTrust(support_ratio=0),
    ThresholdTrust(threshold=0.0005, max_hops=5, min_support=1, support_ratio=0),
    ThresholdTrust(threshold=0.0, full_reach_edges=0, tolerance=1e-9, max_hops=4, support_ratio=0),
    ThresholdTrust(
        sink=1, reciprocal_discount=0.5, half_life_days=None, min_support=3, support_ratio=0
    ),
]


def dense_of(algorithm):
    """The reference with the same parameters (it predates the fill parameters)."""
    known = DenseThresholdTrust.__dataclass_fields__
    return DenseThresholdTrust(**{k: v for k, v in algorithm.params.items() if k in known})


def same(a, b):
    for field in ("members", "scores", "active", "active_trust", "factor_members"):
        x, y = getattr(a, field), getattr(b, field)
        assert np.array_equal(x, y), field
    assert np.array_equal(a.factor_values, b.factor_values)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("algorithm", ALGORITHMS, ids=range(len(ALGORITHMS)))
def test_local_equals_dense_reference(seed, algorithm):
    src, dst, w, topics, ts, n = random_graph(seed)
    g = TrustGraph.from_arrays(src, dst, w, n, topics=topics, timestamps=ts, algorithm=algorithm)
    dense = dense_of(algorithm)
    store = g._store
    rng = np.random.default_rng(1000 + seed)
    viewers = rng.choice(np.unique(src), size=min(15, np.unique(src).size), replace=False)
    for v in viewers.tolist():
        for topic in (None, 1):
            same(algorithm(store, v, topic), dense(store, v, topic))


def test_local_equals_dense_after_edits_and_growth():
    src, dst, w, topics, ts, n = random_graph(99)
    g = TrustGraph.from_arrays(src, dst, w, n, algorithm=ThresholdTrust(support_ratio=0))
    g.rank(int(src[0]))  # the slot map exists before the graph grows
    rng = np.random.default_rng(3)
    for _ in range(40):
        u, v = (int(x) for x in rng.integers(0, n + 20, 2))
        if u != v:
            g.add_edge(u, v, float(rng.choice([1.0, 0.5, -1.0])))
    dense = dense_of(g.algorithm)
    for v in range(0, g.n_members, 7):
        same(g.algorithm(g._store, v), dense(g._store, v))


def test_no_query_allocates_arrays_of_length_n():
    import tracemalloc

    n = 2_000_000
    rng = np.random.default_rng(0)
    src = rng.integers(0, 1000, 5000)
    dst = rng.integers(0, 1000, 5000)
    g = TrustGraph.from_arrays(src, dst, np.ones(5000), n_members=n)
    g.rank(int(src[0]))  # the per-thread slot map is made once
    tracemalloc.start()
    try:
        for v in np.unique(src)[:20].tolist():
            g.propagation(v)
            g.explain(v, int(dst[0]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # A dense float64 array of length n alone would be 16 MB.
    assert peak < n
