"""Thin views for referrals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from goodword.core.forms import add_service_errors
from goodword.core.members import access_member
from goodword.messaging import rules
from goodword.messaging.models import Intent
from goodword.messaging.services import ContactRefused
from goodword.notifications.services import mark_read_for_page

from . import queries, services
from .forms import ReferralForm, StatusForm


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "referrals/list.html",
        {
            "referrals": queries.get_referrals(request.user),
            "counts": queries.get_referral_counts(request.user),
        },
    )


@login_required
def referral_new(request: HttpRequest, member_id: int) -> HttpResponse:
    receiver = access_member(request.user, member_id)
    decision = rules.can_contact(request.user, receiver, Intent.INTRODUCTION)
    refusal = None if decision.allowed else decision
    status = 200
    if request.method == "POST":
        form = ReferralForm(request.POST)
        if form.is_valid():
            try:
                referral = services.pass_referral(request.user, receiver, **form.cleaned_data)
            except ContactRefused as exc:
                refusal = exc.decision
                status = exc.status_code
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(
                    request, _("Thank you for passing this on to %(name)s.") % {"name": receiver}
                )
                return redirect("referrals:detail", referral.pk)
        else:
            status = 400
    else:
        form = ReferralForm()
    return render(
        request,
        "referrals/new.html",
        {"form": form, "receiver": receiver, "refusal": refusal},
        status=status,
    )


def _detail(request, referral, form=None, status=200) -> HttpResponse:
    is_receiver = referral.receiver_id == request.user.pk
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "is_receiver": is_receiver,
            "form": form or (StatusForm() if is_receiver else None),
        },
        status=status,
    )


@login_required
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = queries.access_referral(request.user, referral_id)
    mark_read_for_page(request.user, request.path)  # the notifications point to this page
    return _detail(request, referral)


@login_required
@require_POST
def referral_status(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = queries.access_referral(request.user, referral_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.update_referral(referral, request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Updated. %(name)s will see how it went.") % {"name": referral.giver}
            )
            return redirect("referrals:detail", referral.pk)
    return _detail(request, referral, form, status=400)
