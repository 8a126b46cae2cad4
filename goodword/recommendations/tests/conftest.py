import pytest
from django.conf import settings
from django.utils import translation

from goodword.accounts.tests.factories import UserFactory


@pytest.fixture
def author(db):
    return UserFactory(display_name="Anna Autorin")


@pytest.fixture
def subject(db):
    return UserFactory(display_name="Bernd Beispiel")


@pytest.fixture
def stranger(db):
    return UserFactory(display_name="Clara Fremd")


@pytest.fixture
def valid_input():
    return {
        "text": "Anna hat unsere Buchhaltung in drei Wochen aufgeräumt. **Sehr** gründlich.",
        "topic_names": ["Buchhaltung", "Steuern"],
        "relationship": "was_client",
        "known_since": 2019,
    }


@pytest.fixture(autouse=True)
def german_by_default():
    """Each test starts in the default language, whatever an earlier request activated."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
