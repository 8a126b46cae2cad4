"""What accounts contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

from goodword.core import hooks

from .services import remove_portrait


@hooks.register(hooks.MEMBER_ERASING)
def erase_portrait(user) -> None:
    """The portrait is personal data: the file goes with the account (after commit)."""
    remove_portrait(user)
