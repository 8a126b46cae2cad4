"""Projects API: the same services, visibility and contact rules as the pages."""

from __future__ import annotations

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from goodword.api.auth import api_auth
from goodword.core.members import access_member
from goodword.meetings.api import MeetingIn, MeetingOut, meeting_out

from . import queries, services
from .models import Application, Project, Seat, Support

router = Router(tags=["projects"], auth=api_auth)


class SeatIn(Schema):
    topic: str
    task: str = ""


class ProjectIn(Schema):
    title: str
    problem: str
    why_important: str
    why_solvable: str
    why_me: str
    starts_on: datetime.date
    ends_on: datetime.date
    city: str = ""
    remote: bool = False
    pay: str
    visibility: str = "network"
    values: list[str] = []
    seats: list[SeatIn] = []
    owner_task: str = ""


class SeatOut(Schema):
    id: int
    topic: str
    task: str
    member_id: int | None


class ProjectOut(Schema):
    id: int
    owner_id: int
    title: str
    problem: str
    why_important: str
    why_solvable: str
    why_me: str
    starts_on: datetime.date
    ends_on: datetime.date
    city: str
    remote: bool
    pay: str
    visibility: str
    values: list[str]
    seats: list[SeatOut]
    owner_task: str
    status: str
    conversation_id: int | None
    created_at: datetime.datetime


class CandidateOut(Schema):
    member_id: int
    display_name: str
    vouched: bool
    closeness: str
    path: str
    contact_id: int | None
    may_invite: bool


class NoteIn(Schema):
    text: str


class InvitationIn(Schema):
    member_id: int
    text: str


class IntroRequestIn(Schema):
    candidate_id: int
    contact_id: int
    note: str


class IntroRequestOut(Schema):
    id: int
    seat_id: int
    candidate_id: int
    contact_id: int
    note: str
    status: str
    introduction_id: int | None


class ApplicationOut(Schema):
    id: int
    seat_id: int
    project_id: int
    member_id: int
    kind: str
    text: str
    status: str
    created_at: datetime.datetime
    closeness: str = ""
    path: str = ""


class SupportOut(Schema):
    id: int
    project_id: int
    author_id: int
    text: str
    status: str


class CloseIn(Schema):
    outcome: str


class TeamPartOut(Schema):
    member_id: int
    display_name: str
    part: str
    task: str


class TaskIn(Schema):
    task: str


class FollowupIn(Schema):
    action: Literal["recommend", "mark", "nothing"]
    # For `recommend`: the recommendation, as `POST /api/v1/recommendations` (the draft of
    # `GET …/followup` is a good start); the teammate still accepts or declines it.
    text: str = ""
    topics: list[str] = []
    relationship: str = "worked_together"
    known_since: int | None = None


class FollowupOut(Schema):
    member_id: int
    display_name: str
    part: str
    answer: str | None
    draft_text: str
    draft_topics: str


def _seat(s: Seat) -> dict:
    return {"id": s.pk, "topic": s.topic.name, "task": s.task, "member_id": s.member_id}


def _project(p: Project) -> dict:
    return {
        "id": p.pk,
        "owner_id": p.owner_id,
        "title": p.title,
        "problem": p.problem,
        "why_important": p.why_important,
        "why_solvable": p.why_solvable,
        "why_me": p.why_me,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "city": p.city,
        "remote": p.remote,
        "pay": p.pay,
        "visibility": p.visibility,
        "values": [v.text for v in p.values.all()],
        "seats": [_seat(s) for s in p.seats.all()],
        "owner_task": p.owner_task,
        "status": p.status,
        "conversation_id": p.conversation_id,
        "created_at": p.created_at,
    }


def _application(a: Application, closeness: str = "", path: str = "") -> dict:
    return {
        "id": a.pk,
        "seat_id": a.seat_id,
        "project_id": a.seat.project_id,
        "member_id": a.member_id,
        "kind": a.kind,
        "text": a.text,
        "status": a.status,
        "created_at": a.created_at,
        "closeness": closeness,
        "path": path,
    }


def _support(s: Support) -> dict:
    return {
        "id": s.pk,
        "project_id": s.project_id,
        "author_id": s.author_id,
        "text": s.text,
        "status": s.status,
    }


def _own_seat(user, seat_id: int):
    seat = queries.access_seat(user, seat_id)
    if seat.project.owner_id != user.pk:
        raise Http404("No such seat.")
    return seat


@router.get("", response=list[ProjectOut])
def list_projects(request: HttpRequest):
    """Your projects (started or seated in, any status), then open projects you may see."""
    own = list(queries.get_own_projects(request.auth))
    return [_project(p) for p in own + list(queries.get_visible_projects(request.auth)[:200])]


@router.post("", response={201: ProjectOut})
def create_project(request: HttpRequest, payload: ProjectIn):
    """Start a project: the problem, the three questions, time frame, place or remote, pay
    (`paid`, `unpaid`, `shared`), values and at least one seat (a topic each)."""
    project = services.create_project(
        request.auth,
        title=payload.title,
        problem=payload.problem,
        why_important=payload.why_important,
        why_solvable=payload.why_solvable,
        why_me=payload.why_me,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        city=payload.city,
        remote=payload.remote,
        pay=payload.pay,
        visibility=payload.visibility,
        values=payload.values,
        seats=[(s.topic, s.task) for s in payload.seats],
        owner_task=payload.owner_task,
    )
    return Status(201, _project(queries.access_project(request.auth, project.pk)))


# Before `/{project_id}`: ninja tries paths in the order they are registered.
def _intro_request(item) -> dict:
    return {
        "id": item.pk,
        "seat_id": item.seat_id,
        "candidate_id": item.candidate_id,
        "contact_id": item.contact_id,
        "note": item.note,
        "status": item.status,
        "introduction_id": item.introduction_id,
    }


@router.get("/introduction-requests", response=list[IntroRequestOut])
def list_intro_requests(request: HttpRequest):
    """Owners who asked you to introduce them to a candidate, waiting for your answer."""
    return [_intro_request(item) for item in queries.get_intro_requests_for(request.auth)]


def _asked_intro_request(user, intro_request_id: int):
    item = queries.access_intro_request(user, intro_request_id)
    if item.contact_id != user.pk:
        raise Http404("No such introduction request.")
    return item


@router.post("/introduction-requests/{intro_request_id}/introduce", response=IntroRequestOut)
def introduce(request: HttpRequest, intro_request_id: int, payload: NoteIn):
    """Introduce the owner and the candidate: an ordinary introduction, which both accept."""
    item = _asked_intro_request(request.auth, intro_request_id)
    return _intro_request(services.introduce_for_project(item, request.auth, payload.text))


@router.post("/introduction-requests/{intro_request_id}/decline", response=IntroRequestOut)
def decline_intro_request(request: HttpRequest, intro_request_id: int):
    """Rather not introduce them. Nobody is told why."""
    item = _asked_intro_request(request.auth, intro_request_id)
    return _intro_request(services.decline_intro_request(item, request.auth))


@router.get("/{project_id}", response=ProjectOut)
def get_project(request: HttpRequest, project_id: int):
    return _project(queries.access_project(request.auth, project_id))


@router.post("/{project_id}/seats", response={201: SeatOut})
def add_seat(request: HttpRequest, project_id: int, payload: SeatIn):
    project = queries.access_project(request.auth, project_id)
    seat = services.add_seat(project, request.auth, payload.topic, payload.task)
    return Status(201, _seat(seat))


@router.get("/{project_id}/team", response=list[TeamPartOut])
def get_team(request: HttpRequest, project_id: int):
    """Who plays (or played) which part: the owner, then each filled seat."""
    project = queries.access_project(request.auth, project_id)
    return [
        {
            "member_id": p.member.pk,
            "display_name": str(p.member),
            "part": p.part,
            "task": p.task,
        }
        for p in queries.get_team(project)
    ]


def _team_project(user, project_id: int) -> Project:
    project = queries.access_project(user, project_id)
    if not services.is_team_member(project, user):
        raise Http404("No such team.")
    return project


@router.get("/{project_id}/meetings", response=list[MeetingOut])
def list_team_meetings(request: HttpRequest, project_id: int, past: bool = False):
    """For the team: its meetings, upcoming by start or `past=true` latest first. Anyone else
    gets 404. Answer, change or cancel them through `/api/v1/meetings/{id}`."""
    project = _team_project(request.auth, project_id)
    found = queries.get_team_meetings(project, request.auth, past_limit=100)
    return [meeting_out(m, request.auth) for m, _rsvp in (found.past if past else found.upcoming)]


@router.post("/{project_id}/meetings", response={201: MeetingOut})
def schedule_team_meeting(request: HttpRequest, project_id: int, payload: MeetingIn):
    """Schedule a meeting of the team (any team member; only the team sees it). Times without
    an offset are read in `time_zone`."""
    project = _team_project(request.auth, project_id)
    meeting = services.schedule_team_meeting(project, request.auth, **payload.dict())
    return Status(201, meeting_out(meeting, request.auth))


@router.put("/{project_id}/task", response=list[TeamPartOut])
def set_task(request: HttpRequest, project_id: int, payload: TaskIn):
    """Say what you do in the team ("who does what"); the owner for their own part. Team only."""
    project = _team_project(request.auth, project_id)
    services.set_task(project, request.auth, payload.task)
    return get_team(request, project_id)


@router.post("/{project_id}/leave", response=ProjectOut)
def leave_team(request: HttpRequest, project_id: int):
    """Leave the team of an open project you sit in: your seat is open again, you leave the
    team conversation and its meetings, and the owner is told. The owner cannot leave (close
    the project instead, 400); a closed project keeps its team (400). Anyone outside the team
    gets 404."""
    project = _team_project(request.auth, project_id)
    services.leave_seat(project, request.auth)
    return _project(queries.access_project(request.auth, project_id))


def _closed_team_project(user, project_id: int) -> Project:
    project = _team_project(user, project_id)
    if project.is_open:
        raise Http404("The project is still open.")
    return project


@router.get("/{project_id}/followup", response=list[FollowupOut])
def get_followup(request: HttpRequest, project_id: int):
    """After closing, for each other team member: what you answered (`recommended`, `marked`,
    `nothing`, or null if not yet) and the recommendation draft. Only you see this."""
    project = _closed_team_project(request.auth, project_id)
    answers = queries.get_followups(project, request.auth)
    result = []
    for part in queries.get_team(project):
        if part.member.pk == request.auth.pk:
            continue
        draft = services.followup_draft(project, part.member)
        answer = answers.get(part.member.pk)
        result.append(
            {
                "member_id": part.member.pk,
                "display_name": str(part.member),
                "part": part.part,
                "answer": answer.answer if answer else None,
                "draft_text": draft["text"],
                "draft_topics": draft["topics"],
            }
        )
    return result


@router.post("/{project_id}/followup/{member_id}", response={201: FollowupOut})
def answer_followup(request: HttpRequest, project_id: int, member_id: int, payload: FollowupIn):
    """Once per teammate: a recommendation (pending until they accept), the private mark
    "worked with", or nothing."""
    project = _closed_team_project(request.auth, project_id)
    teammate = access_member(request.auth, member_id)
    if payload.action == "recommend":
        services.followup_recommend(
            project,
            request.auth,
            teammate,
            text=payload.text,
            topic_names=payload.topics,
            relationship=payload.relationship,
            known_since=payload.known_since or project.starts_on.year,
        )
    elif payload.action == "mark":
        services.followup_mark(project, request.auth, teammate)
    else:
        services.followup_nothing(project, request.auth, teammate)
    return Status(
        201, next(f for f in get_followup(request, project_id) if f["member_id"] == member_id)
    )


@router.post("/{project_id}/close", response=ProjectOut)
def close_project(request: HttpRequest, project_id: int, payload: CloseIn):
    """Close your project: `outcome` is `done` or `stopped`. Each team member is asked once."""
    project = queries.access_project(request.auth, project_id)
    if payload.outcome not in ("done", "stopped"):
        raise ValidationError(
            {"outcome": [_("Please say whether the project is done or stopped.")]}
        )
    services.close_project(project, request.auth, done=payload.outcome == "done")
    return _project(queries.access_project(request.auth, project_id))


@router.delete("/seats/{seat_id}", response={204: None})
def remove_seat(request: HttpRequest, seat_id: int):
    """Remove a seat of your open project that nobody sits in (not the last one)."""
    seat = queries.access_seat(request.auth, seat_id)
    services.remove_seat(seat, request.auth)
    return Status(204, None)


@router.post("/seats/{seat_id}/free", response=SeatOut)
def free_seat(request: HttpRequest, seat_id: int):
    """Take the member out of a seat of your open project: the seat is open again, they leave
    the team conversation and its meetings, and they are told. Only the owner (403 for others
    who may see the project, 404 for the rest); a closed project keeps its team (400)."""
    seat = queries.access_seat(request.auth, seat_id)
    seat = services.free_seat(seat, request.auth)
    return _seat(seat)


@router.get("/seats/{seat_id}/candidates", response=list[CandidateOut])
def list_candidates(request: HttpRequest, seat_id: int):
    """For the owner: members for a seat ranked by topic trust from the owner's position, each
    with the path that explains it. Anyone else gets 404."""
    seat = _own_seat(request.auth, seat_id)
    return [
        {
            "member_id": c.member.pk,
            "display_name": str(c.member),
            "vouched": c.vouched,
            "closeness": c.closeness,
            "path": c.path,
            "contact_id": c.contact.user_id if c.contact else None,
            "may_invite": c.may_invite,
        }
        for c in queries.get_candidates(request.auth, seat)
    ]


@router.post("/seats/{seat_id}/invitations", response={201: ApplicationOut})
def invite(request: HttpRequest, seat_id: int, payload: InvitationIn):
    """Invite a member to a seat of your project, where the contact rules allow you to write to
    them (else 403 with the reason: ask a mutual contact for an introduction)."""
    seat = queries.access_seat(request.auth, seat_id)
    member = access_member(request.auth, payload.member_id)
    return Status(201, _application(services.invite(seat, request.auth, member, payload.text)))


@router.post("/seats/{seat_id}/introduction-requests", response={201: IntroRequestOut})
def ask_introduction(request: HttpRequest, seat_id: int, payload: IntroRequestIn):
    """Ask one of your trusted contacts to introduce you to a candidate for a seat."""
    seat = queries.access_seat(request.auth, seat_id)
    candidate = access_member(request.auth, payload.candidate_id)
    contact = access_member(request.auth, payload.contact_id)
    item = services.request_introduction(seat, request.auth, candidate, contact, payload.note)
    return Status(201, _intro_request(item))


@router.post("/seats/{seat_id}/applications", response={201: ApplicationOut})
def ask_to_join(request: HttpRequest, seat_id: int, payload: NoteIn):
    """Ask to join a seat whose topic matches yours: allowed only if the owner already trusts
    you (else 403 with the reason), as an offer on a request."""
    seat = queries.access_seat(request.auth, seat_id)
    return Status(201, _application(services.ask_to_join(seat, request.auth, payload.text)))


@router.get("/{project_id}/applications", response=list[ApplicationOut])
def list_applications(request: HttpRequest, project_id: int):
    """For the owner: members who asked to join, closest first, and the invitations sent. For
    anyone else: only their own."""
    project = queries.access_project(request.auth, project_id)
    if project.owner_id == request.auth.pk:
        asked = [
            _application(r.application, r.closeness, r.path)
            for r in queries.get_ranked_applications(request.auth, project)
        ]
        return asked + [_application(a) for a in queries.get_invitations(project)]
    return [_application(a) for a in queries.get_own_applications(request.auth, project)]


@router.post("/applications/{application_id}/accept", response=ApplicationOut)
def accept_application(request: HttpRequest, application_id: int):
    """Accept: the invited member joins, or the owner welcomes a member who asked."""
    application = queries.access_application(request.auth, application_id)
    return _application(services.accept_application(application, request.auth))


@router.post("/applications/{application_id}/decline", response=ApplicationOut)
def decline_application(request: HttpRequest, application_id: int):
    application = queries.access_application(request.auth, application_id)
    return _application(services.decline_application(application, request.auth))


@router.post("/applications/{application_id}/withdraw", response=ApplicationOut)
def withdraw_application(request: HttpRequest, application_id: int):
    application = queries.access_application(request.auth, application_id)
    return _application(services.withdraw_application(application, request.auth))


@router.get("/{project_id}/supporters", response=list[SupportOut])
def list_supporters(request: HttpRequest, project_id: int):
    """Supports shown on the project; the owner also sees those waiting for consent, an author
    their own."""
    project = queries.access_project(request.auth, project_id)
    shown = list(queries.get_shown_supports(project))
    if project.owner_id == request.auth.pk:
        shown += list(queries.get_pending_supports(project))
    else:
        own = queries.get_own_support(request.auth, project)
        if own is not None and own.pk not in {s.pk for s in shown}:
            shown.append(own)
    return [_support(s) for s in shown]


@router.post("/{project_id}/supporters", response={201: SupportOut})
def support(request: HttpRequest, project_id: int, payload: NoteIn):
    """ "I think the owner is the right person, because …": shown once the owner consents."""
    project = queries.access_project(request.auth, project_id)
    return Status(201, _support(services.support_project(project, request.auth, payload.text)))


@router.post("/supporters/{support_id}/accept", response=SupportOut)
def accept_support(request: HttpRequest, support_id: int):
    item = queries.access_support(request.auth, support_id)
    return _support(services.decide_support(item, request.auth, accept=True))


@router.post("/supporters/{support_id}/decline", response=SupportOut)
def decline_support(request: HttpRequest, support_id: int):
    item = queries.access_support(request.auth, support_id)
    return _support(services.decide_support(item, request.auth, accept=False))


@router.post("/supporters/{support_id}/withdraw", response=SupportOut)
def withdraw_support(request: HttpRequest, support_id: int):
    item = queries.access_support(request.auth, support_id)
    return _support(services.withdraw_support(item, request.auth))
