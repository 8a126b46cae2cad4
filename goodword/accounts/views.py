import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from goodword.core.forms import add_service_errors
from goodword.core.robots import mark_indexable

# The recommendations app owns who may see which recommendation and how it is drawn.
from goodword.recommendations.queries import get_profile_lists

from . import queries, services
from .forms import DeleteAccountForm, LanguageForm, PortraitForm, ProfileForm

PROFILE_LIST_LIMIT = 100


@require_GET
def profile(request: HttpRequest, user_id: int) -> HttpResponse:
    if request.user.is_authenticated and request.user.pk == user_id:
        services.create_profile(request.user)  # members created outside sign-up have none yet
    profile = queries.access_profile(request.user, user_id)
    mark_indexable(request, profile.is_public)
    received, given = get_profile_lists(profile.user, request.user, PROFILE_LIST_LIMIT)
    shown = {"received": received, "given": given}
    is_me = request.user.is_authenticated and request.user.pk == profile.pk
    write_url = reverse("recommendations:create")
    return render(
        request,
        "accounts/profile.html",
        {
            "profile": profile,
            "member": profile.user,
            "name": profile.display_name or _("this member"),
            "is_me": is_me,
            "received": received,
            "given": given,
            "counts": queries.get_recommendation_counts(profile.user, shown, PROFILE_LIST_LIMIT),
            "language_names": queries.get_language_names(profile),
            "viewer": request.user,
            "write_url": None if is_me else f"{write_url}?subject={profile.pk}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    services.create_profile(request.user)
    profile = queries.access_own_profile(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_profile(profile, form.changes())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your profile has been saved."))
                return redirect("accounts:profile", user_id=profile.pk)
        status = 400
    return render(request, "accounts/profile_edit.html", {"form": form}, status=status)


@login_required
@require_GET
def settings_page(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(initial={"language": request.user.language or get_language()})
    return render(request, "accounts/settings.html", {"language_form": form})


@login_required
@require_http_methods(["GET", "POST"])
def portrait(request: HttpRequest) -> HttpResponse:
    """Upload or replace the member's portrait."""
    services.create_profile(request.user)
    form = PortraitForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.set_portrait(request.user, form.cleaned_data["portrait"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your portrait has been saved."))
                return redirect("accounts:profile", user_id=request.user.pk)
        status = 400
    profile = queries.access_own_profile(request.user)
    return render(
        request, "accounts/portrait.html", {"form": form, "profile": profile}, status=status
    )


@login_required
@require_POST
def portrait_remove(request: HttpRequest) -> HttpResponse:
    services.remove_portrait(request.user)
    messages.success(request, _("Your portrait has been removed. Others see your initials."))
    return redirect("accounts:portrait")


@login_required
@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Store the member's language (settings page and footer switch), then go back."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose one of the offered languages."))
        response = render(request, "accounts/settings.html", {"language_form": form}, status=400)
        return response
    services.set_language(request.user, form.cleaned_data["language"])
    with override(request.user.language):
        messages.success(request, _("Your language has been saved."))
    target = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("accounts:settings")
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        request.user.language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


@login_required
@require_POST
def export_data(request: HttpRequest) -> HttpResponse:
    data = services.export_member_data(request.user)
    filename = f"goodword-export-{request.user.pk}-{timezone.now():%Y-%m-%d}.json"
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.delete_account(request.user, password=form.cleaned_data["password"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                logout(request)
                messages.success(
                    request,
                    _(
                        "Your account is deleted and your personal data erased. What you wrote "
                        "to others stays with them as from “a deleted member”."
                    ),
                )
                return redirect("core:home")
        status = 400
    return render(request, "accounts/delete_account.html", {"form": form}, status=status)
