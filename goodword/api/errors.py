"""The one error schema of the JSON API and the handlers that produce it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema


class ErrorOut(Schema):
    """Every 4xx answer: `detail` for people, `errors` by field for forms (`__all__` for the
    whole request)."""

    detail: str
    errors: dict[str, list[str]] | None = None


def error_body(exc: ValidationError) -> dict:
    """A service's `ValidationError` as an `ErrorOut` body, messages in the caller's language."""
    if hasattr(exc, "message_dict"):
        errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    detail = " ".join(m for msgs in errors.values() for m in msgs)
    return {"detail": detail, "errors": errors}


def install_error_handlers(api: NinjaAPI) -> None:
    """Domain validation 400, `PermissionDenied` 403, `Http404` 404, all as `ErrorOut`."""

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError):
        return api.create_response(request, error_body(exc), status=400)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied):
        return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404):
        return api.create_response(request, {"detail": "Not found"}, status=404)
