"""Layout of the small "how you are connected" picture, drawn as server-side SVG.

The viewer sits on the left, the member on the right, each path is one row in between.
Only coordinates and labels are computed here; `trust/_connection_picture.html` draws them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .queries import ConnectionPath, PathMember

WIDTH = 640
ROW = 64
MARGIN_X = 56
RADIUS = 18
LABEL_CHARS = 18


@dataclass(frozen=True)
class Node:
    x: int
    y: int
    member: PathMember
    label: str
    role: str  # "viewer", "target", "via" or "anonymous"


@dataclass(frozen=True)
class Line:
    x1: int
    y1: int
    x2: int
    y2: int
    public: bool


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    nodes: list[Node]
    lines: list[Line]


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def layout(paths: list[ConnectionPath]) -> Picture | None:
    """Coordinates for up to three paths sharing the viewer (left) and the member (right)."""
    if not paths:
        return None
    height = max(1, len(paths)) * ROW + 40
    mid = height // 2
    left, right = MARGIN_X, WIDTH - MARGIN_X
    first = paths[0].members
    nodes = [
        Node(left, mid, first[0], _short(first[0].name), "viewer"),
        Node(right, mid, first[-1], _short(first[-1].name), "target"),
    ]
    lines = []
    for row, path in enumerate(paths):
        y = 20 + ROW // 2 + row * ROW
        hops = path.hops
        points = [(left, mid)]
        for i, member in enumerate(path.via, start=1):
            x = left + (right - left) * i // hops
            role = "anonymous" if member.anonymous else "via"
            nodes.append(Node(x, y, member, _short(member.name), role))
            points.append((x, y))
        points.append((right, mid))
        for step, (a, b) in zip(path.steps, itertools.pairwise(points), strict=False):
            lines.append(Line(a[0], a[1], b[0], b[1], step.is_public))
    return Picture(WIDTH, height, nodes, lines)
