"""Writes planned requests with their answers, and the conversations, contact grants and
notifications that go with them (and with the demo account's story)."""

from __future__ import annotations

from datetime import datetime, timedelta

from goodword.asks.models import Answer as AskAnswer
from goodword.asks.models import AnswerKind, AnswerStatus, Ask, AskStatus
from goodword.messaging.models import (
    ContactGrant,
    Conversation,
    GrantSource,
    Message,
    Origin,
    Participant,
)
from goodword.notifications.models import Notification

from . import data
from .activity import AnswerSpec, AskSpec
from .inserts import RawInsert, create_dated, max_pk
from .network import Member
from .texts import fill


class Writer:
    """Writes requests, conversations, introductions, referrals and marks for planned specs."""

    def __init__(self, people: list[Member], now: datetime):
        self.people = people
        self.now = now
        self.participants: list[tuple] = []
        self.messages: list[tuple] = []
        self.grants: dict[tuple[int, int, str], datetime] = {}
        self.notices: list[tuple] = []

    def pk(self, idx: int) -> int:
        return self.people[idx].pk

    def grant(self, grantor: int, grantee: int, source: str, when: datetime) -> None:
        self.grants.setdefault((self.pk(grantor), self.pk(grantee), source), when)

    def conversation(
        self,
        members: list[int],
        *,
        origin: str,
        started_by: int,
        created: datetime,
        lines: list[tuple[int, str, str, datetime]],
        note: str = "",
        note_author: int | None = None,
        unread_for: int | None = None,
    ) -> Conversation:
        """A conversation with its seats and messages `(sender, intent, text, when)`; every
        participant has read everything except `unread_for` (who misses the last message)."""
        last = lines[-1][3] if lines else created
        conversation = create_dated(
            Conversation,
            {"created_at": created},
            started_by_id=self.pk(started_by),
            origin=origin,
            context_note=note,
            context_author_id=self.pk(note_author) if note_author is not None else None,
            last_message_at=last,
        )
        for m in members:
            read = last
            if m == unread_for and len(lines) > 1:
                read = lines[-2][3]
            self.participants.append((conversation.pk, self.pk(m), created, read))
        for sender, intent, text, when in lines:
            self.messages.append((conversation.pk, self.pk(sender), intent, text, when))
        return conversation

    def notice(self, recipient: int, actor: int, kind: str, url: str, when: datetime) -> None:
        self.notices.append((self.pk(recipient), self.pk(actor), kind, url, when))

    def flush(self) -> None:
        RawInsert(Participant, ["conversation_id", "user_id", "joined_at", "last_read_at"]).run(
            self.participants
        )
        RawInsert(Message, ["conversation_id", "sender_id", "intent", "text", "created_at"]).run(
            self.messages
        )
        existing = set(ContactGrant.objects.values_list("grantor_id", "grantee_id", "source"))
        RawInsert(ContactGrant, ["grantor_id", "grantee_id", "source", "created_at"]).run(
            (*key, when) for key, when in self.grants.items() if key not in existing
        )
        RawInsert(Notification, ["recipient_id", "actor_id", "kind", "url", "created_at"]).run(
            self.notices
        )
        self.participants, self.messages, self.grants, self.notices = [], [], {}, []

    def asks(self, asks: list[AskSpec], topic_ids: dict[str, int]) -> int:
        first = max_pk(Ask)
        RawInsert(
            Ask,
            [
                "author_id",
                "title",
                "text",
                "city",
                "remote",
                "visibility",
                "status",
                "created_at",
                "closed_at",
            ],
        ).run(
            (
                self.pk(a.author),
                a.title,
                a.text,
                a.city,
                a.remote,
                a.visibility,
                AskStatus.RESOLVED if a.resolved else AskStatus.OPEN,
                a.created,
                self._closed(a) if a.resolved else None,
            )
            for a in asks
        )
        # One planned request per author, so the author identifies the new row.
        ids = dict(Ask.objects.filter(pk__gt=first).values_list("author_id", "pk"))
        RawInsert(Ask.topics.through, ["ask_id", "topic_id"]).run(
            (ids[self.pk(a.author)], topic_ids[t]) for a in asks for t in a.topics
        )
        rows = []
        for a in asks:
            ask_id = ids[self.pk(a.author)]
            for x in a.answers:
                conversation_id = None
                if x.accepted:
                    conversation_id = self._request_conversation(a, x).pk
                rows.append(
                    (
                        ask_id,
                        self.pk(x.author),
                        AnswerKind.INTRODUCE if x.introduced is not None else AnswerKind.OFFER,
                        self.pk(x.introduced) if x.introduced is not None else None,
                        x.text,
                        AnswerStatus.ACCEPTED if x.accepted else AnswerStatus.PENDING,
                        conversation_id,
                        x.created,
                    )
                )
        RawInsert(
            AskAnswer,
            [
                "ask_id",
                "author_id",
                "kind",
                "introduced_id",
                "text",
                "status",
                "conversation_id",
                "created_at",
            ],
        ).run(rows)
        return len(rows)

    @staticmethod
    def _closed(a: AskSpec) -> datetime:
        return a.answers[0].created + timedelta(hours=10)

    def _request_conversation(self, a: AskSpec, x: AnswerSpec) -> Conversation:
        """What `accept_answer` does: a conversation with the answer on top, and grants."""
        opened = x.created + timedelta(hours=1)
        helper = x.introduced if x.introduced is not None else x.author
        members = [a.author, x.author] + ([x.introduced] if x.introduced is not None else [])
        name = self.people[helper].first_name
        lines = [
            (
                a.author if role == "asker" else helper,
                intent,
                fill(text, {"name": name}),
                opened + timedelta(hours=2 * k + 1),
            )
            for k, (role, intent, text) in enumerate(data.REQUEST_CONVERSATION)
        ]
        conversation = self.conversation(
            members,
            origin=Origin.REQUEST,
            started_by=a.author,
            created=opened,
            lines=lines,
            note=x.text,
            note_author=x.author,
        )
        introduced = [m for m in members if m != x.author]
        for m in introduced:
            for other in introduced:
                if m != other:
                    self.grant(m, other, GrantSource.REQUEST, opened)
        self.grant(a.author, x.author, GrantSource.REQUEST, opened)
        return conversation
