"""The index follows the data: refreshes run after commit, never for rolled-back changes."""

import pytest
from django.db import transaction

from goodword.accounts import services as account_services
from goodword.accounts.tests.factories import UserFactory
from goodword.recommendations import services as recommendation_services
from goodword.search import queries
from goodword.search.cache import move_version
from goodword.search.models import SearchDocument
from goodword.search.queries import search_members
from goodword.search.tasks import request_search_refresh

from .helpers import member, recommend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_trust(monkeypatch):
    monkeypatch.setattr(queries, "_trust", lambda: None)


@pytest.fixture
def viewer():
    return member(display_name="Vera Viewer")


def ids(results):
    return [r.member_id for r in results]


def test_refresh_runs_after_commit(viewer, django_capture_on_commit_callbacks):
    user = UserFactory(display_name="Olga Orgel", profession="Orgelbauerin")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        request_search_refresh(user.pk, user.pk)
        assert search_members(viewer, "Orgelbauerin") == []  # not before the commit
    refreshes = [c for c in callbacks if c is not move_version]  # the index version moves too
    assert len(refreshes) == 1  # duplicates are requested once
    assert ids(search_members(viewer, "Orgelbau")) == [user.pk]


def test_no_refresh_for_a_rolled_back_change(viewer, django_capture_on_commit_callbacks):
    user = UserFactory(display_name="Rita Rück", profession="Restauratorin")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                request_search_refresh(user.pk)
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []
    assert not SearchDocument.objects.filter(pk=user.pk).exists()


def test_accepting_hiding_and_withdrawing_update_the_index(
    viewer, django_capture_on_commit_callbacks
):
    subject = UserFactory(display_name="Greta Garten")
    author = UserFactory(display_name="Anton Autor")
    rec = recommend(
        subject,
        "Greta plant Gärten mit Stauden, die jedes Jahr wiederkommen.",
        author=author,
        accept=False,
        index=False,
    )
    assert search_members(viewer, "Stauden") == []
    with django_capture_on_commit_callbacks(execute=True):
        rec = recommendation_services.accept_recommendation(subject, rec)
    assert ids(search_members(viewer, "Stauden")) == [subject.pk]
    with django_capture_on_commit_callbacks(execute=True):
        rec = recommendation_services.hide_recommendation(subject, rec)
    assert search_members(viewer, "Stauden") == []
    with django_capture_on_commit_callbacks(execute=True):
        rec = recommendation_services.unhide_recommendation(subject, rec)
    assert ids(search_members(viewer, "Stauden")) == [subject.pk]
    with django_capture_on_commit_callbacks(execute=True):
        recommendation_services.withdraw_recommendation(author, rec)
    assert search_members(viewer, "Stauden") == []


def test_profile_changes_update_the_index(viewer, django_capture_on_commit_callbacks):
    user = member(display_name="Paula Plan", profession="Architektin", city="Kiel")
    assert ids(search_members(viewer, "Architektin")) == [user.pk]
    with django_capture_on_commit_callbacks(execute=True):
        account_services.update_profile(
            user.profile, {"profession": "Landschaftsgärtnerin", "topics": ["Gartenbau"]}
        )
    assert search_members(viewer, "Architektin") == []
    assert ids(search_members(viewer, "Gartenbau")) == [user.pk]
    assert ids(search_members(viewer, "Landschaftsgärtnerin")) == [user.pk]
