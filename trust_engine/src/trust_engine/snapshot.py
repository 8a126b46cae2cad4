"""A trust graph as one file of flat arrays that every process on a machine memory-maps.

Layout: 8 bytes magic ``GWTSNAP1``, 8 bytes little-endian header length, a JSON header
(``arrays``: name -> dtype, shape, offset; ``meta``: caller data; ``algorithm``; ``as_of``;
``n_members``; the graph's arrays, topic labels included, are named ``graph.*``), then each
array's bytes at a 64-byte aligned offset. :func:`write_snapshot`
writes a temporary file in the same directory, flushes it to disk and renames it over the
target (``os.replace``), so a reader sees the old file or the new one, never half of one; a
process that mapped the old file keeps reading it until it loads the new one.

:func:`read_snapshot` maps the file read-only: the graph's base arrays are views into the
mapping, shared by every process through the page cache. Edits after loading go to the
graph's per-process overlay as usual; the mapped arrays are never written.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from trust_engine.edges import EdgeStore, TopicLabels
from trust_engine.graph import TrustGraph
from trust_engine.propagation import ThresholdTrust

MAGIC = b"GWTSNAP1"
ALIGN = 64
_GRAPH_ARRAYS = ("indptr", "indices", "eff", "share", "topic")
_LABEL_ARRAYS = ("label_topics", "label_indptr", "label_keys")
_PREFIX = "graph."


@dataclass(frozen=True)
class Snapshot:
    """What :func:`read_snapshot` returns: the graph, the caller's arrays and metadata."""

    graph: TrustGraph
    arrays: dict[str, np.ndarray]
    meta: dict


def _store_of(graph: TrustGraph) -> EdgeStore:
    store = graph._store  # the engine's own storage: this module belongs to the engine
    if not store.n_overlay:
        return store
    src, dst, eff, top = store.current_edges()
    return EdgeStore(
        store.n,
        src,
        dst,
        eff,
        top if (store.topic is not None or (top >= 0).any()) else None,
        store.model,
    )


def write_snapshot(
    path: str | os.PathLike,
    graph: TrustGraph,
    arrays: dict[str, np.ndarray] | None = None,
    meta: dict | None = None,
) -> int:
    """Write ``graph`` (edits folded in), the caller's 1-d ``arrays`` and JSON ``meta`` to
    ``path`` atomically. Returns the file size in bytes.

    Raises ``ValueError`` for an array name starting with ``graph.``, a non-1-d or object
    array, or metadata that is not JSON.
    """
    store = _store_of(graph)
    items: list[tuple[str, np.ndarray]] = []
    for name in _GRAPH_ARRAYS:
        value = getattr(store, name)
        if value is not None:
            items.append((_PREFIX + name, np.ascontiguousarray(value)))
    # Topic labels (several topics per edge), edits folded in.
    for name, value in zip(_LABEL_ARRAYS, graph._store.labels.flat(), strict=True):
        items.append((_PREFIX + name, np.ascontiguousarray(value)))
    for name, value in (arrays or {}).items():
        if name.startswith(_PREFIX):
            raise ValueError(f"array name {name!r} is reserved for the graph")
        value = np.ascontiguousarray(value)
        if value.ndim != 1 or value.dtype.hasobject:
            raise ValueError(f"array {name!r} must be a 1-d numeric array")
        items.append((name, value))
    header: dict = {
        "n_members": store.n,
        "algorithm": json.loads(graph.algorithm.to_json()),
        "as_of": graph.as_of,
        "has_topics": bool(graph._has_topics),
        "meta": meta or {},
        "arrays": {},
    }
    offset = 0
    for name, value in items:
        header["arrays"][name] = {
            "dtype": value.dtype.str,
            "shape": list(value.shape),
            "offset": offset,
        }
        offset += -(-value.nbytes // ALIGN) * ALIGN
    try:
        head = json.dumps(header, sort_keys=True).encode()
    except TypeError as exc:
        raise ValueError(f"snapshot metadata is not JSON: {exc}") from exc
    data_start = -(-(16 + len(head)) // ALIGN) * ALIGN
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + len(head).to_bytes(8, "little") + head)
            f.write(b"\0" * (data_start - 16 - len(head)))
            for name, value in items:
                f.seek(data_start + header["arrays"][name]["offset"])
                f.write(value.tobytes())
            f.truncate(data_start + offset)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return data_start + offset


def _header(path: str | os.PathLike) -> tuple[dict, int]:
    with open(path, "rb") as f:
        start = f.read(16)
        if len(start) < 16 or start[:8] != MAGIC:
            raise ValueError(f"{path} is not a trust snapshot")
        size = int.from_bytes(start[8:], "little")
        try:
            header = json.loads(f.read(size))
        except ValueError as exc:
            raise ValueError(f"{path} has a damaged header") from exc
    return header, -(-(16 + size) // ALIGN) * ALIGN


def read_header(path: str | os.PathLike) -> dict:
    """The snapshot's JSON header (cheap: reads only the first bytes). Raises ``ValueError``
    for a file that is not a snapshot."""
    return _header(path)[0]


def read_snapshot(path: str | os.PathLike) -> Snapshot:
    """Map ``path`` read-only and return the graph over it, the caller's arrays and meta.

    Raises ``ValueError`` for a file that is not a snapshot or is shorter than its header
    says, ``FileNotFoundError`` when it does not exist.
    """
    header, data_start = _header(path)
    buffer = np.memmap(path, dtype=np.uint8, mode="r")
    arrays: dict[str, np.ndarray] = {}
    for name, spec in header["arrays"].items():
        dtype = np.dtype(spec["dtype"])
        count = int(np.prod(spec["shape"]))
        start = data_start + spec["offset"]
        end = start + count * dtype.itemsize
        if end > buffer.size:
            raise ValueError(f"{path} is truncated: {name} ends at {end} of {buffer.size} bytes")
        arrays[name] = buffer[start:end].view(dtype).reshape(spec["shape"])
    algorithm_spec = header["algorithm"]
    algorithm = ThresholdTrust.from_json(json.dumps(algorithm_spec))
    store = EdgeStore.from_csr(
        header["n_members"],
        arrays.pop(_PREFIX + "indptr"),
        arrays.pop(_PREFIX + "indices"),
        arrays.pop(_PREFIX + "eff"),
        arrays.pop(_PREFIX + "share"),
        arrays.pop(_PREFIX + "topic", None),
        algorithm.edge_model(),
    )
    labels = [arrays.pop(_PREFIX + name, None) for name in _LABEL_ARRAYS]
    if all(a is not None for a in labels):
        store.labels = TopicLabels.from_flat(*labels)
    graph = TrustGraph(store, algorithm, header["as_of"], header["has_topics"])
    return Snapshot(graph, arrays, header["meta"])
