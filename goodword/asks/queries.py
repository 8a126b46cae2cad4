"""Reads for requests: who may see which request, and answers ranked by the asker's trust.

Visibility "people I trust and their trusted contacts" rests on public, accepted
recommendations only (the author's and those of the members the author recommended), so a
request's visibility never hints at a private mark.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from goodword.messaging.queries import blocked_either_way
from goodword.recommendations.models import Recommendation
from goodword.recommendations.models import Status as RecStatus
from goodword.trust import queries as trust

from .models import Answer, AnswerStatus, Ask, AskStatus, Visibility


def _trusters_q(viewer) -> Q:
    """Authors who recommended the viewer, or recommended someone who recommended the viewer."""
    accepted = Recommendation.objects.filter(status=RecStatus.ACCEPTED)
    first = accepted.filter(subject=viewer).values("author")
    second = accepted.filter(subject__in=first).values("author")
    return Q(author__in=first) | Q(author__in=second)


def _visible_q(viewer) -> Q:
    return (
        Q(author=viewer)
        | Q(visibility=Visibility.MEMBERS)
        | (Q(visibility=Visibility.NETWORK) & _trusters_q(viewer))
    )


def get_visible_asks(viewer, *, topic=None) -> QuerySet[Ask]:
    """Open requests the viewer may see (their own included), newest first."""
    qs = Ask.objects.filter(status=AskStatus.OPEN).filter(_visible_q(viewer))
    if topic is not None:
        qs = qs.filter(topics=topic)
    return qs.select_related("author__profile").prefetch_related("topics").distinct()


def get_own_asks(user) -> QuerySet[Ask]:
    return (
        Ask.objects.filter(author=user).select_related("author__profile").prefetch_related("topics")
    )


def access_ask(viewer, ask_id: int) -> Ask:
    """The request if the viewer may see it: their own (any status), or an open one visible to
    them. 404 for absent and not-visible alike."""
    ask = None
    if viewer.is_authenticated:
        ask = (
            Ask.objects.filter(pk=ask_id)
            .filter(Q(author=viewer) | (Q(status=AskStatus.OPEN) & _visible_q(viewer)))
            .select_related("author__profile")
            .first()
        )
    if ask is None:
        raise Http404("No such request.")
    return ask


def access_answer_for_asker(viewer, answer_id: int) -> Answer:
    """An answer to one of the viewer's own requests; 404 otherwise."""
    answer = None
    if viewer.is_authenticated:
        answer = (
            Answer.objects.select_related(
                "ask", "author__profile", "introduced__profile", "introduction"
            )
            .filter(pk=answer_id, ask__author=viewer)
            .first()
        )
    if answer is None:
        raise Http404("No such answer.")
    return answer


@dataclass
class RankedAnswer:
    answer: Answer
    closeness: str
    path: str


def get_ranked_answers(asker, ask: Ask) -> list[RankedAnswer]:
    """All answers to the asker's request, strongest trust in the answering member first, each
    with words for how close they are and the strongest path."""
    answers = list(
        ask.answers.select_related(
            "author__profile", "introduced__profile", "introduction"
        ).order_by("created_at", "pk")
    )
    if not answers:
        return []
    scores: dict[int, float] = {}
    closeness: dict[int, str] = {}
    paths: dict[int, str] = {}
    ids = {a.author_id for a in answers}
    scores = trust.get_trust_scores(asker, ids)
    for member_id in ids:
        closeness[member_id] = trust.describe_closeness(asker, member_id)
        found = trust.get_connection_paths(asker, member_id, max_paths=1)
        paths[member_id] = trust.path_line(found[0]) if found else ""
    answers.sort(key=lambda a: -scores.get(a.author_id, 0.0))
    return [
        RankedAnswer(a, closeness.get(a.author_id, ""), paths.get(a.author_id, "")) for a in answers
    ]


def get_own_answers(user, ask: Ask) -> QuerySet[Answer]:
    return ask.answers.filter(author=user).select_related("introduced__profile", "introduction")


def get_digest_asks(user, *, since) -> QuerySet[Ask]:
    """Open requests from the member's network (authors who trust them, directly or through
    one person) posted since `since`, in the member's topics (all topics if they state none)."""
    # A block either way: the asker's request must not reach the member, nor the reverse.
    qs = (
        Ask.objects.filter(status=AskStatus.OPEN, created_at__gte=since)
        .filter(_trusters_q(user))
        .exclude(author=user)
        .exclude(blocked_either_way(user, "author"))
        .filter(author__is_active=True)
    )
    topic_ids = (
        list(user.profile.topics.values_list("pk", flat=True)) if hasattr(user, "profile") else []
    )
    if topic_ids:
        qs = qs.filter(topics__in=topic_ids)
    return qs.select_related("author__profile").distinct().order_by("-created_at", "-pk")


def _not_blocked_q(user, field: str) -> Q:
    """Excludes members who blocked `user` or whom `user` blocked (either way)."""
    return ~blocked_either_way(user, field)


def get_answers_waiting(user) -> QuerySet[Answer]:
    """Answers to the user's open requests that wait for their decision, oldest first."""
    return (
        Answer.objects.filter(
            ask__author=user, ask__status=AskStatus.OPEN, status=AnswerStatus.PENDING
        )
        .filter(_not_blocked_q(user, "author"))
        .select_related("ask", "author__profile", "introduced__profile")
        .order_by("created_at", "pk")
    )


def get_asks_in_topics(user) -> QuerySet[Ask]:
    """Open requests by others, visible to the user, in a topic of the user's profile; newest
    first. Empty while the user named no topics."""
    return (
        get_visible_asks(user)
        .exclude(author=user)
        .filter(topics__profiles__user=user)
        .filter(_not_blocked_q(user, "author"))
        .order_by("-created_at", "-pk")
    )
