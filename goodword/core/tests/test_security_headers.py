"""Content-Security-Policy: every page says that scripts, styles and everything else come from
the instance only, and no template carries inline script, inline event handlers or inline
styles that such a policy would block."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from goodword.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = sorted(Path(settings.BASE_DIR, "goodword").glob("*/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize(
    "name", ["core:home", "account_login", "account_signup", "api-v1:openapi-view"]
)
def test_pages_send_a_strict_policy(client, name):
    policy = directives(client.get(reverse(name)))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


def test_member_pages_send_the_policy_too(client):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:settings"))
    assert directives(response)["script-src"] == ["'self'"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[3])))
def test_no_template_has_inline_script_handlers_or_styles(template):
    html = template.read_text()
    assert not INLINE_SCRIPT.search(html), "move the script to a static file"
    assert not EVENT_HANDLER.search(html), "use addEventListener in a static file"
    assert not STYLE.search(html), "use a class in the stylesheet"
