"""Thin views for introductions: parse, access, call the service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from goodword.core.forms import add_refusal
from goodword.core.htmx import render_page
from goodword.core.members import access_member
from goodword.notifications.services import mark_read_for_page

from . import queries, services
from .forms import IntroductionForm


@login_required
def introduction_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "introductions/list.html",
        {"introductions": queries.get_introductions(request.user)},
    )


@login_required
def introduction_new(request: HttpRequest) -> HttpResponse:
    contacts = queries.get_trusted_contacts(request.user)
    status = 200
    if request.method == "POST":
        form = IntroductionForm(request.POST, contacts=contacts)
        if form.is_valid():
            data = form.cleaned_data
            try:
                introduction = services.introduce(
                    request.user,
                    access_member(request.user, data["member_a"]),
                    access_member(request.user, data["member_b"]),
                    data["note"],
                )
            except (PermissionDenied, ValidationError) as exc:
                status = add_refusal(form, exc)
            else:
                messages.success(
                    request,
                    _("Thank you! %(a)s and %(b)s can now accept your introduction.")
                    % {"a": introduction.member_a, "b": introduction.member_b},
                )
                return redirect("introductions:detail", introduction.pk)
        else:
            status = 400
    else:
        form = IntroductionForm(
            initial={"member_a": request.GET.get("a"), "member_b": request.GET.get("b")},
            contacts=contacts,
        )
    return render(
        request,
        "introductions/new.html",
        {"form": form, "contacts": contacts},
        status=status,
    )


def _card(request, introduction, status=200) -> HttpResponse:
    context = {"introduction": introduction}
    return render_page(
        request,
        "introductions/detail.html",
        "introductions/_introduction.html",
        context,
        status=status,
    )


@login_required
def introduction_detail(request: HttpRequest, introduction_id: int) -> HttpResponse:
    introduction = queries.access_introduction(request.user, introduction_id)
    mark_read_for_page(request.user, request.path)  # the notifications point to this page
    return _card(request, introduction)


def _answer(request, introduction_id: int, *, accept: bool) -> HttpResponse:
    introduction = queries.access_introduction(request.user, introduction_id)
    try:
        introduction = services.answer_introduction(introduction, request.user, accept=accept)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _card(request, introduction, status=400)
    if introduction.conversation_id:
        messages.success(request, _("You both accepted. Your conversation is open."))
        if not request.htmx:
            return redirect("messaging:conversation", introduction.conversation_id)
    elif accept:
        messages.success(request, _("Accepted. The conversation opens once both have accepted."))
    else:
        messages.success(request, _("Declined. Nobody else is told why."))
    introduction = queries.access_introduction(request.user, introduction.pk)
    if request.htmx:
        return _card(request, introduction)
    return redirect("introductions:detail", introduction.pk)


@login_required
@require_POST
def accept(request: HttpRequest, introduction_id: int) -> HttpResponse:
    return _answer(request, introduction_id, accept=True)


@login_required
@require_POST
def decline(request: HttpRequest, introduction_id: int) -> HttpResponse:
    return _answer(request, introduction_id, accept=False)


@login_required
@require_POST
def withdraw(request: HttpRequest, introduction_id: int) -> HttpResponse:
    introduction = queries.access_introduction(request.user, introduction_id)
    try:
        services.withdraw_introduction(introduction, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _card(request, introduction, status=400)
    messages.success(request, _("You withdrew the introduction."))
    return redirect("introductions:detail", introduction.pk)
