"""Members as every app sees them: the permission-checked lookup and "may X reach Y".

The lowest layer, so every app can use it. What it needs from higher apps (public
recommendations, private trust, blocks) those apps contribute through `core.hooks`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import Http404

from . import hooks


def access_member(viewer, member_id: int):
    """An active member, for a logged-in viewer; 404 if absent, deactivated or not logged in."""
    member = None
    if viewer.is_authenticated:
        member = (
            get_user_model()
            .objects.select_related("profile")
            .filter(pk=member_id, is_active=True)
            .first()
        )
    if member is None:
        raise Http404("No such member.")
    return member


def trusts(viewer, member) -> bool:
    """Whether `viewer` trusts `member`: a public recommendation, a positive private mark, or
    trust above the contact threshold. Only ever use the answer for `viewer`'s own actions."""
    return any(fn(viewer, member) for fn in hooks.get_hooks(hooks.MEMBER_TRUSTS))


def reach_refusal(sender, recipient) -> str | None:
    """Why `sender` may not reach `recipient` at all (a block either way), in the sender's
    language; None when nothing stands in the way. Says nothing about earned contact."""
    for fn in hooks.get_hooks(hooks.REACH_REFUSAL):
        reason = fn(sender, recipient)
        if reason:
            return reason
    return None


def may_reach(sender, recipient) -> bool:
    """Whether `sender` may notify, introduce, answer or write to `recipient` at all."""
    return reach_refusal(sender, recipient) is None
