"""Meetings of the demo network: in each of the demo account's circles a past growth round
(with goals and answers), an upcoming one in person with a capacity and an online one; and
one-to-ones of the demo account (one proposed to her, one that took place). Written after the
circles, directly (the seed bypasses the services, as for everything else), relative to `now`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse

from goodword.accounts.models import User
from goodword.circles.models import MODERATING_ROLES, Membership
from goodword.meetings.models import (
    Answer,
    Goal,
    Meeting,
    OneToOne,
    OneToOneStatus,
    ProposedTime,
    Rsvp,
)
from goodword.notifications.models import Kind, Notification

from . import data

BERLIN = ZoneInfo("Europe/Berlin")
GOALS = [
    "Zwei neue Kundinnen für meine Workshops finden.",
    "Meine Preise endlich erhöhen, ohne Stammkunden zu verlieren.",
    "Eine gute Steuerberaterin für mein erstes volles Jahr finden.",
    "Mein Angebot in einem Satz erklären können.",
    "Jemanden finden, der mit mir eine Weiterbildung zur Moderation macht.",
]


def _at(now: datetime, days: int, hour: int, minute: int = 0) -> datetime:
    day = (now.astimezone(BERLIN) + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def seed_meetings(now: datetime) -> dict[str, int]:
    """Meetings, answers, goals and one-to-ones for the demo account's circles (none if she
    belongs to no circle). Returns counts for the seed's summary."""
    demo = User.objects.filter(email__iexact=data.DEMO_EMAIL).first()
    if demo is None:
        return {}
    circles = [
        m.circle for m in Membership.objects.filter(member=demo).select_related("circle")[:2]
    ]
    meetings = rsvps = goals = 0
    peers: list[int] = []
    for n, circle in enumerate(circles):
        members = list(
            Membership.objects.filter(circle=circle)
            .exclude(member=demo)
            .order_by("joined_at", "pk")
            .values_list("member_id", "role")
        )
        if not members:
            continue
        organiser = next((m for m, role in members if role in MODERATING_ROLES), members[0][0])
        others = [m for m, _role in members][:8]
        peers += [m for m in others if m not in peers]
        plans = [
            (
                f"Wachstumsrunde {circle.name}",
                -10 - n,
                18,
                "Coworking, Venloer Str. 1, Köln",
                "",
                None,
            ),
            ("Zielerunde und Preisgestaltung", 6 + n, 18, "Coworking, Venloer Str. 1, Köln", "", 8),
            ("Online-Runde am Morgen", 20 + n, 8, "", "https://meet.goodword.test/kreis", None),
        ]
        for title, days, hour, place, link, capacity in plans:
            starts = _at(now, days, hour)
            meeting = Meeting.objects.create(
                circle=circle,
                organiser_id=organiser,
                title=title,
                agenda="Jede und jeder nennt ein Ziel; wir helfen einander mit Kontakten und Rat.",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                time_zone="Europe/Berlin",
                place=place,
                online_url=link,
                capacity=capacity,
            )
            meetings += 1
            past = days < 0
            attendees = others[:5] + ([demo.pk] if past else [])
            answered = starts - timedelta(days=5)
            Rsvp.objects.bulk_create(
                [
                    Rsvp(
                        meeting=meeting,
                        member_id=m,
                        answer=Answer.YES if i % 4 else Answer.MAYBE,
                        answered_at=answered,
                    )
                    for i, m in enumerate(attendees)
                ]
            )
            rsvps += len(attendees)
            writers = attendees[:3] if past or capacity else []
            Goal.objects.bulk_create(
                [
                    Goal(meeting=meeting, member_id=m, text=GOALS[(i + n) % len(GOALS)])
                    for i, m in enumerate(writers)
                ]
            )
            goals += len(writers)
    one_to_ones = 0
    if len(peers) >= 2:
        proposed = OneToOne.objects.create(
            proposer_id=peers[0],
            invitee=demo,
            note="Wir sitzen im selben Kreis – ich würde gern hören, woran du gerade arbeitest.",
            place="Café am Brüsseler Platz, Köln",
        )
        ProposedTime.objects.bulk_create(
            [ProposedTime(one_to_one=proposed, starts_at=_at(now, d, 9)) for d in (3, 5)]
        )
        Notification.objects.create(
            recipient=demo,
            actor_id=peers[0],
            kind=Kind.ONE_TO_ONE_PROPOSED,
            url=reverse("meetings:one_to_one", args=[proposed.pk]),
        )
        met = _at(now, -4, 12, 30)
        OneToOne.objects.create(
            proposer=demo,
            invitee_id=peers[1],
            note="Lass uns beim Mittagessen kennenlernen, was wir beide anbieten.",
            online_url="https://meet.goodword.test/kennenlernen",
            status=OneToOneStatus.ACCEPTED,
            starts_at=met,
            decided_at=met - timedelta(days=3),
            invitee_knows_at=met + timedelta(hours=2),
        )
        one_to_ones = 2
    return {"meetings": meetings, "rsvps": rsvps, "goals": goals, "one_to_ones": one_to_ones}
