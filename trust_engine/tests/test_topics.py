"""Topic trust: edges carrying several topics, edits of labels, explain(topic)."""

import numpy as np
import pytest

from trust_engine import TrustGraph

# 0 trusts 1 and 2; 1 and 2 recommend 3 (1 for topics 5 and 7, 2 for topic 7 only);
# 1 recommends 4 for topic 5; 0 recommends 5 directly for topic 7.
SRC = [0, 0, 1, 2, 1, 0]
DST = [1, 2, 3, 3, 4, 5]
LABELS = ([1, 1, 2, 1, 0], [3, 3, 3, 4, 5], [5, 7, 7, 5, 7])


def graph(**kw):
    return TrustGraph.from_arrays(SRC, DST, np.ones(6), edge_topics=LABELS, **kw)


def members(ranked):
    return [m for m, _ in ranked]


def test_an_edge_counts_for_each_of_its_topics():
    g = graph()
    assert sorted(members(g.rank(0, topic=5))) == [3, 4]
    assert sorted(members(g.rank(0, topic=7))) == [3, 5]
    assert g.rank(0, topic=9) == []
    # Two recommenders of 3 for topic 7, one for topic 5: more trust for topic 7.
    assert g.trust(0, 3, topic=7) > g.trust(0, 3, topic=5) > 0
    assert g.trust(0, 4, topic=7) == 0.0


def test_label_edits_replace_and_clear_and_survive_compaction():
    g = graph()
    g.add_edge(1, 4, 1.0, topics=[7])
    assert 4 in members(g.rank(0, topic=7)) and 4 not in members(g.rank(0, topic=5))
    g.add_edge(2, 3, 1.0)  # replaced without labels
    only_one = g.trust(0, 3, topic=7)
    assert 0 < only_one < graph().trust(0, 3, topic=7)
    g.remove_edge(0, 5)
    g.add_edge(0, 5, 1.0)
    assert 5 not in members(g.rank(0, topic=7))
    before = {t: g.rank(0, topic=t) for t in (5, 7)}
    g.compact()
    assert {t: g.rank(0, topic=t) for t in (5, 7)} == before


def test_single_topic_column_still_counts():
    g = TrustGraph.from_arrays([0, 1], [1, 2], [1.0, 1.0], topics=[-1, 4])
    assert members(g.rank(0, topic=4)) == [2]


def test_explain_with_a_topic_ends_on_an_edge_carrying_it():
    g = graph()
    for path in g.explain(0, 3, topic=5):
        assert path.members[-2] == 1
    assert {tuple(p.members) for p in g.explain(0, 3, topic=7)} == {(0, 1, 3), (0, 2, 3)}
    assert g.explain(0, 4, topic=7) == []
    assert g.explain(0, 4)  # without a topic any last hop will do
    assert g.explain(0, 5, topic=7) == [g.explain(0, 5)[0]]


@pytest.mark.parametrize(
    ("edge_topics", "message"),
    [
        (([0], [1]), "sources, targets, topics"),
        (([0], [1], [1, 2]), "length mismatch"),
        (([0], [9], [1]), "out of range"),
        (([0], [1], [-2]), "negative"),
    ],
)
def test_bad_labels_are_rejected(edge_topics, message):
    with pytest.raises(ValueError, match=message):
        TrustGraph.from_arrays([0], [1], [1.0], edge_topics=edge_topics)
    with pytest.raises(ValueError, match="topic label"):
        TrustGraph.from_arrays([0], [1], [1.0]).add_edge(0, 1, 1.0, topics=[-1])
