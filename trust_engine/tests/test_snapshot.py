"""The memory-mapped snapshot: same answers as the graph it was written from, atomic replace."""

import os
import threading

import numpy as np
import pytest

from trust_engine import TrustGraph
from trust_engine.snapshot import read_header, read_snapshot, write_snapshot
from trust_engine.synthetic import power_law_graph


def _graph(n=400, m=3000, seed=3):
    src, dst, weight = power_law_graph(n, m, seed=seed)
    ts = np.linspace(1.6e9, 1.7e9, src.size)
    return TrustGraph.from_arrays(src, dst, weight, n_members=n, timestamps=ts)


def _viewers(graph, k=15):
    rng = np.random.default_rng(0)
    return [int(v) for v in rng.choice(graph.n_members, size=k, replace=False)]


def test_round_trip_gives_the_same_answers_from_mapped_arrays(tmp_path):
    graph = _graph()
    path = tmp_path / "trust.snap"
    ids = np.arange(1000, 1000 + graph.n_members, dtype=np.int64)
    write_snapshot(path, graph, {"user_ids": ids}, {"position": [42, 1.5]})
    snap = read_snapshot(path)
    assert snap.meta == {"position": [42, 1.5]}
    assert np.array_equal(snap.arrays["user_ids"], ids)
    assert not snap.arrays["user_ids"].flags.writeable
    loaded = snap.graph
    assert loaded.n_members == graph.n_members and loaded.n_edges == graph.n_edges
    assert loaded.algorithm == graph.algorithm and loaded.as_of == graph.as_of
    for v in _viewers(graph):
        assert loaded.rank(v, top=50) == graph.rank(v, top=50)
        target = graph.rank(v, top=5)
        if target:
            x = target[-1][0]
            assert [p.members for p in loaded.explain(v, x)] == [
                p.members for p in graph.explain(v, x)
            ]


def test_topic_labels_and_their_edits_survive_the_round_trip(tmp_path):
    src, dst, weight = power_law_graph(400, 3000, seed=5)
    rng = np.random.default_rng(1)
    labelled = rng.choice(src.size, size=1200, replace=False)
    topics = rng.integers(0, 4, size=labelled.size)
    graph = TrustGraph.from_arrays(
        src, dst, weight, n_members=400, edge_topics=(src[labelled], dst[labelled], topics)
    )
    # Edits: relabel one edge, add a labelled edge, remove a labelled one.
    graph.add_edge(int(src[labelled[0]]), int(dst[labelled[0]]), 0.9, topics=[3, 2])
    graph.add_edge(7, 399, 1.0, topics=[1])
    graph.remove_edge(int(src[labelled[1]]), int(dst[labelled[1]]))
    path = tmp_path / "trust.snap"
    write_snapshot(path, graph)
    loaded = read_snapshot(path).graph
    assert any(name.startswith("graph.label") for name in read_header(path)["arrays"])
    for v in _viewers(graph):
        for topic in range(4):
            assert loaded.rank(v, top=50, topic=topic) == graph.rank(v, top=50, topic=topic)
    # An unlabelled copy answers differently: the labels really are what was compared.
    bare = TrustGraph.from_arrays(src, dst, weight, n_members=400)
    assert any(
        bare.rank(v, top=50, topic=2) != graph.rank(v, top=50, topic=2) for v in _viewers(graph)
    )


def test_edits_after_loading_go_to_the_overlay_not_the_file(tmp_path):
    graph = _graph()
    path = tmp_path / "trust.snap"
    write_snapshot(path, graph)
    before = path.read_bytes()
    loaded = read_snapshot(path).graph
    viewer = _viewers(graph, 1)[0]
    new_member = graph.n_members + 5
    loaded.add_edge(viewer, new_member, 1.0)
    graph.add_edge(viewer, new_member, 1.0)
    assert loaded.rank(viewer, top=100) == graph.rank(viewer, top=100)
    assert any(m == new_member for m, _s in loaded.rank(viewer, top=1000))
    assert path.read_bytes() == before


def test_a_graph_with_edits_is_written_with_them(tmp_path):
    graph = _graph()
    viewer = _viewers(graph, 1)[0]
    first = graph.rank(viewer, top=3)[0][0]
    if graph.edge(viewer, first):
        graph.remove_edge(viewer, first)
    graph.add_edge(viewer, (viewer + 1) % graph.n_members, 0.7)
    write_snapshot(tmp_path / "s", graph)
    loaded = read_snapshot(tmp_path / "s").graph
    got, want = loaded.rank(viewer, top=100), graph.rank(viewer, top=100)
    # Edited rows are re-derived in float32 one by one, the written file all at once.
    assert [m for m, _s in got] == [m for m, _s in want]
    assert [s for _m, s in got] == pytest.approx([s for _m, s in want], rel=1e-5)
    assert loaded.n_edges == graph.n_edges


def test_replace_is_atomic_and_an_open_mapping_keeps_its_graph(tmp_path):
    path = tmp_path / "trust.snap"
    old, new = _graph(seed=3), _graph(seed=4)
    write_snapshot(path, old, meta={"generation": "old"})
    mapped = read_snapshot(path)
    viewer = _viewers(old, 1)[0]
    expected_old = old.rank(viewer, top=50)
    seen: list[str] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            seen.append(read_header(path)["meta"]["generation"])

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(20):
            write_snapshot(path, new if i % 2 == 0 else old, meta={"generation": f"g{i}"})
    finally:
        stop.set()
        thread.join()
    assert seen and all(g == "old" or g.startswith("g") for g in seen)
    assert mapped.graph.rank(viewer, top=50) == expected_old
    assert [p.name for p in tmp_path.iterdir()] == ["trust.snap"]  # no temporary left behind


def test_bad_input_is_refused(tmp_path):
    graph = _graph(n=50, m=200)
    with pytest.raises(ValueError, match="reserved"):
        write_snapshot(tmp_path / "s", graph, {"graph.indptr": np.zeros(2)})
    with pytest.raises(ValueError, match="1-d"):
        write_snapshot(tmp_path / "s", graph, {"x": np.zeros((2, 2))})
    with pytest.raises(ValueError, match="JSON"):
        write_snapshot(tmp_path / "s", graph, meta={"x": object()})
    assert not (tmp_path / "s").exists()
    (tmp_path / "junk").write_bytes(b"not a snapshot at all")
    with pytest.raises(ValueError, match="not a trust snapshot"):
        read_snapshot(tmp_path / "junk")
    write_snapshot(tmp_path / "s", graph)
    size = os.path.getsize(tmp_path / "s")
    with open(tmp_path / "s", "r+b") as f:
        f.truncate(size - 100)
    with pytest.raises(ValueError, match="truncated"):
        read_snapshot(tmp_path / "s")
