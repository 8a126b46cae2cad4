"""Thin views for circles: parse, access, call the service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from goodword.core.forms import add_refusal, add_service_errors
from goodword.core.members import access_member
from goodword.notifications.services import mark_read_for_page
from goodword.topics.queries import get_topic_by_slug_or_name

from . import queries, services
from .forms import (
    AcceptInvitationForm,
    CircleForm,
    EmailInviteForm,
    InviteForm,
    JoinForm,
    PostForm,
    ReasonForm,
)
from .models import CircleInvitation, Role


@login_required
def circle_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "circles/list.html",
        {
            "circles": queries.get_my_circles(request.user),
            "invitations": queries.get_pending_invitations(request.user),
            "may_found": services.standing_refusal(request.user) is None,
        },
    )


@login_required
def circle_discover(request: HttpRequest) -> HttpResponse:
    city = request.GET.get("city", "").strip()[:100]
    topic_name = request.GET.get("topic", "").strip()[:80]
    topic = get_topic_by_slug_or_name(topic_name) if topic_name else None
    entries = (
        []
        if topic_name and topic is None
        else queries.get_discover_circles(request.user, city=city, topic=topic)
    )
    return render(
        request,
        "circles/discover.html",
        {"entries": entries, "city": city, "topic_name": topic_name},
    )


def _circle_fields(form: CircleForm) -> dict:
    return {key: form.cleaned_data[key] for key in form.fields}


@login_required
@require_http_methods(["GET", "POST"])
def circle_new(request: HttpRequest) -> HttpResponse:
    refusal = services.standing_refusal(request.user)
    form = CircleForm(request.POST or None)
    status = 200
    if request.method == "POST" and refusal:
        status = 403  # the page says why (a new account, a moderator's restriction)
    elif request.method == "POST":
        if form.is_valid():
            try:
                circle = services.found_circle(request.user, **_circle_fields(form))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Your circle “%(name)s” is founded. Invite people you trust to join.")
                    % {"name": circle.name},
                )
                return redirect("circles:detail", circle.pk)
        status = 400
    return render(
        request,
        "circles/form.html",
        {"form": form, "circle": None, "refusal": refusal},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def circle_edit(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle, _membership = queries.access_board(request.user, circle_id)
    services.require_moderator(circle, request.user)
    initial = {
        "name": circle.name,
        "purpose": circle.purpose,
        "values": "\n".join(circle.values),
        "city": circle.city,
        "is_online": circle.is_online,
        "access": circle.access,
        "topics": ", ".join(t.name for t in circle.topics.all()),
    }
    form = CircleForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_circle(circle, request.user, **_circle_fields(form))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("circles:detail", circle.pk)
        status = 400
    return render(
        request,
        "circles/form.html",
        {"form": form, "circle": circle, "refusal": None},
        status=status,
    )


def _board_context(request, circle, membership, post_form=None) -> dict:
    return {
        "circle": circle,
        "membership": membership,
        "is_moderator": membership.moderates,
        "posts": queries.get_board(circle, request.user),
        "post_form": post_form or PostForm(),
    }


def _detail_context(request, circle, *, post_form=None, join_form=None) -> dict:
    membership = queries.get_membership(circle, request.user)
    context = {
        "circle": circle,
        "membership": membership,
        "is_moderator": bool(membership and membership.moderates),
        "members": queries.get_members(circle, request.user),
        "topics": list(circle.topics.all()),
        # The start of a recommendation for a fellow member (`recommendations:create` prefill).
        "known_from": _("We know each other from the circle “%(name)s”.") % {"name": circle.name},
    }
    if membership is not None:
        context.update(_board_context(request, circle, membership, post_form))
    else:
        context["pending_request"] = queries.get_pending_request(circle, request.user)
        context["declined"] = queries.get_last_decision(circle, request.user)
        context["invitation"] = (
            queries.get_pending_invitations(request.user).filter(circle=circle).first()
        )
        context["join_form"] = join_form or JoinForm()
        context["accept_form"] = AcceptInvitationForm()
        context["was_removed"] = services.was_removed(circle, request.user)
    return context


@login_required
def circle_detail(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = queries.access_circle(request.user, circle_id)
    mark_read_for_page(request.user, request.path)
    return render(request, "circles/detail.html", _detail_context(request, circle))


@login_required
@require_POST
def circle_join(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = queries.access_circle(request.user, circle_id)
    form = JoinForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.ask_to_join(circle, request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            if not hasattr(exc, "error_dict"):  # "already asked": the form may not be shown
                messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            status = add_refusal(form, exc)
        else:
            messages.success(request, _("You asked to join. The moderators will answer soon."))
            return redirect("circles:detail", circle.pk)
    return render(
        request,
        "circles/detail.html",
        _detail_context(request, circle, join_form=form),
        status=status,
    )


@login_required
@require_POST
def circle_withdraw(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = queries.access_circle(request.user, circle_id)
    pending = queries.get_pending_request(circle, request.user)
    if pending is None:
        messages.error(request, _("There is no open request to withdraw."))
        return redirect("circles:detail", circle.pk)
    services.withdraw_request(pending, request.user)
    messages.success(request, _("Your request is withdrawn."))
    return redirect("circles:detail", circle.pk)


@login_required
@require_POST
def circle_leave(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle, _membership = queries.access_board(request.user, circle_id)
    try:
        services.leave_circle(circle, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("circles:detail", circle.pk)
    messages.success(request, _("You left “%(name)s”.") % {"name": circle.name})
    return redirect("circles:list")


@login_required
@require_POST
def circle_post(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle, membership = queries.access_board(request.user, circle_id)
    form = PostForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.post_to_board(circle, request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:  # a moderator restricted the author
            status = add_refusal(form, exc)
        else:
            if not request.htmx:
                messages.success(request, _("Posted on the board."))
                return redirect(f"{circle.get_absolute_url()}#board")
            form, status = PostForm(), 200
    if request.htmx:
        # htmx swaps only successful responses; the partial carries the error itself.
        context = _board_context(request, circle, membership, form)
        context["posted"] = status == 200
        return render(request, "circles/_board.html", context)
    return render(
        request,
        "circles/detail.html",
        _detail_context(request, circle, post_form=form),
        status=status,
    )


# -- moderation -----------------------------------------------------------------------------
def _moderation(request, circle, *, invite_form=None, email_form=None, status=200) -> HttpResponse:
    candidates = queries.get_invite_candidates(circle, request.user)
    return render(
        request,
        "circles/moderation.html",
        {
            "circle": circle,
            "membership": queries.get_membership(circle, request.user),
            "requests": queries.get_pending_requests(circle, request.user),
            "invitations": queries.get_pending_invitations_of(circle),
            "invite_form": invite_form or InviteForm(choices=candidates),
            "email_form": email_form or EmailInviteForm(),
            "actions": queries.get_actions(circle)[:100],
            "members": queries.get_members(circle, request.user, for_moderation=True),
            "reason_form": ReasonForm(),
        },
        status=status,
    )


@login_required
def circle_moderation(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle, _membership = queries.access_board(request.user, circle_id)
    services.require_moderator(circle, request.user)
    mark_read_for_page(request.user, request.path)
    return _moderation(request, circle)


@login_required
@require_POST
def request_admit(request: HttpRequest, request_id: int) -> HttpResponse:
    join_request = queries.access_join_request(request.user, request_id)
    try:
        services.admit(join_request, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s is now a member.") % {"name": join_request.applicant})
    return redirect("circles:moderation", join_request.circle_id)


@login_required
@require_POST
def request_decline(request: HttpRequest, request_id: int) -> HttpResponse:
    join_request = queries.access_join_request(request.user, request_id)
    try:
        services.decline(join_request, request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The request is declined."))
    return redirect("circles:moderation", join_request.circle_id)


@login_required
@require_POST
def circle_invite(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle, _membership = queries.access_board(request.user, circle_id)
    services.require_moderator(circle, request.user)
    form = InviteForm(request.POST, choices=queries.get_invite_candidates(circle, request.user))
    if form.is_valid():
        invitee = access_member(request.user, form.cleaned_data["member"])
        try:
            services.invite(circle, request.user, invitee, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is invited.") % {"name": invitee})
            return redirect("circles:moderation", circle.pk)
    return _moderation(request, circle, invite_form=form, status=400)


@login_required
@require_POST
def circle_invite_email(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle, _membership = queries.access_board(request.user, circle_id)
    services.require_moderator(circle, request.user)
    form = EmailInviteForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            made = services.invite_by_email(
                circle, request.user, form.cleaned_data["email"], note=form.cleaned_data["note"]
            )
        except (ValidationError, PermissionDenied) as exc:
            status = add_refusal(form, exc)
        else:
            if isinstance(made, CircleInvitation):
                messages.success(request, _("%(name)s is invited.") % {"name": made.invitee})
            else:
                messages.success(
                    request,
                    _(
                        "Your invitation is on its way. When %(email)s signs up with it, the "
                        "invitation into the circle is waiting for them."
                    )
                    % {"email": form.cleaned_data["email"]},
                )
            return redirect("circles:moderation", circle.pk)
    return _moderation(request, circle, email_form=form, status=status)


@login_required
@require_POST
def invitation_answer(request: HttpRequest, invitation_id: int, answer: str) -> HttpResponse:
    invitation = queries.access_invitation(request.user, invitation_id)
    circle = invitation.circle
    try:
        if answer == "accept":
            form = AcceptInvitationForm(request.POST)
            form.is_valid()
            services.accept_invitation(
                invitation, request.user, agree=form.cleaned_data.get("agree", False)
            )
            messages.success(request, _("Welcome to “%(name)s”.") % {"name": circle.name})
        else:
            services.decline_invitation(invitation, request.user)
            messages.success(request, _("You declined the invitation."))
            return redirect("circles:list")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return render(request, "circles/detail.html", _detail_context(request, circle), status=400)
    return redirect("circles:detail", circle.pk)


@login_required
@require_http_methods(["GET", "POST"])
def post_remove(request: HttpRequest, post_id: int) -> HttpResponse:
    post = queries.access_post(request.user, post_id)
    services.require_moderator(post.circle, request.user)
    form = ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            services.remove_post(
                post,
                request.user,
                ground=request.POST.get("ground", ""),
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        else:
            messages.success(request, _("The post is removed."))
            return redirect(f"{post.circle.get_absolute_url()}#board")
    return render(
        request,
        "circles/remove.html",
        {"circle": post.circle, "post": post, "target": None, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, circle_id: int, member_id: int) -> HttpResponse:
    circle, _membership = queries.access_board(request.user, circle_id)
    services.require_moderator(circle, request.user)
    target = queries.access_circle_member(circle, member_id)
    form = ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            services.remove_member(
                circle,
                request.user,
                target,
                ground=request.POST.get("ground", ""),
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        else:
            messages.success(request, _("%(name)s is no longer a member.") % {"name": target})
            return redirect("circles:moderation", circle.pk)
    return render(
        request,
        "circles/remove.html",
        {"circle": circle, "post": None, "target": target, "form": form},
        status=status,
    )


@login_required
@require_POST
def member_role(request: HttpRequest, circle_id: int, member_id: int) -> HttpResponse:
    circle, _membership = queries.access_board(request.user, circle_id)
    target = queries.access_circle_member(circle, member_id)
    moderator = request.POST.get("role") == Role.MODERATOR
    try:
        services.set_moderator(circle, request.user, target, moderator=moderator)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            (
                _("%(name)s now moderates the circle.")
                if moderator
                else _("%(name)s no longer moderates the circle.")
            )
            % {"name": target},
        )
    return redirect("circles:moderation", circle.pk)
