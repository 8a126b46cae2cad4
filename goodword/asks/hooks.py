"""What asks contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from goodword.core import hooks
from goodword.core.export import iso, member_ref
from goodword.core.start import ITEMS_PER_SECTION, StartSection

from .models import Answer, Ask, AskStatus
from .queries import get_answers_waiting, get_asks_in_topics


def _exported_answer(a: Answer, *, mine: bool) -> dict[str, Any]:
    row = {
        "id": a.pk,
        "kind": a.kind,
        "introduced_member": member_ref(a.introduced) if a.introduced_id else None,
        "text": a.text,
        "status": a.status,
        "created_at": iso(a.created_at),
    }
    if mine:
        row["request"] = {"id": a.ask_id, "title": a.ask.title}
    else:
        row["author"] = member_ref(a.author)
    return row


@hooks.register(hooks.MEMBER_EXPORT)
def export_asks(user) -> dict[str, Any]:
    """The member's requests with their answers, and the answers they gave."""
    asks = (
        Ask.objects.filter(author=user)
        .prefetch_related("topics", "answers__author__profile", "answers__introduced__profile")
        .order_by("created_at")
    )
    answers = (
        Answer.objects.filter(author=user)
        .select_related("ask", "introduced__profile")
        .order_by("created_at")
    )
    return {
        "requests": [
            {
                "id": a.pk,
                "title": a.title,
                "text": a.text,
                "topics": [t.name for t in a.topics.all()],
                "city": a.city,
                "remote": a.remote,
                "visibility": a.visibility,
                "status": a.status,
                "created_at": iso(a.created_at),
                "closed_at": iso(a.closed_at),
                "answers": [_exported_answer(x, mine=False) for x in a.answers.all()],
            }
            for a in asks
        ],
        "answers_given": [_exported_answer(a, mine=True) for a in answers],
    }


@hooks.register(hooks.MEMBER_ERASING)
def close_open_requests(user) -> None:
    """Requests and answers stay as the others' records (attributed to a deleted member); the
    member's open requests are withdrawn so that nobody answers into the void."""
    Ask.objects.filter(author=user, status=AskStatus.OPEN).update(
        status=AskStatus.WITHDRAWN, closed_at=timezone.now()
    )


@hooks.register(hooks.START_SECTIONS)
def start_answers(user) -> StartSection:
    """Answers to the member's requests that wait for their decision."""
    waiting = list(get_answers_waiting(user)[: ITEMS_PER_SECTION + 1])
    return StartSection(
        order=20,
        template="asks/_start_answers.html",
        context={"answers": waiting[:ITEMS_PER_SECTION], "more": len(waiting) > ITEMS_PER_SECTION},
    )


@hooks.register(hooks.START_SECTIONS)
def start_requests_in_topics(user) -> StartSection:
    """Open requests in the member's topics: where they might help or introduce someone."""
    asks = list(get_asks_in_topics(user)[: ITEMS_PER_SECTION + 1])
    return StartSection(
        order=40,
        template="asks/_start_requests.html",
        context={
            "asks": asks[:ITEMS_PER_SECTION],
            "more": len(asks) > ITEMS_PER_SECTION,
            "has_topics": user.profile.topics.exists() if hasattr(user, "profile") else False,
        },
    )
