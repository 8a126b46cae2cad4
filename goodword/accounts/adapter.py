"""django-allauth integration: every new member gets a profile, and new members are sent to
fill in their facts first."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from .models import Profile
from .services import create_profile


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            create_profile(user)
        return user

    def get_login_redirect_url(self, request):
        user = request.user
        if user.is_authenticated and not (
            Profile.objects.filter(user=user).exclude(display_name="").exists()
        ):
            return reverse("accounts:profile_edit")
        return super().get_login_redirect_url(request)
