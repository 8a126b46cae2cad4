"""Moderation API: the public log for every member; reporting a public recommendation; the
queue, the actions and lifting for moderators (403 for everybody else); a member's decisions
and their appeal. Same services as the pages."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from goodword.api.auth import api_auth
from goodword.api.errors import ErrorOut
from goodword.core.members import access_member
from goodword.messaging.services import describe_report_outcome
from goodword.recommendations.models import Status as RecommendationStatus
from goodword.recommendations.queries import get_recommendation

from . import queries, services

router = Router(tags=["moderation"], auth=api_auth)


class LogEntryOut(Schema):
    id: int
    date: datetime
    action: str
    action_label: str
    ground: str
    ground_label: str
    reason: str
    content: str
    source: str
    on_appeal_of: int | None
    reviews: int | None


class DecisionOut(LogEntryOut):
    ends_at: datetime | None
    lifted_at: datetime | None
    may_appeal: bool
    appeal_id: int | None


class ReportOut(Schema):
    id: int
    reporter_id: int
    reporter_name: str
    reason: str
    note: str
    conversation_id: int | None
    recommendation_id: int | None
    about_profile: bool
    created_at: datetime


class CaseOut(Schema):
    member_id: int
    member_name: str
    restricting: bool
    reports: list[ReportOut]


class ActionIn(Schema):
    action: str
    ground: str
    reason: str
    report_ids: list[int] = []


class LiftIn(Schema):
    ground: str
    reason: str


class ContentReportIn(Schema):
    """Name exactly one: `recommendation_id` (a public recommendation) or `member_id` (a
    member's profile)."""

    recommendation_id: int | None = None
    member_id: int | None = None
    reason: str
    note: str = ""


class ReportCreatedOut(Schema):
    id: int
    status: str
    detail: str


class AppealIn(Schema):
    text: str


class AppealOut(Schema):
    id: int
    decision_id: int
    created_at: datetime
    decided: bool
    outcome: str | None


class AppealDecisionIn(Schema):
    outcome: str
    ground: str
    reason: str


def _entry_out(entry) -> dict:
    return {
        "id": entry.pk,
        "date": entry.created_at,
        "action": entry.action,
        "action_label": str(entry.get_action_display()),
        "ground": entry.ground,
        "ground_label": str(entry.get_ground_display()),
        "reason": entry.reason,
        "content": entry.content_kind,
        "source": entry.source,
        "on_appeal_of": entry.reviews_id if _on_appeal(entry) else None,
        "reviews": entry.reviews_id,
    }


def _on_appeal(entry) -> bool:
    if not entry.reviews_id:
        return False
    annotated = getattr(entry, "on_appeal", None)
    if annotated is not None:
        return bool(annotated)
    return hasattr(entry, "appeal_decided")


def _decision_out(entry) -> dict:
    appeal = getattr(entry, "appeal", None)
    return {
        **_entry_out(entry),
        "ends_at": entry.ends_at,
        "lifted_at": entry.lifted_at,
        "may_appeal": queries.may_appeal(entry),
        "appeal_id": appeal.pk if appeal else None,
    }


def _appeal_out(appeal) -> dict:
    return {
        "id": appeal.pk,
        "decision_id": appeal.action_id,
        "created_at": appeal.created_at,
        "decided": appeal.decided_at is not None,
        "outcome": appeal.decision.action if appeal.decision_id else None,
    }


@router.get("/log", response=list[LogEntryOut])
def public_log(request: HttpRequest, page: int = 1):
    """The public moderation log, newest first, 50 per page: no names of members, reporters
    or moderators, nothing from private messages."""
    entries = Paginator(queries.get_public_log(), queries.LOG_PAGE_SIZE).get_page(page)
    return [_entry_out(e) for e in entries]


@router.get("/reports", response={200: list[CaseOut], 403: ErrorOut})
def report_queue(request: HttpRequest):
    """The queue of open reports by reported member (moderators only)."""
    queries.require_moderator(request.auth)
    return [
        {
            "member_id": case.member.pk,
            "member_name": str(case.member),
            "restricting": case.restricting,
            "reports": [
                {
                    "id": r.pk,
                    "reporter_id": r.reporter_id,
                    "reporter_name": str(r.reporter),
                    "reason": r.reason,
                    "note": r.note,
                    "conversation_id": r.conversation_id,
                    "recommendation_id": r.recommendation_id,
                    "about_profile": r.about_profile,
                    "created_at": r.created_at,
                }
                for r in case.reports
            ],
        }
        for case in queries.get_queue()
    ]


@router.post("/members/{member_id}/actions", response={201: LogEntryOut})
def take_action(request: HttpRequest, member_id: int, payload: ActionIn):
    """Decide about a member (moderators only): `action` dismiss, warn, hide, restrict or
    suspend; `ground` from the documented grounds; `reason` for the public log; `report_ids`
    the open reports decided with it (none: on the moderator's own initiative)."""
    member = queries.access_case(request.auth, member_id)
    entry = services.take_action(
        request.auth,
        member,
        payload.action,
        payload.ground,
        payload.reason,
        report_ids=payload.report_ids,
    )
    return Status(201, _entry_out(entry))


@router.post("/reports", response={201: ReportCreatedOut})
def report_content(request: HttpRequest, payload: ContentReportIn):
    """Report a public recommendation (as a report about its author) or a member's profile
    to the moderators: `reason` spam, abuse, deception, privacy or illegal; `note` for the
    moderators. 404 for a recommendation or member you cannot see, or a recommendation that
    is not public; 400 unless exactly one of `recommendation_id` and `member_id` is given."""
    if (payload.recommendation_id is None) == (payload.member_id is None):
        raise ValidationError(_("Name either a recommendation or a member to report."))
    if payload.member_id is not None:
        member = access_member(request.auth, payload.member_id)
        report = services.report_profile(request.auth, member, payload.reason, payload.note)
    else:
        rec = get_recommendation(request.auth, payload.recommendation_id)
        if rec.status != RecommendationStatus.ACCEPTED:
            raise Http404("Only public recommendations can be reported.")
        member = rec.author
        report = services.report_recommendation(request.auth, rec, payload.reason, payload.note)
    return Status(
        201,
        {
            "id": report.pk,
            "status": report.status,
            "detail": describe_report_outcome(member),
        },
    )


@router.post("/actions/{action_id}/lift", response={201: LogEntryOut})
def lift_action(request: HttpRequest, action_id: int, payload: LiftIn):
    """Lift a sanction that stands, outside an appeal (moderators only): `ground` no_breach,
    not_enough or disproportionate (also: ending a restriction or suspension early), `reason`
    for the public log. 400 while an appeal against it waits."""
    entry = queries.access_action(request.auth, action_id)
    lift = services.lift_action(request.auth, entry, payload.ground, payload.reason)
    return Status(201, _entry_out(lift))


@router.get("/decisions", response=list[DecisionOut])
def my_decisions(request: HttpRequest):
    """The moderation decisions about you."""
    return [_decision_out(e) for e in queries.get_decisions_about(request.auth)]


@router.post("/decisions/{action_id}/appeal", response={201: AppealOut})
def file_appeal(request: HttpRequest, action_id: int, payload: AppealIn):
    """Appeal a decision about you (404 for a decision about anybody else)."""
    entry = queries.access_own_decision(request.auth, action_id)
    appeal = services.file_appeal(request.auth, entry, payload.text)
    return Status(201, _appeal_out(appeal))


@router.post("/appeals/{appeal_id}/decision", response=AppealOut)
def decide_appeal(request: HttpRequest, appeal_id: int, payload: AppealDecisionIn):
    """Decide an appeal (moderators other than the one who decided): `outcome` lift or
    confirm, with a ground and a reason for the public log."""
    appeal = queries.access_appeal(request.auth, appeal_id)
    appeal = services.decide_appeal(
        request.auth, appeal, payload.outcome, payload.ground, payload.reason
    )
    return _appeal_out(appeal)
