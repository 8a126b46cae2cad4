"""Links to the page of one object, for every row of a list, without Django's `reverse` per row.

`reverse` walks the URL patterns on every call (about 35 µs); a page of twenty members with two
links each spent more on it than on its database statement. The link of a view whose one
argument is an `<int:…>` id is the same text around the id, so it is made once per process,
language, script prefix and URL configuration with a stand-in id and filled in per row."""

from __future__ import annotations

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from goodword.core.kept import KeptTable, emptied_when_settings_change

_STAND_IN = 9_087_162_534  # digits no pattern writes itself
_KEPT = emptied_when_settings_change(KeptTable(size=256))


def id_url(viewname: str, pk: int) -> str:
    """`reverse(viewname, args=[pk])` for a view whose one argument is an `<int:…>` id."""
    if type(pk) is not int or pk < 0:
        return reverse(viewname, args=[pk])  # Django decides (and refuses) as before
    key = (viewname, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    around = _KEPT.get(key)
    if around is None:
        around = _around(viewname)
        _KEPT.put(key, around)
    head, tail = around
    return f"{head}{pk}{tail}"


def _around(viewname: str) -> tuple[str, str]:
    head, found, tail = reverse(viewname, args=[_STAND_IN]).partition(str(_STAND_IN))
    if not found or any(reverse(viewname, args=[n]) != f"{head}{n}{tail}" for n in (0, 7, 42)):
        raise ValueError(f"{viewname} does not take one <int:…> id.")
    return head, tail
