"""Writes for personal access tokens. Views and the management command call only these."""

from django.db import transaction

from .auth import hash_token, new_token_secret
from .models import ApiToken
from .queries import access_token

PREFIX_LENGTH = 12


@transaction.atomic
def create_token(user, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user` and return it with its secret.

    Only the SHA-256 hash is stored, so the returned secret is the one and only chance to show
    it. The first characters are kept as `prefix` so that members can tell tokens apart.
    """
    name = (name or "").strip()
    if not name:
        raise ValueError("A token needs a name.")
    raw = new_token_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name[: ApiToken._meta.get_field("name").max_length],
        token_hash=hash_token(raw),
        prefix=raw[:PREFIX_LENGTH],
    )
    return token, raw


@transaction.atomic
def revoke_token(user, token_id: int) -> ApiToken:
    """Delete one of `user`'s tokens; another member's token is 404 like a missing one."""
    token = access_token(user, token_id)
    token.delete()
    return token
