"""How a view answers: the whole page, or the fragment an htmx request swaps in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request that swaps part of the page. A history restore (htmx asks again for a
    page it no longer has cached) replaces the whole body, so it needs the whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def render_page(
    request: HttpRequest, page: str, fragment: str, context: dict, *, status: int = 200
) -> HttpResponse:
    """Render the full `page` template, or the `fragment` template (a partial that the page
    includes) when `wants_fragment(request)`."""
    template = fragment if wants_fragment(request) else page
    return render(request, template, context, status=status)
