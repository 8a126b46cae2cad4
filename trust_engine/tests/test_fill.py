"""Full lists: rank(top=k) filled by deeper stages of the same rules, none for a sybil region."""

import numpy as np

from trust_engine import ThresholdTrust, TrustGraph


def layered(width=30, layers=5, extra=()):
    """Viewer 0 -> member 1 -> layer 1 (width members); each member of a layer recommends two
    neighbours in the next layer, so everyone beyond has two recommenders."""
    src, dst = [0], [1]
    first = 2
    src += [1] * width
    dst += list(range(first, first + width))
    for layer in range(layers - 1):
        base, nxt = first + layer * width, first + (layer + 1) * width
        for i in range(width):
            src += [base + i, base + i]
            dst += [nxt + i, nxt + (i + 1) % width]
    src += [s for s, _ in extra]
    dst += [d for _, d in extra]
    return np.array(src), np.array(dst), first + layers * width


def test_a_short_ranking_is_filled_to_k_below_the_head():
    src, dst, n = layered()
    g = TrustGraph.from_arrays(src, dst, np.ones(src.size), n_members=n)
    head = g.propagation(0)
    assert head.members.size == 61  # 1, the first layer and the second (3 hops)
    ranked = g.rank(0, top=100)
    assert len(ranked) == 100
    assert [m for m, _ in ranked[:61]] == head.members.tolist()
    scores = [s for _, s in ranked]
    assert scores == sorted(scores, reverse=True) and min(scores) > 0
    assert len({m for m, _ in ranked}) == 100 and 0 not in {m for m, _ in ranked}
    # Without fill stages the list stays as long as the head.
    plain = TrustGraph.from_arrays(
        src, dst, np.ones(src.size), n_members=n, algorithm=ThresholdTrust(fill_stages=0)
    )
    assert len(plain.rank(0, top=100)) == 61
    # Asking for fewer never changes the order of what is listed.
    assert g.rank(0, top=80) == ranked[:80]


def test_the_fill_gives_a_region_behind_one_gateway_nothing():
    src, dst, n = layered()
    fakes = np.arange(n, n + 50)
    attacker = n + 50
    farm_s = np.concatenate([fakes, np.repeat(fakes, 5)])
    farm_d = np.concatenate(
        [np.full(50, attacker), fakes[(np.arange(250) * 7 + np.repeat(np.arange(50), 5) + 1) % 50]]
    )
    keep = farm_s != farm_d
    gateway = n - 1  # a member of the last layer vouches for one fake and for the attacker
    s = np.concatenate([src, farm_s[keep], [gateway, gateway]])
    d = np.concatenate([dst, farm_d[keep], [fakes[0], attacker]])
    g = TrustGraph.from_arrays(s, d, np.ones(s.size), n_members=attacker + 1)
    ranked = [m for m, _ in g.rank(0, top=10_000)]
    assert len(ranked) > 100  # every honest layer is listed ...
    assert not set(ranked) & {*fakes.tolist(), attacker}  # ... and nobody from the region


def test_fill_counts_supporters_over_rounds():
    # 4 is first reached at hop 3 through 2 alone; 6 (two recommenders) reaches it at hop 4.
    src = np.array([0, 1, 1, 1, 2, 5, 7, 6, 4])
    dst = np.array([1, 2, 5, 7, 4, 6, 6, 4, 8])
    g = TrustGraph.from_arrays(src, dst, np.ones(src.size))
    head = g.propagation(0).members.tolist()
    assert 4 not in head and 6 in head
    ranked = [m for m, _ in g.rank(0, top=20)]
    assert ranked[: len(head)] == head
    assert 4 in ranked and 8 not in ranked  # 8 has one recommender
    stage = g.algorithm.fill_stage(1)
    assert stage.cumulative_support and stage.max_hops == 4 and stage.fill_stages == 0


def test_support_must_grow_with_the_recommendations_a_member_claims():
    # Viewer 0 trusts 1..4; 1 and 2 each vouch for one fake (5, 6); 200 fakes recommend the
    # attacker 7, so it claims 202 recommenders while only 2 (5 and 6) carry the viewer's trust.
    fakes = np.arange(8, 208)
    src = np.concatenate([[0, 0, 0, 0, 1, 2, 5, 6, 3, 4], fakes])
    dst = np.concatenate([[1, 2, 3, 4, 5, 6, 7, 7, 300, 300], np.full(fakes.size, 7)])
    strict = TrustGraph.from_arrays(src, dst, np.ones(src.size))
    loose = TrustGraph.from_arrays(
        src, dst, np.ones(src.size), algorithm=ThresholdTrust(support_ratio=0)
    )
    assert 7 in [m for m, _ in loose.rank(0, top=50)]
    assert 7 not in [m for m, _ in strict.rank(0, top=50)]
    # 300 has two recommenders and both carry the viewer's trust: listed either way.
    assert 300 in [m for m, _ in strict.rank(0, top=50)]
    strict.remove_edge(fakes[0], 7)  # in-degrees follow edits
    assert strict._store.in_trust[7] == 201
