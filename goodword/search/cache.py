"""What search keeps in the process between requests, under the version of the index it was
read from: the full-text matches of a request and the snippet that shows why a member answers
it. Both are the same for every viewer.

The version lives in the site's shared cache and moves whenever a search document is written
and whenever a profile or a recommendation changes (`index_changed`: at once and again after
the commit), so every process drops what it kept together; a process that cannot read it
keeps nothing across requests. Who may see a member, their name and facts, and
everything that depends on the viewer are read on every request."""

from __future__ import annotations

import uuid
from array import array
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from goodword.core.kept import KeptTable

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
    return version or uuid.uuid4().hex  # unreadable: a version nobody else has


def index_changed() -> None:
    """Search documents were written: every process's kept matches are out of date. The
    version moves at once (this transaction's own later reads must not see old matches) and
    again when the transaction commits (other processes may have kept what they read before
    the commit)."""

    move_version()
    transaction.on_commit(move_version, robust=True)


def move_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


matches_cache = KeptTable(MATCHES_KEPT)
snippets_cache = KeptTable(SNIPPETS_KEPT)


def forget() -> None:
    """Drop what this process keeps (for measuring a request nobody asked before)."""
    matches_cache.clear()
    snippets_cache.clear()
