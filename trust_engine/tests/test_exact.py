"""Tiny hand-computed graphs with exact expected values (default ThresholdTrust, no timestamps)."""

import pytest

from trust_engine import ThresholdTrust, TrustGraph

D = 0.8
PLAIN = ThresholdTrust(reciprocal_discount=1.0, half_life_days=None)


def graph(edges, algorithm=PLAIN, **kw):
    src, dst, w = zip(*edges, strict=True)
    return TrustGraph.from_arrays(list(src), list(dst), list(w), algorithm=algorithm, **kw)


def test_chain_values():
    # 0 -> 1 -> 2: member 1 has one trust edge, so passes 1/sink = 1/5 of its trust.
    g = graph([(0, 1, 1.0), (1, 2, 1.0)])
    assert g.trust(0, 1) == pytest.approx(D)
    assert g.trust(0, 2) == pytest.approx(D * D / 5)
    assert g.rank(0) == [(1, pytest.approx(D)), (2, pytest.approx(D * D / 5))]


def test_viewer_weights_are_relative_to_their_strongest_edge():
    g = graph([(0, 1, 0.5), (0, 2, 0.25)])
    assert g.trust(0, 1) == pytest.approx(D)
    assert g.trust(0, 2) == pytest.approx(D * 0.5)


def test_shares_split_by_weight_and_sink():
    # Member 1 has 2 trust edges (weights 1.0 and 0.5): passes 2/5 of its trust, split 2:1.
    g = graph([(0, 1, 1.0), (1, 2, 1.0), (1, 3, 0.5)])
    assert g.trust(0, 2) == pytest.approx(D * D * (2 / 5) * (2 / 3))
    assert g.trust(0, 3) == pytest.approx(D * D * (2 / 5) * (1 / 3))


def test_two_recommenders_add_up_but_never_exceed_cap():
    # 0 trusts 1 and 2; each has a single edge to 3: flow = 2 * d * d / 5; cap = d * d.
    g = graph([(0, 1, 1.0), (0, 2, 1.0), (1, 3, 1.0), (2, 3, 1.0)])
    assert g.trust(0, 3) == pytest.approx(2 * D * D / 5)
    many = [(0, i, 1.0) for i in range(1, 30)] + [(i, 99, 1.0) for i in range(1, 30)]
    assert graph(many).trust(0, 99) == pytest.approx(D * D)


def test_third_hop_needs_two_supporters():
    # 0 -> 1 -> 2 -> 3: member 3 is first reached in round 3 by a single member: dropped.
    single = graph([(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)])
    assert single.trust(0, 3) == 0.0
    # With two second-hop members vouching for 3 it is kept: flow = 2 * d * t2 / 5.
    edges = [(0, 1, 1.0), (1, 2, 1.0), (1, 4, 1.0), (2, 3, 1.0), (4, 3, 1.0)]
    t2 = D * D * (2 / 5) * (1 / 2)
    assert graph(edges).trust(0, 3) == pytest.approx(2 * D * t2 / 5)
    # Nothing beyond max_hops (3) is reached.
    deeper = edges + [(3, 5, 1.0)]
    assert graph(deeper).trust(0, 5) == 0.0


def test_threshold_stops_weak_members_from_vouching():
    # full_reach_edges=0: the absolute threshold, whatever the viewer's edge count.
    algo = ThresholdTrust(
        reciprocal_discount=1.0, half_life_days=None, threshold=0.2, full_reach_edges=0
    )
    g = graph([(0, 1, 1.0), (1, 2, 1.0), (1, 5, 1.0), (2, 3, 1.0), (5, 3, 1.0)], algo)
    # t2 = t5 = 0.8 * 0.8 * 0.2 = 0.128 < 0.2, so neither passes trust to 3.
    assert g.trust(0, 2) == pytest.approx(0.128)
    assert g.trust(0, 3) == 0.0


def test_threshold_scales_with_the_viewers_trust_edges():
    algo = ThresholdTrust(reciprocal_discount=1.0, half_life_days=None, threshold=0.2)
    chain = [(0, 1, 1.0), (1, 2, 1.0), (1, 5, 1.0), (2, 3, 1.0), (5, 3, 1.0)]
    # One trust edge out of full_reach_edges = 10: threshold 0.2 * 1 / 10 = 0.02 < t2 = t5 =
    # 0.128, so both pass on: 3 has two supporters, flow = 2 * 0.8 * 0.128 / 5 = 0.04096,
    # below its cap 0.8 * 0.128.
    g = graph(chain, algo)
    assert g.trust(0, 2) == pytest.approx(0.128)
    assert g.trust(0, 3) == pytest.approx(2 * D * 0.128 / 5)
    # With ten trust edges (nine more, to members 10..18) the full threshold 0.2 applies again.
    wide = graph(chain + [(0, i, 1.0) for i in range(10, 19)], algo)
    assert wide.trust(0, 2) == pytest.approx(0.128)
    assert wide.trust(0, 3) == 0.0


def test_reciprocal_discount():
    algo = ThresholdTrust(reciprocal_discount=0.5, half_life_days=None)
    g = graph([(0, 1, 1.0), (1, 2, 1.0), (2, 1, 1.0)], algo)
    assert g.trust(0, 2) == pytest.approx(D * D / 5 * 0.5)
    # The viewer's own edges are never discounted.
    g2 = graph([(0, 1, 1.0), (1, 0, 1.0)], algo)
    assert g2.trust(0, 1) == pytest.approx(D)


def test_time_fading_halves_after_one_half_life():
    algo = ThresholdTrust(reciprocal_discount=1.0, half_life_days=10.0)
    day = 86400.0
    g = TrustGraph.from_arrays(
        [0, 0], [1, 2], [1.0, 1.0], timestamps=[100 * day, 90 * day], algorithm=algo
    )
    assert g.trust(0, 1) == pytest.approx(D)
    assert g.trust(0, 2) == pytest.approx(D * 0.5)


def test_viewer_distrust_blocks_and_others_distrust_scales():
    g = graph([(0, 1, 1.0), (0, 2, -1.0), (1, 2, 1.0)])
    assert g.trust(0, 2) == 0.0
    assert all(m != 2 for m, _ in g.rank(0))
    # 1 trusts 2 and 3 (trust 0.8 each) distrusts 2: both edges carry 1/sink of 0.8.
    h = graph([(0, 1, 1.0), (0, 3, 1.0), (1, 2, 1.0), (3, 2, -1.0)])
    t0 = D * D / 5
    distrust = D * (1 / 5) * D
    assert h.trust(0, 2) == pytest.approx(t0 * t0 / (t0 + distrust))


def test_topic_last_step():
    g = TrustGraph.from_arrays(
        [0, 1, 1], [1, 2, 3], [1.0, 1.0, 1.0], topics=[-1, 7, -1], algorithm=PLAIN
    )
    assert g.rank(0, topic=7) == [(2, pytest.approx(D * D * 2 / 5 / 2))]
    assert g.rank(0, topic=8) == []


def test_explain_paths_and_strengths():
    g = graph([(0, 1, 1.0), (0, 2, 0.5), (1, 3, 1.0), (2, 3, 1.0), (1, 2, 1.0)])
    paths = g.explain(0, 3)
    assert [p.members for p in paths] == [[0, 1, 3], [0, 2, 3], [0, 1, 2, 3]]
    assert paths[0].strength == pytest.approx(D * D * (2 / 5) / 2)
    assert paths[1].strength == pytest.approx(D * 0.5 * D / 5)
    assert paths[2].strength == pytest.approx(D * (D / 5) * (D / 5))
    assert paths[0].strength >= paths[1].strength >= paths[2].strength
    assert len(g.explain(0, 3, max_paths=1)) == 1
    assert g.explain(3, 0) == []
