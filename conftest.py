"""Shared test set-up for the whole suite."""

import pytest


@pytest.fixture(autouse=True)
def _german_by_default(settings):
    """Every test starts in the default language: a request handled in English by an earlier
    test must not leak its active language into the next one."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached pages live in the cache, and each process keeps the topic
    list it read from there: no test inherits another's."""
    from django.core.cache import cache

    from goodword.topics.queries import forget_topic_choices

    cache.clear()
    forget_topic_choices()
    yield
    cache.clear()
    forget_topic_choices()
