"""Read trust edges from CSV, mapping arbitrary string member ids to 0..n-1.

The file has a header naming the columns ``source``, ``target`` and ``weight`` (any order) and
optionally ``topic`` and ``timestamp``. Weights are in (0, 1] for trust and [-1, 0) for distrust.
A blank topic means a general recommendation; topics are arbitrary strings mapped to 0..t-1.
Timestamps are Unix seconds or ISO 8601 dates (``2024-05-01`` or ``2024-05-01T12:00:00+00:00``;
naive ones are read as UTC); a blank timestamp means unknown (the engine does not fade it).

Every problem raises :class:`EdgeFileError` (a ``ValueError``) whose message names the file and
the line, so the CLI can print it as a single line.
"""

from __future__ import annotations

import csv
import math
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

__all__ = ["GENERAL_TOPIC", "EdgeFileError", "EdgeTable", "read_edges", "read_viewers"]

REQUIRED_COLUMNS = ("source", "target", "weight")
OPTIONAL_COLUMNS = ("topic", "timestamp")
GENERAL_TOPIC = -1
"""Topic id of an edge with a blank topic (a general recommendation)."""

_PREVIEW = 40


class EdgeFileError(ValueError):
    """Bad input file; the message is one line naming the file and line or value."""


@dataclass(frozen=True)
class EdgeTable:
    """Edges read from a file, with the id mappings needed to talk back in the file's ids.

    Attributes:
        members: the string id of each member index (index i is ``members[i]``).
        index: string id -> member index.
        sources, targets: int32 member indices per edge.
        weights: float64 weights per edge (kept exact as written, e.g. 0.4 stays 0.4).
        topics: int32 topic index per edge (``GENERAL_TOPIC`` when blank), or None without a
            topic column.
        topic_names: the string of each topic index (empty without a topic column).
        timestamps: float64 Unix seconds per edge, or None without a timestamp column.
    """

    members: list[str]
    index: dict[str, int]
    sources: np.ndarray
    targets: np.ndarray
    weights: np.ndarray
    topics: np.ndarray | None
    topic_names: list[str]
    timestamps: np.ndarray | None

    @property
    def n_members(self) -> int:
        """Number of distinct member ids in the file."""
        return len(self.members)

    def topic_id(self, name: str) -> int:
        """Index of a topic name; raises EdgeFileError when the file never mentions it."""
        try:
            return self.topic_names.index(name)
        except ValueError:
            raise EdgeFileError(f"unknown topic {_show(name)} (not in the edges file)") from None


def _show(value: str) -> str:
    """Quote a value for an error message, cut short when long."""
    if len(value) > _PREVIEW:
        value = value[:_PREVIEW] + "..."
    return repr(value)


def _parse_timestamp(text: str) -> float:
    """Unix seconds from a number or an ISO 8601 date/datetime (naive means UTC); blank: NaN."""
    if not text.strip():
        return math.nan
    try:
        value = float(text)
    except ValueError:
        moment = datetime.fromisoformat(text.strip())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.timestamp()
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _read_header(rows: Iterable[list[str]], name: str) -> dict[str, int]:
    """Column positions from the header line, or an error naming what is wrong."""
    header = next(iter(rows), None)
    if header is None:
        raise EdgeFileError(f"{name}: empty file (expected a header line source,target,weight)")
    columns = [cell.strip().lower() for cell in header]
    positions = {column: i for i, column in enumerate(columns)}
    unknown = [c for c in columns if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in positions]
    if missing or unknown or len(positions) != len(columns):
        problem = (
            f"missing column {', '.join(missing)}"
            if missing
            else f"unknown column {_show(unknown[0])}"
            if unknown
            else "repeated column"
        )
        raise EdgeFileError(
            f"{name} line 1: {problem}; the header must be source,target,weight"
            " with optional topic,timestamp columns"
        )
    return positions


def read_edges(path: str | Path) -> EdgeTable:
    """Read an edges CSV file into integer arrays plus the id mappings.

    Member ids are exact strings (no trimming), so they can be echoed back unchanged. Raises
    EdgeFileError on an unreadable or empty file, a bad header, a line with the wrong number of
    fields, an empty id, a self-recommendation, a weight that is not a number in [-1, 1] or is 0,
    a bad timestamp, a repeated (source, target) pair, or a file without edges.

    The per-line loop only maps ids and keeps the raw weight text; all value checks run
    vectorised afterwards, so a few million lines take a few seconds.
    """
    name = str(path)
    index: dict[str, int] = {}
    topic_index: dict[str, int] = {}
    sources, targets, topics, lines = array("i"), array("i"), array("i"), array("q")
    weight_texts: list[str] = []
    time_texts: list[str] = []
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            try:
                positions = _read_header(reader, name)
                n_fields = len(positions)
                si, ti, wi = (positions[c] for c in REQUIRED_COLUMNS)
                topic_at, time_at = positions.get("topic"), positions.get("timestamp")
                member, topic_of = index.setdefault, topic_index.setdefault
                add_source, add_target, add_line = sources.append, targets.append, lines.append
                add_weight, add_topic, add_time = (
                    weight_texts.append,
                    topics.append,
                    time_texts.append,
                )
                for row in reader:
                    if len(row) != n_fields:
                        if not row or row == [""]:
                            continue  # blank line
                        raise EdgeFileError(
                            f"{name} line {reader.line_num}: expected {n_fields} fields,"
                            f" got {len(row)}"
                        )
                    add_source(member(row[si], len(index)))
                    add_target(member(row[ti], len(index)))
                    add_weight(row[wi])
                    add_line(reader.line_num)
                    if topic_at is not None:
                        topic = row[topic_at]
                        add_topic(topic_of(topic, len(topic_index)) if topic else GENERAL_TOPIC)
                    if time_at is not None:
                        add_time(row[time_at])
            except csv.Error as exc:
                raise EdgeFileError(
                    f"{name} line {reader.line_num}: malformed CSV ({exc})"
                ) from None
            except UnicodeDecodeError:
                raise EdgeFileError(
                    f"{name}: not UTF-8 text (after line {reader.line_num})"
                ) from None
    except OSError as exc:
        raise EdgeFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not sources:
        raise EdgeFileError(f"{name}: no edges after the header line")

    line_of = np.frombuffer(lines, dtype=np.int64)
    members = list(index)
    source_ids = np.frombuffer(sources, dtype=np.int32)
    target_ids = np.frombuffer(targets, dtype=np.int32)
    if "" in index:
        row = _first(line_of, (source_ids == index[""]) | (target_ids == index[""]))
        raise EdgeFileError(f"{name} line {line_of[row]}: empty member id")
    loops = source_ids == target_ids
    if loops.any():
        row = _first(line_of, loops)
        raise EdgeFileError(
            f"{name} line {line_of[row]}: member {_show(members[source_ids[row]])}"
            " recommends itself"
        )
    table = EdgeTable(
        members=members,
        index=index,
        sources=source_ids,
        targets=target_ids,
        weights=_weights(weight_texts, line_of, name),
        topics=np.frombuffer(topics, dtype=np.int32) if topic_at is not None else None,
        topic_names=list(topic_index),
        timestamps=_timestamps(time_texts, line_of, name) if time_at is not None else None,
    )
    _reject_repeats(table, line_of, name)
    return table


def _first(line_of: np.ndarray, bad: np.ndarray) -> int:
    """Row of the earliest line among the flagged rows."""
    rows = np.flatnonzero(bad)
    return int(rows[np.argmin(line_of[rows])])


def _weights(texts: list[str], line_of: np.ndarray, name: str) -> np.ndarray:
    """Parse and check weights: finite numbers in [-1, 1], not 0."""
    try:
        weights = np.array(texts, dtype=np.float64)
    except ValueError:
        for row, text in enumerate(texts):
            try:
                float(text)
            except ValueError:
                raise EdgeFileError(
                    f"{name} line {line_of[row]}: weight {_show(text)} is not a number"
                ) from None
        raise
    nan = np.isnan(weights)
    if nan.any():
        raise EdgeFileError(f"{name} line {line_of[_first(line_of, nan)]}: weight is NaN")
    bad = (weights < -1.0) | (weights > 1.0) | (weights == 0.0)
    if bad.any():
        row = _first(line_of, bad)
        raise EdgeFileError(
            f"{name} line {line_of[row]}: weight {_show(texts[row])} is outside"
            " (0, 1] for trust and [-1, 0) for distrust"
        )
    return weights


def _timestamps(texts: list[str], line_of: np.ndarray, name: str) -> np.ndarray:
    """Parse timestamps: Unix seconds (vectorised) or ISO 8601 dates; blank ones become NaN."""
    try:
        values = np.array(texts, dtype=np.float64)
    except ValueError:
        values = np.empty(len(texts), dtype=np.float64)
        for row, text in enumerate(texts):
            try:
                values[row] = _parse_timestamp(text)
            except ValueError:
                raise EdgeFileError(
                    f"{name} line {line_of[row]}: timestamp {_show(text)} is neither"
                    " Unix seconds nor an ISO 8601 date"
                ) from None
        return values
    bad = ~np.isfinite(values)  # no blank texts got here: every NaN or inf was written out
    if bad.any():
        row = _first(line_of, bad)
        raise EdgeFileError(
            f"{name} line {line_of[row]}: timestamp {_show(texts[row])} is not a finite number"
        )
    return values


def _reject_repeats(table: EdgeTable, line_of: np.ndarray, name: str) -> None:
    """Raise on the first line that repeats an earlier (source, target) pair.

    The engine keeps one edge per pair (with one topic), so a repeat would silently replace the
    earlier line.
    """
    keys = table.sources.astype(np.int64) * table.n_members + table.targets
    order = np.argsort(keys, kind="stable")
    repeats = np.flatnonzero(keys[order][1:] == keys[order][:-1])
    if repeats.size:
        later = order[repeats + 1]
        first = int(later[np.argmin(line_of[later])])
        earlier = int(order[repeats[np.argmin(line_of[later])]])
        raise EdgeFileError(
            f"{name} line {line_of[first]}: repeats the edge"
            f" {_show(table.members[table.sources[first]])} ->"
            f" {_show(table.members[table.targets[first]])} of line {line_of[earlier]}"
        )


def read_viewers(path: str | Path) -> list[str]:
    """Viewer ids, one per line, exactly as written (only the line ending is removed).

    Blank lines are skipped. ``-`` reads standard input.
    """
    name = "standard input" if str(path) == "-" else str(path)
    try:
        if str(path) == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
    except OSError as exc:
        raise EdgeFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise EdgeFileError(f"{name}: not UTF-8 text") from None
    # Not splitlines(): ids may contain characters it would treat as line breaks.
    viewers = [line.removesuffix("\r") for line in text.split("\n")]
    viewers = [viewer for viewer in viewers if viewer.strip()]
    if not viewers:
        raise EdgeFileError(f"{name}: no viewer ids (expected one per line)")
    return viewers
