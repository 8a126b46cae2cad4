"""The demo network: deterministic, realistic German-speaking professionals who recommend each
other mostly within their local circles, with some links across cities and professions.

`seed_demo(members=N, seed=S)` builds the whole network with bulk inserts in one transaction, so
100,000 members take a few minutes, not hours. The same seed gives the same names and texts.
Only `manage.py seed_demo` calls this; the vocabulary lives in `demo_data`.

Besides recommendations, about one member in fifteen has posted a request ("Gesuch"); some
were answered by members the asker recommended (introducing a trusted contact "weil …", or
offering help), a few are resolved with their conversation. The demo account gets a fixed
story on every page: her own request with two answers, a request she can help with, a pending
and an accepted introduction, a direct conversation, a referral passed and one received, and
private trust marks. That story is checked against the contact rules before it is written.
"""

from __future__ import annotations

import html
import random
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import astuple, dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import accumulate

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker
from tqdm import tqdm

from goodword.accounts.models import Profile, User
from goodword.asks.models import Answer as AskAnswer
from goodword.asks.models import AnswerKind, AnswerStatus, Ask, AskStatus, Visibility
from goodword.introductions.models import Answer as IntroAnswer
from goodword.introductions.models import Introduction
from goodword.introductions.models import Status as IntroStatus
from goodword.messaging.models import (
    ContactGrant,
    Conversation,
    GrantSource,
    Intent,
    Message,
    Origin,
    Participant,
)
from goodword.recommendations.models import Recommendation, Status
from goodword.referrals.models import Referral, ReferralStatus
from goodword.topics.models import Topic
from goodword.trust.models import MarkLevel, TrustMark

from . import demo_data as data

BATCH = 5000
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

# Placeholders filled after Markdown rendering (see `demo_data`), as plain-letter sentinels.
SENTINELS = {"name": "QXNAMEQX", "topic": "QXTOPICQX", "topic2": "QXTOPICTWOQX", "year": "QXYEARQX"}


class DemoExistsError(Exception):
    """The demo account exists already: seeding again would duplicate the network."""


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


@dataclass
class SeedResult:
    members: int = 0
    topics: int = 0
    accepted: int = 0
    pending: int = 0
    asks: int = 0
    answers: int = 0
    conversations: int = 0
    demo_email: str = data.DEMO_EMAIL
    extra: dict = field(default_factory=dict)


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


# --- texts ------------------------------------------------------------------------------------


def _markdown_renderer() -> Callable[[str], str]:
    """The recommendations app's renderer, so seeded texts look exactly like written ones."""
    try:
        from goodword.recommendations.markdown import render_markdown
    except ImportError:  # pragma: no cover - the app always ships it; keep the seed usable anyway

        def render_markdown(text: str) -> str:
            paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
            return "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)

    return render_markdown


class TextBuilder:
    """Assembles German recommendation texts from templates and renders them to HTML.

    Rendering Markdown 100,000 times is the slow part of seeding, so each template *sentence* is
    rendered once, with sentinels in place of names, topics and years, and the pieces are joined
    and filled in afterwards. A self-check on the first texts falls back to rendering every text
    whole if that shortcut ever disagrees with the renderer.
    """

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.render = _markdown_renderer()
        self.cache: dict[str, str | None] = {}
        self.checked = 0
        self.shortcut_ok = True

    @staticmethod
    def _gendered(template: str, gender: str) -> str:
        for key, word in data.PRONOUNS[gender].items():
            template = template.replace("{" + key + "}", word)
        return template

    def _inline(self, sentence: str) -> str | None:
        """The rendered sentence without its paragraph wrapper (None if it has none)."""
        if sentence not in self.cache:
            rendered = self.render(sentence)
            inline = None
            if rendered.startswith("<p>") and rendered.endswith("</p>"):
                inline = rendered[3:-4]
                if "<p>" in inline:
                    inline = None
            self.cache[sentence] = inline
        return self.cache[sentence]

    def _fast_html(self, paragraphs: list[list[str]]) -> str | None:
        rendered = []
        for sentences in paragraphs:
            pieces = []
            for sentence in sentences:
                for key, sentinel in SENTINELS.items():
                    sentence = sentence.replace("{" + key + "}", sentinel)
                inline = self._inline(sentence)
                if inline is None:
                    return None
                pieces.append(inline)
            rendered.append("<p>" + " ".join(pieces) + "</p>")
        return "\n".join(rendered)

    def build(self, spec: RecSpec, first_name: str, gender: str) -> tuple[str, str]:
        rng = self.rng
        sentences = [rng.choice(data.OPENERS[spec.relationship]), rng.choice(data.TOPIC_SENTENCES)]
        if len(spec.topics) > 1 and rng.random() < 0.6:
            sentences.append(rng.choice(data.SECOND_TOPIC_SENTENCES))
        detail = rng.choice(data.DETAILS)
        if detail:
            sentences.append(detail)
        closer = rng.choice(data.CLOSERS)
        paragraphs = [sentences, [closer]] if rng.random() < 0.5 else [[*sentences, closer]]
        paragraphs = [[self._gendered(s, gender) for s in p] for p in paragraphs]
        values = {
            "name": first_name,
            "topic": spec.topics[0],
            "topic2": spec.topics[1] if len(spec.topics) > 1 else spec.topics[0],
            "year": str(spec.known_since),
        }
        text = "\n\n".join(" ".join(p) for p in paragraphs)
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)

        rendered = self._fast_html(paragraphs) if self.shortcut_ok else None
        if rendered is None:
            return text, self.render(text)
        for key, sentinel in SENTINELS.items():
            rendered = rendered.replace(sentinel, html.escape(values[key], quote=False))
        if self.checked < 50:
            self.checked += 1
            whole = self.render(text)
            if rendered != whole:
                self.shortcut_ok = False
                return text, whole
        return text, rendered


# --- members ----------------------------------------------------------------------------------


def _make_members(n: int, rng: random.Random, fake: Faker, now: datetime) -> list[Member]:
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


# --- recommendations --------------------------------------------------------------------------


class _Network:
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


# --- database ---------------------------------------------------------------------------------


class _RawInsert:
    """Plain multi-row INSERTs for `model`, much faster than `bulk_create` for 100,000s of rows.

    Values are given by field name; fields left out get their default (so columns added to the
    models later still work). Datetimes and JSON are adapted the way the backend expects.
    """

    def __init__(self, model, names: list[str]):
        ops = connection.ops
        fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
        self.positions = []
        self.fixed: list = []
        self.adapters: list = []
        for f in fields:
            if f.name in names or f.attname in names:
                key = f.name if f.name in names else f.attname
                self.positions.append(names.index(key))
                self.fixed.append(None)
            else:
                self.positions.append(None)
                self.fixed.append(f.get_db_prep_save(f.get_default(), connection))
            internal = f.get_internal_type()
            if internal == "DateTimeField":
                self.adapters.append(ops.adapt_datetimefield_value)
            elif internal == "JSONField":
                self.adapters.append(lambda v, f=f: f.get_db_prep_save(v, connection))
            else:
                self.adapters.append(None)
        columns = ", ".join(ops.quote_name(f.column) for f in fields)
        self.row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
        table = ops.quote_name(model._meta.db_table)
        # Only quoted model metadata goes into the statement; every value is a parameter.
        self.sql = f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608
        # SQLite reuses one prepared statement for executemany; PostgreSQL is far faster with
        # many rows per statement (within its 65,535 parameters).
        self.rows_per_statement = 1 if connection.vendor == "sqlite" else 60000 // len(fields)

    def row(self, values: tuple) -> tuple:
        out = []
        for pos, fixed, adapt in zip(self.positions, self.fixed, self.adapters, strict=True):
            if pos is None:
                out.append(fixed)
            else:
                value = values[pos]
                out.append(adapt(value) if adapt is not None and value is not None else value)
        return tuple(out)

    def run(self, rows: Iterable[tuple]) -> None:
        prepared = [self.row(r) for r in rows]
        if not prepared:
            return
        with connection.cursor() as cursor:
            if self.rows_per_statement == 1:
                for chunk in _batches(prepared, BATCH):
                    cursor.executemany(self.sql + self.row_sql, chunk)
                return
            for chunk in _batches(prepared, self.rows_per_statement):
                sql = self.sql + ", ".join([self.row_sql] * len(chunk))
                cursor.execute(sql, [value for row in chunk for value in row])


def _max_pk(model) -> int:
    return model.objects.aggregate(m=Max("pk"))["m"] or 0


def _batches(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _topic_ids(names: Iterable[str], now: datetime) -> dict[str, int]:
    """Ids of the topics with these names, creating the missing ones."""
    try:
        from goodword.topics.services import topic_slug
    except ImportError:  # pragma: no cover

        def topic_slug(name: str) -> str:
            return slugify(name)[:70] or "topic"

    wanted = sorted(set(names))
    existing = {t.name.casefold(): t.pk for t in Topic.objects.all()}
    used_slugs = set(Topic.objects.values_list("slug", flat=True))
    rows = []
    for name in wanted:
        if name.casefold() in existing:
            continue
        base = slug = topic_slug(name)
        n = 2
        while slug in used_slugs:
            slug, n = f"{base}-{n}", n + 1
        used_slugs.add(slug)
        rows.append((name, slug, now))
    _RawInsert(Topic, ["name", "slug", "created_at"]).run(rows)
    ids = {t.name.casefold(): t.pk for t in Topic.objects.all()}
    return {name: ids[name.casefold()] for name in wanted}


def _inbox_url() -> str:
    try:
        return reverse("recommendations:inbox")
    except NoReverseMatch:  # pragma: no cover - the inbox may be renamed; a link is optional
        return ""


def seed_demo(
    members: int, seed: int, *, progress: bool | None = None, now: datetime | None = None
) -> SeedResult:
    """Create the demo network with `members` members (the first is the demo account).

    Deterministic for a given `seed`: names, profiles, texts and who recommends whom, whatever
    the day (dates are spread back from `now`, default the current time). Raises
    `DemoExistsError` if the demo account exists already. Everything happens in one transaction,
    so a failure leaves nothing half-written.
    """
    from goodword.notifications.models import Kind, Notification

    if members < 1:
        raise ValueError("The demo network needs at least one member.")
    if User.objects.filter(email__iexact=data.DEMO_EMAIL).exists():
        raise DemoExistsError(data.DEMO_EMAIL)
    show = sys.stderr.isatty() if progress is None else progress

    def bar(iterable, desc: str):
        return tqdm(iterable, desc=desc, disable=not show, leave=False, file=sys.stderr)

    rng = random.Random(seed)  # noqa: S311 - deterministic demo data, not secrets
    fake = Faker("de_DE")
    fake.seed_instance(seed)
    now = (now or timezone.now()).replace(microsecond=0)

    people = _make_members(members, rng, fake, now)
    network = _Network(people, rng, now)
    specs = network.build(lambda items: bar(items, "Planning"))
    # Requests and the demo's story draw from their own streams (and may add a few
    # recommendations), so the network itself stays what it was for this seed.
    activity = _Activity(network, random.Random(seed + 2), now)  # noqa: S311
    story = activity.story()
    asks = activity.asks()
    texts = TextBuilder(random.Random(seed + 1))  # noqa: S311
    password = make_password(data.DEMO_PASSWORD)  # hashed once and shared: hashing is slow
    result = SeedResult(members=members)

    with transaction.atomic():
        topic_ids = _topic_ids(
            [t for m in people for t in m.topics]
            + [t for s in specs for t in s.topics]
            + [t for a in asks for t in a.topics]
            + data.DEMO_ASK["topics"]
            + data.DEMO_HELP_ASK["topics"],
            now,
        )
        result.topics = len(topic_ids)

        # Members: users, then their e-mail addresses, profiles and profile topics.
        first_user = _max_pk(User)
        users = _RawInsert(User, ["email", "password", "is_active", "date_joined"])
        for chunk in bar(list(_batches(people)), "Members"):
            users.run((m.email, password, True, m.joined) for m in chunk)
        pks = dict(User.objects.filter(pk__gt=first_user).values_list("email", "pk"))
        for m in people:
            m.pk = pks[m.email]
        _RawInsert(EmailAddress, ["user_id", "email", "verified", "primary"]).run(
            (m.pk, m.email, True, True) for m in people
        )
        _RawInsert(
            Profile,
            [
                "user_id",
                "display_name",
                "city",
                "country",
                "profession",
                "languages",
                "website",
                "impressum_url",
                "looking_for",
                "created_at",
                "updated_at",
            ],
        ).run(
            (
                m.pk,
                m.display_name,
                m.city,
                m.country,
                m.profession,
                m.languages,
                m.website,
                m.impressum_url,
                m.looking_for,
                m.joined,
                m.joined,
            )
            for m in people
        )
        _RawInsert(Profile.topics.through, ["profile_id", "topic_id"]).run(
            (m.pk, topic_ids[t]) for m in people for t in m.topics
        )

        # Recommendations with their texts, topics and the notifications of pending ones.
        first_rec = _max_pk(Recommendation)
        recs = _RawInsert(
            Recommendation,
            [
                "author_id",
                "subject_id",
                "text",
                "text_html",
                "relationship",
                "known_since",
                "status",
                "created_at",
                "updated_at",
                "accepted_at",
            ],
        )
        for chunk in bar(list(_batches(specs)), "Recommendations"):
            rows = []
            for s in chunk:
                subject = people[s.subject]
                text, text_html = texts.build(s, subject.first_name, subject.gender)
                accepted_at = None
                if s.status == Status.ACCEPTED:
                    accepted_at = min(now, s.created + timedelta(hours=rng.randint(1, 120)))
                    result.accepted += 1
                else:
                    result.pending += 1
                rows.append(
                    (
                        people[s.author].pk,
                        subject.pk,
                        text,
                        text_html,
                        s.relationship,
                        s.known_since,
                        s.status,
                        s.created,
                        accepted_at or s.created,
                        accepted_at,
                    )
                )
            recs.run(rows)
        rec_pks = {
            (a, b): pk
            for pk, a, b in Recommendation.objects.filter(pk__gt=first_rec).values_list(
                "pk", "author_id", "subject_id"
            )
        }
        _RawInsert(Recommendation.topics.through, ["recommendation_id", "topic_id"]).run(
            (rec_pks[people[s.author].pk, people[s.subject].pk], topic_ids[t])
            for s in specs
            for t in s.topics
        )
        inbox = _inbox_url()
        _RawInsert(Notification, ["recipient_id", "actor_id", "kind", "url", "created_at"]).run(
            (
                people[s.subject].pk,
                people[s.author].pk,
                Kind.RECOMMENDATION_RECEIVED,
                inbox,
                s.created,
            )
            for s in specs
            if s.status == Status.PENDING
        )

        # Requests with their answers, then the demo account's own story.
        writer = _Writer(people, now)
        result.asks = len(asks)
        result.answers = writer.asks(asks, topic_ids)
        writer.flush()
        if members > 1:
            result.extra.update(writer.story(story, topic_ids))
            writer.flush()
        result.conversations = Conversation.objects.count()
    result.extra["rendered_sentences"] = len(texts.cache)
    return result


def refresh_derived_data(*, verbosity: int = 0) -> list[str]:
    """Rebuild what other apps derive from members and recommendations, because the seed
    bypasses the services that normally keep it current: the search index is rebuilt and the
    trust graph is told to rebuild on its next query (a full build reads recommendations,
    private marks and referrals that led to business alike). Returns what was refreshed."""
    from django.core.management import call_command, get_commands

    done = []
    if "rebuild_search_index" in get_commands():
        call_command("rebuild_search_index", verbosity=verbosity)
        done.append("search index")
    try:
        from goodword.trust.services import record_rebuild
    except ImportError:  # pragma: no cover - the trust app is optional for the seed
        pass
    else:
        record_rebuild()
        done.append("trust graph")
    return done


# --- requests, introductions, conversations, referrals and marks -------------------------------

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


@dataclass(slots=True)
class Story:
    """The demo account's own activity: who plays which part (member indexes)."""

    own_ask_introducer: int | None = None
    own_ask_introduced: int | None = None
    own_ask_offerer: int | None = None
    help_asker: int | None = None
    pending_introducer: int | None = None
    pending_member: int | None = None
    accepted_introducer: int | None = None
    accepted_member: int | None = None
    direct: int | None = None
    referral_to: int | None = None
    referral_from: int | None = None
    marks: list[tuple[int, str]] = field(default_factory=list)


def _fill(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def _who(profession_idx: int) -> str:
    female, male, *_rest = data.PROFESSIONS[profession_idx]
    return f"einen {male}" if female == male else f"eine {female} oder einen {male}"


class _Activity:
    """Plans requests with answers and the demo account's story on top of the planned network.

    Works on the in-memory specs only, so the contact rules hold by construction: answerers are
    members the asker recommended (they see a network request, and offers need the asker's
    trust), and an introduced member is someone the answerer recommended or was recommended by.
    """

    def __init__(self, network: _Network, rng: random.Random, now: datetime):
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

    def _ensure(self, author: int, subject: int) -> bool:
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

    def _connected(self, a: int, b: int) -> bool:
        return (a, b) in self.status or (b, a) in self.status

    # -- the demo account ---------------------------------------------------------------------
    def story(self) -> Story:
        story = Story()
        n = len(self.members)
        if n < 12:
            return story
        used = {0}
        received = [i for i in self.inc.get(0, []) if i != 0]
        given = [i for i in self.out.get(0, []) if i != 0]

        def take(pool: Iterable[int]) -> int | None:
            for i in pool:
                if i not in used:
                    used.add(i)
                    return i
            return None

        web = next(i for i, p in enumerate(data.PROFESSIONS) if p[0] == "Webentwicklerin")
        demo = self.members[0]
        strangers = [i for i in range(1, n) if not self._connected(0, i)]
        builders = sorted(
            strangers,
            key=lambda i: (
                self.members[i].profession_idx != web,
                self.members[i].city != demo.city,
                i,
            ),
        )
        # Own request: one answer introduces a web developer, one offers (the demo trusts them).
        story.own_ask_introducer = take(given)
        if story.own_ask_introducer is not None:
            for i in builders:
                if i not in used and self._ensure(story.own_ask_introducer, i):
                    story.own_ask_introduced = take([i])
                    break
        for i in builders:
            if i not in used and self._ensure(0, i):
                story.own_ask_offerer = take([i])
                break
        story.help_asker = take(received)
        story.pending_introducer = take(received)
        story.accepted_introducer = take(received)
        for role in ("pending", "accepted"):
            introducer = getattr(story, f"{role}_introducer")
            if introducer is None:
                continue
            pool = self.rng.sample(strangers, k=len(strangers))
            for i in pool:
                if i not in used and not self._connected(0, i) and self._ensure(introducer, i):
                    setattr(story, f"{role}_member", take([i]))
                    break
        story.direct = take(received)
        story.referral_to = take(received)
        story.referral_from = take(given)
        # Private marks: two positive ones about members the demo has no public tie to, and one
        # "would not recommend" about a member her network speaks well of.
        local = [i for i in strangers if self.members[i].city == demo.city] + strangers
        for level in (MarkLevel.KNOW_PERSONALLY, MarkLevel.WORKED_WITH):
            member = take(local)
            if member is not None:
                story.marks.append((member, level))
        two_hops = [j for i in given for j in self.out.get(i, []) if not self._connected(0, j)]
        member = take(two_hops + strangers)
        if member is not None:
            story.marks.append((member, MarkLevel.WOULD_NOT_RECOMMEND))
        return story

    # -- everybody's requests -----------------------------------------------------------------
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
                    _fill(rng.choice(data.ASK_OPENERS), values),
                    _fill(rng.choice(data.ASK_DETAILS), values),
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
                title=_fill(rng.choice(data.ASK_TITLES), values)[:120],
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
            return _fill(self.rng.choice(data.OFFER_ANSWERS), {"topic": topic})
        member = self.members[answer.introduced]
        template = TextBuilder._gendered(self.rng.choice(data.INTRODUCE_ANSWERS), member.gender)
        return _fill(template, {"topic": topic, "name": member.first_name})


def _create(model, times: dict, **values):
    """`model.objects.create(**values)`, then the timestamps `auto_now_add` would overwrite."""
    obj = model.objects.create(**values)
    model.objects.filter(pk=obj.pk).update(**times)
    for key, value in times.items():
        setattr(obj, key, value)
    return obj


class _Writer:
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
        conversation = _create(
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
        from goodword.notifications.models import Notification

        _RawInsert(Participant, ["conversation_id", "user_id", "joined_at", "last_read_at"]).run(
            self.participants
        )
        _RawInsert(Message, ["conversation_id", "sender_id", "intent", "text", "created_at"]).run(
            self.messages
        )
        existing = set(ContactGrant.objects.values_list("grantor_id", "grantee_id", "source"))
        _RawInsert(ContactGrant, ["grantor_id", "grantee_id", "source", "created_at"]).run(
            (*key, when) for key, when in self.grants.items() if key not in existing
        )
        _RawInsert(Notification, ["recipient_id", "actor_id", "kind", "url", "created_at"]).run(
            self.notices
        )
        self.participants, self.messages, self.grants, self.notices = [], [], {}, []

    # -- everybody's requests -----------------------------------------------------------------
    def asks(self, asks: list[AskSpec], topic_ids: dict[str, int]) -> int:
        first = _max_pk(Ask)
        _RawInsert(
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
        _RawInsert(Ask.topics.through, ["ask_id", "topic_id"]).run(
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
        _RawInsert(
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
                _fill(text, {"name": name}),
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

    # -- the demo account's story -------------------------------------------------------------
    def story(self, story: Story, topic_ids: dict[str, int]) -> dict[str, int]:
        """Write the demo account's story, asking the contact rules about every piece first
        (they hold by construction; a refusal means the plan is wrong, so nothing is written)."""
        from goodword.asks.queries import access_ask
        from goodword.asks.services import may_offer
        from goodword.introductions.services import is_trusted_contact
        from goodword.messaging.rules import can_contact
        from goodword.notifications.models import Kind

        now, people = self.now, self.people
        cast = {i for i in astuple(story)[:-1] if i is not None} | {m for m, _l in story.marks}
        users = User.objects.in_bulk([people[i].pk for i in cast | {0}])

        def user(idx: int) -> User:
            return users[people[idx].pk]

        def check(allowed: bool, what: str) -> None:
            if not allowed:
                raise RuntimeError(f"The demo story breaks the contact rules: {what}.")

        def ago(days: float = 0, hours: float = 0) -> datetime:
            return now - timedelta(days=days, hours=hours)

        done: dict[str, int] = {}
        demo = user(0)
        # Her own open request, with an introduction and an offer waiting for her.
        ask = _create(
            Ask,
            {"created_at": ago(days=3)},
            author=demo,
            title=data.DEMO_ASK["title"],
            text=data.DEMO_ASK["text"],
            city=people[0].city,
            remote=True,
            visibility=Visibility.NETWORK,
        )
        ask.topics.set([topic_ids[t] for t in data.DEMO_ASK["topics"]])
        url = reverse("asks:detail", args=[ask.pk])
        if story.own_ask_introducer is not None and story.own_ask_introduced is not None:
            answerer, member = story.own_ask_introducer, story.own_ask_introduced
            access_ask(user(answerer), ask.pk)  # 404 if the answerer could not see it
            check(is_trusted_contact(user(answerer), user(member)), "introduction answer")
            text = TextBuilder._gendered(data.DEMO_ASK_INTRODUCTION, people[member].gender)
            _create(
                AskAnswer,
                {"created_at": ago(days=2, hours=5)},
                ask=ask,
                author=user(answerer),
                kind=AnswerKind.INTRODUCE,
                introduced=user(member),
                text=_fill(text, {"name": people[member].first_name}),
            )
            self.notice(0, answerer, Kind.ANSWER_RECEIVED, url, ago(days=2, hours=5))
        if story.own_ask_offerer is not None:
            check(may_offer(ask, user(story.own_ask_offerer)), "offer answer")
            _create(
                AskAnswer,
                {"created_at": ago(days=1, hours=3)},
                ask=ask,
                author=user(story.own_ask_offerer),
                kind=AnswerKind.OFFER,
                text=data.DEMO_ASK_OFFER,
            )
            self.notice(0, story.own_ask_offerer, Kind.ANSWER_RECEIVED, url, ago(days=1, hours=3))
        done["own_request_answers"] = ask.answers.count()

        # A request from her network that she can help with (the asker recommended her).
        if story.help_asker is not None:
            help_ask = _create(
                Ask,
                {"created_at": ago(days=2, hours=9)},
                author=user(story.help_asker),
                title=data.DEMO_HELP_ASK["title"],
                text=data.DEMO_HELP_ASK["text"],
                city=people[story.help_asker].city,
                remote=True,
                visibility=Visibility.NETWORK,
            )
            help_ask.topics.set([topic_ids[t] for t in data.DEMO_HELP_ASK["topics"]])
            access_ask(demo, help_ask.pk)
            check(may_offer(help_ask, demo), "the demo's offer on a request")

        # Introductions: one waiting for her answer, one accepted with its conversation.
        for role in ("pending", "accepted"):
            introducer = getattr(story, f"{role}_introducer")
            member = getattr(story, f"{role}_member")
            if introducer is None or member is None:
                continue
            for other in (0, member):
                check(is_trusted_contact(user(introducer), user(other)), f"{role} introduction")
            template = (
                data.DEMO_PENDING_INTRODUCTION
                if role == "pending"
                else data.DEMO_ACCEPTED_INTRODUCTION
            )
            note = _fill(template, {"name": people[member].first_name})
            created = ago(hours=20) if role == "pending" else ago(days=12)
            introduction = _create(
                Introduction,
                {"created_at": created},
                introducer=user(introducer),
                member_a=user(member),
                member_b=demo,
                note=note,
                answer_a=IntroAnswer.ACCEPTED,
                answer_b=IntroAnswer.PENDING if role == "pending" else IntroAnswer.ACCEPTED,
                status=IntroStatus.PENDING if role == "pending" else IntroStatus.ACCEPTED,
                decided_at=None if role == "pending" else ago(days=11),
                introduced_mailed_at=created,
                opened_mailed_at=None if role == "pending" else ago(days=11),
            )
            if role == "pending":
                intro_url = reverse("introductions:detail", args=[introduction.pk])
                self.notice(0, introducer, Kind.INTRODUCTION_RECEIVED, intro_url, created)
                continue
            opened = ago(days=11)
            lines = [
                (0 if who == "demo" else member, intent, text, opened + timedelta(hours=3 + 20 * k))
                for k, (who, intent, text) in enumerate(data.DEMO_INTRODUCTION_MESSAGES)
            ]
            conversation = self.conversation(
                [member, 0, introducer],
                origin=Origin.INTRODUCTION,
                started_by=introducer,
                created=opened,
                lines=lines,
                note=note,
                note_author=introducer,
            )
            Introduction.objects.filter(pk=introduction.pk).update(conversation=conversation)
            self.grant(0, member, GrantSource.INTRODUCTION, opened)
            self.grant(member, 0, GrantSource.INTRODUCTION, opened)

        # A direct conversation with a member who recommended her; the reply is still unread.
        if story.direct is not None:
            first_intent = data.DEMO_DIRECT_MESSAGES[0][1]
            check(can_contact(demo, user(story.direct), first_intent).allowed, "direct message")
            started = ago(days=5)
            name = people[story.direct].first_name
            lines = [
                (
                    0 if who == "demo" else story.direct,
                    intent,
                    _fill(text, {"name": name}),
                    started + timedelta(minutes=5 * k + 26 * 60 * (who == "member")),
                )
                for k, (who, intent, text) in enumerate(data.DEMO_DIRECT_MESSAGES)
            ]
            self.conversation(
                [0, story.direct],
                origin=Origin.DIRECT,
                started_by=0,
                created=started,
                lines=lines,
                unread_for=0,
            )
            url = reverse("messaging:inbox")
            self.notice(0, story.direct, Kind.MESSAGE_RECEIVED, url, lines[-1][3])

        # Referrals: one she passed that led to business, one she received and followed up.
        for giver, receiver, spec, status in (
            (0, story.referral_to, data.DEMO_REFERRAL_GIVEN, ReferralStatus.WON),
            (story.referral_from, 0, data.DEMO_REFERRAL_RECEIVED, ReferralStatus.CONTACTED),
        ):
            if giver is None or receiver is None:
                continue
            check(can_contact(user(giver), user(receiver), Intent.INTRODUCTION).allowed, "referral")
            created = ago(days=40) if status == ReferralStatus.WON else ago(days=6)
            referral = _create(
                Referral,
                {"created_at": created, "updated_at": created + timedelta(days=4)},
                giver=user(giver),
                receiver=user(receiver),
                need=spec["need"],
                contact_name=spec["contact_name"],
                contact_details=spec["contact_details"],
                status=status,
                amount=Decimal(spec["amount"]) if "amount" in spec else None,
                thanks=spec.get("thanks", ""),
                mailed_status=status,
            )
            self.grant(giver, receiver, GrantSource.INTRODUCTION, created)
            url = reverse("referrals:detail", args=[referral.pk])
            if receiver == 0:
                self.notice(0, giver, Kind.REFERRAL_RECEIVED, url, created)
            else:
                self.notice(0, receiver, Kind.REFERRAL_UPDATED, url, created + timedelta(days=4))

        # Private marks: they shape only her own view of the network.
        _RawInsert(TrustMark, ["marker_id", "member_id", "level", "created_at", "updated_at"]).run(
            (people[0].pk, people[m].pk, level, ago(days=20 + k), ago(days=20 + k))
            for k, (m, level) in enumerate(story.marks)
        )
        done["marks"] = len(story.marks)
        return done
