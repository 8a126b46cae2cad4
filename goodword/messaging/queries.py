"""Reads for messaging, and the `access_*` helpers that answer 404 for absent and not-yours."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import (
    DateTimeField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from goodword.core.statements import KeptStatement

from .models import Block, Conversation, Message, OfferWelcome, Participant


def access_conversation(viewer, conversation_id: int) -> Conversation:
    """The conversation if the viewer takes part in it; 404 for absent and not-yours alike."""
    conversation = None
    if viewer.is_authenticated:
        conversation = (
            Conversation.objects.select_related("context_author__profile")
            .filter(pk=conversation_id, participants__user=viewer)
            .first()
        )
    if conversation is None:
        raise Http404("No such conversation.")
    return conversation


def get_conversations(user) -> QuerySet[Conversation]:
    """The member's conversations, latest activity first, with everyone in them and `unread`."""
    seat = Participant.objects.filter(conversation=OuterRef("pk"), user=user)
    never = datetime(2000, 1, 1, tzinfo=UTC)
    return (
        Conversation.objects.filter(Exists(seat))
        .annotate(
            my_last_read=Coalesce(
                Subquery(seat.values("last_read_at")[:1]),
                Value(never, output_field=DateTimeField()),
            )
        )
        .annotate(
            unread=Exists(
                Message.objects.filter(
                    conversation=OuterRef("pk"), created_at__gt=OuterRef("my_last_read")
                ).exclude(sender=user)
            )
        )
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("user__profile").order_by("pk"),
            )
        )
        .order_by("-last_message_at", "-pk")
    )


def get_messages(conversation: Conversation) -> QuerySet[Message]:
    return conversation.messages.select_related("sender__profile").order_by("created_at", "pk")


def get_participants(conversation: Conversation) -> list:
    return [
        p.user for p in conversation.participants.select_related("user__profile").order_by("pk")
    ]


def get_blocked_members(user) -> QuerySet:
    return Block.objects.filter(blocker=user).select_related("blocked__profile")


def get_offer_welcomes(user) -> QuerySet:
    return OfferWelcome.objects.filter(owner=user).select_related("sender__profile")


def blocked_either_way(user, field: str) -> Q:
    """Matches rows whose member in `field` blocked `user` or was blocked by them: what a
    list shown to `user` leaves out (their content stays; it just does not reach them)."""
    blocked = Block.objects.filter(blocker_id=user.pk).values("blocked")
    blockers = Block.objects.filter(blocked_id=user.pk).values("blocker")
    return Q(**{f"{field}__in": blocked}) | Q(**{f"{field}__in": blockers})


_BLOCKED = KeptStatement(
    lambda blocker, blocked: (
        Block.objects.filter(blocker_id=blocker, blocked_id=blocked)
        .order_by()
        .values_list("pk", flat=True)[:1]
    )
)


def has_blocked(blocker, blocked) -> bool:
    return bool(_BLOCKED(blocker=blocker.pk, blocked=blocked.pk))


def blocks_between(member_a, member_b) -> bool:
    """Whether one of the two blocked the other (which one is nobody else's business)."""
    return Block.objects.filter(
        Q(blocker=member_a, blocked=member_b) | Q(blocker=member_b, blocked=member_a)
    ).exists()
