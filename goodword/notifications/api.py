"""Notifications API: the member's own notices, read through the same queries and services."""

from datetime import datetime

from django.http import HttpRequest
from django.template.loader import render_to_string
from ninja import Router, Schema

from goodword.api.auth import api_auth

from .queries import get_notifications
from .services import mark_read

router = Router(tags=["notifications"], auth=api_auth)


class ActorOut(Schema):
    id: int
    display_name: str


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    actor: ActorOut | None = None
    url: str
    created_at: datetime
    read_at: datetime | None = None


class ReadIn(Schema):
    ids: list[int] | None = None


class ReadOut(Schema):
    marked: int


def _out(n) -> dict:
    actor = None
    if n.actor_id:
        profile = getattr(n.actor, "profile", None)
        actor = {"id": n.actor_id, "display_name": profile.display_name if profile else ""}
    return {
        "id": n.pk,
        "kind": n.kind,
        # The same sentence as on the notifications page, in the caller's language.
        "text": render_to_string("notifications/_text.html", {"n": n}).strip(),
        "actor": actor,
        "url": n.url,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


@router.get("", response=list[NotificationOut])
def list_notifications(request: HttpRequest):
    """Your latest notifications, newest first (at most 100)."""
    return [_out(n) for n in get_notifications(request.auth)]


@router.post("/read", response=ReadOut)
def read_notifications(request: HttpRequest, payload: ReadIn):
    """Mark your notifications read: the given ids, or all unread ones when `ids` is left out."""
    return {"marked": mark_read(request.auth, payload.ids)}
