"""Public API: validation, metadata, versions, caching, incremental edits, isolation."""

import json
import subprocess
import sys

import numpy as np
import pytest

from trust_engine import RankResult, ThresholdTrust, TrustGraph
from trust_engine.attacks import attach_sybil_region


def small():
    return TrustGraph.from_arrays(
        np.array([0, 0, 1, 2]), np.array([1, 2, 3, 3]), np.array([1.0, 0.5, 1.0, 1.0])
    )


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([1.0, float("nan")], r"weights\[1\] = nan"),
        ([1.0, 1.5], r"weights\[1\] = 1.5"),
        ([0.0, 1.0], r"weights\[0\] = 0.0"),
        ([-1.2, 1.0], r"weights\[0\] = -1.2"),
    ],
)
def test_bad_weights_name_index_and_value(weights, message):
    with pytest.raises(ValueError, match=message):
        TrustGraph.from_arrays([0, 1], [1, 2], weights)


def test_bad_shapes_and_ids():
    with pytest.raises(ValueError, match="length mismatch"):
        TrustGraph.from_arrays([0, 1], [1], [1.0, 1.0])
    with pytest.raises(ValueError, match=r"sources\[1\] = -3"):
        TrustGraph.from_arrays([0, -3], [1, 2], [1.0, 1.0])
    with pytest.raises(ValueError, match=r"targets\[0\] = 1.5"):
        TrustGraph.from_arrays([0], [1.5], [1.0])
    with pytest.raises(ValueError, match="out of range for n_members=2"):
        TrustGraph.from_arrays([0], [5], [1.0], n_members=2)
    with pytest.raises(ValueError, match="topics"):
        TrustGraph.from_arrays([0], [1], [1.0], topics=[1, 2])
    with pytest.raises(ValueError, match=r"timestamps\[0\]"):
        TrustGraph.from_arrays([0], [1], [1.0], timestamps=[float("inf")])


def test_bad_queries():
    g = small()
    with pytest.raises(ValueError, match="unknown viewer 99"):
        g.rank(99)
    with pytest.raises(ValueError, match="viewer"):
        g.rank("a")
    with pytest.raises(ValueError, match="top"):
        g.rank(0, top=-1)
    with pytest.raises(ValueError, match="unknown target 7"):
        g.trust(0, 7)
    with pytest.raises(ValueError, match="weight = 2"):
        g.add_edge(0, 3, 2)
    with pytest.raises(ValueError, match="self-loop"):
        g.add_edge(1, 1, 1.0)
    with pytest.raises(ValueError, match="no edge 3->0"):
        g.remove_edge(3, 0)
    with pytest.raises(ValueError, match="decay"):
        ThresholdTrust(decay=1.5)


def test_self_loops_dropped_and_last_duplicate_wins():
    g = TrustGraph.from_arrays([0, 0, 0, 1], [0, 1, 1, 2], [1.0, 1.0, -1.0, 1.0])
    assert g.n_edges == 2
    assert g.edge(0, 1) == (-1.0, None)
    assert g.rank(0) == []


def test_rank_result_metadata_and_json_round_trip():
    g = small()
    result = g.rank_result(0, top=2)
    assert isinstance(result, RankResult)
    assert result.algorithm == "threshold_trust"
    assert result.params == g.algorithm.params
    assert result.graph_version == 0
    assert [m for m, _ in result.items] == [1, 2]
    with pytest.raises(AttributeError):
        result.items = ()  # frozen
    text = g.algorithm.to_json()
    assert json.loads(text)["params"]["decay"] == g.algorithm.decay
    assert ThresholdTrust.from_json(text) == g.algorithm


def test_edits_bump_version_and_are_seen_by_the_next_query():
    g = small()
    assert g.trust(0, 4 if g.n_members > 4 else 3) >= 0
    before = g.rank(0)
    g.add_edge(0, 5, 1.0, topic=3)
    assert g.version == 1
    assert g.n_members == 6
    assert 5 in [m for m, _ in g.rank(0)]
    assert g.rank(0, topic=3)[0][0] == 5
    g.remove_edge(0, 5)
    assert g.version == 2
    assert g.rank(0) == before
    g.add_edge(0, 3, -1.0)
    assert g.trust(0, 3) == 0.0
    assert g.rank_result(0).graph_version == 3


def test_repeated_queries_hit_the_cache():
    g = small()
    first = g.propagation(0)
    assert g.propagation(0) is first
    g.add_edge(3, 0, 1.0)
    assert g.propagation(0) is not first


def test_trust_self_and_explain_edge_cases():
    g = small()
    assert g.trust(0, 0) == 1.0
    assert g.explain(0, 0) == []
    assert g.explain(0, 3, max_paths=0) == []
    paths = g.explain(0, 3)
    assert paths[0].members[0] == 0 and paths[0].members[-1] == 3
    assert all(len(p.members) <= 5 for p in paths)


def test_explain_matches_trust_on_a_larger_graph():
    rng = np.random.default_rng(5)
    src = rng.integers(0, 300, 3000)
    dst = rng.integers(0, 300, 3000)
    g = TrustGraph.from_arrays(src, dst, np.ones(3000))
    for member, score in g.rank(0, top=20):
        paths = g.explain(0, member)
        assert paths, member
        assert all(1 <= len(p.members) - 1 <= 4 for p in paths)
        assert [p.strength for p in paths] == sorted((p.strength for p in paths), reverse=True)
        assert paths[0].strength <= score + 1e-9 or len(paths[0].members) > 2


def test_storage_is_flat_int32_float32():
    store = small()._store
    assert store.indices.dtype == np.int32
    assert store.eff.dtype == np.float32 and store.share.dtype == np.float32
    assert store.indptr.ndim == 1


def test_attach_sybil_region_is_deterministic_and_shaped():
    src, dst, w = np.array([0, 1]), np.array([1, 2]), np.array([1.0, 1.0])
    a = attach_sybil_region(src, dst, w, 3, n_fakes=50, fake_links=10, attack_edges=7, seed=4)
    b = attach_sybil_region(src, dst, w, 3, n_fakes=50, fake_links=10, attack_edges=7, seed=4)
    assert all(np.array_equal(x, y) for x, y in zip(a[:3], b[:3], strict=True))
    s, t, _, n, region = a
    assert n == 3 + 51 and region.attacker == 3
    fakes = set(region.fakes.tolist())
    out = np.bincount(s[2:], minlength=n)
    assert all(out[f] == 11 for f in fakes)
    assert (t[2:][np.isin(s[2:], list(fakes))] == 3).sum() == 50
    assert region.attack_sources.size == 7 and set(region.attack_sources) <= {0, 1, 2}
    farm = np.isin(s, list(fakes)) & np.isin(t, list(fakes))
    assert not (s[farm] == t[farm]).any()


def test_link_farm_attacker_stays_out_of_a_viewers_ranking():
    rng = np.random.default_rng(1)
    n = 400
    src = rng.integers(0, n, 4000)
    dst = rng.integers(0, n, 4000)
    s, t, w, total, region = attach_sybil_region(
        src, dst, np.ones(4000), n, n_fakes=100, attack_edges=20, seed=2, honest=np.arange(1, n)
    )
    g = TrustGraph.from_arrays(s, t, w, n_members=total)
    assert region.attacker not in [m for m, _ in g.rank(0, top=100)]


def test_importing_the_engine_never_loads_django():
    code = "import sys, trust_engine, trust_engine.graph; print('django' in sys.modules)"
    out = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"
