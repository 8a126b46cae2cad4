"""The demo's invitations: the demo member brought two members in and has two invitations
waiting (one by e-mail, one link); a few other members invited someone too. Deterministic for a
seed; written straight into the tables like the rest of the seed (the trust graph is rebuilt
afterwards, `seed.refresh_derived_data`)."""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta

from django.conf import settings

from goodword.invitations import queries
from goodword.invitations.models import Channel, Invitation, InvitationStatus

NOTES = [
    "Wir haben 2019 zusammen das Stadtteilfest organisiert.",
    "Kolleginnen aus dem Architekturbüro am Hafen.",
    "Er hat mir beim Umzug der Werkstatt geholfen, seitdem arbeiten wir oft zusammen.",
    "Wir kennen uns aus dem Chor und haben schon zwei Aufträge geteilt.",
    "Sie war meine Ausbilderin in der Tischlerei.",
    "Nachbarn seit Jahren, und sie hat unsere Buchhaltung gerettet.",
]


def _invitation(inviter, *, now, note, invitee=None, email="", channel=Channel.LINK, days_ago=3):
    created = now - timedelta(days=days_ago)
    invitation = Invitation(
        inviter_id=inviter.pk,
        channel=channel,
        email=email,
        note=note,
        nonce=secrets.token_hex(16),
        created_at=created,
        expires_at=created + timedelta(days=settings.INVITATION_VALID_DAYS),
        language="de",
    )
    invitation.token_hash = queries.token_hash(queries.invitation_token(invitation))
    if invitee is not None:
        invitation.status = InvitationStatus.ACCEPTED
        invitation.invitee_id = invitee.pk
        invitation.accepted_at = max(created, invitee.joined)
        invitation.created_at = min(created, invitee.joined - timedelta(days=1))
    return invitation


def seed_invitations(people: list, rng: random.Random, now: datetime) -> int:
    """Accepted and waiting invitations among `people` (the first is the demo member)."""
    if len(people) < 12:
        return 0
    demo = people[0]
    later = sorted((m for m in people[1:] if m.joined > demo.joined), key=lambda m: m.joined)
    rows = []
    taken: set[int] = set()
    for invitee in later[:2]:
        rows.append(_invitation(demo, now=now, note=rng.choice(NOTES), invitee=invitee))
        taken.add(invitee.pk)
    rows.append(
        _invitation(
            demo,
            now=now,
            note=NOTES[0],
            email="kim.berger@example.org",
            channel=Channel.EMAIL,
            days_ago=2,
        )
    )
    rows.append(_invitation(demo, now=now, note=NOTES[1], days_ago=5))
    inviters = [m for m in people[1:] if m.pk not in taken][:6]
    candidates = [m for m in later[2:] if m.pk not in taken]
    for inviter in inviters:
        younger = [m for m in candidates if m.joined > inviter.joined and m.pk not in taken]
        if not younger:
            continue
        invitee = younger[0]
        taken.add(invitee.pk)
        rows.append(_invitation(inviter, now=now, note=rng.choice(NOTES), invitee=invitee))
    Invitation.objects.bulk_create(rows)
    return len(rows)
