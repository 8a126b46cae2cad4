"""Pages of moderation: the queue and a case (moderators), lifting a sanction (moderators),
the member's decision with the appeal, an appeal to decide (moderators), reporting a public
recommendation or a profile (members), and the public log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from goodword.core.forms import add_service_errors
from goodword.core.htmx import render_page
from goodword.core.members import access_member
from goodword.messaging import services as messaging
from goodword.messaging.forms import ReportForm
from goodword.recommendations import queries as recommendation_queries
from goodword.recommendations.models import Status as RecommendationStatus

from . import queries, services
from .forms import ActionForm, AppealDecisionForm, AppealForm, LiftForm
from .models import ACTION_TEXTS, GROUND_TEXTS, Action


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    queries.require_moderator(request.user)
    return render(
        request,
        "moderation/queue.html",
        {
            "cases": queries.get_queue(),
            "appeals": queries.get_open_appeals(request.user),
        },
    )


@login_required
def case(request: HttpRequest, member_id: int) -> HttpResponse:
    """A reported member: the open reports, what they wrote there, their history, and the
    decision form."""
    member = queries.access_case(request.user, member_id)
    open_reports = queries.get_open_reports(member)
    status = 200
    if request.method == "POST":
        form = ActionForm(request.POST, open_reports=open_reports)
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = services.take_action(
                    request.user,
                    member,
                    data["action"],
                    data["ground"],
                    data["reason"],
                    report_ids=data["reports"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(
                    request,
                    _("Decided: %(action)s. It is in the public moderation log.")
                    % {"action": entry.get_action_display()},
                )
                return redirect("moderation:queue")
        else:
            status = 400
    else:
        form = ActionForm(open_reports=open_reports)
    return _render_case(request, member, open_reports, form, status=status)


def _render_case(request, member, open_reports, form, *, lift_form=None, status=200):
    """The case page; `lift_form` is (decision id, bound lift form with errors), shown in its
    place."""
    return render(
        request,
        "moderation/case.html",
        {
            "member": member,
            "reports": open_reports,
            "content": queries.get_reported_content(member, open_reports),
            "reported_recommendations": queries.get_reported_recommendations(member, open_reports),
            "profile_reported": any(r.about_profile for r in open_reports),
            "history": _history_with_lift_forms(request.user, member, lift_form),
            "decided": queries.count_decided_reports(member),
            "form": form,
        },
        status=status,
    )


def _lift_form(entry, data=None) -> LiftForm:
    # Own ids per decision, so that the page keeps unique ids.
    return LiftForm(data, auto_id=f"lift-{entry.pk}-%s")


def _history_with_lift_forms(moderator, member, bound=None) -> list[tuple]:
    """The member's history, each sanction that stands with its own lift form."""
    may_decide = member.pk != moderator.pk
    rows = []
    for entry in queries.get_history(member):
        form = None
        if may_decide and queries.may_lift(entry):
            form = bound[1] if bound and bound[0] == entry.pk else _lift_form(entry)
        rows.append((entry, form))
    return rows


@login_required
@require_POST
def lift(request: HttpRequest, action_id: int) -> HttpResponse:
    """A moderator lifts a sanction that stands (from the case page's history)."""
    entry = queries.access_action(request.user, action_id)
    form = _lift_form(entry, request.POST)
    if form.is_valid():
        try:
            services.lift_action(
                request.user, entry, form.cleaned_data["ground"], form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Lifted. The member is told, and it is in the public moderation log."),
            )
            return redirect("moderation:case", entry.member_id)
    if entry.member is None:  # a decision about content without a member: nothing to show
        raise Http404("No such case.")
    # The form sits in the case page's history: show it there, with its errors.
    member = entry.member
    open_reports = queries.get_open_reports(member)
    return _render_case(
        request,
        member,
        open_reports,
        ActionForm(open_reports=open_reports),
        lift_form=(entry.pk, form),
        status=400,
    )


@login_required
def report_recommendation(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    """Report a public recommendation (its author) to the moderators. 404 for one the viewer
    cannot see or that is not public."""
    rec = recommendation_queries.get_recommendation(request.user, recommendation_id)
    if rec.status != RecommendationStatus.ACCEPTED:
        raise Http404("Only public recommendations can be reported.")
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                services.report_recommendation(
                    request.user, rec, form.cleaned_data["reason"], form.cleaned_data["note"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, messaging.describe_report_outcome(rec.author))
                return redirect("accounts:profile", rec.subject_id)
        else:
            status = 400
    else:
        form = ReportForm()
    return render(
        request,
        "moderation/report_recommendation.html",
        {"form": form, "recommendation": rec},
        status=status,
    )


def _decision_page(request, entry, action_url: str, *, by_link: bool) -> HttpResponse:
    status = 200
    form = None
    if queries.may_appeal(entry):
        form = AppealForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.file_appeal(entry.member, entry, form.cleaned_data["text"])
                except ValidationError as exc:
                    add_service_errors(form, exc)
                    status = 400
                else:
                    messages.success(
                        request,
                        _(
                            "Your appeal was sent. A moderator who did not take the decision will "
                            "look at it, and we will tell you the outcome."
                        ),
                    )
                    return redirect(action_url)
            else:
                status = 400
    elif request.method == "POST":
        messages.error(request, _("This decision can no longer be appealed."))
        status = 400
    entry.refresh_from_db()
    return render(
        request,
        "moderation/decision.html",
        {
            "entry": entry,
            "appeal": getattr(entry, "appeal", None),
            "lift": queries.get_lift(entry),
            "form": form,
            "action_url": action_url,
            "by_link": by_link,
            "appeal_days": queries.APPEAL_DAYS,
        },
        status=status,
    )


@login_required
def decision(request: HttpRequest, action_id: int) -> HttpResponse:
    """A decision about the viewer, and the appeal against it (404 for anybody else)."""
    entry = queries.access_own_decision(request.user, action_id)
    return _decision_page(request, entry, request.path, by_link=False)


def decision_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The same for a suspended member, who cannot log in: the signed link from the e-mail."""
    entry = queries.access_decision_by_token(token)
    return _decision_page(request, entry, request.path, by_link=True)


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    """The decisions about the viewer."""
    return render(
        request,
        "moderation/notices.html",
        {"decisions": queries.get_decisions_about(request.user)},
    )


@login_required
def appeal(request: HttpRequest, appeal_id: int) -> HttpResponse:
    """An appeal for a moderator to decide."""
    appeal = queries.access_appeal(request.user, appeal_id)
    may_decide = appeal.decided_at is None and queries.may_decide_appeal(request.user, appeal)
    status = 200
    form = None
    if may_decide:
        form = AppealDecisionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if form.is_valid():
                data = form.cleaned_data
                try:
                    services.decide_appeal(
                        request.user, appeal, data["outcome"], data["ground"], data["reason"]
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                    status = 400
                else:
                    messages.success(
                        request,
                        _(
                            "The appeal is decided and the member is told. It is in the public "
                            "moderation log."
                        ),
                    )
                    return redirect("moderation:queue")
            else:
                status = 400
    elif request.method == "POST":
        messages.error(
            request,
            _("This appeal is decided already, or it is about your own decision."),
        )
        status = 403 if appeal.decided_at is None else 400
    return render(
        request,
        "moderation/appeal.html",
        {"appeal": appeal, "entry": appeal.action, "form": form, "may_decide": may_decide},
        status=status,
    )


def public_log(request: HttpRequest) -> HttpResponse:
    """The public moderation log: date, action, ground and reason, no names."""
    paginator = Paginator(queries.get_public_log(), queries.LOG_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render_page(
        request,
        "moderation/log.html",
        "moderation/_log_entries.html",
        {"page": page, "entries": page.object_list, "lift": Action.LIFT},
    )


def grounds(request: HttpRequest) -> HttpResponse:
    """The documented grounds and actions, for everybody."""
    return render(
        request,
        "moderation/grounds.html",
        {
            "grounds": list(GROUND_TEXTS.items()),
            "actions": list(ACTION_TEXTS.items()),
            "appeal_days": queries.APPEAL_DAYS,
        },
    )


@login_required
def report_profile(request: HttpRequest, member_id: int) -> HttpResponse:
    """Report a member's profile (their "looking for" text, name or facts) to the moderators.
    404 for a member the viewer cannot see."""
    member = access_member(request.user, member_id)
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                services.report_profile(
                    request.user, member, form.cleaned_data["reason"], form.cleaned_data["note"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, messaging.describe_report_outcome(member))
                return redirect("accounts:profile", member.pk)
        else:
            status = 400
    else:
        form = ReportForm()
    return render(
        request, "moderation/report_profile.html", {"form": form, "member": member}, status=status
    )
