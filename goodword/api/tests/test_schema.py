import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

REQUIRED = [
    ("get", "/api/v1/members/me"),
    ("get", "/api/v1/members/{id}"),
    ("get", "/api/v1/members/{id}/recommendations"),
    ("post", "/api/v1/recommendations"),
    ("post", "/api/v1/recommendations/{id}/accept"),
    ("post", "/api/v1/recommendations/{id}/hide"),
    ("post", "/api/v1/recommendations/{id}/withdraw"),
]


def _normalise(path: str) -> str:
    """`/members/{user_id}` and `/members/{id}` name the same endpoint."""
    parts = []
    for part in path.rstrip("/").split("/"):
        parts.append("{id}" if part.startswith("{") and part.endswith("}") else part)
    return "/".join(parts)


def test_openapi_schema_lists_the_required_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Goodword API"
    operations = {
        (method, _normalise(path)) for path, item in schema["paths"].items() for method in item
    }
    missing = [op for op in REQUIRED if op not in operations]
    assert not missing, f"missing from the OpenAPI schema: {missing}"


def test_openapi_schema_documents_token_and_session_auth(client):
    schemes = client.get("/api/v1/openapi.json").json()["components"]["securitySchemes"]
    kinds = {(s["type"], s.get("scheme", s.get("in"))) for s in schemes.values()}
    assert ("http", "bearer") in kinds
    assert ("apiKey", "cookie") in kinds


def test_interactive_docs_render(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "openapi.json" in html
    assert "swagger" in html.lower()


def test_create_token_command_exits_1_for_unknown_email(tmp_path):
    """Run through `manage.py` as an operator would: message on stderr, exit status 1."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }

    def manage(*args):
        return subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "manage.py", *args],
            capture_output=True,
            text=True,
            check=False,
            env=env,
            cwd=settings.BASE_DIR,
        )

    assert manage("migrate", "-v", "0").returncode == 0
    result = manage("create_token", "nobody@goodword.test")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "nobody@goodword.test" in result.stderr
    assert "Traceback" not in result.stderr
