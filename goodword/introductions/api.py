"""Introductions API: the same services as the pages."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from goodword.api.auth import api_auth
from goodword.core.members import access_member

from . import queries, services

router = Router(tags=["introductions"], auth=api_auth)


class IntroductionIn(Schema):
    member_a_id: int
    member_b_id: int
    note: str


class IntroductionOut(Schema):
    id: int
    introducer_id: int
    member_a_id: int
    member_b_id: int
    note: str
    status: str
    answer_a: str
    answer_b: str
    conversation_id: int | None
    created_at: datetime


def _out(i) -> dict:
    return {
        "id": i.pk,
        "introducer_id": i.introducer_id,
        "member_a_id": i.member_a_id,
        "member_b_id": i.member_b_id,
        "note": i.note,
        "status": i.status,
        "answer_a": i.answer_a,
        "answer_b": i.answer_b,
        "conversation_id": i.conversation_id,
        "created_at": i.created_at,
    }


@router.get("", response=list[IntroductionOut])
def list_introductions(request: HttpRequest):
    """Introductions you made or that introduce you."""
    return [_out(i) for i in queries.get_introductions(request.auth)]


@router.post("", response={201: IntroductionOut})
def create_introduction(request: HttpRequest, payload: IntroductionIn):
    """Introduce two of your trusted contacts to each other with a note (20–2,000 characters)."""
    introduction = services.introduce(
        request.auth,
        access_member(request.auth, payload.member_a_id),
        access_member(request.auth, payload.member_b_id),
        payload.note,
    )
    return Status(201, _out(introduction))


@router.get("/{introduction_id}", response=IntroductionOut)
def get_introduction(request: HttpRequest, introduction_id: int):
    return _out(queries.access_introduction(request.auth, introduction_id))


@router.post("/{introduction_id}/accept", response=IntroductionOut)
def accept_introduction(request: HttpRequest, introduction_id: int):
    """Accept as one of the introduced members; when both have, `conversation_id` is set."""
    introduction = queries.access_introduction(request.auth, introduction_id)
    return _out(services.answer_introduction(introduction, request.auth, accept=True))


@router.post("/{introduction_id}/decline", response=IntroductionOut)
def decline_introduction(request: HttpRequest, introduction_id: int):
    introduction = queries.access_introduction(request.auth, introduction_id)
    return _out(services.answer_introduction(introduction, request.auth, accept=False))


@router.post("/{introduction_id}/withdraw", response=IntroductionOut)
def withdraw_introduction(request: HttpRequest, introduction_id: int):
    introduction = queries.access_introduction(request.auth, introduction_id)
    return _out(services.withdraw_introduction(introduction, request.auth))
