"""The settings read from the environment, each checked in a fresh process as an operator starts
the site (`config.settings`, not the test settings)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from goodword.core.tests.helpers import fill_legal_templates

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "SECRET_KEY": "p" * 50,
    "ALLOWED_HOSTS": "goodword.example.org",
    "SITE_URL": "https://goodword.example.org",
}
VARIABLES = ["DEBUG", *PRODUCTION_ENV, "DATABASE_URL", "CACHES"]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code],
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


SETUP = "import django; django.setup(); from django.conf import settings; "


def test_debug_is_off_when_unset_and_production_needs_its_three_settings():
    result = run_python(SETUP, DJANGO_SETTINGS_MODULE="config.settings")
    assert result.returncode != 0
    assert "SECRET_KEY, ALLOWED_HOSTS, SITE_URL must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"])
def test_production_refuses_to_start_without_each_required_setting(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_python(SETUP, **env)
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in result.stderr


def test_production_starts_with_its_settings_and_reads_them_typed():
    result = run_python(
        SETUP + "print(settings.DEBUG, settings.ALLOWED_HOSTS, settings.SITE_URL, "
        "settings.SESSION_COOKIE_SECURE, settings.AXES_FAILURE_LIMIT, "
        "settings.CACHES['default']['BACKEND'])",
        **{
            **PRODUCTION_ENV,
            "ALLOWED_HOSTS": "a.example.org, b.example.org",
            "SITE_URL": "https://a.example.org/",
            "AXES_FAILURE_LIMIT": "7",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['a.example.org',",
        "'b.example.org']",
        "https://a.example.org",
        "True",
        "7",
        "django.core.cache.backends.db.DatabaseCache",
    ]


def test_development_needs_nothing_but_debug():
    result = run_python(SETUP + "print(settings.DEBUG, settings.SITE_URL)", DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "http://127.0.0.1:8000"]


@pytest.mark.parametrize(
    ("name", "value"),
    [("DEBUG", "perhaps"), ("AXES_FAILURE_LIMIT", "five"), ("SITE_URL", "goodword")],
)
def test_a_malformed_variable_is_named_in_the_error(name, value):
    result = run_python(SETUP, **{**PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert f'Environment variable "{name}" invalid' in result.stderr


def test_the_database_cache_is_shared_by_separate_processes(tmp_path):
    """Rate limits and lockouts count per site: what one worker process stores, another sees."""
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'cache.sqlite3'}"}
    env["GOODWORD_VAR_DIR"] = str(tmp_path)
    migrate = run_python(
        SETUP + "from django.core.management import call_command; "
        "call_command('migrate', verbosity=0)",
        **env,
    )
    assert migrate.returncode == 0, migrate.stderr
    write = run_python(SETUP + "from django.core.cache import cache; cache.set('k', 41)", **env)
    assert write.returncode == 0, write.stderr
    read = run_python(SETUP + "from django.core.cache import cache; print(cache.incr('k'))", **env)
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip() == "42"


def test_the_demo_seed_refuses_to_run_in_production(tmp_path):
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'seed.sqlite3'}"}
    env["GOODWORD_VAR_DIR"] = str(tmp_path)
    env["LEGAL_DIR"] = str(fill_legal_templates(tmp_path / "legal"))
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--members", "3", "--if-empty"],
        env={**{k: v for k, v in os.environ.items() if k not in VARIABLES}, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert "--allow-production" in result.stderr
    assert "Traceback" not in result.stderr


def test_behind_a_proxy_the_client_address_and_scheme_come_from_its_headers():
    code = SETUP + (
        "print(settings.SECURE_PROXY_SSL_HEADER, settings.AXES_IPWARE_PROXY_COUNT, "
        "settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.NINJA_NUM_PROXIES)"
    )
    behind = run_python(
        code, **{**PRODUCTION_ENV, "SECURE_PROXY_SSL_HEADER": "1", "NUM_PROXIES": "1"}
    )
    assert behind.returncode == 0, behind.stderr
    assert behind.stdout.split() == ["('HTTP_X_FORWARDED_PROTO',", "'https')", "1", "1", "1"]
    direct = run_python(
        SETUP + "print(hasattr(settings, 'SECURE_PROXY_SSL_HEADER') "
        "and settings.SECURE_PROXY_SSL_HEADER, settings.NINJA_NUM_PROXIES)",
        **PRODUCTION_ENV,
    )
    assert direct.stdout.split() == ["None", "0"]


def test_trust_timings_are_read_from_the_environment_as_numbers():
    result = run_python(
        SETUP + "print(repr(settings.TRUST_GRAPH_MAX_AGE), repr(settings.TRUST_SYNC_INTERVAL))",
        DEBUG="1",
        TRUST_GRAPH_MAX_AGE="600",
        TRUST_SYNC_INTERVAL="1.5",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["600.0", "1.5"]


@pytest.mark.parametrize(
    ("value", "options"),
    [
        (None, "{'server_side_binding': True, 'prepare_threshold': 5}"),
        ("0", "{}"),
    ],
)
def test_postgresql_prepares_statements_unless_switched_off(value, options):
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://goodword@127.0.0.1:5432/goodword"}
    if value is not None:
        env["DATABASE_PREPARED_STATEMENTS"] = value
    result = run_python(
        "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS', {}))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == options


@pytest.mark.django_db
def test_a_statement_used_five_times_is_prepared_by_postgresql():
    from django.db import connection

    from goodword.topics.models import Topic

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ['%"topics_topic"."slug" = $1%'],
            )
            return cursor.fetchone()[0]

    for i in range(6):
        Topic.objects.filter(slug=f"not-there-{i}").first()
    assert prepared() == 1
