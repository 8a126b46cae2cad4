"""What projects contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from goodword.core import hooks
from goodword.core.export import iso, member_ref

from .models import (
    Application,
    ApplicationStatus,
    Followup,
    IntroRequest,
    IntroRequestStatus,
    Project,
    ProjectStatus,
    Seat,
    Support,
    SupportStatus,
)


def _project(p: Project) -> dict[str, Any]:
    return {
        "id": p.pk,
        "title": p.title,
        "problem": p.problem,
        "why_important": p.why_important,
        "why_solvable": p.why_solvable,
        "why_me": p.why_me,
        "starts_on": iso(p.starts_on),
        "ends_on": iso(p.ends_on),
        "city": p.city,
        "remote": p.remote,
        "pay": p.pay,
        "visibility": p.visibility,
        "owner_task": p.owner_task,
        "status": p.status,
        "values": [v.text for v in p.values.all()],
        "seats": [
            {
                "topic": s.topic.name,
                "task": s.task,
                "member": member_ref(s.member) if s.member_id else None,
            }
            for s in p.seats.all()
        ],
        "supports": [
            {"author": member_ref(s.author), "text": s.text, "status": s.status}
            for s in p.supports.all()
        ],
        "created_at": iso(p.created_at),
        "closed_at": iso(p.closed_at),
    }


@hooks.register(hooks.MEMBER_EXPORT)
def export_projects(user) -> dict[str, Any]:
    """The member's projects, seats, applications, supports, introduction requests and their
    own follow-up answers (which may name their own private marks)."""
    owned = (
        Project.objects.filter(owner=user)
        .prefetch_related(
            "values", "seats__topic", "seats__member__profile", "supports__author__profile"
        )
        .order_by("created_at")
    )
    seats = Seat.objects.filter(member=user).select_related("project", "topic")
    applications = Application.objects.filter(member=user).select_related(
        "seat__project", "seat__topic"
    )
    supports = Support.objects.filter(author=user).select_related("project")
    asked = IntroRequest.objects.filter(contact=user).select_related(
        "seat__project", "candidate__profile"
    )
    followups = Followup.objects.filter(member=user).select_related("project", "teammate__profile")
    return {
        "projects": [_project(p) for p in owned],
        "project_seats": [
            {
                "project": {"id": s.project_id, "title": s.project.title},
                "topic": s.topic.name,
                "task": s.task,
                "filled_at": iso(s.filled_at),
            }
            for s in seats
        ],
        "project_applications": [
            {
                "project": {"id": a.seat.project_id, "title": a.seat.project.title},
                "seat": a.seat.topic.name,
                "kind": a.kind,
                "text": a.text,
                "status": a.status,
                "created_at": iso(a.created_at),
            }
            for a in applications
        ],
        "project_supports_given": [
            {
                "project": {"id": s.project_id, "title": s.project.title},
                "text": s.text,
                "status": s.status,
                "created_at": iso(s.created_at),
            }
            for s in supports
        ],
        "project_introductions_asked_of_you": [
            {
                "project": {"id": r.seat.project_id, "title": r.seat.project.title},
                "candidate": member_ref(r.candidate),
                "note": r.note,
                "status": r.status,
            }
            for r in asked
        ],
        "project_followups": [
            {
                "project": {"id": f.project_id, "title": f.project.title},
                "teammate": member_ref(f.teammate),
                "answer": f.answer,
            }
            for f in followups
        ],
    }


@hooks.register(hooks.MEMBER_ERASING)
def erase_project_parts(user) -> None:
    """The member's open projects stop; their open applications, supports and introduction
    requests end; their follow-up answers go (they may name a private mark). Closed projects
    and filled seats stay as the others' record of who did what, attributed to a deleted
    member."""
    now = timezone.now()
    Project.objects.filter(owner=user, status=ProjectStatus.OPEN).update(
        status=ProjectStatus.STOPPED, closed_at=now
    )
    Application.objects.filter(
        Q(member=user) | Q(seat__project__owner=user), status=ApplicationStatus.PENDING
    ).update(status=ApplicationStatus.WITHDRAWN, decided_at=now)
    Support.objects.filter(
        author=user, status__in=[SupportStatus.PENDING, SupportStatus.ACCEPTED]
    ).update(status=SupportStatus.WITHDRAWN, decided_at=now)
    Support.objects.filter(author=user).update(text="")
    IntroRequest.objects.filter(
        Q(contact=user) | Q(candidate=user) | Q(seat__project__owner=user),
        status=IntroRequestStatus.PENDING,
    ).update(status=IntroRequestStatus.DECLINED)
    Followup.objects.filter(member=user).delete()
