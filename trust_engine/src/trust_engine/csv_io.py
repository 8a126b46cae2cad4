"""Read trust edges from CSV, mapping arbitrary string member ids to 0..n-1.

The file has a header naming the columns ``source``, ``target`` and ``weight`` (any order) and
optionally ``topic`` and ``timestamp``. Weights are in (0, 1] for trust and [-1, 0) for distrust.
A blank topic means a general recommendation; topics are arbitrary strings mapped to 0..t-1.
Timestamps are Unix seconds or ISO 8601 dates (``2024-05-01`` or ``2024-05-01T12:00:00+00:00``;
naive ones are read as UTC).

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

__all__ = ["EdgeFileError", "EdgeTable", "GENERAL_TOPIC", "read_edges", "read_viewers"]

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
        weights: float32 weights per edge.
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
    """Unix seconds from a number or an ISO 8601 date/datetime (naive means UTC)."""
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
    a bad timestamp, a repeated (source, target, topic) edge, or a file without edges.
    """
    name = Path(path).name
    index: dict[str, int] = {}
    members: list[str] = []
    topic_index: dict[str, int] = {}
    sources, targets = array("i"), array("i")
    weights = array("f")
    topics, timestamps = array("i"), array("d")
    lines = array("q")
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            try:
                positions = _read_header(reader, name)
                n_fields = len(positions)
                si, ti, wi = (positions[c] for c in REQUIRED_COLUMNS)
                topic_at, time_at = positions.get("topic"), positions.get("timestamp")
                for row in reader:
                    line = reader.line_num
                    if len(row) != n_fields:
                        if not row or row == [""]:
                            continue  # blank line
                        raise EdgeFileError(
                            f"{name} line {line}: expected {n_fields} fields, got {len(row)}"
                        )
                    source, target = row[si], row[ti]
                    if not source or not target:
                        raise EdgeFileError(f"{name} line {line}: empty member id")
                    if source == target:
                        raise EdgeFileError(
                            f"{name} line {line}: member {_show(source)} recommends itself"
                        )
                    try:
                        weight = float(row[wi])
                    except ValueError:
                        raise EdgeFileError(
                            f"{name} line {line}: weight {_show(row[wi])} is not a number"
                        ) from None
                    if not (-1.0 <= weight <= 1.0) or weight == 0.0:  # also catches NaN
                        raise EdgeFileError(
                            f"{name} line {line}: weight {_show(row[wi])} is outside"
                            " (0, 1] for trust and [-1, 0) for distrust"
                        )
                    s = index.get(source)
                    if s is None:
                        s = index[source] = len(members)
                        members.append(source)
                    t = index.get(target)
                    if t is None:
                        t = index[target] = len(members)
                        members.append(target)
                    sources.append(s)
                    targets.append(t)
                    weights.append(weight)
                    lines.append(line)
                    if topic_at is not None:
                        topic = row[topic_at]
                        if topic:
                            topics.append(topic_index.setdefault(topic, len(topic_index)))
                        else:
                            topics.append(GENERAL_TOPIC)
                    if time_at is not None:
                        try:
                            timestamps.append(_parse_timestamp(row[time_at]))
                        except ValueError:
                            raise EdgeFileError(
                                f"{name} line {line}: timestamp {_show(row[time_at])} is neither"
                                " Unix seconds nor an ISO 8601 date"
                            ) from None
            except csv.Error as exc:
                raise EdgeFileError(f"{name} line {reader.line_num}: malformed CSV ({exc})") from None
            except UnicodeDecodeError:
                raise EdgeFileError(
                    f"{name} line {reader.line_num + 1}: not UTF-8 text"
                ) from None
    except OSError as exc:
        raise EdgeFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not sources:
        raise EdgeFileError(f"{name}: no edges after the header line")

    table = EdgeTable(
        members=members,
        index=index,
        sources=np.frombuffer(sources, dtype=np.int32),
        targets=np.frombuffer(targets, dtype=np.int32),
        weights=np.frombuffer(weights, dtype=np.float32),
        topics=np.frombuffer(topics, dtype=np.int32) if topic_at is not None else None,
        topic_names=list(topic_index),
        timestamps=np.frombuffer(timestamps, dtype=np.float64) if time_at is not None else None,
    )
    _reject_repeats(table, np.frombuffer(lines, dtype=np.int64), name)
    return table


def _reject_repeats(table: EdgeTable, lines: np.ndarray, name: str) -> None:
    """Raise on the first line that repeats an earlier (source, target, topic) edge."""
    n = np.int64(table.n_members)
    keys = table.sources.astype(np.int64) * n + table.targets
    if table.topics is not None:
        keys = keys * (len(table.topic_names) + 1) + (table.topics.astype(np.int64) + 1)
    order = np.argsort(keys, kind="stable")
    repeats = np.flatnonzero(keys[order][1:] == keys[order][:-1])
    if repeats.size:
        later = order[repeats + 1]
        first = int(later[np.argmin(lines[later])])
        earlier = int(order[repeats[np.argmin(lines[later])]])
        raise EdgeFileError(
            f"{name} line {lines[first]}: repeats the edge"
            f" {_show(table.members[table.sources[first]])} ->"
            f" {_show(table.members[table.targets[first]])} of line {lines[earlier]}"
        )


def read_viewers(path: str | Path) -> list[str]:
    """Viewer ids, one per line, exactly as written (only the line ending is removed).

    Blank lines are skipped. ``-`` reads standard input.
    """
    name = "standard input" if str(path) == "-" else Path(path).name
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
