"""Thin views for meetings, one-to-ones and the calendar: parse, access, call a service,
render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from goodword.core.forms import add_service_errors
from goodword.core.htmx import render_page
from goodword.core.members import access_member
from goodword.notifications.services import mark_read_for_page

from . import calendar, queries, services, timezones
from .forms import (
    AcceptForm,
    CancelForm,
    DeclineForm,
    GoalForm,
    HelperForm,
    MeetingForm,
    OneToOneForm,
    RsvpForm,
)
from .models import Answer
from .services.calendar_feeds import record_fetch


def _status(exc: ValidationError | PermissionDenied) -> int:
    return 403 if isinstance(exc, PermissionDenied) else 400


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    upcoming = list(queries.get_my_meetings(request.user))
    past = list(queries.get_my_meetings(request.user, past=True)[:20])
    answers = queries.get_my_answers(request.user, upcoming + past)
    return render(
        request,
        "meetings/list.html",
        {
            "upcoming": [(m, answers.get(m.pk)) for m in upcoming],
            "past": [(m, answers.get(m.pk)) for m in past],
            "one_to_ones": queries.get_one_to_ones(request.user)[:20],
        },
    )


def _meeting_data(form: MeetingForm) -> dict:
    return dict(form.cleaned_data)


@login_required
def meeting_new(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = queries.access_circle_to_organise(request.user, circle_id)
    status = 200
    form = MeetingForm(request.POST or None, initial={"time_zone": timezones.DEFAULT})
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting = services.schedule_meeting(request.user, circle, **_meeting_data(form))
            except (ValidationError, PermissionDenied) as exc:
                status = _status(exc)
                if isinstance(exc, ValidationError):
                    add_service_errors(form, exc)
                else:
                    form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("The meeting is scheduled. The circle’s members can now answer."),
                )
                return redirect("meetings:detail", meeting.pk)
        else:
            status = 400
    return render(
        request,
        "meetings/form.html",
        {"form": form, "audience": circle.name, "meeting": None},
        status=status,
    )


@login_required
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.access_meeting_to_organise(request.user, meeting_id)
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                services.update_meeting(meeting, request.user, **_meeting_data(form))
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(
                    request,
                    _("Saved. Everyone who answered is told if the time or place changed."),
                )
                return redirect("meetings:detail", meeting.pk)
        else:
            status = 400
    else:
        form = MeetingForm(
            initial={
                "title": meeting.title,
                "agenda": meeting.agenda,
                "starts_at": timezones.local(meeting.starts_at, meeting.time_zone),
                "ends_at": timezones.local(meeting.ends_at, meeting.time_zone),
                "time_zone": meeting.time_zone,
                "place": meeting.place,
                "online_url": meeting.online_url,
                "capacity": meeting.capacity,
                "growth_round": meeting.growth_round,
            }
        )
        # The initial values are wall-clock times in the meeting's zone, shown as typed.
        for name in ("starts_at", "ends_at"):
            form.initial[name] = form.initial[name].replace(tzinfo=None)
    return render(
        request,
        "meetings/form.html",
        {"form": form, "audience": meeting.audience_name, "meeting": meeting},
        status=status,
    )


def _detail(request, meeting, *, status=200, forms=None, notice="") -> HttpResponse:
    page = queries.get_meeting_page(meeting, request.user)
    forms = forms or {}
    context = {
        "page": page,
        "meeting": meeting,
        "rsvp_form": forms.get("rsvp")
        or RsvpForm(initial={"answer": page.my_rsvp.answer if page.my_rsvp else None}),
        "goal_form": forms.get("goal")
        or GoalForm(initial={"text": page.my_goal.text if page.my_goal else ""}),
        "helper_form": forms.get("helper") or HelperForm(helpers=page.helpers),
        "cancel_form": forms.get("cancel") or CancelForm(),
        "prompt": forms.get("prompt"),
        "notice": notice,  # feedback inside an htmx fragment (the page's messages are not swapped)
    }
    return render_page(
        request, "meetings/detail.html", "meetings/_meeting.html", context, status=status
    )


@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.access_meeting(request.user, meeting_id)
    mark_read_for_page(request.user, request.path)
    return _detail(request, meeting)


@login_required
@require_POST
def meeting_answer(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.access_meeting(request.user, meeting_id)
    form = RsvpForm(request.POST)
    if not form.is_valid():
        return _detail(request, meeting, status=400, forms={"rsvp": form})
    try:
        rsvp = services.answer_meeting(meeting, request.user, form.cleaned_data["answer"])
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _detail(request, meeting, status=400, forms={"rsvp": form})
    if rsvp.waiting:
        text = _(
            "The meeting is full: you are on the waiting list and get a seat as soon as "
            "one is free."
        )
    elif rsvp.answer == Answer.YES:
        text = _("You are coming. See you there!")
    elif rsvp.answer == Answer.MAYBE:
        text = _("Noted as maybe. Please say yes or no once you know.")
    else:
        text = _("Noted: you are not coming. Thank you for saying so.")
    if request.htmx:
        return _detail(request, queries.access_meeting(request.user, meeting_id), notice=text)
    messages.success(request, text)
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_POST
def meeting_goal(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.access_meeting(request.user, meeting_id)
    form = GoalForm(request.POST)
    if not form.is_valid():
        return _detail(request, meeting, status=400, forms={"goal": form})
    try:
        goal = services.set_goal(meeting, request.user, form.cleaned_data["text"])
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _detail(request, meeting, status=400, forms={"goal": form})
    messages.success(
        request, _("Your goal is on the meeting page.") if goal else _("Your goal is removed.")
    )
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_POST
def meeting_helped(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.access_meeting(request.user, meeting_id)
    page = queries.get_meeting_page(meeting, request.user)
    form = HelperForm(request.POST, helpers=page.helpers)
    if not form.is_valid():
        return _detail(request, meeting, status=400, forms={"helper": form})
    try:
        helper = access_member(request.user, form.cleaned_data["helper"])
        note = services.note_helper(meeting, request.user, helper)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _detail(request, meeting, status=400, forms={"helper": form})
    messages.success(request, _("Noted. Only you see this."))
    return _detail(request, meeting, forms={"prompt": note.helper})


@login_required
@require_POST
def meeting_unhelped(request: HttpRequest, meeting_id: int, member_id: int) -> HttpResponse:
    meeting = queries.access_meeting(request.user, meeting_id)
    services.remove_help_note(meeting, request.user, member_id)
    messages.success(request, _("Removed."))
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.access_meeting_to_organise(request.user, meeting_id)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _detail(request, meeting, status=400, forms={"cancel": form})
    try:
        services.cancel_meeting(meeting, request.user, form.cleaned_data["reason"])
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _detail(request, meeting, status=400, forms={"cancel": form})
    messages.success(request, _("The meeting is cancelled. Everyone who answered is told."))
    return redirect("meetings:detail", meeting.pk)


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def meeting_ics(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.access_meeting(request.user, meeting_id)
    return _ics(calendar.meeting_ics(meeting), f"goodword-meeting-{meeting.pk}.ics")


# One-to-ones


@login_required
def one_to_one_new(request: HttpRequest, member_id: int) -> HttpResponse:
    invitee = access_member(request.user, member_id)
    refusal = services.proposal_refusal(request.user, invitee)
    status = 403 if refusal else 200
    form = OneToOneForm(request.POST or None, initial={"time_zone": timezones.DEFAULT})
    if request.method == "POST" and not refusal:
        if form.is_valid():
            data = form.cleaned_data
            try:
                one_to_one = services.propose_one_to_one(
                    request.user,
                    invitee,
                    note=data["note"],
                    times=form.times(),
                    time_zone=data["time_zone"],
                    duration_minutes=data["duration_minutes"],
                    place=data["place"],
                    online_url=data["online_url"],
                )
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                status = 403
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(
                    request,
                    _("Your proposal is sent. %(name)s can choose a time or decline.")
                    % {"name": invitee},
                )
                return redirect("meetings:one_to_one", one_to_one.pk)
        else:
            status = 400
    return render(
        request,
        "meetings/one_to_one_new.html",
        {"form": form, "invitee": invitee, "refusal": refusal},
        status=status,
    )


def _time_label(value, zone: str) -> str:
    return f"{timezones.describe(value, zone)} ({zone})"


def _times(one_to_one) -> list:
    times = list(one_to_one.times.all())
    for t in times:
        t.label = _time_label(t.starts_at, one_to_one.time_zone)
    return times


def _one_to_one_page(
    request, one_to_one, *, status=200, accept_form=None, decline_form=None, notice=""
):
    times = _times(one_to_one)
    context = {
        "one_to_one": one_to_one,
        "other": one_to_one.other(request.user),
        "is_invitee": request.user.pk == one_to_one.invitee_id,
        "times": times,
        "accept_form": accept_form or AcceptForm(times=times),
        "decline_form": decline_form or DeclineForm(),
        "has_started": bool(one_to_one.starts_at and one_to_one.starts_at <= timezone.now()),
        "i_know": bool(one_to_one.knows_at(request.user)),
        "notice": notice,
    }
    return render_page(
        request,
        "meetings/one_to_one.html",
        "meetings/_one_to_one.html",
        context,
        status=status,
    )


@login_required
def one_to_one_detail(request: HttpRequest, one_to_one_id: int) -> HttpResponse:
    one_to_one = queries.access_one_to_one(request.user, one_to_one_id)
    mark_read_for_page(request.user, request.path)
    return _one_to_one_page(request, one_to_one)


def _after(request, one_to_one_id: int, text: str) -> HttpResponse:
    one_to_one = queries.access_one_to_one(request.user, one_to_one_id)
    if request.htmx:
        return _one_to_one_page(request, one_to_one, notice=text)
    messages.success(request, text)
    return redirect("meetings:one_to_one", one_to_one.pk)


@login_required
@require_POST
def one_to_one_accept(request: HttpRequest, one_to_one_id: int) -> HttpResponse:
    one_to_one = queries.access_one_to_one(request.user, one_to_one_id)
    form = AcceptForm(request.POST, times=_times(one_to_one))
    if not form.is_valid():
        return _one_to_one_page(request, one_to_one, status=400, accept_form=form)
    try:
        services.accept_one_to_one(one_to_one, request.user, form.cleaned_data["time"])
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _one_to_one_page(request, one_to_one, status=400, accept_form=form)
    return _after(
        request,
        one_to_one_id,
        _("Agreed. Add it to your calendar below, and enjoy getting to know each other."),
    )


@login_required
@require_POST
def one_to_one_decline(request: HttpRequest, one_to_one_id: int) -> HttpResponse:
    one_to_one = queries.access_one_to_one(request.user, one_to_one_id)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _one_to_one_page(request, one_to_one, status=400, decline_form=form)
    try:
        services.decline_one_to_one(one_to_one, request.user, form.cleaned_data["note"])
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _one_to_one_page(request, one_to_one, status=400, decline_form=form)
    return _after(request, one_to_one_id, _("Declined. Nobody else is told."))


@login_required
@require_POST
def one_to_one_withdraw(request: HttpRequest, one_to_one_id: int) -> HttpResponse:
    one_to_one = queries.access_one_to_one(request.user, one_to_one_id)
    try:
        services.withdraw_one_to_one(one_to_one, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _one_to_one_page(request, one_to_one, status=400)
    return _after(request, one_to_one_id, _("Cancelled."))


@login_required
@require_POST
def one_to_one_known(request: HttpRequest, one_to_one_id: int) -> HttpResponse:
    one_to_one = queries.access_one_to_one(request.user, one_to_one_id)
    known = request.POST.get("known", "1") != "0"
    try:
        services.mark_known(one_to_one, request.user, known=known)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _one_to_one_page(request, one_to_one, status=400)
    return _after(
        request,
        one_to_one_id,
        _("Noted: you now know each other personally.") if known else _("Taken back."),
    )


@login_required
@require_GET
def one_to_one_ics(request: HttpRequest, one_to_one_id: int) -> HttpResponse:
    one_to_one = queries.access_one_to_one(request.user, one_to_one_id)
    if one_to_one.starts_at is None:
        raise Http404("No time agreed yet.")
    return _ics(
        calendar.one_to_one_ics(one_to_one, request.user),
        f"goodword-one-to-one-{one_to_one.pk}.ics",
    )


# The calendar feed


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """Make (or make anew) and switch off the member's private calendar address. The address
    is shown once, right after it is made: only a hash of its secret is kept."""
    feed = getattr(request.user, "calendar_feed", None)
    feed_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_calendar_feed(request.user)
            messages.success(request, _("Your calendar address is switched off."))
            return redirect("meetings:calendar")
        feed, secret = services.create_calendar_feed(request.user)
        feed_url = request.build_absolute_uri(reverse("meetings:feed", args=[secret]))
        messages.success(
            request, _("Your new calendar address is ready. Any older address stopped working.")
        )
    return render(request, "meetings/calendar.html", {"feed": feed, "feed_url": feed_url})


@require_GET
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The private feed: no login (calendar programs cannot log in), only the secret. A wrong
    or revoked secret is a plain 404 that says nothing about whether it ever existed."""
    feed = queries.get_feed(secret)
    if feed is None:
        raise Http404("No such calendar.")
    record_fetch(feed)
    meetings, one_to_ones = queries.get_feed_items(feed.member)
    response = HttpResponse(
        calendar.feed_ics(feed.member, meetings, one_to_ones),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
