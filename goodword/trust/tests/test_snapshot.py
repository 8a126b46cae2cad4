"""The machine-wide memory-mapped trust snapshot: processes load it instead of building, replay
the change log from its position, and stay correct while it is replaced."""

import threading

import pytest

from goodword.trust import snapshot
from goodword.trust.adapter import TrustNetwork
from goodword.trust.models import TrustEdgeChange
from goodword.trust.services import record_rebuild, request_trust_refresh

from .conftest import recommend

pytestmark = pytest.mark.django_db


@pytest.fixture
def snap_path(settings, tmp_path):
    settings.TRUST_SNAPSHOT_PATH = str(tmp_path / "trust-graph.snap")
    return tmp_path / "trust-graph.snap"


def ranking(network, viewer, **kwargs):
    return network.rank(viewer.pk, **kwargs)


def builds_counted(network, monkeypatch):
    calls = []
    original = network.rebuild

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(network, "rebuild", counting)
    return calls


def test_a_build_writes_the_snapshot_and_a_fresh_process_maps_it(
    people, snap_path, monkeypatch, django_assert_max_num_queries
):
    builder = TrustNetwork()
    expected = ranking(builder, people["vera"])
    assert snap_path.exists()
    fresh = TrustNetwork()
    calls = builds_counted(fresh, monkeypatch)
    with django_assert_max_num_queries(4):  # header anchor + log replay, never the edges
        assert ranking(fresh, people["vera"]) == expected
    assert calls == []
    assert not fresh._graph._store.indices.flags.writeable  # shared, read-only pages
    assert fresh.position == builder.position


def test_topic_trust_from_the_snapshot_matches_a_build(people, snap_path):
    from goodword.topics.models import Topic

    yoga = Topic.objects.get(name="Yoga").pk
    tax = Topic.objects.get(name="Steuerberatung").pk
    built = TrustNetwork()
    want = {t: ranking(built, people["vera"], topic_id=t) for t in (yoga, tax)}
    mapped = TrustNetwork()
    assert {t: ranking(mapped, people["vera"], topic_id=t) for t in (yoga, tax)} == want
    assert want[yoga] and want[tax]


def test_a_fresh_process_replays_the_log_from_the_snapshots_position(
    people, snap_path, django_capture_on_commit_callbacks
):
    record_rebuild()  # as `rebuild_trust` does: the snapshot is anchored at this row
    TrustNetwork().rank(people["vera"].pk)  # writes the snapshot
    stale = snapshot.load()
    assert stale is not None
    with django_capture_on_commit_callbacks(execute=True):
        recommend(people["vera"], people["eva"], topics=["Yoga"])
        request_trust_refresh(people["vera"].pk, people["eva"].pk)
    assert TrustEdgeChange.objects.filter(id__gt=stale.last_id).exists()
    fresh = TrustNetwork()
    ranked = [m for m, _s in ranking(fresh, people["vera"])]
    assert people["eva"].pk in ranked
    assert fresh._last_id > stale.last_id
    assert fresh._generation == stale.generation  # loaded, not rebuilt


def test_a_snapshot_of_another_state_of_the_log_is_not_used(people, snap_path, monkeypatch):
    TrustNetwork().rank(people["vera"].pk)
    TrustEdgeChange.objects.all().delete()
    record_rebuild(prune=False)  # the log no longer holds the snapshot's position
    assert snapshot.load() is None
    fresh = TrustNetwork()
    calls = builds_counted(fresh, monkeypatch)
    fresh.rank(people["vera"].pk)
    assert calls == [1]


def test_a_rebuild_request_loads_the_newer_snapshot_instead_of_building(
    people, snap_path, monkeypatch
):
    worker = TrustNetwork()
    worker.rank(people["vera"].pk)
    record_rebuild()
    other = TrustNetwork()
    other.rebuild()  # rebuild_trust's process: builds once, writes the snapshot
    calls = builds_counted(worker, monkeypatch)
    worker.rank(people["vera"].pk)
    assert calls == []
    assert worker._generation == other._generation


def test_pages_stay_correct_while_the_snapshot_is_replaced(people, snap_path):
    builder = TrustNetwork()
    expected = ranking(builder, people["vera"])
    source = snapshot.load()
    assert source is not None
    written = [0]
    stop = threading.Event()

    def replace_again_and_again():
        # What `rebuild_trust` on another process does: write a new file over the old one.
        while not stop.is_set():
            snapshot.save(
                source.graph,
                source.arrays,
                last_id=source.last_id,
                last_created=source.last_created,
                generation=f"g{written[0]}",
                built_at=source.built_at,
            )
            written[0] += 1

    thread = threading.Thread(target=replace_again_and_again)
    thread.start()
    got = []
    try:
        for _ in range(30):
            reader = TrustNetwork()
            got.append(ranking(reader, people["vera"]))
            got.append(ranking(builder, people["vera"]))  # holds an older, replaced mapping
    finally:
        stop.set()
        thread.join()
    assert written[0] > 1

    def rounded(ranked):  # a reader that caught a half-replaced file builds itself, a bit later
        return [(m, round(score, 6)) for m, score in ranked]

    assert [rounded(r) for r in got if rounded(r) != rounded(expected)] == []


def test_without_a_path_nothing_is_written(people, settings, tmp_path):
    settings.TRUST_SNAPSHOT_PATH = ""
    TrustNetwork().rank(people["vera"].pk)
    assert snapshot.path() is None
    assert list(tmp_path.iterdir()) == []


def test_preload_maps_a_usable_snapshot_and_never_builds(people, snap_path, monkeypatch):
    fresh = TrustNetwork()
    calls = builds_counted(fresh, monkeypatch)
    assert fresh.preload() is False  # nothing written yet: gunicorn's master does not build
    assert calls == [] and fresh._graph is None
    record_rebuild()
    TrustNetwork().rebuild()
    assert fresh.preload() is True
    assert calls == [] and fresh._graph is not None
