"""The production files in deploy/ stay true: the documented settings pass `check --deploy`, and
every command the systemd units start exists."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

from goodword.core.tests.helpers import fill_legal_templates

DEPLOY = Path(settings.BASE_DIR) / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def example_env() -> dict[str, str]:
    """deploy/goodword.env.example as an operator fills it in: a real secret key."""
    env = {}
    for line in (DEPLOY / "goodword.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            env[name.strip()] = value.strip().strip('"')
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    return env


def check_deploy(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k != "DEBUG" and not k.startswith("DJANGO_")}
    env = {**base, **env, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env["GOODWORD_VAR_DIR"] = str(tmp_path)
    if env.get("LEGAL_DIR") == "/etc/goodword/legal":  # as section 2 of docs/deploy.md fills it
        env["LEGAL_DIR"] = str(fill_legal_templates(tmp_path / "legal"))
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'check.sqlite3'}"
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_documented_settings_pass_check_deploy(tmp_path):
    result = check_deploy(example_env(), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("legal", ["missing", "placeholders"])
def test_production_refuses_to_install_without_the_legal_pages(tmp_path, legal):
    env = example_env()
    env["LEGAL_DIR"] = str(tmp_path / "legal")
    if legal == "placeholders":
        (tmp_path / "legal").mkdir()
        for page in ("impressum", "privacy"):
            shipped = Path(settings.BASE_DIR) / "deploy" / "legal" / f"{page}.de.html"
            (tmp_path / "legal" / f"{page}.de.html").write_text(shipped.read_text())
    result = check_deploy(env, tmp_path)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "goodword.E001" in output and "impressum.de.html" in output
    assert "privacy.de.html" in output


@pytest.mark.parametrize(
    ("variable", "warning"),
    [("SECURE_HSTS_SECONDS", "security.W004"), ("SECURE_SSL_REDIRECT", "security.W008")],
)
def test_check_deploy_warns_when_a_documented_setting_is_left_out(tmp_path, variable, warning):
    env = example_env()
    del env[variable]
    result = check_deploy(env, tmp_path)
    assert result.returncode != 0
    assert warning in result.stdout + result.stderr


def test_the_documented_variables_are_all_explained_in_docs_deploy():
    guide = (Path(settings.BASE_DIR) / "docs" / "deploy.md").read_text()
    missing = [name for name in example_env() if f"`{name}`" not in guide]
    assert not missing


@pytest.mark.parametrize("unit", UNITS, ids=[u.name for u in UNITS])
def test_every_service_starts_something_that_exists(unit):
    commands = get_commands()
    starts = re.findall(r"^ExecStart=(.+)$", unit.read_text(), flags=re.MULTILINE)
    assert starts
    for line in starts:
        words = line.split()
        assert words[0].startswith("/srv/goodword/app/.venv/bin/")
        if "manage.py" in words:
            assert words[words.index("manage.py") + 1] in commands, line
        if "-c" in words:
            assert (Path(settings.BASE_DIR) / words[words.index("-c") + 1]).is_file(), line
