"""Per-query override of the viewer's own out-edges (``viewer_edges``)."""

import numpy as np
import pytest

from trust_engine import TrustGraph, ViewerEdges


def random_graph(seed, n=120, m=900, topics=False):
    rng = np.random.default_rng(seed)
    src = rng.integers(0, n, m)
    dst = rng.integers(0, n, m)
    w = rng.uniform(0.2, 1.0, m)
    w[rng.random(m) < 0.08] *= -1
    top = rng.integers(-1, 3, m) if topics else None
    return src, dst, w, top, n


def without_row(src, dst, w, top, viewer):
    keep = src != viewer
    return src[keep], dst[keep], w[keep], None if top is None else top[keep]


@pytest.mark.parametrize("seed", range(6))
def test_override_equals_a_graph_holding_those_edges(seed):
    src, dst, w, top, n = random_graph(seed, topics=True)
    viewer = int(src[0])
    rng = np.random.default_rng(100 + seed)
    own_t = rng.choice(n, 7, replace=False)
    own_w = rng.uniform(0.3, 1.0, 7)
    own_w[0] = -1.0
    own_top = rng.integers(-1, 3, 7)
    s, d, ww, tt = without_row(src, dst, w, top, viewer)
    truth = TrustGraph.from_arrays(
        np.concatenate([s, np.full(7, viewer)]),
        np.concatenate([d, own_t]),
        np.concatenate([ww, own_w]),
        n_members=n,
        topics=np.concatenate([tt, own_top]),
    )
    g = TrustGraph.from_arrays(src, dst, w, n_members=n, topics=top)
    override = ViewerEdges(own_t, own_w, topics=own_top)
    assert g.rank(viewer, top=50, viewer_edges=override) == truth.rank(viewer, top=50)
    for topic in (0, 1, 2):
        got = g.rank(viewer, top=50, topic=topic, viewer_edges=override)
        assert got == truth.rank(viewer, top=50, topic=topic)
    for member, score in truth.rank(viewer, top=10):
        assert g.trust(viewer, member, viewer_edges=override) == score
        assert g.explain(viewer, member, viewer_edges=override) == truth.explain(viewer, member)
    # Everyone else's view is the graph's own.
    other = (viewer + 1) % n
    assert g.rank(other, top=50) == TrustGraph.from_arrays(
        src, dst, w, n_members=n, topics=top
    ).rank(other, top=50)


def test_cached_results_never_mix_overrides():
    g = TrustGraph.from_arrays([0, 0, 1, 2, 3], [1, 2, 3, 4, 4], [1.0, 1.0, 1.0, 1.0, 1.0])
    plain = g.rank(0)
    blocked = g.rank(0, viewer_edges=([1, 2, 3], [1.0, 1.0, -1.0]))
    only_two = g.rank(0, viewer_edges=([2], [1.0]))
    assert 3 in [m for m, _ in plain]
    assert 3 not in [m for m, _ in blocked]
    assert [m for m, _ in only_two] == [2, 4]
    # Repeating each query returns its own answer, whatever ran in between.
    assert g.rank(0) == plain
    assert g.rank(0, viewer_edges=([2], [1.0])) == only_two
    assert g.rank(0, viewer_edges=([1, 2, 3], [1.0, 1.0, -1.0])) == blocked
    assert g.trust(0, 3, viewer_edges=([1, 2, 3], [1.0, 1.0, -1.0])) == 0.0
    assert g.trust(0, 3) > 0
    # Same edges in another order (and a dropped self-loop) are the same query.
    again = g.propagation(0, viewer_edges=([3, 0, 2, 1], [-1.0, 1.0, 1.0, 1.0]))
    assert again is g.propagation(0, viewer_edges=([1, 2, 3], [1.0, 1.0, -1.0]))
    assert g.propagation(0) is not again


def test_empty_override_and_repeated_target():
    g = TrustGraph.from_arrays([0, 1], [1, 2], [1.0, 1.0])
    assert g.rank(0, viewer_edges=([], [])) == []
    assert g.rank(0, viewer_edges=([1, 1], [1.0, -1.0])) == []  # the last edge wins
    assert g.rank(0, viewer_edges=([2, 2], [-1.0, 1.0]))[0][0] == 2


def test_override_timestamps_fade_like_added_edges():
    day = 86400.0
    g = TrustGraph.from_arrays([0, 1], [1, 2], [1.0, 1.0], timestamps=[1000 * day, 1000 * day])
    fresh = ViewerEdges([1, 2], [1.0, 1.0], timestamps=[1000 * day, 1000 * day])
    old = ViewerEdges([1, 2], [1.0, 1.0], timestamps=[1000 * day, (1000 - 2190) * day])
    assert g.trust(0, 2, viewer_edges=fresh) > g.trust(0, 2, viewer_edges=old)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (([1, 9], [1.0, 1.0]), "out of range"),
        (([1], [1.0, 1.0]), "length mismatch"),
        (([1], [0.0]), r"viewer_edges.weights\[0\] = 0.0"),
        (([1], [1.5]), r"viewer_edges.weights\[0\] = 1.5"),
        (([-1], [1.0]), "negative"),
        (([1.5], [1.0]), "not an integer"),
        (([1], [1.0], [0]), "pair"),
        ("edges", "pair"),
        (ViewerEdges([1], [1.0], topics=[1, 2]), "topics"),
        (ViewerEdges([1], [1.0], timestamps=[float("inf")]), "finite"),
    ],
)
def test_bad_overrides_are_rejected(override, message):
    g = TrustGraph.from_arrays([0, 1], [1, 2], [1.0, 1.0])
    for query in (
        lambda: g.rank(0, viewer_edges=override),
        lambda: g.trust(0, 2, viewer_edges=override),
        lambda: g.explain(0, 2, viewer_edges=override),
        lambda: g.propagation(0, viewer_edges=override),
    ):
        with pytest.raises(ValueError, match=message):
            query()
