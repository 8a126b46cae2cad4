"""Command line: rank members for viewers and explain one pair, from an edges CSV file.

    python -m trust_engine rank --edges EDGES.csv --viewers-file VIEWERS.txt --top 10 --json
    python -m trust_engine explain --edges EDGES.csv --viewer A --target B [--json]

Bad input prints one line ``error: ...`` on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from trust_engine.csv_io import EdgeFileError, EdgeTable, read_edges, read_viewers

__all__ = ["build_parser", "main"]

EXIT_BAD_INPUT = 2


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be at least 0, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m trust_engine``."""
    parser = argparse.ArgumentParser(
        prog="python -m trust_engine",
        description="Personalized, sybil-resistant trust ranking over a recommendation graph.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    edges_help = (
        "CSV file with a header source,target,weight (optional topic, timestamp columns); "
        "weight in (0, 1] for trust, [-1, 0) for distrust"
    )
    rank = commands.add_parser("rank", help="rank the members each viewer can trust")
    rank.add_argument("--edges", required=True, metavar="EDGES.csv", help=edges_help)
    viewers = rank.add_mutually_exclusive_group(required=True)
    viewers.add_argument(
        "--viewers-file", metavar="VIEWERS.txt", help="viewer ids, one per line ('-' for stdin)"
    )
    viewers.add_argument("--viewer", action="append", metavar="ID", help="a viewer id (repeatable)")
    rank.add_argument("--top", type=_positive_int, default=10, help="results per viewer")
    rank.add_argument("--topic", help="rank for this topic (a value of the topic column)")
    rank.add_argument(
        "--max-paths",
        type=_non_negative_int,
        default=3,
        help="explanation paths per result (0: none)",
    )
    rank.add_argument("--json", action="store_true", help="one JSON object per viewer per line")

    explain = commands.add_parser("explain", help="show why a viewer trusts a target")
    explain.add_argument("--edges", required=True, metavar="EDGES.csv", help=edges_help)
    explain.add_argument("--viewer", required=True, metavar="ID")
    explain.add_argument("--target", required=True, metavar="ID")
    explain.add_argument("--max-paths", type=_positive_int, default=3, help="paths to show")
    explain.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def _member(table: EdgeTable, member_id: str, role: str, name: str) -> int:
    try:
        return table.index[member_id]
    except KeyError:
        raise EdgeFileError(f"unknown {role} {member_id!r}: not a member in {name}") from None


def _load(table: EdgeTable):
    """Build the engine's graph from the table (imported here so --help stays fast)."""
    from trust_engine import TrustGraph

    return TrustGraph.from_arrays(
        table.sources,
        table.targets,
        table.weights,
        n_members=table.n_members,
        topics=table.topics,
        timestamps=table.timestamps,
    )


def _paths(graph, table: EdgeTable, viewer: int, target: int, max_paths: int) -> list:
    """Explanation paths as (member id strings, strength)."""
    if max_paths == 0:
        return []
    return [
        ([table.members[m] for m in path.members], float(path.strength))
        for path in graph.explain(viewer, target, max_paths=max_paths)
    ]


def _score(value: float) -> float:
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"engine returned a non-finite score {value}")
    return value


def _rank(args: argparse.Namespace, out: TextIO) -> None:
    table = read_edges(args.edges)
    viewer_ids = read_viewers(args.viewers_file) if args.viewers_file else args.viewer
    viewers = [_member(table, v, "viewer", args.edges) for v in viewer_ids]
    topic = table.topic_id(args.topic) if args.topic is not None else None
    graph = _load(table)
    for viewer_id, viewer in zip(viewer_ids, viewers, strict=True):
        results = []
        for member, score in graph.rank(viewer, top=args.top, topic=topic):
            member = int(member)
            paths = _paths(graph, table, viewer, member, args.max_paths)
            results.append((table.members[member], _score(score), paths))
        if args.json:
            record = {
                "viewer": viewer_id,
                "results": [
                    {"member": m, "score": s, "paths": [p for p, _ in paths]}
                    for m, s, paths in results
                ],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        out.write(f"{viewer_id}:\n")
        if not results:
            out.write("  (nobody reachable)\n")
        for place, (member_id, score, paths) in enumerate(results, 1):
            via = f"  via {' -> '.join(paths[0][0])}" if paths else ""
            out.write(f"  {place:>3}. {member_id}  {score:.6g}{via}\n")


def _explain(args: argparse.Namespace, out: TextIO) -> None:
    table = read_edges(args.edges)
    viewer = _member(table, args.viewer, "viewer", args.edges)
    target = _member(table, args.target, "target", args.edges)
    graph = _load(table)
    trust = _score(graph.trust(viewer, target))
    paths = _paths(graph, table, viewer, target, args.max_paths)
    if args.json:
        record = {
            "viewer": args.viewer,
            "target": args.target,
            "trust": trust,
            "paths": [{"members": members, "strength": s} for members, s in paths],
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    out.write(f"trust of {args.viewer} in {args.target}: {trust:.6g}\n")
    if not paths:
        out.write("no trust path of at most 4 steps\n")
    for members, strength in paths:
        out.write(f"  {strength:.6g}  {' -> '.join(members)}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 2 bad input)."""
    args = build_parser().parse_args(argv)
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8")  # ids are echoed exactly, whatever the locale
    try:
        if args.command == "rank":
            _rank(args, out)
        else:
            _explain(args, out)
        out.flush()
    except ValueError as exc:  # EdgeFileError, and the engine's own input checks
        message = " ".join(str(exc).split())
        print(f"error: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader (e.g. `head`) stopped early: not an error; point stdout at devnull so
        # the interpreter's final flush does not print a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return 0
