"""Demo projects: a few open and closed short collaborations, cast from the seeded network.

Each project is started by a member who publicly recommended several others; the seats are
topics those others were recommended for. Closed projects have every seat filled and their
team conversation; open ones have a filled seat, an open one with a member asking to join, and
a supporter's words the owner agreed to show. Every team meets: open projects have an upcoming
team meeting, closed ones a past one everybody came to (`goodword.meetings` group meetings).
The demo account starts the first (open) project when it recommended enough members, so its
candidates page has people to show.

Deterministic for a seed: members are chosen by their order in the seeded network.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse

from goodword.meetings.models import GroupMember, Meeting, MeetingGroup, Rsvp
from goodword.messaging.models import ContactGrant, Conversation, Origin, Participant
from goodword.projects.models import (
    Application,
    ApplicationKind,
    Project,
    ProjectStatus,
    ProjectValue,
    Seat,
    Support,
    SupportStatus,
)
from goodword.recommendations.models import Recommendation, Status
from goodword.topics.models import Topic

PROJECTS = [
    {
        "title": "Reparaturcafé im Veedel",
        "problem": "Kaputte Toaster, wackelige Stühle und Fahrräder landen im Müll, weil "
        "niemand Zeit und Werkzeug hat, sie zu reparieren.",
        "why_important": "Jedes reparierte Ding spart Geld und Müll, und Nachbarn lernen sich "
        "dabei kennen.",
        "why_solvable": "Der Gemeindesaal ist samstags frei, Werkzeug gibt es als Spende, es "
        "fehlt nur die Organisation.",
        "why_me": "Ich habe schon zwei Flohmärkte im Viertel organisiert und kenne den Saal.",
        "pay": "unpaid",
        "values": ["Früh sagen, wenn etwas schiefgeht.", "Reparieren statt wegwerfen."],
        "status": ProjectStatus.OPEN,
    },
    {
        "title": "Website für die Tafel",
        "problem": "Die Tafel hat keine Website; Ehrenamtliche finden nicht heraus, wann "
        "Hilfe gebraucht wird.",
        "why_important": "Mehr Helfende heißt längere Öffnungszeiten für die Menschen, die "
        "auf die Tafel angewiesen sind.",
        "why_solvable": "Eine einfache Seite mit Schichtplan reicht; Texte und Fotos gibt es.",
        "why_me": "Ich betreue die Schichtplanung der Tafel seit drei Jahren.",
        "pay": "shared",
        "values": ["Gemeinsam entscheiden und es aufschreiben."],
        "status": ProjectStatus.DONE,
    },
    {
        "title": "Ladenumbau in sechs Wochen",
        "problem": "Ein kleiner Laden soll in sechs Wochen neu eingerichtet werden, ohne "
        "lange zu schließen.",
        "why_important": "Der Laden lebt vom Weihnachtsgeschäft; jede Woche Schließung kostet.",
        "why_solvable": "Pläne und Budget stehen; es braucht Menschen, die einander vertrauen.",
        "why_me": "Ich habe den Laden gegründet und kenne jede Ecke.",
        "pay": "paid",
        "values": ["Halten, was wir zusagen, oder es rechtzeitig sagen."],
        "status": ProjectStatus.STOPPED,
    },
    {
        "title": "Podcast über Handwerk",
        "problem": "Junge Menschen wissen wenig über Handwerksberufe, weil niemand davon erzählt.",
        "why_important": "Betriebe finden keinen Nachwuchs, obwohl die Arbeit gut ist.",
        "why_solvable": "Handwerkerinnen erzählen gern; Technik ist günstig geworden.",
        "why_me": "Ich bin selbst Tischlerin und kenne viele, die erzählen wollen.",
        "pay": "unpaid",
        "values": ["Fragen statt annehmen: Niemand kennt jedes Fach."],
        "status": ProjectStatus.OPEN,
    },
]


def _recommended(author_id: int) -> list[tuple[int, int]]:
    """(subject, topic) pairs of the author's accepted recommendations, first topic each."""
    pairs = []
    for rec in (
        Recommendation.objects.filter(author_id=author_id, status=Status.ACCEPTED)
        .order_by("pk")
        .prefetch_related("topics")
    ):
        topics = sorted(t.pk for t in rec.topics.all())
        if topics:
            pairs.append((rec.subject_id, topics[0]))
    return pairs


def _owners(demo_id: int) -> list[int]:
    """The demo account first (if it recommended enough people), then members who recommended
    at least three others, in id order."""
    counts: dict[int, int] = {}
    for author_id in (
        Recommendation.objects.filter(status=Status.ACCEPTED)
        .order_by("author_id")
        .values_list("author_id", flat=True)
    ):
        counts[author_id] = counts.get(author_id, 0) + 1
    owners = [a for a, n in sorted(counts.items()) if n >= 3]
    if demo_id in owners:
        owners.remove(demo_id)
        owners.insert(0, demo_id)
    return owners


def write_projects(demo_id: int, now: datetime) -> dict[str, int]:
    """Write the demo projects; returns how many of each were written."""
    owners = _owners(demo_id)
    written = {"projects": 0, "project_seats_filled": 0, "team_meetings": 0}
    used_owners: set[int] = set()
    for spec in PROJECTS:
        owner_id = next((o for o in owners if o not in used_owners), None)
        if owner_id is None:
            break
        used_owners.add(owner_id)
        pairs = []
        seen_topics: set[int] = set()
        for subject_id, topic_id in _recommended(owner_id):
            if topic_id not in seen_topics and subject_id != owner_id:
                seen_topics.add(topic_id)
                pairs.append((subject_id, topic_id))
        pairs = pairs[:3]
        if len(pairs) < 2:
            continue
        is_open = spec["status"] == ProjectStatus.OPEN
        start = (now + timedelta(days=14)) if is_open else (now - timedelta(days=120))
        project = Project.objects.create(
            owner_id=owner_id,
            title=spec["title"],
            problem=spec["problem"],
            why_important=spec["why_important"],
            why_solvable=spec["why_solvable"],
            why_me=spec["why_me"],
            starts_on=start.date(),
            ends_on=(start + timedelta(days=60)).date(),
            city="Köln",
            remote=spec["pay"] != "paid",
            pay=spec["pay"],
            visibility="members" if written["projects"] % 2 else "network",
            status=spec["status"],
            closed_at=None if is_open else now - timedelta(days=30),
        )
        written["projects"] += 1
        ProjectValue.objects.bulk_create(
            [
                ProjectValue(project=project, text=v, position=i)
                for i, v in enumerate(spec["values"])
            ]
        )
        team = [owner_id]
        for position, (subject_id, topic_id) in enumerate(pairs):
            # Open projects leave their last seat open; closed ones filled every seat.
            filled = not is_open or position < len(pairs) - 1
            seat = Seat.objects.create(
                project=project,
                topic=Topic.objects.get(pk=topic_id),
                position=position,
                member_id=subject_id if filled else None,
                filled_at=start - timedelta(days=7) if filled else None,
            )
            if filled:
                team.append(subject_id)
                written["project_seats_filled"] += 1
            elif subject_id != demo_id:
                Application.objects.create(
                    seat=seat,
                    member_id=subject_id,
                    kind=ApplicationKind.ASK,
                    text="Ich habe genau das schon zweimal gemacht und hätte im Frühjahr Zeit.",
                )
        supporter = (
            Recommendation.objects.filter(subject_id=owner_id, status=Status.ACCEPTED)
            .exclude(author_id__in=team)
            .order_by("pk")
            .values_list("author_id", flat=True)
            .first()
        )
        if supporter is not None:
            Support.objects.create(
                project=project,
                author_id=supporter,
                text="sie oder er hält, was versprochen wird, und bringt Leute zusammen.",
                status=SupportStatus.ACCEPTED,
                decided_at=now - timedelta(days=3),
            )
        if not is_open:
            conversation = Conversation.objects.create(
                started_by_id=owner_id, origin=Origin.PROJECT, last_message_at=start
            )
            Participant.objects.bulk_create(
                [Participant(conversation=conversation, user_id=m) for m in team]
            )
            ContactGrant.objects.bulk_create(
                [
                    ContactGrant(grantor_id=a, grantee_id=b, source=Origin.PROJECT)
                    for a in team
                    for b in team
                    if a != b
                ],
                ignore_conflicts=True,
            )
            project.conversation = conversation
            project.save(update_fields=["conversation"])
        _team_meeting(project, team, now)
        written["team_meetings"] += 1
    return written


def _team_meeting(project: Project, team: list[int], now: datetime) -> None:
    """The team's meeting group and one meeting: ahead for an open project (the owner comes,
    the others have not answered yet), behind for a closed one (everybody came)."""
    group = MeetingGroup.objects.create(
        name=project.title, home_path=reverse("projects:team", args=[project.pk])
    )
    GroupMember.objects.bulk_create(
        [GroupMember(group=group, member_id=m, is_host=m == project.owner_id) for m in team]
    )
    project.meeting_group = group
    project.save(update_fields=["meeting_group"])
    day = now + timedelta(days=4) if project.is_open else project.closed_at - timedelta(days=2)
    starts = day.replace(hour=17, minute=0, second=0, microsecond=0)
    meeting = Meeting.objects.create(
        group=group,
        organiser_id=project.owner_id,
        title="Auftakt: wer macht was?" if project.is_open else "Abschlussrunde",
        agenda="Werte kurz durchgehen, dann jede und jeder: was ich beitrage, was ich brauche.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        time_zone="Europe/Berlin",
        online_url="https://meet.goodword.test/team",
        growth_round=False,
    )
    coming = team[:1] if project.is_open else team
    answered = starts - timedelta(days=3)
    Rsvp.objects.bulk_create(
        [Rsvp(meeting=meeting, member_id=m, answer="yes", answered_at=answered) for m in coming]
    )
