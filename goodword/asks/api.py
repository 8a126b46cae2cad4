"""Requests API: the same services and visibility rules as the pages."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from goodword.api.auth import api_auth
from goodword.core.members import access_member

from . import queries, services
from .models import AnswerKind

router = Router(tags=["requests"], auth=api_auth)


class AskIn(Schema):
    title: str
    text: str
    topics: list[str] = []
    city: str = ""
    remote: bool = False
    visibility: str = "network"


class AskOut(Schema):
    id: int
    author_id: int
    title: str
    text: str
    topics: list[str]
    city: str
    remote: bool
    visibility: str
    status: str
    created_at: datetime


class AnswerIn(Schema):
    kind: str
    introduced_id: int | None = None
    text: str


class AnswerOut(Schema):
    id: int
    ask_id: int
    author_id: int
    kind: str
    introduced_id: int | None
    text: str
    status: str
    conversation_id: int | None
    introduction_id: int | None = None
    closeness: str = ""
    path: str = ""


def _ask(a) -> dict:
    return {
        "id": a.pk,
        "author_id": a.author_id,
        "title": a.title,
        "text": a.text,
        "topics": [t.name for t in a.topics.all()],
        "city": a.city,
        "remote": a.remote,
        "visibility": a.visibility,
        "status": a.status,
        "created_at": a.created_at,
    }


def _answer(a, closeness: str = "", path: str = "") -> dict:
    return {
        "id": a.pk,
        "ask_id": a.ask_id,
        "author_id": a.author_id,
        "kind": a.kind,
        "introduced_id": a.introduced_id,
        "text": a.text,
        "status": a.status,
        "conversation_id": a.opened_conversation_id,
        "introduction_id": a.introduction_id,
        "closeness": closeness,
        "path": path,
    }


@router.get("", response=list[AskOut])
def list_asks(request: HttpRequest):
    """Open requests you may see (yours included), newest first."""
    return [_ask(a) for a in queries.get_visible_asks(request.auth)[:200]]


@router.post("", response={201: AskOut})
def post_ask(request: HttpRequest, payload: AskIn):
    ask = services.post_ask(
        request.auth,
        title=payload.title,
        text=payload.text,
        topic_names=payload.topics,
        city=payload.city,
        remote=payload.remote,
        visibility=payload.visibility,
    )
    return Status(201, _ask(ask))


@router.get("/{ask_id}", response=AskOut)
def get_ask(request: HttpRequest, ask_id: int):
    return _ask(queries.access_ask(request.auth, ask_id))


@router.get("/{ask_id}/answers", response=list[AnswerOut])
def list_answers(request: HttpRequest, ask_id: int):
    """For the asker: every answer, ranked by the asker's trust, with closeness and path. For
    anyone else: only their own answers."""
    ask = queries.access_ask(request.auth, ask_id)
    if ask.author_id == request.auth.pk:
        return [
            _answer(r.answer, r.closeness, r.path)
            for r in queries.get_ranked_answers(request.auth, ask)
        ]
    return [_answer(a) for a in queries.get_own_answers(request.auth, ask)]


@router.post("/{ask_id}/answers", response={201: AnswerOut})
def post_answer(request: HttpRequest, ask_id: int, payload: AnswerIn):
    """Answer by introducing someone (`kind=introduce`, `introduced_id`) or by offering
    yourself (`kind=offer`: only if the asker already trusts you, else 403 with the reason)."""
    ask = queries.access_ask(request.auth, ask_id)
    if payload.kind == AnswerKind.OFFER:
        answer = services.answer_with_offer(ask, request.auth, payload.text)
    elif payload.kind == AnswerKind.INTRODUCE:
        if payload.introduced_id is None:
            raise ValidationError({"introduced": [_("Please choose whom you recommend.")]})
        introduced = access_member(request.auth, payload.introduced_id)
        answer = services.answer_with_introduction(ask, request.auth, introduced, payload.text)
    else:
        raise ValidationError({"kind": [_("Please choose how you want to help.")]})
    return Status(201, _answer(answer))


@router.post("/{ask_id}/resolve", response=AskOut)
def resolve_ask(request: HttpRequest, ask_id: int):
    ask = queries.access_ask(request.auth, ask_id)
    return _ask(services.close_ask(ask, request.auth, resolved=True))


@router.post("/{ask_id}/withdraw", response=AskOut)
def withdraw_ask(request: HttpRequest, ask_id: int):
    ask = queries.access_ask(request.auth, ask_id)
    return _ask(services.close_ask(ask, request.auth, resolved=False))


@router.post("/answers/{answer_id}/accept", response=AnswerOut)
def accept_answer(request: HttpRequest, answer_id: int):
    """Accept an answer to your request: a conversation opens (see `conversation_id`)."""
    answer = queries.access_answer_for_asker(request.auth, answer_id)
    return _answer(services.accept_answer(answer, request.auth))


@router.post("/answers/{answer_id}/decline", response=AnswerOut)
def decline_answer(request: HttpRequest, answer_id: int):
    answer = queries.access_answer_for_asker(request.auth, answer_id)
    return _answer(services.decline_answer(answer, request.auth))
