"""Messaging API: the same services and contact rules as the HTML views."""

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from goodword.api.auth import api_auth
from goodword.api.errors import RefusalOut
from goodword.core.members import access_member

from . import queries, rules, services
from .models import Intent

router = Router(tags=["messages"], auth=api_auth)


class DecisionOut(Schema):
    allowed: bool
    reason_code: str
    explanation: str


class MessageOut(Schema):
    id: int
    sender_id: int
    sender_name: str
    intent: str
    intent_label: str
    text: str
    hidden: bool = False
    created_at: datetime


class ConversationOut(Schema):
    id: int
    origin: str
    participant_ids: list[int]
    note: str
    note_author_id: int | None
    last_message_at: datetime | None
    unread: bool = False


class ConversationDetailOut(ConversationOut):
    messages: list[MessageOut]


class NewConversationIn(Schema):
    recipient_id: int
    intent: str
    text: str


class NewMessageIn(Schema):
    intent: str
    text: str


class ReportIn(Schema):
    conversation_id: int
    member_id: int
    reason: str
    note: str = ""


class ReportOut(Schema):
    id: int
    status: str
    detail: str


class OkOut(Schema):
    ok: bool = True
    detail: str = ""


def _message_out(m, viewer) -> dict:
    return {
        "id": m.pk,
        "sender_id": m.sender_id,
        "sender_name": str(m.sender),
        "intent": m.intent,
        "intent_label": str(m.get_intent_display()),
        "text": m.text_for(viewer),
        "hidden": m.hidden_at is not None,
        "created_at": m.created_at,
    }


def _conversation_out(c, participant_ids, unread=False) -> dict:
    return {
        "id": c.pk,
        "origin": c.origin,
        "participant_ids": participant_ids,
        "note": c.context_note,
        "note_author_id": c.context_author_id,
        "last_message_at": c.last_message_at,
        "unread": unread,
    }


def refused(exc: services.ContactRefused) -> Status[dict]:
    """The contact rules' refusal as an API answer (`RefusalOut`)."""
    return Status(
        exc.status_code,
        {
            "detail": exc.decision.explanation,
            "reason_code": exc.decision.reason_code,
        },
    )


@router.get("/contact-check/{member_id}", response=DecisionOut)
def contact_check(request: HttpRequest, member_id: int, intent: Intent = Intent.QUESTION):
    """Would a first message with this intent be allowed? Nothing is written."""
    recipient = access_member(request.auth, member_id)
    decision = rules.can_contact(request.auth, recipient, intent)
    return {
        "allowed": decision.allowed,
        "reason_code": decision.reason_code,
        "explanation": decision.explanation,
    }


@router.get("/conversations", response=list[ConversationOut])
def list_conversations(request: HttpRequest):
    return [
        _conversation_out(c, [p.user_id for p in c.participants.all()], c.unread)
        for c in queries.get_conversations(request.auth)
    ]


@router.post(
    "/conversations",
    response={201: ConversationDetailOut, 403: RefusalOut, 429: RefusalOut},
)
def create_conversation(request: HttpRequest, payload: NewConversationIn):
    """Start a conversation. Refused (403, or 429 for rate limits) with an explanation of what
    would earn contact; nothing is written then."""
    recipient = access_member(request.auth, payload.recipient_id)
    try:
        conversation = services.start_conversation(
            request.auth, recipient, payload.intent, payload.text
        )
    except services.ContactRefused as exc:
        return refused(exc)
    return Status(201, _detail(conversation, request.auth))


def _detail(conversation, viewer) -> dict:
    out = _conversation_out(conversation, [u.pk for u in queries.get_participants(conversation)])
    out["messages"] = [_message_out(m, viewer) for m in queries.get_messages(conversation)]
    return out


@router.get("/conversations/{conversation_id}", response=ConversationDetailOut)
def get_conversation(request: HttpRequest, conversation_id: int):
    conversation = queries.access_conversation(request.auth, conversation_id)
    services.mark_conversation_read(conversation, request.auth)
    return _detail(conversation, request.auth)


@router.post(
    "/conversations/{conversation_id}/messages",
    response={201: MessageOut, 403: RefusalOut, 429: RefusalOut},
)
def post_message(request: HttpRequest, conversation_id: int, payload: NewMessageIn):
    conversation = queries.access_conversation(request.auth, conversation_id)
    try:
        message = services.send_message(conversation, request.auth, payload.intent, payload.text)
    except services.ContactRefused as exc:
        return refused(exc)
    return Status(201, _message_out(message, request.auth))


@router.put("/blocks/{member_id}", response=OkOut)
def block_member(request: HttpRequest, member_id: int):
    member = access_member(request.auth, member_id)
    services.block_member(request.auth, member)
    return {"ok": True}


@router.delete("/blocks/{member_id}", response=OkOut)
def unblock_member(request: HttpRequest, member_id: int):
    member = access_member(request.auth, member_id)
    services.unblock_member(request.auth, member)
    return {"ok": True}


@router.put("/offers-welcome/{member_id}", response=OkOut)
def welcome_offers(request: HttpRequest, member_id: int):
    member = access_member(request.auth, member_id)
    services.welcome_offers(request.auth, member)
    return {"ok": True}


@router.delete("/offers-welcome/{member_id}", response=OkOut)
def stop_welcoming_offers(request: HttpRequest, member_id: int):
    member = access_member(request.auth, member_id)
    services.stop_welcoming_offers(request.auth, member)
    return {"ok": True}


@router.post("/reports", response={201: ReportOut})
def report_member(request: HttpRequest, payload: ReportIn):
    """Report a member of one of your conversations as spam or abuse."""
    conversation = queries.access_conversation(request.auth, payload.conversation_id)
    member = access_member(request.auth, payload.member_id)
    if member.pk == request.auth.pk or not conversation.participants.filter(user=member).exists():
        raise Http404("No such member in this conversation.")
    report = services.report_member(
        request.auth, member, payload.reason, payload.note, conversation=conversation
    )
    return Status(
        201,
        {
            "id": report.pk,
            "status": report.status,
            "detail": services.describe_report_outcome(member),
        },
    )
