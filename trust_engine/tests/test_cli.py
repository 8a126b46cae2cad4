"""The command line, run as a subprocess exactly as a user would: good and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from trust_engine import TrustGraph

# Ids chosen to catch trimming, case folding, quoting and encoding slips.
ALICE, BOB, CAROL, DAVE = "alice", " Bob ", 'Çarol, "the" 3rd', "42"
EDGES = f'''source,target,weight
{ALICE},{BOB},1
{ALICE},"{CAROL.replace('"', '""')}",0.5
{BOB},{DAVE},1
"{CAROL.replace('"', '""')}",{DAVE},0.5
'''
INDEX = {ALICE: 0, BOB: 1, CAROL: 2, DAVE: 3}
MEMBERS = list(INDEX)


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m trust_engine`` with the given arguments."""
    return subprocess.run(  # noqa: S603 - runs this interpreter with test arguments
        [sys.executable, "-m", "trust_engine", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=stdin,
        timeout=120,
        check=False,
    )


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def edges(tmp_path: Path) -> str:
    return write(tmp_path / "edges.csv", EDGES)


def api_graph() -> TrustGraph:
    """The same tiny graph through the Python API, with ids in order of first appearance."""
    return TrustGraph.from_arrays(
        np.array([0, 0, 1, 2]), np.array([1, 2, 3, 3]), np.array([1.0, 0.5, 1.0, 0.5]), n_members=4
    )


def test_rank_json_matches_the_api_and_echoes_ids_exactly(edges: str, tmp_path: Path) -> None:
    viewers = write(tmp_path / "viewers.txt", f"{ALICE}\n{BOB}\n")
    result = run("rank", "--edges", edges, "--viewers-file", viewers, "--top", "10", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    graph = api_graph()
    for line, viewer in zip(lines, [ALICE, BOB], strict=True):
        expected = {
            "viewer": viewer,
            "results": [
                {
                    "member": MEMBERS[member],
                    "score": float(score),
                    "paths": [
                        [MEMBERS[m] for m in path.members]
                        for path in graph.explain(INDEX[viewer], member, max_paths=3)
                    ],
                }
                for member, score in graph.rank(INDEX[viewer], top=10)
            ],
        }
        assert json.loads(line) == expected


def test_rank_json_tiny_graph_exact_shape(edges: str) -> None:
    result = run("rank", "--edges", edges, "--viewer", ALICE, "--top", "10", "--json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert list(record) == ["viewer", "results"]
    assert record["viewer"] == ALICE
    members = [r["member"] for r in record["results"]]
    # Everyone but the viewer is reachable; the fully trusted Bob leads, Dave comes after Bob.
    assert sorted(members) == sorted([BOB, CAROL, DAVE])
    assert members[0] == BOB
    assert members.index(BOB) < members.index(DAVE)
    for r in record["results"]:
        assert list(r) == ["member", "score", "paths"]
        assert r["score"] > 0
        for path in r["paths"]:
            assert path[0] == ALICE and path[-1] == r["member"]
    by_member = {r["member"]: r["paths"] for r in record["results"]}
    assert by_member[BOB] == [[ALICE, BOB]]
    assert [ALICE, BOB, DAVE] in by_member[DAVE]
    scores = [r["score"] for r in record["results"]]
    assert scores == sorted(scores, reverse=True)


def test_rank_top_and_max_paths_zero(edges: str) -> None:
    result = run(
        "rank", "--edges", edges, "--viewer", ALICE, "--top", "1", "--max-paths", "0", "--json"
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert [r["member"] for r in record["results"]] == [BOB]
    assert record["results"][0]["paths"] == []


def test_rank_human_readable_and_viewers_from_stdin(edges: str) -> None:
    result = run("rank", "--edges", edges, "--viewers-file", "-", "--top", "2", stdin=f"{BOB}\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"{BOB}:"
    assert f"{DAVE}" in result.stdout and f"via {BOB} -> {DAVE}" in result.stdout


def test_explain_json_and_text(edges: str) -> None:
    result = run("explain", "--edges", edges, "--viewer", ALICE, "--target", DAVE, "--json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    graph = api_graph()
    assert record["viewer"] == ALICE and record["target"] == DAVE
    assert record["trust"] == pytest.approx(graph.trust(0, 3))
    expected = [([MEMBERS[m] for m in p.members], p.strength) for p in graph.explain(0, 3)]
    assert [(p["members"], p["strength"]) for p in record["paths"]] == [
        (members, pytest.approx(strength)) for members, strength in expected
    ]
    assert [ALICE, BOB, DAVE] in [p["members"] for p in record["paths"]]

    text = run("explain", "--edges", edges, "--viewer", ALICE, "--target", DAVE)
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith(f"trust of {ALICE} in {DAVE}: ")
    assert f"{ALICE} -> {BOB} -> {DAVE}" in text.stdout


def test_explain_without_path(edges: str) -> None:
    result = run("explain", "--edges", edges, "--viewer", DAVE, "--target", ALICE)
    assert result.returncode == 0, result.stderr
    assert "no trust path" in result.stdout


def test_topic_and_timestamp_columns(tmp_path: Path) -> None:
    edges = write(
        tmp_path / "edges.csv",
        "source,target,weight,topic,timestamp\n"
        "a,b,1,,2025-01-01\n"
        "b,c,1,tax,1735689600\n"
        "b,d,1,,\n"
        "a,e,-1,,2025-01-01T00:00:00+00:00\n",
    )
    result = run("rank", "--edges", edges, "--viewer", "a", "--topic", "tax", "--json")
    assert result.returncode == 0, result.stderr
    members = [r["member"] for r in json.loads(result.stdout)["results"]]
    assert "c" in members and "d" not in members
    plain = run("rank", "--edges", edges, "--viewer", "a", "--json")
    assert plain.returncode == 0, plain.stderr
    assert "e" not in [r["member"] for r in json.loads(plain.stdout)["results"]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty file"),
        ("source,target\na,b\n", "line 1: missing column weight"),
        ("source,target,weight,colour\na,b,1,red\n", "line 1: unknown column 'colour'"),
        ("source,target,weight\na,b,1\nb,c\n", "line 3: expected 3 fields, got 2"),
        ("source,target,weight\na,b,1\nb,c,NaN\n", "line 3: weight is NaN"),
        ("source,target,weight\na,b,0\n", "line 2: weight '0' is outside"),
        ("source,target,weight\na,b,1.5\n", "line 2: weight '1.5' is outside"),
        ("source,target,weight\na,b,-2\n", "line 2: weight '-2' is outside"),
        ("source,target,weight\na,b,high\n", "line 2: weight 'high' is not a number"),
        ("source,target,weight\na,a,1\n", "line 2: member 'a' recommends itself"),
        ("source,target,weight\n,b,1\n", "line 2: empty member id"),
        ("source,target,weight\na,b,1\nc,d,1\na,b,0.5\n", "line 4: repeats the edge"),
        ('source,target,weight\na,b,1\n"b,c,1\n', "malformed CSV"),
        ("source,target,weight\n", "no edges"),
        ("source,target,weight,timestamp\na,b,1,soon\n", "line 2: timestamp 'soon'"),
    ],
)
def test_bad_edges_file_exits_2_with_one_line(tmp_path: Path, text: str, message: str) -> None:
    edges = write(tmp_path / "edges.csv", text)
    for command in (["rank", "--viewer", "a"], ["explain", "--viewer", "a", "--target", "b"]):
        result = run(command[0], "--edges", edges, *command[1:])
        assert result.returncode == 2
        assert result.stdout == ""
        assert "Traceback" not in result.stderr
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith("error: ")
        assert message in result.stderr
        assert edges in result.stderr or "no edges" not in message


def test_unknown_viewer_exits_2_before_any_output(edges: str, tmp_path: Path) -> None:
    viewers = write(tmp_path / "viewers.txt", f"{ALICE}\nzoe\n")
    result = run("rank", "--edges", edges, "--viewers-file", viewers, "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"error: unknown viewer 'zoe': not a member in {edges}\n"


def test_ids_are_not_trimmed(edges: str) -> None:
    result = run("rank", "--edges", edges, "--viewer", "Bob", "--json")
    assert result.returncode == 2
    assert "unknown viewer 'Bob'" in result.stderr


def test_unknown_target_and_topic_exit_2(edges: str) -> None:
    result = run("explain", "--edges", edges, "--viewer", ALICE, "--target", "zoe")
    assert (result.returncode, result.stderr) == (
        2,
        f"error: unknown target 'zoe': not a member in {edges}\n",
    )
    result = run("rank", "--edges", edges, "--viewer", ALICE, "--topic", "tax")
    assert result.returncode == 2
    assert "unknown topic 'tax'" in result.stderr


def test_missing_file_and_not_utf8(tmp_path: Path) -> None:
    result = run("rank", "--edges", str(tmp_path / "absent.csv"), "--viewer", "a")
    assert result.returncode == 2
    assert "cannot read" in result.stderr and "Traceback" not in result.stderr
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"source,target,weight\n\xff\xfe,b,1\n")
    result = run("rank", "--edges", str(binary), "--viewer", "a")
    assert result.returncode == 2
    assert "not UTF-8" in result.stderr and "Traceback" not in result.stderr


def test_empty_viewers_file_and_usage_errors(edges: str, tmp_path: Path) -> None:
    viewers = write(tmp_path / "viewers.txt", "\n\n")
    result = run("rank", "--edges", edges, "--viewers-file", viewers)
    assert result.returncode == 2
    assert "no viewer ids" in result.stderr
    result = run("rank", "--edges", edges)  # neither --viewer nor --viewers-file
    assert result.returncode == 2
    result = run("rank", "--edges", edges, "--viewer", ALICE, "--top", "0")
    assert result.returncode == 2
