"""Every API operation, fed by schemathesis from the OpenAPI schema, authenticated with a
personal access token: no server error, and every answer documented (status code, content type
and body). Bounded and deterministic: `SCHEMATHESIS_MAX_EXAMPLES` examples per operation
(default 12), derandomised, in process (WSGI), on whichever database the suite runs on."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "12"))
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


def load_schema():
    """The schema as `/api/v1/openapi.json` serves it; requests go to the WSGI app in process."""
    from django.core.wsgi import get_wsgi_application
    from django.test import Client

    loaded = schemathesis.openapi.from_dict(Client().get("/api/v1/openapi.json").json())
    loaded.app = get_wsgi_application()
    return loaded


schema = load_schema()


@pytest.fixture
def keep_connection():
    """schemathesis calls the WSGI app directly; like Django's test client, keep the test's
    database connection (and its transaction) open across requests."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(db, keep_connection):
    """A member with a little around them, so that some generated ids name real objects."""
    member = UserFactory(display_name="Schema Tester", city="Köln")
    for i in range(3):
        UserFactory(display_name=f"Nachbarin {i}")
    _, secret = create_token(member, "schemathesis")
    return {"Authorization": f"Bearer {secret}"}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_operation(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
