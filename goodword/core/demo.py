"""The demo network: deterministic, realistic German-speaking professionals who recommend each
other mostly within their local circles, with some links across cities and professions.

`seed_demo(members=N, seed=S)` builds the whole network with bulk inserts in one transaction, so
100,000 members take a few minutes, not hours. The same seed gives the same names and texts.
Only `manage.py seed_demo` calls this; the vocabulary lives in `demo_data`.
"""

from __future__ import annotations

import html
import random
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
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
from goodword.recommendations.models import Recommendation, Status
from goodword.topics.models import Topic

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
    specs = _Network(people, rng, now).build(lambda items: bar(items, "Planning"))
    texts = TextBuilder(random.Random(seed + 1))  # noqa: S311
    password = make_password(data.DEMO_PASSWORD)  # hashed once and shared: hashing is slow
    result = SeedResult(members=members)

    with transaction.atomic():
        topic_ids = _topic_ids(
            [t for m in people for t in m.topics] + [t for s in specs for t in s.topics], now
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
    result.extra["rendered_sentences"] = len(texts.cache)
    return result


def refresh_derived_data(*, verbosity: int = 0) -> list[str]:
    """Rebuild what other apps derive from members and recommendations, because the seed
    bypasses the services that normally keep it current: the search index is rebuilt and the
    trust graph is told to rebuild on its next query. Returns what was refreshed."""
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
