"""Smoke run of the write-load benchmark: a few writers against `runserver` on SQLite, as
`make run` starts it; nothing may fail, get lost or be saved behind a 5xx."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_few_writers_lose_nothing_and_the_table_lands_in_its_section(tmp_path: Path) -> None:
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n\n## Trust engine\n\nkept\n\n## Web\n\nalso kept\n")
    out = tmp_path / "write_load.json"
    run = subprocess.run(
        [
            sys.executable,
            str(BENCH / "write_load.py"),
            "--setup",
            "runserver-sqlite",
            "--writers",
            "6",
            "--members",
            "15",
            "--duration",
            "6",
            "--writes",
            "8",
            "--port",
            str(free_port()),
            "--drain-timeout",
            "60",
            "--json",
            str(out),
            "--write-docs",
            "--docs",
            str(docs),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report["writes"] >= 6 * 4  # every writer got through each kind of write at least once
    assert report["server_errors"] == 0, report
    assert report["lost"] == 0, report
    assert report["saved_but_5xx"] == 0, report
    assert report["missing_refresh"] == 0, report
    text = docs.read_text()
    assert "## Trust engine\n\nkept" in text and "## Web\n\nalso kept" in text
    assert "## Write load" in text and "### runserver-sqlite" in text
    assert "| 6 |" in text
