"""Thin views for invitations: parse, access, call the service, render."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from goodword.core.forms import add_service_errors, refusal

from . import queries, rules, services
from .forms import InvitationForm, JoinRequestForm
from .hooks import SESSION_TOKEN
from .models import Channel, InvitationStatus


def _list_context(request, form=None, created=None) -> dict:
    user = request.user
    quota = queries.get_quota(user)
    sent = list(queries.get_sent_invitations(user))
    for invitation in sent:
        waiting_link = (
            invitation.channel == Channel.LINK and invitation.status == InvitationStatus.PENDING
        )
        invitation.link_url = (
            queries.invitation_url(invitation)
            if waiting_link and not invitation.is_expired()
            else ""
        )
    return {
        "form": form or InvitationForm(),
        "quota": quota,
        "quota_message": services.quota_message(quota) if quota.left <= 0 else "",
        "sent": sent,
        "waiting": [i for i in sent if i.status == InvitationStatus.PENDING],
        "tree": queries.get_tree(user),
        "received": queries.get_received_invitation(user),
        "sanctions": queries.get_branch_sanctions(user)[:20],
        "created": created,
        "created_url": queries.invitation_url(created) if created else "",
        "may_approve": settings.SIGNUP_MODE == "request" and queries.is_in_good_standing(user),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }


@login_required
@require_GET
def invitation_list(request: HttpRequest) -> HttpResponse:
    """ "My invitations": the form, what is waiting, the tree, and the invitation I came with."""
    created = None
    created_id = request.session.pop("invitations.created", None)
    if created_id:
        created = queries.get_sent_invitations(request.user).filter(pk=created_id).first()
    return render(request, "invitations/list.html", _list_context(request, created=created))


@login_required
@require_http_methods(["GET", "POST"])
def invitation_new(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return redirect("invitations:list")
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.create_invitation(request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if invitation.channel == Channel.EMAIL:
                messages.success(
                    request,
                    _("Your invitation to %(email)s is on its way.") % {"email": invitation.email},
                )
            else:
                messages.success(
                    request,
                    _("Your invitation link is ready. Hand it over in person; it works once."),
                )
                request.session["invitations.created"] = invitation.pk
            return redirect("invitations:list")
    return render(request, "invitations/list.html", _list_context(request, form), status=400)


@login_required
@require_POST
def withdraw(request: HttpRequest, signup_invitation_id: int) -> HttpResponse:
    invitation = queries.access_sent_invitation(request.user, signup_invitation_id)
    try:
        services.withdraw_invitation(request.user, invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("invitations:list")
    messages.success(request, _("The invitation is withdrawn: its link no longer works."))
    return redirect("invitations:list")


@login_required
@require_POST
def decline_edge(request: HttpRequest, signup_invitation_id: int) -> HttpResponse:
    invitation = queries.access_received_invitation(request.user, signup_invitation_id)
    services.decline_invitation_edge(request.user, invitation)
    messages.success(
        request,
        _("Done: the invitation no longer counts as trust between you and %(name)s.")
        % {"name": queries.display_name(invitation.inviter)},
    )
    return redirect("invitations:list")


@login_required
@require_POST
def accept_edge(request: HttpRequest, signup_invitation_id: int) -> HttpResponse:
    invitation = queries.access_received_invitation(request.user, signup_invitation_id)
    services.accept_invitation_edge(request.user, invitation)
    messages.success(
        request,
        _("Done: the invitation counts as a first good word between you and %(name)s again.")
        % {"name": queries.display_name(invitation.inviter)},
    )
    return redirect("invitations:list")


@login_required
@require_POST
def ask_recommendation(request: HttpRequest, signup_invitation_id: int) -> HttpResponse:
    invitation = queries.access_received_invitation(request.user, signup_invitation_id)
    try:
        services.ask_for_recommendation(request.user, invitation)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, refusal(exc)[0])
        return redirect("invitations:list")
    messages.success(
        request,
        _("We asked %(name)s to write you a recommendation.")
        % {"name": queries.display_name(invitation.inviter)},
    )
    return redirect("invitations:list")


@require_GET
def join(request: HttpRequest, token: str) -> HttpResponse:
    """Where an invitation link leads: who invites, their note, and the way to sign up. The
    token waits in the session until the sign-up (the mode's gate and the acceptance)."""
    invitation = queries.find_invitation(token)
    reason = queries.refusal(invitation)
    context = {"invitation": invitation, "reason": reason}
    if invitation is not None:
        context["inviter"] = queries.display_name(invitation.inviter)
    if reason:
        return render(request, "invitations/join.html", context, status=410 if invitation else 404)
    if request.user.is_authenticated:
        context["already_member"] = True
        return render(request, "invitations/join.html", context, status=409)
    request.session[SESSION_TOKEN] = token
    if invitation.email:
        # The link reached this address: signing up with it needs no confirmation e-mail.
        get_adapter(request).stash_verified_email(request, invitation.email)
    return render(request, "invitations/join.html", context)


@require_GET
def how_they_work(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "invitations/how.html",
        {
            "rules": rules,
            "valid_days": settings.INVITATION_VALID_DAYS,
            "mode": settings.SIGNUP_MODE,
        },
    )


@require_http_methods(["GET", "POST"])
def join_request(request: HttpRequest) -> HttpResponse:
    """Ask to join (only on an instance in "request" mode)."""
    if settings.SIGNUP_MODE != "request":
        raise Http404("Sign-up requests are not used here.")
    if request.user.is_authenticated:
        return redirect("core:home")
    form = JoinRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.request_to_join(**form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return render(request, "invitations/join_request_sent.html")
        status = 400
    return render(request, "invitations/join_request.html", {"form": form}, status=status)


def _require_approver(request) -> None:
    if settings.SIGNUP_MODE != "request" or not queries.is_in_good_standing(request.user):
        raise Http404("No such page.")


@login_required
@require_GET
def join_requests(request: HttpRequest) -> HttpResponse:
    _require_approver(request)
    return render(
        request,
        "invitations/join_requests.html",
        {"requests": queries.get_pending_join_requests()},
    )


@login_required
@require_POST
def approve_request(request: HttpRequest, signup_request_id: int) -> HttpResponse:
    _require_approver(request)
    found = queries.access_join_request(request.user, signup_request_id)
    try:
        services.approve_join_request(request.user, found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Approved: %(name)s gets an invitation from you by e-mail.") % {"name": found.name},
        )
    return redirect("invitations:join_requests")


@login_required
@require_POST
def decline_request(request: HttpRequest, signup_request_id: int) -> HttpResponse:
    _require_approver(request)
    found = queries.access_join_request(request.user, signup_request_id)
    try:
        services.decline_join_request(request.user, found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The request is declined."))
    return redirect("invitations:join_requests")
