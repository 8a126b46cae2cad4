"""A request asked before costs no full-text statement, and the kept matches never outlive a
change of the index, in this process or another one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goodword.search import queries
from goodword.search.cache import VERSION_KEY, index_version, matches_cache, move_version
from goodword.search.queries import search_members
from goodword.search.services import refresh_search_document

from .helpers import member, recommend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_trust(monkeypatch):
    monkeypatch.setattr(queries, "_trust", lambda: None)


def ids(results):
    return [r.member_id for r in results]


def full_text_statements(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    words = ("search_fts", "to_tsquery")
    return sum(1 for q in captured.captured_queries if any(w in q["sql"] for w in words))


def test_a_request_asked_before_runs_no_full_text_statement():
    viewer = member(display_name="Vera Viewer")
    olga = member(display_name="Olga Orgel", profession="Orgelbauerin")
    first = full_text_statements(lambda: search_members(viewer, "Orgelbauerin"))
    assert first >= 1
    again = []
    assert full_text_statements(lambda: again.extend(search_members(viewer, "Orgelbauerin"))) == 0
    assert ids(again) == [olga.pk]


def test_a_written_document_is_found_at_once():
    viewer = member(display_name="Vera Viewer")
    olga = member(display_name="Olga Orgel", profession="Orgelbauerin")
    assert ids(search_members(viewer, "Orgelbauerin")) == [olga.pk]
    paul = member(display_name="Paul Pfeife", profession="Orgelbauer")
    assert sorted(ids(search_members(viewer, "Orgelbauerin"))) == sorted([olga.pk, paul.pk])
    paul.profile.profession = "Klavierbauer"
    paul.profile.save()
    refresh_search_document(paul.pk)
    assert ids(search_members(viewer, "Orgelbauerin")) == [olga.pk]


def test_another_process_moving_the_version_empties_this_ones(django_capture_on_commit_callbacks):
    viewer = member(display_name="Vera Viewer")
    member(display_name="Olga Orgel", profession="Orgelbauerin")
    search_members(viewer, "Orgelbauerin")
    move_version()  # what another process's committed write does
    assert full_text_statements(lambda: search_members(viewer, "Orgelbauerin")) >= 1


def test_matches_read_under_an_old_version_are_not_kept():
    version = index_version()
    assert matches_cache.get(("probe",), version) is None
    move_version()
    matches_cache.get(("other",), index_version())  # this process sees the new version
    matches_cache.put(("probe",), object(), version)
    assert matches_cache.get(("probe",), index_version()) is None


def test_snippets_are_kept_and_follow_a_changed_text():
    viewer = member(display_name="Vera Viewer")
    olga = member(display_name="Olga Orgel", profession="Orgelbauerin")
    rec = recommend(olga, "Olga hat unsere Kirchenorgel wunderbar restauriert.")
    first = search_members(viewer, "Kirchenorgel")
    assert "<mark>Kirchenorgel</mark>" in first[0].snippet
    with CaptureQueriesContext(connection) as captured:
        again = search_members(viewer, "Kirchenorgel")
    assert again == first
    assert not any("recommendations_recommendation" in q["sql"] for q in captured)
    rec.text = "Olga hat die Kirchenorgel in Lübeck gestimmt."
    rec.save()
    refresh_search_document(olga.pk)
    assert "Lübeck" in search_members(viewer, "Kirchenorgel")[0].snippet


def test_the_viewer_is_not_among_the_matches_kept_for_someone_else():
    olga = member(display_name="Olga Orgel", profession="Orgelbauerin")
    paul = member(display_name="Paul Pfeife", profession="Orgelbauer")
    assert ids(search_members(olga, "Orgelbauer")) == [paul.pk]
    assert ids(search_members(paul, "Orgelbauer")) == [olga.pk]


def test_a_lost_version_is_a_new_one():
    from django.core.cache import cache

    viewer = member(display_name="Vera Viewer")
    member(display_name="Olga Orgel", profession="Orgelbauerin")
    search_members(viewer, "Orgelbauerin")
    cache.delete(VERSION_KEY)  # a new version is made: what was kept is not used
    assert full_text_statements(lambda: search_members(viewer, "Orgelbauerin")) >= 1


def test_a_renamed_author_is_named_at_once():
    """The author's own document is written when their name changes (`PROFILE_CHANGED`), and
    any written document moves the version the snippets are kept under."""
    viewer = member(display_name="Vera Viewer")
    olga = member(display_name="Olga Orgel", profession="Orgelbauerin")
    rec = recommend(olga, "Olga hat unsere Kirchenorgel wunderbar restauriert.")
    assert search_members(viewer, "Kirchenorgel")[0].snippet_author == str(
        rec.author.profile.display_name
    )
    rec.author.profile.display_name = "Hanna Neu"
    rec.author.profile.save()
    refresh_search_document(rec.author.pk)
    assert search_members(viewer, "Kirchenorgel")[0].snippet_author == "Hanna Neu"


def test_words_hidden_by_moderators_leave_the_snippets_before_the_index_is_refreshed():
    """Hiding runs `RECOMMENDATION_CHANGED`; the refresh of the document is a task that may
    run later, but the kept snippet must not show the hidden words meanwhile."""
    from goodword.recommendations.services import hide_by_moderators

    viewer = member(display_name="Vera Viewer")
    olga = member(display_name="Olga Orgel", profession="Orgelbauerin")
    rec = recommend(olga, "Olga hat unsere Kirchenorgel wunderbar restauriert, Orgelbauerin.")
    assert "Kirchenorgel" in search_members(viewer, "Orgelbauerin")[0].snippet
    hide_by_moderators(rec.author, [rec.pk])  # no refresh_search_document here
    results = search_members(viewer, "Orgelbauerin")
    assert ids(results) == [olga.pk]
    assert "Kirchenorgel" not in results[0].snippet
    assert results[0].snippet_source == "profile"
