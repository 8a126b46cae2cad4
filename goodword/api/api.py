"""The JSON API under /api/v1/. Each app contributes a router from its own `api.py`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Swagger

from goodword.accounts.api import router as members_router
from goodword.recommendations.api import member_recommendations_router
from goodword.recommendations.api import router as recommendations_router
from goodword.search.api import router as search_router

from .throttles import MemberThrottle

api = NinjaAPI(
    title="Goodword API",
    version="1",
    urls_namespace="api-v1",
    docs_url="/docs",
    # Served from the instance's static files ("ninja" app); no validator badge from
    # validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
    throttle=[MemberThrottle()],
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError):
    """Domain validation from the services: 400 with messages in the caller's language."""
    if hasattr(exc, "message_dict"):
        errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    detail = " ".join(m for msgs in errors.values() for m in msgs)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=400)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, {"detail": "Not found"}, status=404)


api.add_router("/members", members_router)
api.add_router("/recommendations", recommendations_router)
api.add_router("/search", search_router)
api.add_router("/members", member_recommendations_router)
api.add_router("/messaging", "goodword.messaging.api.router")
api.add_router("/trust", "goodword.trust.api.router")
api.add_router("/introductions", "goodword.introductions.api.router")
api.add_router("/requests", "goodword.asks.api.router")
api.add_router("/referrals", "goodword.referrals.api.router")
api.add_router("/notifications", "goodword.notifications.api.router")
