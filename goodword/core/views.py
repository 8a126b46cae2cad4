from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .legal import PAGES, get_legal_text
from .robots import DISALLOWED, indexable
from .start import get_start_sections


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and `make run`."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@indexable
def home(request: HttpRequest) -> HttpResponse:
    """What Goodword is, for visitors; members go to their start page."""
    if request.user.is_authenticated:
        return redirect("core:start")
    return render(request, "core/home.html")


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """What waits for the member: decisions first, then requests they might help with."""
    sections = [
        render_to_string(section.template, section.context, request=request)
        for section in get_start_sections(request.user)
    ]
    return render(request, "core/start.html", {"sections": sections})


def _legal(request: HttpRequest, page: str) -> HttpResponse:
    text = get_legal_text(page, get_language() or settings.LANGUAGE_CODE)
    return render(
        request,
        "core/legal.html",
        {"title": PAGES[page], "text": text, "other_language": text.language != get_language()},
    )


@require_GET
@indexable
def impressum(request: HttpRequest) -> HttpResponse:
    return _legal(request, "impressum")


@require_GET
@indexable
def privacy(request: HttpRequest) -> HttpResponse:
    return _legal(request, "privacy")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers stay out of members' areas; pages that are not public also say `noindex`."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico by themselves (the pages link the SVG icon)."""
    return redirect(staticfiles_storage.url("core/favicon.ico"), permanent=False)
