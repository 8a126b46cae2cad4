"""Fixtures shared by the apps' tests: the members of the earned-contact scenarios, and a
trust graph that starts empty in every test."""

import pytest
from django.core.cache import cache

from goodword.accounts.tests.factories import UserFactory
from goodword.trust.adapter import get_network


@pytest.fixture
def anna(db):
    """The recipient: a member who did not ask to be pitched."""
    return UserFactory(display_name="Anna Adler", email="anna@goodword.test")


@pytest.fixture
def sven(db):
    """The stranger who wants to sell insurance."""
    return UserFactory(display_name="Sven Seller", email="sven@goodword.test")


@pytest.fixture
def maria(db):
    """A mutual contact who knows both."""
    return UserFactory(display_name="Maria Mittler", email="maria@goodword.test")


@pytest.fixture
def outsider(db):
    return UserFactory(display_name="Otto Außen", email="otto@goodword.test")


@pytest.fixture(autouse=True)
def fresh_trust_graph():
    """The trust adapter keeps its graph in memory; the database is rolled back between tests,
    so start and end each test with an empty graph (as the trust app's own tests do)."""
    get_network().reset()
    cache.clear()
    yield
    get_network().reset()
    cache.clear()
