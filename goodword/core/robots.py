"""Which pages search engines may index: only what is public by choice (`RobotsMiddleware`)."""

from __future__ import annotations

from functools import wraps

from django.http import HttpRequest


def mark_indexable(request: HttpRequest, indexable: bool = True) -> None:
    """For views whose answer depends on the object (a profile made public by its member)."""
    request.indexable = indexable


def indexable(view):
    """Decorator: this page is public and may appear in search engines."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        mark_indexable(request)
        return view(request, *args, **kwargs)

    return wrapper


# Areas no crawler needs to visit at all; everything else says `noindex` unless public.
DISALLOWED = (
    "/accounts/",
    "/admin/",
    "/api/",
    "/i18n/",
    "/introductions/",
    "/messages/",
    "/notifications/",
    "/referrals/",
    "/requests/",
    "/search/",
    "/settings/",
    "/start/",
    "/topics/",
    "/trust/",
)
