"""`seed_demo`: plan the whole demo network, then write it with bulk inserts in one transaction;
`refresh_derived_data`: rebuild what other apps derive from it."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from faker import Faker
from tqdm import tqdm

from goodword.accounts.models import PROFILE_FACTS, Profile, User
from goodword.messaging.models import Conversation
from goodword.notifications.models import Kind, Notification
from goodword.recommendations.models import Recommendation, Status
from goodword.topics.models import Topic
from goodword.topics.services import link_topics_to_vocabulary, topic_slug
from goodword.trust.services import record_rebuild

from . import data
from .activity import Activity
from .circles import seed_circles
from .demo_member import plan_story, write_story
from .inserts import RawInsert, batches, max_pk
from .invitations import seed_invitations
from .meetings import seed_meetings
from .moderation import seed_moderation
from .network import Network, make_members
from .projects import write_projects
from .texts import TextBuilder
from .writer import Writer


class DemoExistsError(Exception):
    """The demo account exists already: seeding again would duplicate the network."""


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


def _profile_facts(i: int, m) -> tuple:
    """A demo member's profile facts in the order of `PROFILE_FACTS`."""
    # A third of the demo network is public, so that visitors see something too.
    chosen = {"visibility": "public" if i % 3 == 0 else "members"}
    return tuple(chosen[name] if name in chosen else getattr(m, name) for name in PROFILE_FACTS)


def _topic_ids(names: Iterable[str], now: datetime) -> dict[str, int]:
    """Ids of the topics with these names, creating the missing ones."""
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
    RawInsert(Topic, ["name", "slug", "created_at"]).run(rows)
    ids = {t.name.casefold(): t.pk for t in Topic.objects.all()}
    return {name: ids[name.casefold()] for name in wanted}


def seed_demo(
    members: int, seed: int, *, progress: bool | None = None, now: datetime | None = None
) -> SeedResult:
    """Create the demo network with `members` members (the first is the demo account).

    Deterministic for a given `seed`: names, profiles, texts and who recommends whom, whatever
    the day (dates are spread back from `now`, default the current time). Raises
    `DemoExistsError` if the demo account exists already. Everything happens in one transaction,
    so a failure leaves nothing half-written.
    """
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

    people = make_members(members, rng, fake, now)
    network = Network(people, rng, now)
    specs = network.build(lambda items: bar(items, "Planning"))
    # Requests and the demo's story draw from their own streams (and may add a few
    # recommendations), so the network itself stays what it was for this seed.
    activity = Activity(network, random.Random(seed + 2), now)  # noqa: S311
    story = plan_story(activity)
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
        first_user = max_pk(User)
        users = RawInsert(User, ["email", "password", "is_active", "date_joined"])
        for chunk in bar(list(batches(people)), "Members"):
            users.run((m.email, password, True, m.joined) for m in chunk)
        pks = dict(User.objects.filter(pk__gt=first_user).values_list("email", "pk"))
        for m in people:
            m.pk = pks[m.email]
        RawInsert(EmailAddress, ["user_id", "email", "verified", "primary"]).run(
            (m.pk, m.email, True, True) for m in people
        )
        RawInsert(Profile, ["user_id", *PROFILE_FACTS, "created_at", "updated_at"]).run(
            (m.pk, *_profile_facts(i, m), m.joined, m.joined) for i, m in enumerate(people)
        )
        RawInsert(Profile.topics.through, ["profile_id", "topic_id"]).run(
            (m.pk, topic_ids[t]) for m in people for t in m.topics
        )

        # Recommendations with their texts, topics and the notifications of pending ones.
        first_rec = max_pk(Recommendation)
        recs = RawInsert(
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
        for chunk in bar(list(batches(specs)), "Recommendations"):
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
        RawInsert(Recommendation.topics.through, ["recommendation_id", "topic_id"]).run(
            (rec_pks[people[s.author].pk, people[s.subject].pk], topic_ids[t])
            for s in specs
            for t in s.topics
        )
        inbox = reverse("recommendations:inbox")
        RawInsert(Notification, ["recipient_id", "actor_id", "kind", "url", "created_at"]).run(
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
        writer = Writer(people, now)
        result.asks = len(asks)
        result.answers = writer.asks(asks, topic_ids)
        writer.flush()
        if members > 1:
            result.extra.update(write_story(writer, story, topic_ids))
            writer.flush()
            result.extra.update(write_projects(people[0].pk, now))
            result.extra.update(seed_moderation(people, now))
        result.extra.update(seed_circles(people, random.Random(seed + 3), now))  # noqa: S311
        result.extra.update(seed_meetings(now))
        result.conversations = Conversation.objects.count()
        result.extra["invitations"] = seed_invitations(people, random.Random(seed + 3), now)  # noqa: S311
    result.extra["rendered_sentences"] = len(texts.cache)
    return result


def refresh_derived_data(*, verbosity: int = 0) -> list[str]:
    """Rebuild what other apps derive from members and recommendations, because the seed
    bypasses the services that normally keep it current: the search index is rebuilt and the
    trust graph is told to rebuild on its next query (a full build reads recommendations,
    private marks and referrals that led to business alike). Returns what was refreshed."""
    done = []
    if link_topics_to_vocabulary():
        done.append("topic vocabulary")
    call_command("rebuild_search_index", verbosity=verbosity)
    done.append("search index")
    record_rebuild()
    done.append("trust graph")
    return done
