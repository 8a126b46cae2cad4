"""Fragments kept under a digest of what they show (`core.fragments`)."""

from django.test import override_settings
from django.urls import set_script_prefix
from django.utils import translation

from goodword.core.fragments import KeptFragments


def fragments():
    return KeptFragments("core/_unread_badge.html", 10)


def test_the_same_values_are_rendered_once_and_other_values_anew():
    kept = fragments()
    first = kept.render((3,), {"n": 3})
    assert kept.render((3,), {"n": 3}) == first and len(kept) == 1
    assert ">4<" in kept.render((4,), {"n": 4}) and len(kept) == 2


def test_the_language_and_the_script_prefix_are_part_of_the_key():
    kept = fragments()
    with translation.override("de"):
        german = kept.render((2,), {"n": 2})
    with translation.override("en"):
        english = kept.render((2,), {"n": 2})
    assert "ungelesen" in german and "2 unread" in english
    try:
        set_script_prefix("/elsewhere/")
        with translation.override("en"):
            kept.render((2,), {"n": 2})
    finally:
        set_script_prefix("/")
    assert len(kept) == 3


def test_a_changed_setting_empties_the_table():
    kept = fragments()
    kept.render((1,), {"n": 1})
    with override_settings(USE_THOUSAND_SEPARATOR=True):
        assert len(kept) == 0


def test_in_development_a_template_edit_shows_at_once(settings):
    kept = fragments()
    settings.DEBUG = True
    kept.render((5,), {"n": 5})
    assert len(kept) == 0
