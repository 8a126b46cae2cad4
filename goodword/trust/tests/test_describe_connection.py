import pytest

from goodword.accounts.tests.factories import UserFactory
from goodword.recommendations.models import Status
from goodword.recommendations.tests.factories import RecommendationFactory
from goodword.trust.models import MarkLevel
from goodword.trust.queries import (
    describe_closeness,
    describe_connection,
    recommended_the_viewer,
)
from goodword.trust.services import set_trust_mark


@pytest.mark.django_db
def test_describe_connection_agrees_with_the_two_questions_it_replaces():
    viewer = UserFactory()
    recommender = UserFactory()
    marked_down = UserFactory()
    stranger = UserFactory()
    RecommendationFactory(author=recommender, subject=viewer, status=Status.ACCEPTED)
    RecommendationFactory(author=marked_down, subject=viewer, status=Status.ACCEPTED)
    set_trust_mark(viewer, marked_down, MarkLevel.WOULD_NOT_RECOMMEND)
    for member in (viewer, recommender, marked_down, stranger):
        assert describe_connection(viewer, member.pk) == (
            describe_closeness(viewer, member.pk),
            recommended_the_viewer(viewer, member.pk),
        )
    assert describe_connection(viewer, recommender.pk)[1] is True
    assert describe_connection(viewer, stranger.pk)[1] is False
