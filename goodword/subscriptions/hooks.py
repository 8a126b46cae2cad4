"""What subscriptions contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

from typing import Any

from goodword.core import hooks

from .models import DigestSent, MailOptOut


@hooks.register(hooks.MEMBER_EXPORT)
def export_subscriptions(user) -> dict[str, Any]:
    kinds = MailOptOut.objects.filter(user=user).values_list("kind", flat=True)
    return {"contact_settings": {"email_opt_outs": sorted(kinds)}}


@hooks.register(hooks.MEMBER_ERASING)
def erase_mail_settings(user) -> None:
    MailOptOut.objects.filter(user=user).delete()
    DigestSent.objects.filter(user=user).delete()
