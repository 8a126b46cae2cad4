"""API authentication: the browser's session (with CSRF) or a personal access token."""

import hashlib
import secrets
from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from .models import ApiToken

TOKEN_PREFIX = "gw_"  # noqa: S105 - a marker, not a secret
# "Last used" is kept to this precision: a write on every request made every API call a writer,
# and on SQLite every writer waits for the one lock.
LAST_USED_PRECISION = timedelta(minutes=5)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer gw_…` with a token created on the settings page or by
    `manage.py create_token`."""

    def authenticate(self, request: HttpRequest, token: str):
        if not token.startswith(TOKEN_PREFIX):
            return None
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or api_token.last_used_at < now - LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user


# Token first so that scripts need no CSRF token; the browser falls back to its session.
api_auth = [TokenAuth(), SessionAuth()]
