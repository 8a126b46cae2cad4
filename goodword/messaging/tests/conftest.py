import pytest

from goodword.accounts.tests.factories import UserFactory


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
