"""`make run` (scripts/run.sh) starts the development configuration and tells the site where it
runs, so that mails sent by the worker link to this very server."""

import os
import stat
import subprocess

from django.conf import settings


def test_run_script_sets_debug_and_site_url_from_its_port(tmp_path):
    log = tmp_path / "calls.log"
    fake_python = tmp_path / "python"
    # The fake server stays up for a moment, as the real one would, so that the worker started
    # in the background has written its line before the script stops it.
    fake_python.write_text(
        f'#!/bin/sh\necho "$* DEBUG=$DEBUG SITE_URL=$SITE_URL" >> {log}\n'
        'case "$*" in *runserver*) sleep 1;; esac\n'
    )
    fake_python.chmod(fake_python.stat().st_mode | stat.S_IEXEC)
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SITE_URL"}}
    result = subprocess.run(
        ["scripts/run.sh"],  # noqa: S607 - the repository's own script
        env={**env, "BIN": str(tmp_path), "PORT": "8123"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "http://127.0.0.1:8123/" in result.stdout
    calls = log.read_text().splitlines()
    commands = [line.split(" DEBUG=")[0] for line in calls]
    assert "manage.py runserver 127.0.0.1:8123 --noreload" in commands
    assert any(c.startswith("manage.py db_worker") for c in commands)
    assert all(line.endswith("DEBUG=1 SITE_URL=http://127.0.0.1:8123") for line in calls), calls
