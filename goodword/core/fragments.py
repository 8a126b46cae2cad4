"""Rendered fragments kept in the process under a digest of everything they show.

For a fragment that is a function of a few values and the same for everyone who gets those
values (a recommendation card, a search result): the key is a digest of the values, the
language and the script prefix, so a changed value is a new key and nothing kept is ever
stale; nothing has to be invalidated. The template gets only the values it is given (no
request, no context processors), so it cannot show anything the key does not name."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .kept import KeptTable, emptied_when_settings_change


class KeptFragments:
    def __init__(self, template_name: str, size: int) -> None:
        self._template = template_name
        self._table = emptied_when_settings_change(KeptTable(size))

    def render(self, key_parts: tuple, values: dict) -> SafeString:
        """The template rendered with `values`; `key_parts` must determine everything the
        template reads from them."""
        if settings.DEBUG:  # in development a template edit shows on the next request
            return mark_safe(render_to_string(self._template, values))  # noqa: S308 - ours
        parts = (key_parts, get_language(), get_script_prefix())
        key = hashlib.blake2b(repr(parts).encode(), digest_size=16).digest()
        html = self._table.get(key)
        if html is None:
            html = render_to_string(self._template, values)
            self._table.put(key, html)
        return mark_safe(html)  # noqa: S308 - rendered by our own template

    def clear(self) -> None:
        self._table.clear()

    def __len__(self) -> int:
        return len(self._table)
