"""The planned demo network in memory: members in local circles, and who recommends whom.

The first member is the demo account, which gives and receives a fixed set of recommendations."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate

from django.utils.text import slugify
from faker import Faker

from goodword.recommendations.models import Status

from . import data

PENDING_SHARE = 0.12
RECIPROCAL_SHARE = 0.2
# Recommendations a member gives: (count, weight). Most give a few, some are generous.
GIVEN_COUNTS = [
    (0, 12),
    (1, 18),
    (2, 20),
    (3, 16),
    (4, 12),
    (5, 8),
    (6, 5),
    (8, 4),
    (12, 3),
    (20, 2),
]
# Where a subject comes from: own circle, own city, own profession elsewhere, anywhere.
SUBJECT_SOURCES = [("community", 0.55), ("city", 0.23), ("profession", 0.12), ("anywhere", 0.10)]
DEMO_RECEIVED_ACCEPTED = 8
DEMO_RECEIVED_PENDING = 2
DEMO_GIVEN_ACCEPTED = 4
DEMO_GIVEN_PENDING = 1


@dataclass(slots=True)
class Member:
    idx: int
    email: str
    first_name: str
    display_name: str
    gender: str
    city: str
    country: str
    profession_idx: int
    profession: str
    topics: list[str]
    languages: list[str]
    website: str
    impressum_url: str
    looking_for: str
    joined: datetime
    community: int = 0
    pk: int | None = None


@dataclass(slots=True)
class RecSpec:
    author: int
    subject: int
    relationship: str
    known_since: int
    topics: list[str]
    status: str
    created: datetime
    text: str = ""
    text_html: str = ""


def _ascii(value: str) -> str:
    value = value.translate(
        str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
    )
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return slugify(value).replace("-", "")


class _Chooser:
    """Weighted choice with precomputed cumulative weights (fast for 100,000 draws)."""

    def __init__(self, items: list, weights: list[float]):
        self.items = items
        self.cum = list(accumulate(weights))

    def __call__(self, rng: random.Random):
        return rng.choices(self.items, cum_weights=self.cum)[0]


def make_members(n: int, rng: random.Random, fake: Faker, now: datetime) -> list[Member]:
    cities = _Chooser([(c, k) for c, k, _w in data.CITIES], [w for *_x, w in data.CITIES])
    professions = _Chooser(list(range(len(data.PROFESSIONS))), [p[2] for p in data.PROFESSIONS])
    extra_languages = {
        country: _Chooser([code for code, _w in pairs], [w for _c, w in pairs])
        for country, pairs in data.EXTRA_LANGUAGES.items()
    }
    members: list[Member] = []
    demo = data.DEMO_PROFILE
    demo_prof = next(i for i, p in enumerate(data.PROFESSIONS) if p[0] == demo["profession"])
    members.append(
        Member(
            idx=0,
            email=data.DEMO_EMAIL,
            first_name=demo["first_name"],
            display_name=demo["display_name"],
            gender=demo["gender"],
            city=demo["city"],
            country=demo["country"],
            profession_idx=demo_prof,
            profession=demo["profession"],
            topics=list(demo["topics"]),
            languages=list(demo["languages"]),
            website=demo["website"],
            impressum_url=demo["impressum_url"],
            looking_for=demo["looking_for"],
            joined=now - timedelta(days=420),
        )
    )
    for idx in range(1, n):
        gender = "f" if rng.random() < 0.52 else "m"
        first = fake.first_name_female() if gender == "f" else fake.first_name_male()
        last = fake.last_name()
        prof_idx = professions(rng)
        female, male, _w, vocabulary, wishes, business = data.PROFESSIONS[prof_idx]
        profession = female if gender == "f" else male
        title = (
            "Dr. "
            if profession.startswith(("Rechtsanw", "Psychother")) and rng.random() < 0.3
            else ""
        )
        city, country = cities(rng)
        topics = rng.sample(vocabulary, k=min(len(vocabulary), rng.randint(2, 5)))
        languages = ["de"]
        for _ in range(rng.choice((0, 1, 1, 1, 2))):
            code = extra_languages[country](rng)
            if code not in languages:
                languages.append(code)
        slug = f"{_ascii(first)}-{_ascii(last)}"
        website = f"https://{slug}.example" if rng.random() < 0.55 else ""
        impressum = f"{website}/impressum" if website and business else ""
        looking_for = (
            rng.choice(wishes) if rng.random() < 0.6 else rng.choice(data.GENERIC_LOOKING_FOR)
        )
        members.append(
            Member(
                idx=idx,
                email=f"{_ascii(first)}.{_ascii(last)}.{idx}@goodword.test",
                first_name=first,
                display_name=f"{title}{first} {last}",
                gender=gender,
                city=city,
                country=country,
                profession_idx=prof_idx,
                profession=profession,
                topics=topics,
                languages=languages,
                website=website,
                impressum_url=impressum,
                looking_for=looking_for,
                joined=now - timedelta(days=rng.randint(10, 1100), seconds=rng.randint(0, 86399)),
            )
        )
    return members


def _communities(members: list[Member], rng: random.Random) -> dict[str, list[list[int]]]:
    """Split every city into circles of 12–40 members; returns the circles per city."""
    by_city: dict[str, list[int]] = {}
    for m in members:
        by_city.setdefault(m.city, []).append(m.idx)
    circles: dict[str, list[list[int]]] = {}
    next_id = 0
    for city in sorted(by_city):
        ids = by_city[city]
        rng.shuffle(ids)
        circles[city] = []
        start = 0
        while start < len(ids):
            size = rng.randint(12, 40)
            chunk = ids[start : start + size]
            for i in chunk:
                members[i].community = next_id
            circles[city].append(chunk)
            next_id += 1
            start += size
    return circles


class Network:
    def __init__(self, members: list[Member], rng: random.Random, now: datetime):
        self.members = members
        self.rng = rng
        self.now = now
        self.pairs: set[tuple[int, int]] = set()
        self.specs: list[RecSpec] = []
        circles = _communities(members, rng)
        self.by_community: dict[int, list[int]] = {}
        self.by_city: dict[str, list[int]] = {}
        self.by_profession: dict[int, list[int]] = {}
        for city, chunks in circles.items():
            self.by_city[city] = [i for chunk in chunks for i in chunk]
            for chunk in chunks:
                self.by_community[members[chunk[0]].community] = chunk
        for m in members:
            self.by_profession.setdefault(m.profession_idx, []).append(m.idx)
        self.relationships = _Chooser(
            list(data.RELATIONSHIP_WEIGHTS), list(data.RELATIONSHIP_WEIGHTS.values())
        )
        self.given_counts = _Chooser([c for c, _w in GIVEN_COUNTS], [w for _c, w in GIVEN_COUNTS])
        self.sources = _Chooser([s for s, _w in SUBJECT_SOURCES], [w for _s, w in SUBJECT_SOURCES])

    def _candidates(self, author: Member, source: str) -> list[int] | None:
        if source == "community":
            return self.by_community[author.community]
        if source == "city":
            return self.by_city[author.city]
        if source == "profession":
            return self.by_profession[author.profession_idx]
        return None

    def pick_subject(self, author: Member) -> int | None:
        for _attempt in range(6):
            pool = self._candidates(author, self.sources(self.rng))
            subject = self.rng.choice(pool) if pool else self.rng.randrange(len(self.members))
            if subject != author.idx and (author.idx, subject) not in self.pairs:
                return subject
        return None

    def add(self, author: int, subject: int, status: str | None = None) -> RecSpec | None:
        if author == subject or (author, subject) in self.pairs:
            return None
        rng = self.rng
        a, s = self.members[author], self.members[subject]
        relationship = self.relationships(rng)
        if a.profession_idx == s.profession_idx and rng.random() < 0.4:
            relationship = "colleague"
        if status is None:
            status = Status.PENDING if rng.random() < PENDING_SHARE else Status.ACCEPTED
        start = max(a.joined, s.joined)
        span = max(1, int((self.now - start).total_seconds()) - 86400)
        # rng.random() draws the same amount whatever the span, so the stream (and thus every
        # name and text) does not depend on the day the seed runs.
        created = start + timedelta(seconds=int(rng.random() * span))
        if status == Status.PENDING:
            # Pending ones are recent: nobody leaves a good word unanswered for a year.
            created = self.now - timedelta(hours=rng.randint(2, 24 * 20))
        first_year = max(2000, s.joined.year - 12)
        known_since = first_year + int(rng.random() * (created.year - first_year + 1))
        count = min(len(s.topics), rng.choice((1, 1, 2, 2, 3)))
        spec = RecSpec(
            author=author,
            subject=subject,
            relationship=relationship,
            known_since=known_since,
            topics=rng.sample(s.topics, k=count),
            status=status,
            created=created,
        )
        self.pairs.add((author, subject))
        self.specs.append(spec)
        return spec

    def build(self, progress: Callable[[Iterable], Iterator]) -> list[RecSpec]:
        self._demo_recommendations()
        for author in progress(self.members[1:]):
            for _ in range(self.given_counts(self.rng)):
                subject = self.pick_subject(author)
                if subject is None:
                    continue
                self.add(author.idx, subject)
                if self.rng.random() < RECIPROCAL_SHARE:
                    self.add(subject, author.idx)
        return self.specs

    def _demo_recommendations(self) -> None:
        """The demo account gives and receives enough to show every state of the product."""
        demo = self.members[0]
        others = [i for i in self.by_community[demo.community] if i != 0]
        seen = set(others)
        extra = self.by_city[demo.city] + list(range(1, min(len(self.members), 60)))
        for i in extra:
            if len(others) >= 20:
                break
            if i != 0 and i not in seen:
                seen.add(i)
                others.append(i)
        plan = (
            [("in", Status.ACCEPTED)] * DEMO_RECEIVED_ACCEPTED
            + [("in", Status.PENDING)] * DEMO_RECEIVED_PENDING
            + [("out", Status.ACCEPTED)] * DEMO_GIVEN_ACCEPTED
            + [("out", Status.PENDING)] * DEMO_GIVEN_PENDING
        )
        for (direction, status), other in zip(plan, others, strict=False):
            if direction == "in":
                self.add(other, 0, status)
            else:
                self.add(0, other, status)
