"""A member's chosen language wins over the browser's and the cookie's, on every device."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class MemberLanguageMiddleware:
    """After `AuthenticationMiddleware`: activates the logged-in member's stored language (see
    `accounts.services.set_language`) and keeps the language cookie in step, so that pages
    right after login, and pages seen after logging out, speak it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user and user.is_authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
