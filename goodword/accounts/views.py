from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Profile


def profile(request: HttpRequest, user_id: int) -> HttpResponse:
    profile = get_object_or_404(Profile.objects.select_related("user"), pk=user_id)
    return render(request, "accounts/profile.html", {"profile": profile})


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/settings.html")
