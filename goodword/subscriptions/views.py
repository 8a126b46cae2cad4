"""One-click unsubscribe (no login needed: the signed link is the proof) and the settings page."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import services
from .models import MailKind, MailOptOut


@csrf_exempt  # mail clients POST here without a session (RFC 8058); the signed token is the proof
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button; POST (the button, or a mail client's one-click) unsubscribes."""
    found = services.read_unsubscribe_token(token)
    user = None
    if found:
        user = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if user is None:
        raise Http404("Invalid unsubscribe link.")
    kind = MailKind(found[1])
    done = False
    if request.method == "POST":
        services.opt_out(user, kind)
        done = True
    return render(
        request,
        "subscriptions/unsubscribe.html",
        {"kind": kind, "token": token, "done": done},
    )


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        enabled = [k for k in request.POST.getlist("kinds") if k in MailKind.values]
        services.set_preferences(request.user, enabled)
        messages.success(request, _("Your e-mail settings are saved."))
        return redirect("subscriptions:preferences")
    off = set(MailOptOut.objects.filter(user=request.user).values_list("kind", flat=True))
    return render(
        request,
        "subscriptions/preferences.html",
        {"kinds": [(k, label, k not in off) for k, label in MailKind.choices]},
    )
