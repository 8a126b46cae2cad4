"""The one error schema of the JSON API and the handlers that produce it."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db import DataError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema

logger = logging.getLogger(__name__)


class ErrorOut(Schema):
    """Every 4xx answer: `detail` for people, `errors` by field for forms (`__all__` for the
    whole request)."""

    detail: str
    errors: dict[str, list[str]] | None = None


class RefusalOut(ErrorOut):
    """A refusal by the contact rules (403, or 429 for a limit): `detail` says what would earn
    contact, `reason_code` names the rule (`messaging.rules`)."""

    reason_code: str


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

    @api.exception_handler(OverflowError)
    @api.exception_handler(DataError)
    def value_out_of_range(request: HttpRequest, exc: Exception):
        """A value the database refused (a number beyond 64 bits in a query, say): the
        transaction was rolled back, so say so with 422 instead of 500."""
        logger.warning("Refused a value the database cannot store: %s", exc)
        detail = [{"type": "value_error", "loc": ["request"], "msg": _("A value is out of range.")}]
        return api.create_response(request, {"detail": detail}, status=422)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig):
        return api.create_response(request, {"detail": _("The request is too large.")}, status=413)


WRITE_METHODS = {"post", "put", "patch", "delete"}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"description": "What went wrong, in the caller's language."}},
    "required": ["detail"],
}
ERROR_DESCRIPTIONS = {
    400: "Refused: the body is not JSON, or the service refused the values (`detail`, `errors`)",
    401: "No valid personal access token or session",
    403: "Not allowed",
    404: "Not found, or not visible to you",
    413: "The request body is too large",
    422: "Invalid input: wrong types, text with NUL characters, numbers beyond 64 bits",
}


def document_error_responses(schema: dict) -> dict:
    """Add the error answers that every operation of a kind can give to the OpenAPI schema, so
    that clients (and the schemathesis run in the tests) see them: 401 where a login is needed,
    404 where the path or body names an object, 422 where there is input, 400/413 where there is
    a body, 400 for query parameters the service refuses, 400/403 for writes (the services'
    refusals). Operations keep what they document themselves."""
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in WRITE_METHODS | {"get"}:
                continue
            codes = set()
            parameters = operation.get("parameters", [])
            if operation.get("security"):
                codes.add(401)
            if parameters or "requestBody" in operation:
                codes.add(422)
            if any(p.get("in") == "path" for p in parameters) or _body_names_objects(
                schema, operation
            ):
                codes.add(404)
            if "requestBody" in operation:
                codes |= {400, 413}
            if any(p.get("in") == "query" for p in parameters):
                codes.add(400)
            if method in WRITE_METHODS:
                codes |= {400, 403}
            # django-ninja keys its own answers by int; one key type, or the JSON gets the same
            # status twice (which Swagger UI refuses to read).
            responses = {
                str(code): answer for code, answer in operation.get("responses", {}).items()
            }
            operation["responses"] = responses
            for code in sorted(codes):
                responses.setdefault(
                    str(code),
                    {
                        "description": ERROR_DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    },
                )
    return schema


def _body_names_objects(schema: dict, operation: dict) -> bool:
    """Whether the JSON body has an `…_id` field (an object that may not exist: 404)."""
    content = operation.get("requestBody", {}).get("content", {})
    body = content.get("application/json", {}).get("schema", {})
    ref = body.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        body = schema.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[1], {})
    return any(name.endswith(("_id", "_ids")) for name in body.get("properties", {}))


class DocumentedNinjaAPI(NinjaAPI):
    """django-ninja's API with the error answers of `document_error_responses` in its schema."""

    def get_openapi_schema(self, *args, **kwargs):
        return document_error_responses(super().get_openapi_schema(*args, **kwargs))
