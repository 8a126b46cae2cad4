"""Property tests (hypothesis) for ThresholdTrust invariants.

Invariants, for the default algorithm (max_hops=3) with a tiny push tolerance:

* scores are in (0, 1], sorted best first, the viewer never listed;
* a member the viewer trusts directly outranks every member reachable only through it
  (every path from the viewer passes through it);
* sybil ceiling: for a region S with no edges back to honest members, every member of S has
  trust <= c * max{t_h : h -> s is a trust edge, h honest or the viewer (t = 1), s in S};
  adding any edges inside S changes neither that ceiling nor any honest member's trust, so it
  can never lift the region above it;
* adding a distrust edge (between members that had no edge) never raises anyone's trust
  (this relies on max_hops <= 3: with more rounds a member dropped by the support rule could
  be reached later instead).
"""

from collections import deque

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trust_engine import ThresholdTrust, TrustGraph

ALGO = ThresholdTrust(tolerance=1e-9, threshold=0.001)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def graphs(draw, n_min=3, n_max=14, distrust=True):
    n = draw(st.integers(n_min, n_max))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
            min_size=1,
            max_size=4 * n,
            unique=True,
        )
    )
    pairs = [(u, v) for u, v in pairs if u != v]
    weights = [1, 0.8, 0.5, 0.2, -0.5, -1.0] if distrust else [1, 0.8, 0.5, 0.2]
    w = [draw(st.sampled_from(weights)) for _ in pairs]
    return n, pairs, w


def build(n, pairs, w, algo=ALGO):
    src = [p[0] for p in pairs]
    dst = [p[1] for p in pairs]
    return TrustGraph.from_arrays(
        np.array(src, dtype=np.int64),
        np.array(dst, dtype=np.int64),
        np.array(w, dtype=np.float64),
        n_members=n,
        algorithm=algo,
    )


def reachable(n, pairs, w, start, removed):
    adj = {}
    for (u, v), x in zip(pairs, w, strict=True):
        if x > 0:
            adj.setdefault(u, []).append(v)
    seen, queue = {start}, deque([start])
    while queue:
        u = queue.popleft()
        for v in adj.get(u, []):
            if v != removed and v not in seen:
                seen.add(v)
                queue.append(v)
    return seen


@SETTINGS
@given(graphs())
def test_scores_non_negative_sorted_viewer_excluded(data):
    n, pairs, w = data
    g = build(n, pairs, w)
    for viewer in range(n):
        ranked = g.rank(viewer, top=n)
        scores = [s for _, s in ranked]
        assert all(0 < s <= 1 for s in scores)
        assert scores == sorted(scores, reverse=True)
        assert viewer not in [m for m, _ in ranked]


@SETTINGS
@given(graphs())
def test_direct_trust_outranks_members_reachable_only_through_it(data):
    n, pairs, w = data
    g = build(n, pairs, w)
    viewer = 0
    for (u, a), x in zip(pairs, w, strict=True):
        if u != viewer or x <= 0:
            continue
        others = reachable(n, pairs, w, viewer, removed=a)
        t_a = g.trust(viewer, a)
        for member in range(n):
            if member not in others and member != a:
                assert g.trust(viewer, member) < t_a or g.trust(viewer, member) == 0


@st.composite
def attacked(draw):
    n, pairs, w = draw(graphs(distrust=False))
    m = draw(st.integers(2, 8))
    region = list(range(n, n + m))
    attack = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.sampled_from(region)),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    inside = draw(
        st.lists(
            st.tuples(st.sampled_from(region), st.sampled_from(region)), max_size=3 * m, unique=True
        )
    )
    extra = draw(
        st.lists(
            st.tuples(st.sampled_from(region), st.sampled_from(region)),
            min_size=1,
            max_size=3 * m,
            unique=True,
        )
    )
    return n, m, pairs, w, attack, [e for e in inside if e[0] != e[1]], extra


@SETTINGS
@given(attacked())
def test_sybil_ceiling_and_internal_edges(data):
    n, m, pairs, w, attack, inside, extra = data
    base_pairs = pairs + attack + inside
    base_w = w + [1.0] * (len(attack) + len(inside))
    more = [e for e in extra if e[0] != e[1] and e not in set(base_pairs)]
    g1 = build(n + m, base_pairs, base_w)
    g2 = build(n + m, base_pairs + more, base_w + [1.0] * len(more))
    viewer = 0
    trust1 = {x: g1.trust(viewer, x) for x in range(n + m)}
    trust2 = {x: g2.trust(viewer, x) for x in range(n + m)}
    region = range(n, n + m)
    sources = [h for h, s in attack]
    ceiling = ALGO.cap_ratio * max(1.0 if h == viewer else trust1[h] for h in sources)
    for x in range(n):
        assert trust2[x] == trust1[x]
    for trust in (trust1, trust2):
        assert max(trust[s] for s in region) <= ceiling + 1e-12


@SETTINGS
@given(graphs(), st.integers(0, 13), st.integers(0, 13), st.sampled_from([-1.0, -0.5, -0.2]))
def test_distrust_never_raises_trust(data, u, x, weight):
    n, pairs, w = data
    u, x = u % n, x % n
    if u == x or (u, x) in set(pairs):
        return
    before = build(n, pairs, w)
    after = build(n, [*pairs, (u, x)], [*w, weight])
    for viewer in range(n):
        for member in range(n):
            assert after.trust(viewer, member) <= before.trust(viewer, member) + 1e-12


@SETTINGS
@given(graphs(), st.data())
def test_incremental_edits_match_a_rebuild(data, draw):
    n, pairs, w = data
    g = build(n, pairs, w)
    current = dict(zip(pairs, w, strict=True))
    for _ in range(draw.draw(st.integers(1, 6))):
        if current and draw.draw(st.booleans()):
            edge = draw.draw(st.sampled_from(sorted(current)))
            g.remove_edge(*edge)
            del current[edge]
        else:
            u = draw.draw(st.integers(0, n))
            v = draw.draw(st.integers(0, n))
            if u == v:
                continue
            weight = draw.draw(st.sampled_from([1.0, 0.5, -1.0]))
            g.add_edge(u, v, weight)
            current[(u, v)] = weight
    size = max(g.n_members, n)
    fresh = build(size, list(current), list(current.values()))
    for viewer in range(size):
        got = g.rank(viewer, top=size)
        want = fresh.rank(viewer, top=size)
        assert [m for m, _ in got] == [m for m, _ in want]
        assert np.allclose([s for _, s in got], [s for _, s in want])
    g.compact()
    assert g.rank(0, top=size) == fresh.rank(0, top=size)
