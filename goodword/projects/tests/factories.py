"""Test data for projects: an accepted (public) recommendation."""

from goodword.recommendations.models import Status
from goodword.recommendations.tests.factories import RecommendationFactory


def rec(author, subject, topics=("Beratung",)):
    return RecommendationFactory(
        author=author, subject=subject, status=Status.ACCEPTED, topics=list(topics)
    )
