"""User id ↔ engine index without a Python object per member (`adapter.MemberIds`)."""

import numpy as np
import pytest

from goodword.trust.adapter import MemberIds, TrustNetwork

BASE = [3, 7, 8, 20, 1000, 2**40]
STRANGERS = [None, -5, 0, 1, 4, 9, 999, 1001, 2**40 + 1, 2**63, 2**70, -(2**70)]


def reference(base, added):
    index = {u: i for i, u in enumerate(base)}
    for u in added:
        index.setdefault(u, len(index))
    return index


@pytest.mark.parametrize("added", [[], [5, 2**50, 1], [8, 21]])
@pytest.mark.parametrize("base", [[], BASE])
def test_lookups_agree_with_a_dict_of_every_member(base, added):
    ids = MemberIds(np.array(base, dtype=np.int64))
    for u in added:
        ids.add(u)
    expected = reference(base, added)
    assert len(ids) == len(expected)
    for u in [*expected, *STRANGERS]:
        assert ids.index(u) == expected.get(u)
    asked = [*STRANGERS, *expected, *reversed(list(expected)), *STRANGERS[:3]]
    assert ids.indices(asked).tolist() == [expected.get(u, -1) for u in asked]
    by_index = {i: u for u, i in expected.items()}
    assert [ids.user_id(i) for i in range(len(ids))] == [by_index[i] for i in range(len(ids))]
    assert ids.user_ids(list(range(len(ids)))[::-1]) == [
        by_index[i] for i in reversed(range(len(ids)))
    ]
    assert ids.user_ids([]) == []


def test_adding_a_known_member_keeps_their_index():
    ids = MemberIds(np.array(BASE, dtype=np.int64))
    assert ids.add(20) == 3
    assert ids.add(4) == len(BASE)
    assert ids.add(4) == len(BASE)
    assert len(ids) == len(BASE) + 1


@pytest.mark.parametrize("bad", [[3, 2], [3, 3]])
def test_unsorted_or_repeated_ids_are_refused(bad):
    with pytest.raises(ValueError):
        MemberIds(np.array(bad, dtype=np.int64))


@pytest.mark.django_db
def test_a_network_searches_the_snapshots_array_in_place(people, settings, tmp_path):
    settings.TRUST_SNAPSHOT_PATH = str(tmp_path / "trust-graph.snap")
    TrustNetwork().rank(people["vera"].pk)
    fresh = TrustNetwork()
    assert fresh.preload()
    base = fresh._members._base
    # A read-only view of the mapped file, not a copy in this process.
    assert not base.flags.owndata and not base.flags.writeable
    assert fresh.rank(people["vera"].pk) == TrustNetwork().rank(people["vera"].pk)


def test_a_member_looked_up_before_being_added_gets_their_new_index(monkeypatch):
    from goodword.trust import adapter

    monkeypatch.setattr(adapter, "RECENT_LOOKUPS", 3)
    ids = MemberIds(np.array(BASE, dtype=np.int64))
    for _ in range(2):  # the second round answers from the bounded memo
        assert [ids.index(u) for u in [4, 7, 3, 2**40, 9]] == [None, 1, 0, 5, None]
    assert ids.add(4) == len(BASE)
    assert ids.index(4) == len(BASE) and ids.indices([4, 9]).tolist() == [len(BASE), -1]
    assert len(ids._recent) <= 3
