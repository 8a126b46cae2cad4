"""What notifications contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

from typing import Any

from goodword.core import hooks
from goodword.core.export import iso

from .models import Notification


@hooks.register(hooks.MEMBER_EXPORT)
def export_notifications(user) -> dict[str, Any]:
    return {
        "notifications": [
            {
                "kind": n.kind,
                "url": n.url,
                "created_at": iso(n.created_at),
                "read_at": iso(n.read_at),
            }
            for n in Notification.objects.filter(recipient=user).order_by("created_at")
        ]
    }


@hooks.register(hooks.MEMBER_ERASING)
def erase_notifications(user) -> None:
    """The member's own notices go; notices others received about them stay (the actor then
    reads as a deleted member)."""
    Notification.objects.filter(recipient=user).delete()
