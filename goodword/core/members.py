"""Members as every app sees them: the permission-checked lookup and "may X reach Y".

The lowest layer, so every app can use it. What it needs from higher apps (public
recommendations, private trust, blocks) those apps contribute through `core.hooks`.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from . import hooks
from .statements import KeptStatement


def access_member(viewer, member_id: int):
    """An active member, for a logged-in viewer; 404 if absent, deactivated or not logged in."""
    try:
        found = _MEMBER(member=int(member_id)) if viewer.is_authenticated else []
    except (TypeError, ValueError):  # no id at all
        found = []
    if not found:
        raise Http404("No such member.")
    return found[0]


_MEMBER = KeptStatement(
    lambda member: (
        get_user_model()
        .objects.select_related("profile")
        .filter(pk=member, is_active=True)
        .order_by("pk")[:1]
    )
)


def is_new_account(user, now=None) -> bool:
    """Whether the member joined less than `settings.NEW_ACCOUNT_DAYS` days ago: the one
    definition behind the smaller limits of new accounts everywhere."""
    now = now or timezone.now()
    joined = user.date_joined
    return bool(joined) and joined > now - timedelta(days=settings.NEW_ACCOUNT_DAYS)


def trusts(viewer, member) -> bool:
    """Whether `viewer` trusts `member` through public facts: a public recommendation, or trust
    above the contact threshold through public recommendations (never a private mark, since
    the answer decides what `member` may do, e.g. offer on `viewer`'s request)."""
    return any(fn(viewer, member) for fn in hooks.get_hooks(hooks.MEMBER_TRUSTS))


def restriction(member) -> str | None:
    """Why a moderator's decision (a restriction or suspension, contributed through the
    `MEMBER_RESTRICTION` hook) stops `member` from starting anything new: contact, messages,
    posts. In the member's language; None when nothing does."""
    if member is None or not member.is_authenticated:
        return None
    for fn in hooks.get_hooks(hooks.MEMBER_RESTRICTION):
        reason = fn(member)
        if reason:
            return reason
    return None


def require_unrestricted(member) -> None:
    """Raise `PermissionDenied` with `restriction`'s reason for a restricted member (for what
    reaches nobody in particular, such as posting a request)."""
    reason = restriction(member)
    if reason is not None:
        raise PermissionDenied(reason)


def reach_refusal(sender, recipient) -> str | None:
    """Why `sender` may not cause anything new to reach `recipient` (a sender a moderator
    restricted, a recipient who deleted their account, a block either way), in the sender's
    language; None when nothing stands in the way. Says nothing about earned contact and
    never depends on a private mark.

    The one answer to "may X cause anything to reach Y": every service that notifies, e-mails,
    introduces, answers, offers, passes a lead or edits something the recipient sees asks it.
    What already exists stays as it was; it only produces nothing new.
    """
    if sender is None or recipient is None or sender.pk == recipient.pk:
        return None
    if reason := restriction(sender):
        return reason
    if not recipient.is_active:
        return _("This member is no longer on Goodword.")
    for fn in hooks.get_hooks(hooks.REACH_REFUSAL):
        reason = fn(sender, recipient)
        if reason:
            return reason
    return None


def may_reach(sender, recipient) -> bool:
    """Whether `sender` may notify, introduce, answer or write to `recipient` at all."""
    return reach_refusal(sender, recipient) is None


def require_reach(sender, recipient) -> None:
    """Raise `PermissionDenied` with `reach_refusal`'s reason when `sender` may not reach
    `recipient` (views show it, the API answers 403 with it)."""
    reason = reach_refusal(sender, recipient)
    if reason is not None:
        raise PermissionDenied(reason)
