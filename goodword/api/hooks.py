"""What the api app contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

from typing import Any

from goodword.core import hooks
from goodword.core.export import iso

from .models import ApiToken


@hooks.register(hooks.MEMBER_EXPORT)
def export_api_tokens(user) -> dict[str, Any]:
    """Name, prefix and dates of the member's tokens; never the secret."""
    return {
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": iso(t.created_at),
                "last_used_at": iso(t.last_used_at),
            }
            for t in ApiToken.objects.filter(user=user).order_by("created_at")
        ]
    }


@hooks.register(hooks.MEMBER_ERASING)
def erase_api_tokens(user) -> None:
    ApiToken.objects.filter(user=user).delete()
