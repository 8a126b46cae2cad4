"""What introductions contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from goodword.core import hooks
from goodword.core.export import iso, member_ref
from goodword.core.start import ITEMS_PER_SECTION, StartSection

from .models import Introduction, Status
from .queries import get_waiting_for_answer


@hooks.register(hooks.MEMBER_EXPORT)
def export_introductions(user) -> dict[str, Any]:
    """Introductions the member made or was part of; their own answer, never the other's."""
    introductions = (
        Introduction.objects.filter(Q(introducer=user) | Q(member_a=user) | Q(member_b=user))
        .select_related("introducer__profile", "member_a__profile", "member_b__profile")
        .order_by("created_at")
    )
    rows = []
    for i in introductions:
        row = {
            "id": i.pk,
            "introducer": member_ref(i.introducer),
            "member_a": member_ref(i.member_a),
            "member_b": member_ref(i.member_b),
            "note": i.note,
            "status": i.status,
            "created_at": iso(i.created_at),
            "decided_at": iso(i.decided_at),
            "conversation_id": i.conversation_id,
        }
        if user.pk in (i.member_a_id, i.member_b_id):
            row["my_answer"] = i.answer_a if user.pk == i.member_a_id else i.answer_b
        rows.append(row)
    return {"introductions": rows}


@hooks.register(hooks.MEMBER_ERASING)
def close_open_introductions(user) -> None:
    """Introductions stay as the others' records; open ones the member made are withdrawn and
    open ones introducing them declined, so that nothing opens with a deleted member."""
    now = timezone.now()
    pending = Introduction.objects.filter(status=Status.PENDING)
    pending.filter(introducer=user).update(status=Status.WITHDRAWN, decided_at=now)
    pending.filter(Q(member_a=user) | Q(member_b=user)).update(
        status=Status.DECLINED, decided_at=now
    )


@hooks.register(hooks.START_SECTIONS)
def start_introductions(user) -> StartSection:
    """Introductions that wait for the member's yes or no."""
    waiting = list(get_waiting_for_answer(user)[: ITEMS_PER_SECTION + 1])
    return StartSection(
        order=30,
        template="introductions/_start.html",
        context={
            "introductions": waiting[:ITEMS_PER_SECTION],
            "more": len(waiting) > ITEMS_PER_SECTION,
        },
    )
