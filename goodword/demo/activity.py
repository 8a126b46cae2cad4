"""Requests ("Gesuche") with their answers, planned on top of the planned network, and the
bookkeeping of who recommended whom that the demo account's story also uses."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from goodword.asks.models import Visibility
from goodword.recommendations.models import Status

from . import data
from .network import Network, RecSpec
from .texts import TextBuilder, fill

ASK_EVERY = 15  # one open request per this many members
ASK_ANSWERED_SHARE = 0.5
ASK_RESOLVED_SHARE = 0.2  # of the answered ones
ASK_MEMBERS_SHARE = 0.3  # visible to all members rather than the author's network
ASK_REMOTE_SHARE = 0.3


@dataclass(slots=True)
class AnswerSpec:
    author: int
    introduced: int | None
    text: str
    created: datetime
    accepted: bool = False


@dataclass(slots=True)
class AskSpec:
    author: int
    title: str
    text: str
    topics: list[str]
    city: str
    remote: bool
    visibility: str
    created: datetime
    resolved: bool = False
    answers: list[AnswerSpec] = field(default_factory=list)


def _who(profession_idx: int) -> str:
    female, male, *_rest = data.PROFESSIONS[profession_idx]
    return f"einen {male}" if female == male else f"eine {female} oder einen {male}"


class Activity:
    """Plans requests with answers on top of the planned network (`demo_member` casts her story).

    Works on the in-memory specs only, so the contact rules hold by construction: answerers are
    members the asker recommended (they see a network request, and offers need the asker's
    trust), and an introduced member is someone the answerer recommended or was recommended by.
    """

    def __init__(self, network: Network, rng: random.Random, now: datetime):
        self.net = network
        self.members = network.members
        self.rng = rng
        self.now = now
        self.out: dict[int, list[int]] = {}
        self.inc: dict[int, list[int]] = {}
        self.status: dict[tuple[int, int], str] = {}
        for s in network.specs:
            self._index(s)

    def _index(self, s: RecSpec) -> None:
        self.status[s.author, s.subject] = s.status
        if s.status == Status.ACCEPTED:
            self.out.setdefault(s.author, []).append(s.subject)
            self.inc.setdefault(s.subject, []).append(s.author)

    def _accepted(self, a: int, b: int) -> bool:
        return self.status.get((a, b)) == Status.ACCEPTED

    def ensure(self, author: int, subject: int) -> bool:
        """An accepted recommendation author→subject exists (planned now if there was none)."""
        if self._accepted(author, subject):
            return True
        if (author, subject) in self.status:
            return False
        saved, self.net.rng = self.net.rng, self.rng
        try:
            spec = self.net.add(author, subject, Status.ACCEPTED)
        finally:
            self.net.rng = saved
        if spec is None:
            return False
        self._index(spec)
        return True

    def connected(self, a: int, b: int) -> bool:
        return (a, b) in self.status or (b, a) in self.status

    def asks(self) -> list[AskSpec]:
        rng, members = self.rng, self.members
        n = len(members)
        count = (n - 1) // ASK_EVERY
        if count < 1:
            return []
        authors = sorted(rng.sample(range(1, n), k=count))
        asks = []
        for a in authors:
            author = members[a]
            helpers = [b for b in self.out.get(a, []) if b != a]
            ask_created = max(
                author.joined + timedelta(hours=1),
                self.now - timedelta(seconds=int(rng.random() * 40 * 86400) + 3600),
            )
            target, answers = None, []
            if helpers and rng.random() < ASK_ANSWERED_SHARE:
                order = rng.sample(helpers, k=min(len(helpers), 3))
                for b in order:
                    contacts = [
                        c
                        for c in self.out.get(b, []) + self.inc.get(b, [])
                        if c not in (a, b)
                        and members[c].profession_idx != author.profession_idx
                        and (target is None or members[c].profession_idx == target)
                        and all(x.introduced != c for x in answers)
                    ]
                    if contacts:
                        c = rng.choice(contacts)
                        target = members[c].profession_idx
                        answers.append(AnswerSpec(b, c, "", ask_created))
                if target is not None:
                    answered = {x.author for x in answers}
                    for b in helpers:
                        if b not in answered and members[b].profession_idx == target:
                            answers.append(AnswerSpec(b, None, "", ask_created))
                            break
            if target is None:
                circle = [
                    i
                    for i in self.net.by_community[author.community]
                    if members[i].profession_idx != author.profession_idx
                ]
                target = members[rng.choice(circle)].profession_idx if circle else None
            if target is None:
                target = (
                    author.profession_idx + 1 + rng.randrange(len(data.PROFESSIONS) - 1)
                ) % len(data.PROFESSIONS)
            vocabulary = data.PROFESSIONS[target][3]
            topics = rng.sample(vocabulary, k=rng.choice((1, 2, 2)))
            for x in answers:
                holder = members[x.introduced if x.introduced is not None else x.author]
                shared = [t for t in topics if t in holder.topics]
                if not shared:
                    # Keep the answer honest: the request also names the answer's topic.
                    topics.append(rng.choice(holder.topics))
                    shared = topics[-1:]
                x.text = self._answer_text(x, shared[0])
            topics = list(dict.fromkeys(topics))[:5]
            remote = rng.random() < ASK_REMOTE_SHARE
            values = {
                "topic": topics[0],
                "city": author.city,
                "wer": _who(target),
                "beruf": author.profession,
            }
            text = " ".join(
                s
                for s in (
                    fill(rng.choice(data.ASK_OPENERS), values),
                    fill(rng.choice(data.ASK_DETAILS), values),
                    "Remote ist für mich auch in Ordnung." if remote else "",
                    rng.choice(data.ASK_CLOSERS),
                )
                if s
            )
            visibility = (
                Visibility.MEMBERS if rng.random() < ASK_MEMBERS_SHARE else Visibility.NETWORK
            )
            spec = AskSpec(
                author=a,
                title=fill(rng.choice(data.ASK_TITLES), values)[:120],
                text=text,
                topics=topics,
                city="" if remote and rng.random() < 0.5 else author.city,
                remote=remote,
                visibility=visibility,
                created=ask_created,
            )
            for k, x in enumerate(answers):
                x.created = min(
                    self.now - timedelta(minutes=10),
                    ask_created + timedelta(hours=2 + 7 * k + rng.randint(0, 30)),
                )
            spec.answers = answers
            settled = answers and answers[0].created <= self.now - timedelta(days=1)
            if settled and rng.random() < ASK_RESOLVED_SHARE:
                spec.resolved = True
                answers[0].accepted = True
            asks.append(spec)
        return asks

    def _answer_text(self, answer: AnswerSpec, topic: str) -> str:
        if answer.introduced is None:
            return fill(self.rng.choice(data.OFFER_ANSWERS), {"topic": topic})
        member = self.members[answer.introduced]
        template = TextBuilder._gendered(self.rng.choice(data.INTRODUCE_ANSWERS), member.gender)
        return fill(template, {"topic": topic, "name": member.first_name})
