"""Small helpers for messaging tests."""

from goodword.recommendations.models import Status
from goodword.recommendations.tests.factories import RecommendationFactory


def recommend(author, subject):
    """`author` publicly recommends `subject` (accepted)."""
    return RecommendationFactory(author=author, subject=subject, status=Status.ACCEPTED)
