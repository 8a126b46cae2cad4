"""Smoke run of the speed benchmark at a tiny size: it runs and its table has the right shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
CONFIG = BENCH / "configs" / "trust_speed_smoke.json"


def test_smoke_run_prints_and_writes_the_table(tmp_path: Path) -> None:
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n\n## Trust engine\n\nold numbers\n\n## Web load\n\nkept\n")
    results = tmp_path / "trust_speed.json"
    run = subprocess.run(
        [
            sys.executable,
            str(BENCH / "trust_speed.py"),
            "--config",
            str(CONFIG),
            "--json-out",
            str(results),
            "--docs-out",
            str(docs),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr

    lines = run.stdout.splitlines()
    assert lines[0] == "## Trust engine"
    header = "| query | n | p50 ms | p99 ms | igraph p50 ÷ p50 |"
    assert lines.count(header) == 1
    rows = lines[lines.index(header) + 2 :]
    rows = rows[: next(i for i, line in enumerate(rows) if not line.startswith("|"))]
    labels = [row.split("|")[1].strip() for row in rows]
    assert labels[0] == "engine `rank(top=100)`, cold"
    assert any(label.startswith("engine `rank`, cached") for label in labels)
    assert any(label.startswith("engine `trust` + `explain`") for label in labels)
    assert any(label.startswith("engine `add_edge`") for label in labels)
    assert any(label.startswith("igraph") for label in labels)
    assert any(label.startswith("networkx") for label in labels)
    assert any(label.startswith("scipy") for label in labels)
    for row in rows:
        assert len(row.strip("|").split("|")) == 5
    engine_row = rows[0].strip("|").split("|")
    assert int(engine_row[1]) == 10 and float(engine_row[2]) > 0  # n viewers, p50 in ms
    assert "| method | build s | memory MiB | memory measured as |" in lines
    assert any(line.startswith("Recall of the engine's top 100") for line in lines)

    text = docs.read_text(encoding="utf-8")
    assert "old numbers" not in text
    assert text.count("## Trust engine") == 1
    assert text.startswith("# Benchmarks\n\n## Trust engine\n")
    assert text.endswith("## Web load\n\nkept\n")
    assert header in text

    data = json.loads(results.read_text(encoding="utf-8"))
    (size,) = data["results"]
    assert (size["members"], size["edges"]) == (2000, 10000)
    engine = size["engine"]
    for key in ("rank_cold", "rank_cached", "trust_explain_cached", "add_edge_visible"):
        assert engine[key]["n"] > 0 and engine[key]["p99_ms"] >= engine[key]["p50_ms"] > 0
    assert 0.0 <= engine["recall"]["mean"] <= 1.0
    assert engine["build_s"] > 0 and engine["memory"]["build_peak_mib"] > 0
    assert set(size["baselines"]) == {"igraph", "networkx", "scipy"}
    assert size["baselines"]["scipy"]["query"]["n"] == 3
