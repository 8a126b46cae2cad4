"""Every write on e-mail subscriptions, and the one function that sends a member an e-mail."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import MailKind, MailOptOut

SALT = "goodword.subscriptions.unsubscribe"


def opt_out(user, kind: str) -> None:
    if kind not in MailKind.values:
        raise ValueError(kind)
    MailOptOut.objects.get_or_create(user=user, kind=kind)


@transaction.atomic
def opt_in(user, kind: str) -> None:
    MailOptOut.objects.filter(user=user, kind=kind).delete()


@transaction.atomic
def set_preferences(user, enabled_kinds) -> None:
    enabled = set(enabled_kinds)
    for kind in MailKind.values:
        if kind in enabled:
            opt_in(user, kind)
        else:
            opt_out(user, kind)


def wants_mail(user, kind: str) -> bool:
    return (
        user.is_active
        and bool(user.email)
        and not MailOptOut.objects.filter(user=user, kind=kind).exists()
    )


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in MailKind.values:
        return None
    return int(data["u"]), data["k"]


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_member_mail(user, kind: str, template: str, context: dict, language: str = "") -> bool:
    """Send `template` (`<template>_subject.txt` and `<template>.txt`) to a member who has not
    switched off `kind`, with a one-click unsubscribe link (RFC 8058 headers included), in the
    member's chosen language, else in `language`."""
    if not wants_mail(user, kind):
        return False
    url = absolute(reverse("subscriptions:unsubscribe", args=[unsubscribe_token(user, kind)]))
    _send(user, template, {**context, "unsubscribe_url": url}, language, unsubscribe_url=url)
    return True


def send_required_mail(user, template: str, context: dict, language: str = "") -> bool:
    """Send a notice the member cannot switch off: a moderation decision about them and the
    answer to their appeal (DSA Art. 17 and 20). Sent while the account is suspended (that is
    when it matters most), never to a deleted account; no unsubscribe link."""
    if not user.email or getattr(user, "deleted_at", None) is not None:
        return False
    _send(user, template, context, language, unsubscribe_url="")
    return True


def _send(user, template: str, context: dict, language: str, *, unsubscribe_url: str) -> None:
    # The member's own choice first, then the language of the request that caused the mail.
    language = getattr(user, "language", "") or language or settings.LANGUAGE_CODE
    headers = {}
    if unsubscribe_url:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    _deliver(user.email, template, {**context, "member": user}, language, headers)


def send_address_mail(address: str, template: str, context: dict, language: str = "") -> bool:
    """Send `template` to an address that is not a member's (yet): the invitation a member
    asked for, once. No unsubscribe link, as nothing else is ever sent there unasked."""
    if not address:
        return False
    _deliver(address, template, context, language or settings.LANGUAGE_CODE, {})
    return True


def _deliver(address: str, template: str, context: dict, language: str, headers: dict) -> None:
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    EmailMultiAlternatives(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [address],
        headers=headers,
    ).send()


def enqueue_after_commit(task, *args) -> None:
    """Enqueue `task(*args, language)` once the current transaction commits (ids only), in the
    language of the request that caused it."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    # robust: the write is committed; a failed enqueue is logged, never a 500 for that write.
    transaction.on_commit(lambda: task.enqueue(*args, language), robust=True)
