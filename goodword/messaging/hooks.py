"""What messaging contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from goodword.core import hooks
from goodword.core.export import iso, member_ref

from . import rules
from .models import Block, ContactGrant, Conversation, OfferWelcome, Participant

hooks.register(hooks.MEMBER_TRUSTS)(rules.trusts)


@hooks.register(hooks.REACH_REFUSAL)
def blocked_either_way(sender, recipient) -> str | None:
    decision = rules.block_decision(sender, recipient)
    return decision.explanation if decision is not None else None


@hooks.register(hooks.MEMBER_EXPORT)
def export_messaging(user) -> dict[str, Any]:
    """The member's conversations as they see them, whom they blocked and whose offers they
    welcome."""
    seats = Participant.objects.filter(user=user).values("conversation_id")
    conversations = (
        Conversation.objects.filter(pk__in=seats)
        .select_related("started_by__profile", "context_author__profile")
        .prefetch_related("participants__user__profile", "messages__sender__profile")
        .order_by("created_at")
    )
    return {
        "conversations": [
            {
                "id": c.pk,
                "origin": c.origin,
                "started_by": member_ref(c.started_by) if c.started_by_id else None,
                "participants": [member_ref(p.user) for p in c.participants.all()],
                "note": c.context_note,
                "note_author": member_ref(c.context_author) if c.context_author_id else None,
                "created_at": iso(c.created_at),
                "messages": [
                    {
                        "sender": member_ref(m.sender),
                        "intent": m.intent,
                        "text": m.text_for(user),
                        "hidden": m.hidden_at is not None,
                        "created_at": iso(m.created_at),
                    }
                    for m in sorted(c.messages.all(), key=lambda m: (m.created_at, m.pk))
                ],
            }
            for c in conversations
        ],
        "contact_settings": {
            "blocked": [
                member_ref(b.blocked)
                for b in Block.objects.filter(blocker=user).select_related("blocked__profile")
            ],
            "offers_welcome_from": [
                member_ref(w.sender)
                for w in OfferWelcome.objects.filter(owner=user).select_related("sender__profile")
            ],
        },
    }


@hooks.register(hooks.MEMBER_ERASING)
def erase_contact_settings(user) -> None:
    """Blocks, offer permissions and contact grants are about the member alone and go.
    Conversations, everybody's messages in them and reports stay: they are the other
    participants' records (and the moderators')."""
    Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()
    OfferWelcome.objects.filter(Q(owner=user) | Q(sender=user)).delete()
    ContactGrant.objects.filter(Q(grantor=user) | Q(grantee=user)).delete()
