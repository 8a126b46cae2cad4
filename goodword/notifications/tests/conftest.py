import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def german_by_default():
    """Each test starts in the default language, whatever an earlier request activated."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
