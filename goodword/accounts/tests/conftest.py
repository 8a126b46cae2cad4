import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps its rate limits in the cache; start every test with none used up."""
    cache.clear()
    yield
    cache.clear()
