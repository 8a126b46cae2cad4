"""The trust graph of this machine as one memory-mapped file (`settings.TRUST_SNAPSHOT_PATH`).

A process that builds the graph from the database (`rebuild_trust`, the worker, or a web
process that found no usable snapshot) writes it with the engine's `trust_engine.snapshot`
(temporary file + `os.replace`), with the user ids (the topic labels are part of the engine's
graph) and the change-log position the build started from. Every other process maps the same
file read-only and replays the change log from that position, so the arrays exist once in the
page cache instead of once per process.

A snapshot is only used when it belongs to this database (same name and host) and its
position is still in the change log (the row exists with the same creation time), or, for a
log that was empty at build time, while the log is still empty; and when it is younger than
`TRUST_GRAPH_MAX_AGE`. Otherwise the caller builds from the database.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connection
from trust_engine.snapshot import read_header, read_snapshot, write_snapshot

from trust_engine import TrustGraph

from .models import TrustEdgeChange

logger = logging.getLogger(__name__)

ARRAYS = ("user_ids",)


@dataclass(frozen=True)
class Loaded:
    """A snapshot ready for the adapter: the graph, its arrays and where the log stood."""

    graph: TrustGraph
    arrays: dict[str, np.ndarray]
    last_id: int
    last_created: float | None
    generation: str
    built_at: float  # Unix seconds of the build
    stamp: tuple[int, int]  # (inode, mtime_ns) of the file it came from


def path() -> Path | None:
    """Where this machine's snapshot lives, or None when snapshots are switched off."""
    return Path(settings.TRUST_SNAPSHOT_PATH) if settings.TRUST_SNAPSHOT_PATH else None


def _database() -> str:
    db = connection.settings_dict
    return f"{db.get('HOST') or ''}:{db.get('PORT') or ''}/{db.get('NAME')}"


def stamp() -> tuple[int, int] | None:
    """(inode, mtime_ns) of the current snapshot file: changes whenever it is replaced."""
    where = path()
    if where is None:
        return None
    try:
        st = os.stat(where)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def save(
    graph: TrustGraph,
    arrays: dict[str, np.ndarray],
    *,
    last_id: int,
    last_created: float | None,
    generation: str,
    built_at: float,
) -> None:
    """Write the snapshot atomically (a failure is logged; the process keeps its own graph)."""
    where = path()
    if where is None:
        return
    meta = {
        "database": _database(),
        "last_id": last_id,
        "last_created": last_created,
        "generation": generation,
        "built_at": built_at,
    }
    try:
        write_snapshot(where, graph, {k: arrays[k] for k in ARRAYS}, meta)
    except OSError:
        logger.exception("could not write the trust snapshot to %s", where)


def _anchored(meta: dict) -> bool:
    last_id = int(meta.get("last_id") or 0)
    if not last_id:
        return not TrustEdgeChange.objects.exists()
    row = TrustEdgeChange.objects.filter(id=last_id).values_list("created_at", flat=True).first()
    return row is not None and row.timestamp() == meta.get("last_created")


def load(*, newer_than: int = -1) -> Loaded | None:
    """Map the snapshot if it is usable here (see the module docstring) and its position is
    past `newer_than`; None otherwise."""
    where = path()
    before = stamp()
    if where is None or before is None:
        return None
    try:
        meta = read_header(where)["meta"]
    except (OSError, ValueError, KeyError):
        return None
    max_age = settings.TRUST_GRAPH_MAX_AGE
    if (
        meta.get("database") != _database()
        or int(meta.get("last_id") or 0) <= newer_than
        or time.time() - float(meta.get("built_at") or 0) > max_age
        or not _anchored(meta)
    ):
        return None
    try:
        snap = read_snapshot(where)
    except (OSError, ValueError):
        return None
    if snap.meta.get("generation") != meta.get("generation"):
        return None  # replaced between the header check and the mapping: use it next time
    return Loaded(
        graph=snap.graph,
        arrays=snap.arrays,
        last_id=int(meta.get("last_id") or 0),
        last_created=meta.get("last_created"),
        generation=str(meta["generation"]),
        built_at=float(meta["built_at"]),
        stamp=before,
    )
