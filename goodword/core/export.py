"""The building blocks every app's section of a member's data export uses
(`accounts.services.export_member_data`, `core.hooks.MEMBER_EXPORT`)."""

from __future__ import annotations

from typing import Any


def iso(value) -> str | None:
    return value.isoformat() if value else None


def member_ref(user) -> dict[str, Any]:
    """Another member as an export shows them: id and public display name, nothing else."""
    profile = getattr(user, "profile", None)
    return {"id": user.pk, "display_name": profile.display_name if profile else ""}
