"""The member's private calendar feed: a secret address that any calendar program can
subscribe to. Only the SHA-256 hash of the secret is stored; making a new address revokes the
old one."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from ..models import CalendarFeed


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_calendar_feed(member) -> tuple[CalendarFeed, str]:
    """A new secret for `member`'s feed (the old address stops working). The secret is
    returned once: only its hash is stored."""
    secret = secrets.token_urlsafe(32)
    feed, _created = CalendarFeed.objects.update_or_create(
        member=member,
        defaults={
            "token_hash": hash_secret(secret),
            "created_at": timezone.now(),
            "last_fetched_at": None,
        },
    )
    return feed, secret


@transaction.atomic
def revoke_calendar_feed(member) -> bool:
    deleted, _rows = CalendarFeed.objects.filter(member=member).delete()
    return bool(deleted)


def record_fetch(feed: CalendarFeed) -> None:
    """Note when the feed was last read (at most once an hour, to keep writes rare)."""
    now = timezone.now()
    if feed.last_fetched_at is None or (now - feed.last_fetched_at).total_seconds() > 3600:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now)
