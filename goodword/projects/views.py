"""Thin views for projects: parse, access, call the service, render. Every form works without
JavaScript; a refused action renders the page again with the reason and a 4xx status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from goodword.core.forms import add_refusal, add_service_errors, refusal
from goodword.core.members import access_member, reach_refusal
from goodword.meetings import timezones
from goodword.meetings.forms import MeetingForm
from goodword.notifications.services import mark_read_for_page
from goodword.recommendations.forms import RecommendationForm

from . import queries, services
from .forms import (
    IntroRequestForm,
    JoinForm,
    NoteForm,
    ProjectForm,
    SeatForm,
    SupportForm,
    TaskForm,
)
from .models import ApplicationKind


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    in_my_topics = list(queries.get_projects_in_my_topics(user)[:20])
    return render(
        request,
        "projects/list.html",
        {
            "own_projects": queries.get_own_projects(user),
            # Each project once on the page: those in the member's topics are listed first.
            "projects": queries.get_visible_projects(user).exclude(
                pk__in=[p.pk for p in in_my_topics]
            )[:100],
            "in_my_topics": in_my_topics,
            "intro_requests": queries.get_intro_requests_for(user),
        },
    )


@login_required
def project_new(request: HttpRequest) -> HttpResponse:
    status = 200
    form = ProjectForm(request.POST or None)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                project = services.create_project(
                    request.user,
                    title=data["title"],
                    problem=data["problem"],
                    why_important=data["why_important"],
                    why_solvable=data["why_solvable"],
                    why_me=data["why_me"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    city=data["city"],
                    remote=data["remote"],
                    pay=data["pay"],
                    visibility=data["visibility"] or "network",
                    values=form.value_list(),
                    seats=form.seat_list(),
                    owner_task=data["owner_task"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Your project is up. Now find the people for its seats."),
                )
                return redirect("projects:detail", project.pk)
    return render(request, "projects/new.html", {"form": form}, status=status)


def _detail_context(request, project, **extra) -> dict:
    user = request.user
    is_owner = project.owner_id == user.pk
    seats = list(project.seats.all())
    open_seats = [s for s in seats if not s.is_filled]
    context = {
        "project": project,
        "is_owner": is_owner,
        "seats": seats,
        "team": queries.get_team(project),
        "is_team": is_owner or any(s.member_id == user.pk for s in seats),
        "supports": queries.get_shown_supports(project),
        "unreachable": "" if is_owner else (reach_refusal(user, project.owner) or ""),
        "join_form": JoinForm(seats=open_seats, auto_id="join_%s"),
        "support_form": SupportForm(auto_id="support_%s"),
        "seat_form": SeatForm(auto_id="seat_%s"),
        "open_seats": open_seats,
        "error": "",
    }
    if is_owner:
        context.update(
            {
                "applications": queries.get_ranked_applications(user, project),
                "invitations": queries.get_invitations(project),
                "pending_supports": queries.get_pending_supports(project),
                "intro_requests": queries.get_intro_requests(project),
            }
        )
    else:
        context.update(
            {
                "own_applications": queries.get_own_applications(user, project),
                "own_support": queries.get_own_support(user, project),
                "may_join": services.may_ask_to_join(project, user),
                "join_refusal": services.join_refusal(project),
            }
        )
    context.update(extra)
    return context


@login_required
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = queries.access_project(request.user, project_id)
    mark_read_for_page(request.user, request.path)
    return render(request, "projects/detail.html", _detail_context(request, project))


def _again(request, project, exc, **forms) -> HttpResponse:
    """The project page again, with the refusal and the form as it was sent."""
    message, status = refusal(exc)
    project = queries.access_project(request.user, project.pk)
    return render(
        request,
        "projects/detail.html",
        _detail_context(request, project, error=message, **forms),
        status=status,
    )


@login_required
@require_POST
def join(request: HttpRequest, project_id: int) -> HttpResponse:
    project = queries.access_project(request.user, project_id)
    seats = [s for s in project.seats.all() if not s.is_filled]
    form = JoinForm(request.POST, seats=seats, auto_id="join_%s")
    if not form.is_valid() or not form.cleaned_data["seat"]:
        if not form.errors:
            form.add_error("seat", _("Please choose an open seat."))
        return _again(
            request, project, ValidationError(_("Please choose an open seat.")), join_form=form
        )
    seat = next(s for s in seats if s.pk == form.cleaned_data["seat"])
    try:
        services.ask_to_join(seat, request.user, form.cleaned_data["text"])
    except (ValidationError, PermissionDenied) as exc:
        if isinstance(exc, ValidationError):
            add_service_errors(form, exc)
        return _again(request, project, exc, join_form=form)
    messages.success(
        request,
        _("Thank you. %(name)s will see that you would like to join.") % {"name": project.owner},
    )
    return redirect("projects:detail", project.pk)


@login_required
@require_POST
def add_seat(request: HttpRequest, project_id: int) -> HttpResponse:
    project = queries.access_project(request.user, project_id)
    form = SeatForm(request.POST, auto_id="seat_%s")
    form.is_valid()
    try:
        services.add_seat(
            project,
            request.user,
            form.cleaned_data.get("topic", ""),
            form.cleaned_data.get("task", ""),
        )
    except (ValidationError, PermissionDenied) as exc:
        return _again(request, project, exc, seat_form=form)
    messages.success(request, _("The seat is added."))
    return redirect("projects:detail", project.pk)


@login_required
@require_POST
def remove_seat(request: HttpRequest, seat_id: int) -> HttpResponse:
    seat = queries.access_seat(request.user, seat_id)
    try:
        services.remove_seat(seat, request.user)
    except (ValidationError, PermissionDenied) as exc:
        return _again(request, seat.project, exc)
    messages.success(request, _("The seat is removed."))
    return redirect("projects:detail", seat.project_id)


def _own_seat(request, seat_id: int):
    """A seat of the viewer's own project; 404 for anyone else (the candidates are the owner's
    view of the network, not for others to see)."""
    seat = queries.access_seat(request.user, seat_id)
    if seat.project.owner_id != request.user.pk:
        raise Http404("No such seat.")
    return seat


def _candidates_page(request, seat, *, status=200, error="", form=None) -> HttpResponse:
    project = queries.access_project(request.user, seat.project_id)
    return render(
        request,
        "projects/candidates.html",
        {
            "project": project,
            "seat": seat,
            "candidates": queries.get_candidates(request.user, seat),
            "error": error,
            "form": form or NoteForm(),
        },
        status=status,
    )


@login_required
def candidates(request: HttpRequest, seat_id: int) -> HttpResponse:
    seat = _own_seat(request, seat_id)
    return _candidates_page(request, seat)


@login_required
@require_POST
def invite(request: HttpRequest, seat_id: int) -> HttpResponse:
    seat = _own_seat(request, seat_id)
    form = NoteForm(request.POST)
    form.is_valid()
    member_id = request.POST.get("member", "")
    if not member_id.isdigit():
        raise Http404("No such member.")
    member = access_member(request.user, int(member_id))
    try:
        services.invite(seat, request.user, member, form.cleaned_data.get("text", ""))
    except (ValidationError, PermissionDenied) as exc:
        message, status = refusal(exc)
        return _candidates_page(request, seat, status=status, error=message, form=form)
    messages.success(
        request, _("%(name)s is invited. You will hear when they answer.") % {"name": member}
    )
    return redirect("projects:candidates", seat.pk)


@login_required
@require_POST
def ask_introduction(request: HttpRequest, seat_id: int) -> HttpResponse:
    seat = _own_seat(request, seat_id)
    form = IntroRequestForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    if not data.get("contact") or not data.get("candidate"):
        raise Http404("No such member.")
    contact = access_member(request.user, data["contact"])
    candidate = access_member(request.user, data["candidate"])
    try:
        services.request_introduction(seat, request.user, candidate, contact, data["note"])
    except (ValidationError, PermissionDenied) as exc:
        message, status = refusal(exc)
        return _candidates_page(request, seat, status=status, error=message)
    messages.success(
        request,
        _("%(contact)s is asked to introduce you to %(name)s.")
        % {"contact": contact, "name": candidate},
    )
    return redirect("projects:candidates", seat.pk)


def _application_action(request, application_id: int, service, done: str) -> HttpResponse:
    application = queries.access_application(request.user, application_id)
    project = application.seat.project
    try:
        service(application, request.user)
    except (ValidationError, PermissionDenied) as exc:
        return _again(request, project, exc)
    messages.success(request, done)
    return redirect("projects:detail", project.pk)


@login_required
@require_POST
def accept_application(request: HttpRequest, application_id: int) -> HttpResponse:
    application = queries.access_application(request.user, application_id)
    done = (
        _("Welcome to the team.")
        if application.kind == ApplicationKind.INVITE
        else _("%(name)s is in the team now.") % {"name": application.member}
    )
    return _application_action(request, application_id, services.accept_application, done)


@login_required
@require_POST
def decline_application(request: HttpRequest, application_id: int) -> HttpResponse:
    return _application_action(
        request, application_id, services.decline_application, _("Declined.")
    )


@login_required
@require_POST
def withdraw_application(request: HttpRequest, application_id: int) -> HttpResponse:
    return _application_action(
        request, application_id, services.withdraw_application, _("Withdrawn.")
    )


@login_required
@require_POST
def support(request: HttpRequest, project_id: int) -> HttpResponse:
    project = queries.access_project(request.user, project_id)
    form = SupportForm(request.POST, auto_id="support_%s")
    form.is_valid()
    try:
        services.support_project(project, request.user, form.cleaned_data.get("text", ""))
    except (ValidationError, PermissionDenied) as exc:
        if isinstance(exc, ValidationError):
            add_service_errors(form, exc)
        return _again(request, project, exc, support_form=form)
    messages.success(
        request,
        _("Thank you. %(name)s decides whether your words are shown on the project.")
        % {"name": project.owner},
    )
    return redirect("projects:detail", project.pk)


def _support_action(request, support_id: int, call, done: str) -> HttpResponse:
    item = queries.access_support(request.user, support_id)
    try:
        call(item)
    except (ValidationError, PermissionDenied) as exc:
        return _again(request, item.project, exc)
    messages.success(request, done)
    return redirect("projects:detail", item.project_id)


@login_required
@require_POST
def accept_support(request: HttpRequest, support_id: int) -> HttpResponse:
    return _support_action(
        request,
        support_id,
        lambda s: services.decide_support(s, request.user, accept=True),
        _("Thank you. It is shown on the project now."),
    )


@login_required
@require_POST
def decline_support(request: HttpRequest, support_id: int) -> HttpResponse:
    return _support_action(
        request,
        support_id,
        lambda s: services.decide_support(s, request.user, accept=False),
        _("Declined. It will not be shown."),
    )


@login_required
@require_POST
def withdraw_support(request: HttpRequest, support_id: int) -> HttpResponse:
    return _support_action(
        request,
        support_id,
        lambda s: services.withdraw_support(s, request.user),
        _("Withdrawn. It is no longer shown."),
    )


@login_required
def intro_request(request: HttpRequest, intro_request_id: int) -> HttpResponse:
    """The contact's page: the owner's note and the project; introduce them, or decline."""
    item = queries.access_intro_request(request.user, intro_request_id)
    project = item.seat.project
    form = NoteForm(
        request.POST or None,
        initial={
            "text": _(
                "%(owner)s is looking for someone for “%(topic)s” in the project “%(title)s”, "
                "and I thought of you."
            )
            % {"owner": project.owner, "topic": item.seat.topic, "title": project.title}
        },
    )
    status = 200
    if request.method == "POST":
        form.is_valid()
        try:
            item = services.introduce_for_project(item, request.user, form.cleaned_data["text"])
        except (ValidationError, PermissionDenied) as exc:
            message, status = refusal(exc)
            form.add_error(None, message)
        else:
            messages.success(request, _("Thank you! Both can now accept your introduction."))
            return redirect("introductions:detail", item.introduction_id)
    mark_read_for_page(request.user, request.path)
    return render(
        request,
        "projects/intro_request.html",
        {"item": item, "project": project, "form": form},
        status=status,
    )


@login_required
@require_POST
def decline_intro_request(request: HttpRequest, intro_request_id: int) -> HttpResponse:
    item = queries.access_intro_request(request.user, intro_request_id)
    try:
        services.decline_intro_request(item, request.user)
    except (ValidationError, PermissionDenied) as exc:
        message, _status = refusal(exc)
        messages.error(request, message)
    else:
        messages.success(request, _("Declined. Nobody is told why."))
    return redirect("projects:list")


def _team_project(request, project_id: int):
    project = queries.access_project(request.user, project_id)
    if not services.is_team_member(project, request.user):
        raise Http404("No such team.")
    return project


def _team_page(request, project, *, error: str = "", status: int = 200) -> HttpResponse:
    team = queries.get_team(project)
    own_task = next((p.task for p in team if p.member.pk == request.user.pk), "")
    return render(
        request,
        "projects/team.html",
        {
            "project": project,
            "team": team,
            "is_owner": project.owner_id == request.user.pk,
            "task_form": TaskForm(initial={"task": own_task}),
            "meetings": queries.get_team_meetings(project, request.user),
            "error": error,
        },
        status=status,
    )


@login_required
def team(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project space: the agreed values, who does what, the team conversation, meetings."""
    project = _team_project(request, project_id)
    mark_read_for_page(request.user, request.path)
    return _team_page(request, project)


def _team_again(request, project, exc) -> HttpResponse:
    """The team space again with the refusal, for the team; the project page for anyone else
    (who may not see the team space)."""
    project = queries.access_project(request.user, project.pk)
    if not services.is_team_member(project, request.user):
        return _again(request, project, exc)
    message, status = refusal(exc)
    return _team_page(request, project, error=message, status=status)


@login_required
@require_POST
def leave(request: HttpRequest, project_id: int) -> HttpResponse:
    """A member in a seat leaves the team; their seat is free again."""
    project = _team_project(request, project_id)
    try:
        services.leave_seat(project, request.user)
    except (ValidationError, PermissionDenied) as exc:
        return _team_again(request, project, exc)
    messages.success(
        request,
        _("You left the team of “%(title)s”. Your seat is open again.") % {"title": project.title},
    )
    return redirect("projects:detail", project.pk)


@login_required
@require_POST
def free_seat(request: HttpRequest, seat_id: int) -> HttpResponse:
    """The owner takes a member out of a seat; the seat is open again."""
    seat = queries.access_seat(request.user, seat_id)
    member = seat.member
    try:
        services.free_seat(seat, request.user)
    except (ValidationError, PermissionDenied) as exc:
        return _team_again(request, seat.project, exc)
    messages.success(
        request,
        _("%(name)s is no longer in the team. The seat “%(topic)s” is open again.")
        % {"name": member, "topic": seat.topic.name},
    )
    return redirect("projects:team", seat.project_id)


@login_required
def team_meeting_new(request: HttpRequest, project_id: int) -> HttpResponse:
    """A member of the team schedules a team meeting (the meetings app's form and service)."""
    project = _team_project(request, project_id)
    status = 200
    form = MeetingForm(
        request.POST or None, initial={"time_zone": timezones.DEFAULT, "growth_round": False}
    )
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                meeting = services.schedule_team_meeting(project, request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                status = add_refusal(form, exc)
            else:
                messages.success(request, _("The meeting is scheduled. Your team can now answer."))
                return redirect("meetings:detail", meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "audience": project.title,
            "meeting": None,
            "back_url": reverse("projects:team", args=[project.pk]),
        },
        status=status,
    )


@login_required
@require_POST
def set_task(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _team_project(request, project_id)
    form = TaskForm(request.POST)
    form.is_valid()
    try:
        services.set_task(project, request.user, form.cleaned_data.get("task", ""))
    except (ValidationError, PermissionDenied) as exc:
        message, _status = refusal(exc)
        messages.error(request, message)
        return redirect("projects:team", project.pk)
    messages.success(request, _("Saved."))
    return redirect("projects:team", project.pk)


@login_required
@require_POST
def close(request: HttpRequest, project_id: int) -> HttpResponse:
    project = queries.access_project(request.user, project_id)
    outcome = request.POST.get("outcome")
    if outcome not in ("done", "stopped"):
        return _again(
            request,
            project,
            ValidationError(_("Please say whether the project is done or stopped.")),
        )
    try:
        services.close_project(project, request.user, done=outcome == "done")
    except (ValidationError, PermissionDenied) as exc:
        return _again(request, project, exc)
    messages.success(request, _("The project is closed. How did it go with each of the team?"))
    return redirect("projects:followup", project.pk)


def _followup_page(request, project, *, forms=None, status=200) -> HttpResponse:
    answers = queries.get_followups(project, request.user)
    mates = [p for p in queries.get_team(project) if p.member.pk != request.user.pk]
    rows = []
    for part in mates:
        form = (forms or {}).get(part.member.pk) or RecommendationForm(
            initial=services.followup_draft(project, part.member),
            auto_id=f"id_%s_{part.member.pk}",
        )
        rows.append({"part": part, "answer": answers.get(part.member.pk), "form": form})
    return render(
        request,
        "projects/followup.html",
        {"project": project, "rows": rows},
        status=status,
    )


@login_required
def followup(request: HttpRequest, project_id: int) -> HttpResponse:
    """After closing: for each other team member, a recommendation, a private mark, or nothing."""
    project = _team_project(request, project_id)
    if project.is_open:
        raise Http404("The project is still open.")
    mark_read_for_page(request.user, request.path)
    return _followup_page(request, project)


@login_required
@require_POST
def followup_answer(request: HttpRequest, project_id: int, member_id: int) -> HttpResponse:
    project = _team_project(request, project_id)
    teammate = access_member(request.user, member_id)
    action = request.POST.get("action")
    form = None
    try:
        if action == "recommend":
            form = RecommendationForm(request.POST, auto_id=f"id_%s_{teammate.pk}")
            if not form.is_valid():
                raise ValidationError(_("Please check the recommendation."))
            data = form.cleaned_data
            services.followup_recommend(
                project,
                request.user,
                teammate,
                text=data["text"],
                topic_names=data["topics"],
                relationship=data["relationship"],
                known_since=data["known_since"],
            )
            done = _("Thank you! %(name)s will be asked to accept your recommendation.")
        elif action == "mark":
            services.followup_mark(project, request.user, teammate)
            done = _("Noted privately: you have worked with %(name)s.")
        elif action == "nothing":
            services.followup_nothing(project, request.user, teammate)
            done = _("All right: nothing about %(name)s.")
        else:
            raise ValidationError(_("Please choose what you want to say."))
    except (ValidationError, PermissionDenied) as exc:
        message, status = refusal(exc)
        if form is not None and isinstance(exc, ValidationError):
            add_service_errors(form, exc)
        else:
            messages.error(request, message)
        return _followup_page(
            request, project, forms={teammate.pk: form} if form else None, status=status
        )
    messages.success(request, done % {"name": teammate})
    return redirect("projects:followup", project.pk)
