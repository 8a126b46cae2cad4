"""The synthetic network generator: exact sizes, validity, determinism and heavy tails."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trust_engine import TrustGraph
from trust_engine.synthetic import power_law_graph, synthetic_timestamps, synthetic_topics


def check_valid(n: int, m: int, arrays: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    sources, targets, weights = arrays
    assert sources.dtype == np.int32 and targets.dtype == np.int32
    assert weights.dtype == np.float32
    assert sources.shape == targets.shape == weights.shape == (m,)
    if m:
        assert sources.min() >= 0 and targets.min() >= 0
        assert sources.max() < n and targets.max() < n
        assert weights.min() > 0 and weights.max() <= 1
    assert not (sources == targets).any()
    keys = sources.astype(np.int64) * n + targets
    assert np.unique(keys).size == m


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(2, 60),
    density=st.floats(0, 1),
    seed=st.integers(0, 2**32 - 1),
    exponent=st.floats(2.05, 4.0),
)
def test_any_size_up_to_complete_is_valid(n: int, density: float, seed: int, exponent: float):
    m = int(density * n * (n - 1))
    check_valid(n, m, power_law_graph(n, m, seed=seed, exponent=exponent))


def test_same_seed_same_graph_other_seed_other_graph() -> None:
    a = power_law_graph(2_000, 20_000, seed=7)
    b = power_law_graph(2_000, 20_000, seed=7)
    c = power_law_graph(2_000, 20_000, seed=8)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert not np.array_equal(a[0], c[0])


def test_degrees_are_heavy_tailed() -> None:
    n, m = 20_000, 200_000
    sources, targets, _ = power_law_graph(n, m, seed=1)
    for degrees in (np.bincount(sources, minlength=n), np.bincount(targets, minlength=n)):
        # A power law puts far more mass in the tail than a Poisson graph of the same mean
        # (whose maximum would be about 25); the median stays near the lower end.
        assert degrees.max() > 50 * (m / n)
        assert np.median(degrees) < m / n
        top_share = np.sort(degrees)[-n // 100 :].sum() / m
        assert top_share > 0.1


def test_in_exponent_changes_only_in_degrees() -> None:
    n, m = 20_000, 200_000
    steep_in = power_law_graph(n, m, seed=1, exponent=2.2, in_exponent=3.5)
    in_max = np.bincount(steep_in[1], minlength=n).max()
    out_max = np.bincount(steep_in[0], minlength=n).max()
    assert out_max > 3 * in_max


def test_engine_accepts_the_generated_graph() -> None:
    sources, targets, weights = power_law_graph(500, 4_000, seed=3)
    topics = synthetic_topics(4_000, n_topics=5, seed=3)
    timestamps = synthetic_timestamps(4_000, seed=3)
    graph = TrustGraph.from_arrays(
        sources, targets, weights, n_members=500, topics=topics, timestamps=timestamps
    )
    viewer = int(sources[0])
    ranked = graph.rank(viewer, top=10)
    assert ranked and all(member != viewer for member, _ in ranked)


def test_topics_and_timestamps() -> None:
    topics = synthetic_topics(10_000, n_topics=4, seed=1, general_share=0.25)
    assert topics.dtype == np.int32 and topics.min() == -1 and topics.max() == 3
    assert 0.2 < (topics == -1).mean() < 0.3
    counts = np.bincount(topics[topics >= 0])
    assert counts[0] > counts[3]  # Zipf-like popularity
    assert np.array_equal(topics, synthetic_topics(10_000, n_topics=4, seed=1, general_share=0.25))
    stamps = synthetic_timestamps(10_000, seed=1, end=1_000_000_000, span_days=10)
    assert stamps.dtype == np.int64
    assert stamps.max() <= 1_000_000_000 and stamps.min() >= 1_000_000_000 - 10 * 86_400


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((1, 0), {}),
        ((3, 7), {}),
        ((10, -1), {}),
        ((10, 10), {"exponent": 2.0}),
        ((10, 10), {"exponent": float("nan")}),
        ((10, 10), {"in_exponent": 1.5}),
    ],
)
def test_impossible_requests_raise_value_error(args: tuple, kwargs: dict) -> None:
    with pytest.raises(ValueError):
        power_law_graph(*args, **kwargs)
    with pytest.raises(ValueError):
        synthetic_topics(10, n_topics=0)
