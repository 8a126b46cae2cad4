"""Meetings API: the same services as the pages. Times are ISO 8601; a time without an offset
is read in the meeting's `time_zone` (default Europe/Berlin)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from goodword.api.auth import api_auth
from goodword.core.members import access_member

from . import queries, services, timezones
from .models import Meeting, OneToOne, Rsvp

router = Router(tags=["meetings"], auth=api_auth)


class MeetingIn(Schema):
    title: str
    agenda: str = ""
    starts_at: datetime
    ends_at: datetime
    time_zone: str = timezones.DEFAULT
    place: str = ""
    online_url: str = ""
    capacity: int | None = None
    growth_round: bool = True


class MeetingOut(Schema):
    id: int
    circle_id: int | None
    group_id: int | None
    audience: str
    organiser_id: int | None
    title: str
    agenda: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    place: str
    online_url: str
    capacity: int | None
    growth_round: bool
    status: str
    sequence: int
    seats_taken: int
    my_answer: str | None
    my_waiting: bool


class CancelIn(Schema):
    reason: str = ""


class RsvpIn(Schema):
    answer: str


class RsvpOut(Schema):
    meeting_id: int
    member_id: int
    answer: str
    waiting: bool
    answered_at: datetime


class GoalIn(Schema):
    text: str


class GoalOut(Schema):
    member_id: int
    text: str


def meeting_out(meeting: Meeting, viewer) -> dict:
    page = queries.get_meeting_page(meeting, viewer)
    return {
        "id": meeting.pk,
        "circle_id": meeting.circle_id,
        "group_id": meeting.group_id,
        "audience": meeting.audience_name,
        "organiser_id": meeting.organiser_id,
        "title": meeting.title,
        "agenda": meeting.agenda,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "time_zone": meeting.time_zone,
        "place": meeting.place,
        "online_url": meeting.online_url,
        "capacity": meeting.capacity,
        "growth_round": meeting.growth_round,
        "status": meeting.status,
        "sequence": meeting.sequence,
        "seats_taken": page.seats_taken,
        "my_answer": page.my_rsvp.answer if page.my_rsvp else None,
        "my_waiting": bool(page.my_rsvp and page.my_rsvp.waiting),
    }


def _rsvp_out(rsvp: Rsvp) -> dict:
    return {
        "meeting_id": rsvp.meeting_id,
        "member_id": rsvp.member_id,
        "answer": rsvp.answer,
        "waiting": rsvp.waiting,
        "answered_at": rsvp.answered_at,
    }


@router.get("", response=list[MeetingOut])
def list_meetings(request: HttpRequest, past: bool = False):
    """Meetings of your circles and groups (e.g. project teams): upcoming ones by start, or
    `past=true` latest first."""
    meetings = queries.get_my_meetings(request.auth, past=past)[:100]
    return [meeting_out(m, request.auth) for m in meetings]


@router.post("/circles/{circle_id}", response={201: MeetingOut})
def schedule_meeting(request: HttpRequest, circle_id: int, payload: MeetingIn):
    """Schedule a meeting of a circle you moderate (404 outside the circle, 403 for members)."""
    circle = queries.access_circle_to_organise(request.auth, circle_id)
    meeting = services.schedule_meeting(request.auth, circle, **payload.dict())
    return Status(201, meeting_out(meeting, request.auth))


@router.get("/{meeting_id}", response=MeetingOut)
def get_meeting(request: HttpRequest, meeting_id: int):
    return meeting_out(queries.access_meeting(request.auth, meeting_id), request.auth)


@router.put("/{meeting_id}", response=MeetingOut)
def update_meeting(request: HttpRequest, meeting_id: int, payload: MeetingIn):
    """Change a meeting (all fields). Time, place, link or title changes notify attendees and
    raise `sequence`."""
    meeting = queries.access_meeting_to_organise(request.auth, meeting_id)
    meeting = services.update_meeting(meeting, request.auth, **payload.dict())
    return meeting_out(meeting, request.auth)


@router.post("/{meeting_id}/cancel", response=MeetingOut)
def cancel_meeting(request: HttpRequest, meeting_id: int, payload: CancelIn):
    meeting = queries.access_meeting_to_organise(request.auth, meeting_id)
    meeting = services.cancel_meeting(meeting, request.auth, payload.reason)
    return meeting_out(meeting, request.auth)


@router.get("/{meeting_id}/rsvps", response=list[RsvpOut])
def list_rsvps(request: HttpRequest, meeting_id: int):
    """Everyone's answers (the waiting list in its order at the end)."""
    page = queries.get_meeting_page(queries.access_meeting(request.auth, meeting_id), request.auth)
    return [_rsvp_out(r) for r in page.going + page.maybe + page.waiting_shown]


@router.put("/{meeting_id}/rsvp", response=RsvpOut)
def answer_meeting(request: HttpRequest, meeting_id: int, payload: RsvpIn):
    """Answer `yes`, `maybe` or `no`; answering again updates your answer. A `yes` beyond the
    capacity is put on the waiting list (`waiting: true`)."""
    meeting = queries.access_meeting(request.auth, meeting_id)
    return _rsvp_out(services.answer_meeting(meeting, request.auth, payload.answer))


@router.get("/{meeting_id}/goals", response=list[GoalOut])
def list_goals(request: HttpRequest, meeting_id: int):
    page = queries.get_meeting_page(queries.access_meeting(request.auth, meeting_id), request.auth)
    return [{"member_id": g.member_id, "text": g.text} for g in page.goals]


@router.put("/{meeting_id}/goal", response={200: GoalOut, 204: None})
def set_goal(request: HttpRequest, meeting_id: int, payload: GoalIn):
    """Growth round: your goal for the meeting; empty text removes it (204)."""
    meeting = queries.access_meeting(request.auth, meeting_id)
    goal = services.set_goal(meeting, request.auth, payload.text)
    if goal is None:
        return Status(204, None)
    return Status(200, {"member_id": goal.member_id, "text": goal.text})


# One-to-ones


class OneToOneIn(Schema):
    invitee_id: int
    note: str
    times: list[datetime]
    time_zone: str = timezones.DEFAULT
    duration_minutes: int = 60
    place: str = ""
    online_url: str = ""


class ProposedTimeOut(Schema):
    id: int
    starts_at: datetime


class OneToOneOut(Schema):
    id: int
    proposer_id: int
    invitee_id: int
    note: str
    status: str
    time_zone: str
    duration_minutes: int
    place: str
    online_url: str
    times: list[ProposedTimeOut]
    starts_at: datetime | None
    know_each_other: bool
    i_know: bool


class AcceptIn(Schema):
    time_id: int


class DeclineIn(Schema):
    note: str = ""


class KnownIn(Schema):
    known: bool = True


def _one_to_one_out(o: OneToOne, viewer) -> dict:
    return {
        "id": o.pk,
        "proposer_id": o.proposer_id,
        "invitee_id": o.invitee_id,
        "note": o.note,
        "status": o.status,
        "time_zone": o.time_zone,
        "duration_minutes": o.duration_minutes,
        "place": o.place,
        "online_url": o.online_url,
        "times": [{"id": t.pk, "starts_at": t.starts_at} for t in o.times.all()],
        "starts_at": o.starts_at,
        "know_each_other": o.know_each_other,
        "i_know": bool(o.knows_at(viewer)),
    }


one_to_ones_router = Router(tags=["one-to-ones"], auth=api_auth)


@one_to_ones_router.get("", response=list[OneToOneOut])
def list_one_to_ones(request: HttpRequest):
    return [_one_to_one_out(o, request.auth) for o in queries.get_one_to_ones(request.auth)[:100]]


@one_to_ones_router.post("", response={201: OneToOneOut})
def propose_one_to_one(request: HttpRequest, payload: OneToOneIn):
    """Propose a one-to-one to a member you may contact, with one to three times."""
    invitee = access_member(request.auth, payload.invitee_id)
    one_to_one = services.propose_one_to_one(
        request.auth,
        invitee,
        note=payload.note,
        times=payload.times,
        time_zone=payload.time_zone,
        duration_minutes=payload.duration_minutes,
        place=payload.place,
        online_url=payload.online_url,
    )
    return Status(201, _one_to_one_out(one_to_one, request.auth))


@one_to_ones_router.get("/{one_to_one_id}", response=OneToOneOut)
def get_one_to_one(request: HttpRequest, one_to_one_id: int):
    return _one_to_one_out(queries.access_one_to_one(request.auth, one_to_one_id), request.auth)


@one_to_ones_router.post("/{one_to_one_id}/accept", response=OneToOneOut)
def accept_one_to_one(request: HttpRequest, one_to_one_id: int, payload: AcceptIn):
    one_to_one = queries.access_one_to_one(request.auth, one_to_one_id)
    one_to_one = services.accept_one_to_one(one_to_one, request.auth, payload.time_id)
    return _one_to_one_out(one_to_one, request.auth)


@one_to_ones_router.post("/{one_to_one_id}/decline", response=OneToOneOut)
def decline_one_to_one(request: HttpRequest, one_to_one_id: int, payload: DeclineIn):
    one_to_one = queries.access_one_to_one(request.auth, one_to_one_id)
    one_to_one = services.decline_one_to_one(one_to_one, request.auth, payload.note)
    return _one_to_one_out(one_to_one, request.auth)


@one_to_ones_router.post("/{one_to_one_id}/withdraw", response=OneToOneOut)
def withdraw_one_to_one(request: HttpRequest, one_to_one_id: int):
    one_to_one = queries.access_one_to_one(request.auth, one_to_one_id)
    one_to_one = services.withdraw_one_to_one(one_to_one, request.auth)
    return _one_to_one_out(one_to_one, request.auth)


@one_to_ones_router.put("/{one_to_one_id}/known", response=OneToOneOut)
def mark_known(request: HttpRequest, one_to_one_id: int, payload: KnownIn):
    """After the one-to-one: you now know each other personally (or take it back)."""
    one_to_one = queries.access_one_to_one(request.auth, one_to_one_id)
    one_to_one = services.mark_known(one_to_one, request.auth, known=payload.known)
    return _one_to_one_out(one_to_one, request.auth)
