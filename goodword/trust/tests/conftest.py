import pytest
from django.core.cache import cache

from goodword.accounts.tests.factories import UserFactory
from goodword.recommendations.models import Relationship, Status
from goodword.recommendations.tests.factories import RecommendationFactory
from goodword.trust.adapter import get_network


@pytest.fixture(autouse=True)
def fresh_trust_graph():
    """Each test starts from an empty in-memory graph: the database is rolled back between
    tests, so a graph built in an earlier test would describe rows that no longer exist."""
    get_network().reset()
    cache.clear()
    yield
    get_network().reset()
    cache.clear()


def recommend(author, subject, *, topics=("Steuerberatung",), relationship=None, since=2015):
    """An accepted recommendation written straight to the database (tests then rebuild or
    call `request_trust_refresh`)."""
    return RecommendationFactory(
        author=author,
        subject=subject,
        status=Status.ACCEPTED,
        topics=list(topics),
        relationship=relationship or Relationship.WORKED_TOGETHER,
        known_since=since,
    )


@pytest.fixture
def people(db):
    """A tiny named network: Vera trusts Anna strongly and Bodo weakly; Anna recommends
    Carl, Bodo recommends Dora. Eva is unconnected."""
    names = ["Vera Viewer", "Anna Schmidt", "Bodo Weak", "Carl Tax", "Dora Far", "Eva Alone"]
    users = {n.split()[0].lower(): UserFactory(display_name=n, city="Köln") for n in names}
    recommend(users["vera"], users["anna"])
    recommend(
        users["vera"], users["bodo"], relationship=Relationship.OTHER, since=2026, topics=["Yoga"]
    )
    recommend(users["anna"], users["carl"])
    recommend(users["bodo"], users["dora"], topics=["Yoga"])
    return users
