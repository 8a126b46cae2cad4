"""Demo circles: a handful of circles with members, stated values, board posts, a pending join
request and an invitation, so every circle page shows something for the demo login.

The demo account (`people[0]`) founds an open circle in its city (with a join request waiting
for it), is a member of a closed online circle, is invited into a third, and finds an open
circle in its city on the discovery page. Deterministic for a given random stream.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from .inserts import RawInsert, create_dated
from .network import Member

# (name, purpose, values, online, closed)
CIRCLES = [
    (
        "Coaching-Kreis {city}",
        "Selbstständige, die sich gegenseitig bei Akquise, Preisen und Weiterbildung coachen: "
        "jede Woche ein Ziel, jede Woche jemand, der nachfragt.",
        [
            "Was im Kreis gesagt wird, bleibt im Kreis.",
            "Wir helfen, bevor wir fragen.",
            "Ehrliches Feedback, freundlich gesagt.",
        ],
        False,
        False,
    ),
    (
        "Remote-Profis im Austausch",
        "Freiberuflerinnen und Freiberufler, die online arbeiten und voneinander lernen wollen: "
        "Werkzeuge, Verträge, gute Kundinnen und Kunden.",
        ["Wir teilen, was funktioniert, und auch, was nicht.", "Keine Verkaufsgespräche im Kreis."],
        True,
        True,
    ),
    (
        "Handwerk und Zukunft {city}",
        "Meisterinnen und Meister, die ihre Betriebe weiterbringen wollen: Nachwuchs, "
        "Digitalisierung und die Übergabe an die nächste Generation.",
        ["Wir begegnen uns auf Augenhöhe.", "Wer fragt, bekommt eine ehrliche Antwort."],
        False,
        False,
    ),
    (
        "Frauen in Führung {city}",
        "Wir begleiten uns auf dem Weg in die erste und zweite Führungsrolle: "
        "Verhandeln, Delegieren, Sichtbarkeit.",
        ["Vertraulichkeit ist selbstverständlich.", "Wir feiern die Erfolge der anderen."],
        False,
        True,
    ),
    (
        "Gründungsrunde online",
        "Menschen im ersten Jahr ihrer Selbstständigkeit, die sich monatlich zu ihren Zielen "
        "austauschen.",
        ["Jede Frage ist erlaubt.", "Wir halten unsere Zusagen."],
        True,
        False,
    ),
]

POSTS = {
    "goal": [
        "Mein Ziel für diesen Monat: zwei neue Stammkundinnen und endlich ein Angebot mit "
        "Festpreis.",
        "Bis zum nächsten Treffen will ich meine Website überarbeitet haben. Wer schaut drüber?",
    ],
    "question": [
        "Wie geht ihr mit Kundinnen um, die jede Rechnung erst nach der dritten Mahnung zahlen?",
        "Nutzt jemand von euch ein Werkzeug für die Zeiterfassung, das nicht nervt?",
    ],
    "help": [
        "Ich suche jemanden, der mir bei der ersten Steuererklärung als Selbstständige über die "
        "Schulter schaut. Kennt ihr wen?",
        "Ich brauche einen Rat zu einem Vertrag mit einer Agentur. Hat jemand Zeit für ein "
        "kurzes Telefonat?",
    ],
    "advice": [
        "Mein Tipp aus dem letzten Jahr: Angebote immer mit zwei Varianten schicken. Die "
        "Kundinnen wählen dann zwischen meinen Optionen statt gegen mich.",
        "Was mir geholfen hat: feste Bürozeiten, auch im Homeoffice.",
    ],
    "report": [
        "Kurzer Bericht vom Treffen: Wir haben über Preiserhöhungen gesprochen. Drei von uns "
        "probieren bis zum nächsten Mal eine Erhöhung um zehn Prozent aus.",
    ],
}


def seed_circles(people: list[Member], rng: random.Random, now: datetime) -> dict[str, int]:
    """Write the demo circles (members are already written, with `pk`s). Returns counts."""
    from goodword.circles.models import (
        Circle,
        CircleInvitation,
        JoinedVia,
        JoinRequest,
        Membership,
        Post,
        Role,
    )

    if len(people) < 6:
        return {}
    demo = people[0]
    city = demo.city or "Köln"
    by_city: dict[str, list[Member]] = {}
    for m in people[1:]:
        by_city.setdefault(m.city, []).append(m)
    others = people[1:]

    def members_for(local: bool, size: int) -> list[Member]:
        pool = by_city.get(city, []) if local else others
        if len(pool) < size:
            pool = others
        return rng.sample(pool, min(size, len(pool)))

    circles, memberships, posts = [], [], []
    plan = []
    for i, (name, purpose, values, online, closed) in enumerate(CIRCLES):
        group = members_for(not online, rng.randint(5, 9))
        if i == 0:  # the demo founds the first circle; someone stays outside to ask
            founder, group = demo, group[: len(others) - 1]
        elif i == 1:
            founder, group = group[0], [*group[1:], demo]  # and is a member of the second
        else:
            founder, group = group[0], group[1:]
        created = now - timedelta(days=rng.randint(40, 200))
        circle = create_dated(
            Circle,
            {"created_at": created, "updated_at": created},
            name=name.format(city=city),
            purpose=purpose,
            values=values,
            city="" if online else city,
            is_online=online,
            access="closed" if closed else "open",
            founder_id=founder.pk,
        )
        circles.append(circle)
        plan.append((circle, founder, [m for m in group if m.pk != founder.pk], created, values))

    for circle, founder, group, created, values in plan:
        memberships.append(
            (circle.pk, founder.pk, Role.FOUNDER, JoinedVia.FOUNDED, None, values, created, created)
        )
        for j, m in enumerate(group):
            joined = created + timedelta(days=2 + j * 3)
            role = Role.MODERATOR if j == 0 else Role.MEMBER
            via = JoinedVia.INVITATION if circle.access == "closed" else JoinedVia.REQUEST
            memberships.append((circle.pk, m.pk, role, via, founder.pk, values, joined, joined))
        authors = [founder, *group]
        when = created + timedelta(days=3)
        for intent in ["goal", "question", "help", "advice", "report", "goal"]:
            when += timedelta(days=rng.randint(2, 9), hours=rng.randint(0, 10))
            if when >= now:
                break
            posts.append(
                (circle.pk, rng.choice(authors).pk, intent, rng.choice(POSTS[intent]), when)
            )
    RawInsert(
        Membership,
        [
            "circle",
            "member",
            "role",
            "joined_via",
            "admitted_by",
            "agreed_values",
            "agreed_at",
            "joined_at",
        ],
    ).run(memberships)
    RawInsert(Post, ["circle", "author", "intent", "text", "created_at"]).run(posts)

    # Someone asks to join the demo's circle; the demo is invited into another.
    member_ids = {(c, m) for c, m, *_rest in memberships}
    mine = circles[0]
    applicant = next(m for m in others if (mine.pk, m.pk) not in member_ids)
    create_dated(
        JoinRequest,
        {"created_at": now - timedelta(hours=20)},
        circle=mine,
        applicant_id=applicant.pk,
        note="Ich bin seit einem Jahr selbstständig und würde gern von euch lernen.",
        agreed_values=mine.values,
    )
    invited_to = circles[3]
    inviter = next(f for c, f, *_r in plan if c.pk == invited_to.pk)
    create_dated(
        CircleInvitation,
        {"created_at": now - timedelta(days=1)},
        circle=invited_to,
        invitee_id=demo.pk,
        invited_by_id=inviter.pk,
        note="Du würdest gut zu uns passen. Magst du dazukommen?",
    )
    return {"circles": len(circles), "circle_posts": len(posts)}
