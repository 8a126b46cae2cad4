"""The demo account's own story: her request with two answers, a request she can help with,
introductions, a direct conversation, referrals and private marks; planned, then written."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import astuple, dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.urls import reverse

from goodword.accounts.models import User
from goodword.asks.models import Answer as AskAnswer
from goodword.asks.models import AnswerKind, Ask, Visibility
from goodword.asks.queries import access_ask
from goodword.asks.services import may_offer
from goodword.introductions.models import Answer as IntroAnswer
from goodword.introductions.models import Introduction
from goodword.introductions.models import Status as IntroStatus
from goodword.introductions.services import is_trusted_contact
from goodword.messaging.models import GrantSource, Intent, Origin
from goodword.messaging.rules import can_contact
from goodword.notifications.models import Kind
from goodword.referrals.models import Referral, ReferralStatus
from goodword.trust.models import MarkLevel, TrustMark

from . import data
from .activity import Activity
from .inserts import RawInsert, create_dated
from .texts import TextBuilder, fill
from .writer import Writer


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


def plan_story(activity: Activity) -> Story:
    """Cast the demo account's story from the planned network (may plan a few accepted
    recommendations so that every part has someone to play it)."""
    story = Story()
    n = len(activity.members)
    if n < 12:
        return story
    used = {0}
    received = [i for i in activity.inc.get(0, []) if i != 0]
    given = [i for i in activity.out.get(0, []) if i != 0]

    def take(pool: Iterable[int]) -> int | None:
        for i in pool:
            if i not in used:
                used.add(i)
                return i
        return None

    web = next(i for i, p in enumerate(data.PROFESSIONS) if p[0] == "Webentwicklerin")
    demo = activity.members[0]
    strangers = [i for i in range(1, n) if not activity.connected(0, i)]
    builders = sorted(
        strangers,
        key=lambda i: (
            activity.members[i].profession_idx != web,
            activity.members[i].city != demo.city,
            i,
        ),
    )
    # Own request: one answer introduces a web developer, one offers (the demo trusts them).
    story.own_ask_introducer = take(given)
    if story.own_ask_introducer is not None:
        for i in builders:
            if i not in used and activity.ensure(story.own_ask_introducer, i):
                story.own_ask_introduced = take([i])
                break
    for i in builders:
        if i not in used and activity.ensure(0, i):
            story.own_ask_offerer = take([i])
            break
    story.help_asker = take(received)
    story.pending_introducer = take(received)
    story.accepted_introducer = take(received)
    for role in ("pending", "accepted"):
        introducer = getattr(story, f"{role}_introducer")
        if introducer is None:
            continue
        pool = activity.rng.sample(strangers, k=len(strangers))
        for i in pool:
            if i not in used and not activity.connected(0, i) and activity.ensure(introducer, i):
                setattr(story, f"{role}_member", take([i]))
                break
    story.direct = take(received)
    story.referral_to = take(received)
    story.referral_from = take(given)
    # Private marks: two positive ones about members the demo has no public tie to, and one
    # "would not recommend" about a member her network speaks well of.
    local = [i for i in strangers if activity.members[i].city == demo.city] + strangers
    for level in (MarkLevel.KNOW_PERSONALLY, MarkLevel.WORKED_WITH):
        member = take(local)
        if member is not None:
            story.marks.append((member, level))
    two_hops = [j for i in given for j in activity.out.get(i, []) if not activity.connected(0, j)]
    member = take(two_hops + strangers)
    if member is not None:
        story.marks.append((member, MarkLevel.WOULD_NOT_RECOMMEND))
    return story


def write_story(writer: Writer, story: Story, topic_ids: dict[str, int]) -> dict[str, int]:
    """Write the demo account's story, asking the contact rules about every piece first
    (they hold by construction; a refusal means the plan is wrong, so nothing is written)."""
    now, people = writer.now, writer.people
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
    ask = create_dated(
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
        create_dated(
            AskAnswer,
            {"created_at": ago(days=2, hours=5)},
            ask=ask,
            author=user(answerer),
            kind=AnswerKind.INTRODUCE,
            introduced=user(member),
            text=fill(text, {"name": people[member].first_name}),
        )
        writer.notice(0, answerer, Kind.ANSWER_RECEIVED, url, ago(days=2, hours=5))
    if story.own_ask_offerer is not None:
        check(may_offer(ask, user(story.own_ask_offerer)), "offer answer")
        create_dated(
            AskAnswer,
            {"created_at": ago(days=1, hours=3)},
            ask=ask,
            author=user(story.own_ask_offerer),
            kind=AnswerKind.OFFER,
            text=data.DEMO_ASK_OFFER,
        )
        writer.notice(0, story.own_ask_offerer, Kind.ANSWER_RECEIVED, url, ago(days=1, hours=3))
    done["own_request_answers"] = ask.answers.count()

    # A request from her network that she can help with (the asker recommended her).
    if story.help_asker is not None:
        help_ask = create_dated(
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
            data.DEMO_PENDING_INTRODUCTION if role == "pending" else data.DEMO_ACCEPTED_INTRODUCTION
        )
        note = fill(template, {"name": people[member].first_name})
        created = ago(hours=20) if role == "pending" else ago(days=12)
        introduction = create_dated(
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
            writer.notice(0, introducer, Kind.INTRODUCTION_RECEIVED, intro_url, created)
            continue
        opened = ago(days=11)
        lines = [
            (0 if who == "demo" else member, intent, text, opened + timedelta(hours=3 + 20 * k))
            for k, (who, intent, text) in enumerate(data.DEMO_INTRODUCTION_MESSAGES)
        ]
        conversation = writer.conversation(
            [member, 0, introducer],
            origin=Origin.INTRODUCTION,
            started_by=introducer,
            created=opened,
            lines=lines,
            note=note,
            note_author=introducer,
        )
        Introduction.objects.filter(pk=introduction.pk).update(conversation=conversation)
        writer.grant(0, member, GrantSource.INTRODUCTION, opened)
        writer.grant(member, 0, GrantSource.INTRODUCTION, opened)

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
                fill(text, {"name": name}),
                started + timedelta(minutes=5 * k + 26 * 60 * (who == "member")),
            )
            for k, (who, intent, text) in enumerate(data.DEMO_DIRECT_MESSAGES)
        ]
        writer.conversation(
            [0, story.direct],
            origin=Origin.DIRECT,
            started_by=0,
            created=started,
            lines=lines,
            unread_for=0,
        )
        url = reverse("messaging:inbox")
        writer.notice(0, story.direct, Kind.MESSAGE_RECEIVED, url, lines[-1][3])

    # Referrals: one she passed that led to business, one she received and followed up.
    for giver, receiver, spec, status in (
        (0, story.referral_to, data.DEMO_REFERRAL_GIVEN, ReferralStatus.WON),
        (story.referral_from, 0, data.DEMO_REFERRAL_RECEIVED, ReferralStatus.CONTACTED),
    ):
        if giver is None or receiver is None:
            continue
        check(can_contact(user(giver), user(receiver), Intent.INTRODUCTION).allowed, "referral")
        created = ago(days=40) if status == ReferralStatus.WON else ago(days=6)
        referral = create_dated(
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
        writer.grant(giver, receiver, GrantSource.INTRODUCTION, created)
        url = reverse("referrals:detail", args=[referral.pk])
        if receiver == 0:
            writer.notice(0, giver, Kind.REFERRAL_RECEIVED, url, created)
        else:
            writer.notice(0, receiver, Kind.REFERRAL_UPDATED, url, created + timedelta(days=4))

    # Private marks: they shape only her own view of the network.
    RawInsert(TrustMark, ["marker_id", "member_id", "level", "created_at", "updated_at"]).run(
        (people[0].pk, people[m].pk, level, ago(days=20 + k), ago(days=20 + k))
        for k, (m, level) in enumerate(story.marks)
    )
    done["marks"] = len(story.marks)
    return done
