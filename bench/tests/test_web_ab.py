"""bench/web_ab.py reads the CPU time of the database session from /proc, and reads nothing
for a process that is not there (a database on another machine)."""

from __future__ import annotations

import importlib.util
import os
import time
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "web_ab.py"


def load():
    spec = importlib.util.spec_from_file_location("web_ab", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_database_cpu_is_the_process_cpu_time_and_zero_for_no_process():
    web_ab = load()
    before, cpu = web_ab.database_cpu(os.getpid()), time.process_time()
    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:
        pass
    used, measured = time.process_time() - cpu, web_ab.database_cpu(os.getpid()) - before
    assert abs(measured - used) <= 0.05  # clock ticks of 10 ms
    assert web_ab.database_cpu(2**22 + 1) == 0.0  # above Linux's highest process id
