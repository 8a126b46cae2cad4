"""What search keeps in the process between requests, under the version of the index it was
read from: the full-text matches of a request and the snippet that shows why a member answers
it. Both are the same for every viewer.

The version lives in the site's shared cache and changes whenever a search document is
written (`index_changed`, after the commit), so every process drops its matches together; a
process that cannot read it keeps nothing. Who may see a member, their name and facts, and
everything that depends on the viewer are read on every request."""

from __future__ import annotations

import threading
import uuid
from array import array
from collections import OrderedDict
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "search:index-version"
# Per process. Measured at 100,000 members: a request's matches hold about 5,000 ids (40 KB,
# at most 13,500: 108 KB), a kept snippet with its key about 1.6 KB; so at most about 5 MB
# and 3 MB, which a worker's memory budget (docs/benchmarks.md) can carry.
MATCHES_KEPT = 48  # requests
SNIPPETS_KEPT = 2_000  # (member, request) pairs: the results of 100 requests


@dataclass(frozen=True)
class Matches:
    found: tuple[array, ...]  # per probe, the matching members' ids
    capped: frozenset[int]  # probes that returned as many members as they may
    checked: frozenset[int]  # members the capped probes were asked about again


def index_version() -> str:
    """The current version of the search index, shared by every process."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version or ""


def index_changed() -> None:
    """Search documents were written: every process's kept matches are out of date. The
    version moves at once (this transaction's own later reads must not see old matches) and
    again when the transaction commits (other processes may have kept what they read before
    the commit)."""

    move_version()
    transaction.on_commit(move_version, robust=True)


def move_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


class VersionedCache:
    """A small LRU table, emptied when the index version moves."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._version = ""
        self._kept: OrderedDict[tuple, object] = OrderedDict()

    def get(self, key: tuple, version: str) -> object | None:
        """The value kept for `key` under `version` (from `index_version`), or None."""
        with self._lock:
            if version != self._version:
                self._kept.clear()
                self._version = version
                return None
            hit = self._kept.get(key)
            if hit is not None:
                self._kept.move_to_end(key)
            return hit

    def put(self, key: tuple, version: str, value: object) -> None:
        """Keep `value`, read under `version`, unless the version moved since (a write
        committed in between must not hide behind the old version)."""
        with self._lock:
            if not version or version != self._version:
                return
            self._kept[key] = value
            if len(self._kept) > self._size:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._version = ""


matches_cache = VersionedCache(MATCHES_KEPT)
snippets_cache = VersionedCache(SNIPPETS_KEPT)


def forget() -> None:
    """Drop what this process keeps (for measuring a request nobody asked before)."""
    matches_cache.clear()
    snippets_cache.clear()
