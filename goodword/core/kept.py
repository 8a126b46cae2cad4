"""A small table of values kept in the process between requests: least recently used first out,
emptied when the version it is read under moves.

For what is expensive to make and the same for many requests (rendered cards, search matches).
A version is any string that changes with the data the values were made from; values read under
an older version than the table's are not kept, so a write committed in between never hides
behind the old version."""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.core.signals import setting_changed


class KeptTable:
    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._version = ""
        self._kept: OrderedDict = OrderedDict()

    def get(self, key, version: str = ""):
        """The value kept for `key` under `version`, or None."""
        with self._lock:
            if version != self._version:
                self._kept.clear()
                self._version = version
                return None
            hit = self._kept.get(key)
            if hit is not None:
                self._kept.move_to_end(key)
            return hit

    def put(self, key, value, version: str = "") -> None:
        """Keep `value`, made under `version`, unless the table has moved on since."""
        with self._lock:
            if version != self._version:
                return
            self._kept[key] = value
            if len(self._kept) > self._size:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._version = ""

    def __len__(self) -> int:
        return len(self._kept)


def emptied_when_settings_change(table: KeptTable) -> KeptTable:
    """`table`, emptied whenever a setting changes (`override_settings` in tests): what it
    keeps was made under the old settings (language, URLs, templates)."""
    setting_changed.connect(lambda **kwargs: table.clear(), weak=False)
    return table
