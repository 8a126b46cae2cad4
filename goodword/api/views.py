"""Settings page for personal access tokens: create (secret shown once), list, revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import TokenForm
from .queries import get_tokens
from .services import create_token, revoke_token


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """GET lists the tokens; POST creates one and shows its secret on this response only."""
    new_secret = None
    new_token = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            new_token, new_secret = create_token(request.user, form.cleaned_data["name"])
            form = TokenForm()
    else:
        form = TokenForm()
    status = 400 if form.errors else 200
    response = render(
        request,
        "api_tokens/list.html",
        {
            "form": form,
            "tokens": get_tokens(request.user),
            "new_token": new_token,
            "new_secret": new_secret,
        },
        status=status,
    )
    # The secret must never land in a shared or back-button cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = revoke_token(request.user, token_id)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
