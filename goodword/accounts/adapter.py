"""django-allauth integration: every new member gets a profile, new members are sent to fill in
their facts first, and links in allauth's mails start with SITE_URL like every other mail.

Whether a visitor may sign up, and what happens once they did (an invitation accepted), the
apps above contribute through `core.hooks.SIGNUP_REFUSAL` and `core.hooks.MEMBER_SIGNED_UP`."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from goodword.core import hooks

from .models import Profile, User
from .services import create_profile


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth builds its links (confirmation, password reset, sign-up) from the request's
        host; every Goodword mail links to the configured SITE_URL instead."""
        request = allauth_context.request
        if request is not None:
            host = request.build_absolute_uri("/")
            site = settings.SITE_URL.rstrip("/") + "/"
            context = {
                key: site + value[len(host) :]
                if isinstance(value, str) and value.startswith(host)
                else value
                for key, value in context.items()
            }
        # A password reset is asked for while logged out: the member's own language, not the
        # browser's, if they chose one.
        language = (
            User.objects.filter(email__iexact=email).values_list("language", flat=True).first()
        )
        with translation.override(language or translation.get_language()):
            super().send_mail(template_prefix, email, context)

    def is_open_for_signup(self, request) -> bool:
        """Closed with the reason the sign-up mode gives (403), e.g. "by invitation only"."""
        for reason in hooks.run(hooks.SIGNUP_REFUSAL, request):
            if reason:
                response = render(
                    request, "account/signup_closed.html", {"reason": reason}, status=403
                )
                raise ImmediateHttpResponse(response)
        return super().is_open_for_signup(request)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            create_profile(user)
            hooks.run(hooks.MEMBER_SIGNED_UP, request, user)
        return user

    def authenticate(self, request, **credentials):
        # django-axes finds the account in `credentials[AXES_USERNAME_FORM_FIELD]`, but allauth
        # passes it as `email`; without this, lockouts would count per IP address only.
        field = settings.AXES_USERNAME_FORM_FIELD
        if credentials.get("email") and field not in credentials:
            credentials[field] = str(credentials["email"]).strip().lower()
        return super().authenticate(request, **credentials)

    def _needs_facts(self, request) -> bool:
        user = request.user
        return user.is_authenticated and not (
            Profile.objects.filter(user=user).exclude(display_name="").exists()
        )

    def get_login_redirect_url(self, request):
        if self._needs_facts(request):
            return reverse("accounts:profile_edit")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        if self._needs_facts(request):
            return reverse("accounts:profile_edit")
        return super().get_signup_redirect_url(request)
