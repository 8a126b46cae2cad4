"""`id_url` gives what `reverse` gives, for every view of the site that takes one integer id."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.base import set_script_prefix
from django.urls.converters import IntConverter
from django.utils import translation

from goodword.core.links import id_url

IDS = [0, 1, 7, 10, 99, 12345, 2**31, 2**63 - 1]


def id_views(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from id_views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            converters = getattr(pattern.pattern, "converters", {})
            if len(converters) == 1 and isinstance(*converters.values(), IntConverter):
                yield f"{namespace}{pattern.name}"


def test_the_site_has_id_views_to_check():
    assert {"accounts:profile", "trust:connection"} <= set(id_views())


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_id_view_links_as_reverse_does(language):
    with translation.override(language):
        for name in id_views():
            for pk in IDS:
                assert id_url(name, pk) == reverse(name, args=[pk]), (name, pk)


def test_the_script_prefix_is_part_of_the_link():
    try:
        set_script_prefix("/goodword/")
        assert id_url("accounts:profile", 5) == reverse("accounts:profile", args=[5])
        assert id_url("accounts:profile", 5).startswith("/goodword/")
    finally:
        set_script_prefix("/")
    assert id_url("accounts:profile", 5) == reverse("accounts:profile", args=[5])


def test_what_is_not_a_plain_id_is_reverses_to_decide():
    assert id_url("accounts:profile", "5") == reverse("accounts:profile", args=["5"])
    for pk in (-1, True, None, 1.5):
        with pytest.raises(NoReverseMatch):
            id_url("accounts:profile", pk)


def test_a_view_without_one_id_is_refused():
    with pytest.raises(NoReverseMatch):
        id_url("core:healthz", 5)


@override_settings(ROOT_URLCONF="goodword.core.tests.urls_for_links")
def test_another_url_configuration_is_another_link():
    assert id_url("accounts:profile", 3) == reverse("accounts:profile", args=[3]) == "/p/3/x"


@override_settings(ROOT_URLCONF="goodword.core.tests.urls_for_links")
def test_an_argument_that_is_not_written_as_the_plain_number_is_refused():
    assert reverse("padded", args=[7]) == "/padded/0007/"
    with pytest.raises(ValueError, match="does not take one"):
        id_url("padded", 7)
