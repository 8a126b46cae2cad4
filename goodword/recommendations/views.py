"""Thin views: parse, access, call the service, render (the partial for htmx requests)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from goodword.core.forms import add_service_errors
from goodword.core.members import access_member
from goodword.core.robots import indexable

from . import services
from .forms import RecommendationForm
from .models import ACTIVE_STATUSES, Relationship
from .queries import (
    access_recommendation,
    get_pending_for_review,
    get_received_decided,
    get_written_by,
)


@indexable
def how_we_check(request: HttpRequest) -> HttpResponse:
    """Public disclosure of how recommendations are checked (§ 5b Abs. 3 UWG)."""
    return render(
        request,
        "recommendations/how_we_check.html",
        {
            "new_days": settings.NEW_ACCOUNT_DAYS,
            "new_per_day": settings.RECOMMENDATION_NEW_ACCOUNT_PER_DAY,
            "per_day": settings.RECOMMENDATION_PER_DAY,
        },
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """My recommendations: pending ones to review, received ones and the ones I wrote."""
    return render(
        request,
        "recommendations/inbox.html",
        {
            "pending": get_pending_for_review(request.user),
            "received": get_received_decided(request.user),
            "written": get_written_by(request.user),
        },
    )


def _error_status(exc: ValidationError) -> int:
    if getattr(exc, "code", None) == "blocked":
        return 403
    return 429 if isinstance(exc, services.RateLimited) else 400


def _prefill(request: HttpRequest) -> dict:
    """A start the member edits, from a link elsewhere (e.g. a circle's member list links with
    `relationship=circle` and "We know each other from the circle X" as `text`)."""
    initial = {}
    if request.GET.get("relationship") in Relationship.values:
        initial["relationship"] = request.GET["relationship"]
    text = request.GET.get("text", "").strip()
    if text:
        initial["text"] = text[:300]
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    subject_id = request.POST.get("subject") or request.GET.get("subject")
    if not str(subject_id or "").isdigit():
        raise Http404
    subject = access_member(request.user, int(subject_id))
    blocked = None
    try:
        services.check_can_recommend(request.user, subject)
    except ValidationError as exc:
        blocked = exc
    form = RecommendationForm(request.POST or None, initial=_prefill(request))
    status = 200
    if request.method == "POST" and blocked is None and form.is_valid():
        try:
            services.give_recommendation(
                request.user,
                subject,
                form.cleaned_data["text"],
                form.cleaned_data["topics"],
                form.cleaned_data["relationship"],
                form.cleaned_data["known_since"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = _error_status(exc)
        else:
            messages.success(
                request,
                _("Thank you! %(name)s will be asked to accept your recommendation.")
                % {"name": subject},
            )
            return redirect("accounts:profile", subject.pk)
    elif request.method == "POST":
        status = _error_status(blocked) if blocked is not None else 400
    return render(
        request,
        "recommendations/form.html",
        {"form": form, "subject": subject, "blocked": blocked, "recommendation": None},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    recommendation = access_recommendation(request.user, recommendation_id, role="author")
    if recommendation.status not in ACTIVE_STATUSES:
        raise Http404
    initial = {
        "text": recommendation.text,
        "topics": ", ".join(t.name for t in recommendation.topics.all()),
        "relationship": recommendation.relationship,
        "known_since": recommendation.known_since,
    }
    form = RecommendationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_recommendation(
                request.user,
                recommendation,
                form.cleaned_data["text"],
                form.cleaned_data["topics"],
                form.cleaned_data["relationship"],
                form.cleaned_data["known_since"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = _error_status(exc)
        else:
            messages.success(
                request,
                _("Saved. %(name)s will be asked to accept the new version.")
                % {"name": recommendation.subject},
            )
            return redirect(reverse("recommendations:inbox") + "#written")
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "recommendations/form.html",
        {
            "form": form,
            "subject": recommendation.subject,
            "blocked": None,
            "recommendation": recommendation,
        },
        status=status,
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("recommendations:inbox")


def _act(request: HttpRequest, recommendation_id: int, role: str, service, done: str):
    """Shared body of the POST-only actions: access, call the service, answer."""
    recommendation = access_recommendation(request.user, recommendation_id, role=role)
    error = None
    try:
        recommendation = service(request.user, recommendation)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        recommendation = access_recommendation(request.user, recommendation.pk, role=role)
        return render(
            request,
            "recommendations/_recommendation.html",
            {"recommendation": recommendation, "viewer": request.user, "error": error},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(_next_url(request))


@login_required
@require_POST
def accept(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    return _act(
        request,
        recommendation_id,
        "subject",
        services.accept_recommendation,
        _("Accepted. The recommendation is now on your profile."),
    )


@login_required
@require_POST
def decline(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    return _act(
        request,
        recommendation_id,
        "subject",
        services.decline_recommendation,
        _("Declined. The recommendation will not be published."),
    )


@login_required
@require_POST
def hide(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    return _act(
        request,
        recommendation_id,
        "subject",
        services.hide_recommendation,
        _("Hidden. Only you and the author can see it now."),
    )


@login_required
@require_POST
def unhide(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    return _act(
        request,
        recommendation_id,
        "subject",
        services.unhide_recommendation,
        _("The recommendation is public again."),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    return _act(
        request,
        recommendation_id,
        "author",
        services.withdraw_recommendation,
        _("Withdrawn. The recommendation is no longer shown anywhere."),
    )
