"""Request guards that apply to every page and every API operation."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .input import (
    InputRefused,
    check_json,
    check_pairs,
    check_text,
    parse_json_object,
    path_id_out_of_range,
)

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def refusal(
    request: HttpRequest, message: str, *, status: int, location: tuple = ("request",)
) -> HttpResponse:
    """The one shape of "this input was refused": JSON like django-ninja's validation errors in
    the API, a short page in the member's language everywhere else."""
    if is_api(request):
        if status == 422:
            detail = [{"type": "value_error", "loc": list(location), "msg": message}]
            return JsonResponse({"detail": detail}, status=status)
        return JsonResponse({"detail": message}, status=status)
    page_status = 400 if status == 422 else status  # pages answer plain "bad request"
    return render(request, "core/input_refused.html", {"message": message}, status=page_status)


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class InputGuardMiddleware:
    """Refuses, before any view runs, what no view should have to handle:

    - URLs with a number beyond 64 bits as a path segment: 404 (no object has such an id);

    - bodies over the limit: 413 (`DATA_UPLOAD_MAX_MEMORY_SIZE`, or `REQUEST_BODY_MAX_BYTES` for
      multipart uploads), judged from `Content-Length` before anything is read;
    - query strings and form bodies that are not UTF-8 (Django would store U+FFFD instead) or hold
      a NUL character (PostgreSQL cannot store it): 400 on pages, 422 in the API;
    - API JSON bodies that are not an object, or hold such text or integers beyond 64 bits: 422.

    And it turns the database's own refusals of a value (overflow, invalid data) that slipped
    through into 400 instead of 500: the transaction was rolled back, nothing was written.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if path_id_out_of_range(request.path_info):
            if is_api(request):
                return JsonResponse({"detail": "Not found"}, status=404)
            raise Http404
        too_big = self._body_too_big(request)
        if too_big:
            return refusal(request, too_big, status=413)
        try:
            self._check(request)
        except InputRefused as exc:
            return refusal(request, exc.message, status=exc.status, location=exc.location)
        response = self.get_response(request)
        if is_api(request) and 400 <= response.status_code < 500 and not _is_json(response):
            # The URL matched no operation (or Django answered before django-ninja): the API
            # still answers in JSON, as its schema documents.
            return JsonResponse({"detail": response.reason_phrase}, status=response.status_code)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, OverflowError | DataError):
            logger.warning("Refused a value the database cannot store: %s", exception)
            return refusal(request, _("A value in the request is out of range."), status=400)
        return None

    @staticmethod
    def _body_too_big(request: HttpRequest) -> str | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        multipart = request.content_type == "multipart/form-data"
        limit = (
            settings.REQUEST_BODY_MAX_BYTES if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        if limit is None or length <= limit:
            return None
        return _("The request is too large (%(size)s KB; at most %(limit)s KB).") % {
            "size": length // 1024,
            "limit": limit // 1024,
        }

    @staticmethod
    def _check(request: HttpRequest) -> None:
        check_text(request.path, location=("path",))
        query = request.META.get("QUERY_STRING", "")
        if query:
            check_pairs(query.encode("latin-1", "replace"), location=("query",))
        if request.method not in BODY_METHODS:
            return
        if request.content_type == "application/x-www-form-urlencoded":
            check_pairs(request.body, location=("body",))
        elif request.content_type == "application/json" and is_api(request) and request.body:
            try:
                data = parse_json_object(request.body)
            except ValueError:
                return  # not JSON: django-ninja answers 400 "Cannot parse request body"
            if not isinstance(data, dict):
                raise InputRefused(_("The request body must be a JSON object."), location=("body",))
            check_json(data)


class RobotsMiddleware:
    """`X-Robots-Tag: noindex` on every answer except pages a view marked as public
    (`goodword.core.robots.indexable`): members-only pages, settings, the API and profiles
    their members did not make public stay out of search engines. The base template adds the
    matching `<meta name="robots">`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, "indexable", False):
            response.headers.setdefault("X-Robots-Tag", "noindex")
        return response
