"""Every write to a member's account and profile goes through a function in this module."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from goodword.search.services import request_search_refresh
from goodword.topics.services import get_or_create_topics, normalise_topic_name

from .models import LANGUAGE_CHOICES, Profile, User

# Facts a member may change, and nothing else (no "about me": others speak for them).
EDITABLE_FIELDS = (
    "display_name",
    "city",
    "country",
    "profession",
    "languages",
    "website",
    "impressum_url",
    "looking_for",
)
MAX_TOPICS = 12
LANGUAGE_CODES = {code for code, _label in LANGUAGE_CHOICES}


@transaction.atomic
def create_profile(user: User, *, display_name: str = "") -> Profile:
    """Give a new member their (empty) profile. Idempotent: returns the existing one if present."""
    profile, _created = Profile.objects.get_or_create(
        user=user, defaults={"display_name": display_name.strip()[:120]}
    )
    return profile


def validate_topic_names(names: list[str]) -> list[str]:
    """Normalised, case-insensitively de-duplicated topic names; `ValidationError` on bad ones."""
    cleaned: list[str] = []
    errors: list[str] = []
    for name in names:
        try:
            value = normalise_topic_name(name)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        if value.casefold() not in {c.casefold() for c in cleaned}:
            cleaned.append(value)
    if len(cleaned) > MAX_TOPICS:
        errors.append(_("Please choose at most %(max)d topics.") % {"max": MAX_TOPICS})
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def update_profile(profile: Profile, changes: dict[str, Any]) -> Profile:
    """Change some of a member's facts. `changes` maps `EDITABLE_FIELDS` (and `topics`, a list
    of names; new ones join the shared vocabulary) to new values. Everything is validated first;
    on any error a `ValidationError` with per-field messages is raised and nothing is saved."""
    unknown = set(changes) - {*EDITABLE_FIELDS, "topics"}
    if unknown:
        raise ValidationError(
            {name: [_("This field cannot be changed.")] for name in sorted(unknown)}
        )
    # Work on a fresh copy so a failed validation leaves the caller's object untouched.
    candidate = Profile.objects.select_for_update().get(pk=profile.pk)
    errors: dict[str, list[str]] = {}
    for name in EDITABLE_FIELDS:
        if name not in changes:
            continue
        value = changes[name]
        if name == "languages":
            value = list(dict.fromkeys(value or []))
            bad = [code for code in value if code not in LANGUAGE_CODES]
            if bad:
                errors.setdefault(name, []).append(
                    _("Unknown language: %(codes)s.") % {"codes": ", ".join(map(str, bad))}
                )
        elif value is None:
            value = ""
        elif isinstance(value, str):
            value = value.strip()
        setattr(candidate, name, value)

    topic_names: list[str] | None = None
    if "topics" in changes:
        try:
            topic_names = validate_topic_names(list(changes["topics"] or []))
        except ValidationError as exc:
            errors.setdefault("topics", []).extend(exc.messages)

    try:
        candidate.full_clean(exclude=["user", "topics"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    candidate.save()
    if topic_names is not None:
        candidate.topics.set(get_or_create_topics(topic_names))
    request_search_refresh(candidate.user_id)  # profession, city and topics are searchable
    return candidate


def export_member_data(user: User) -> dict[str, Any]:
    """Everything Goodword stores about `user` and that they wrote (GDPR Art. 15/20), as JSON-
    ready data. Other members appear only as id and public display name."""
    from goodword.api.models import ApiToken
    from goodword.notifications.models import Notification
    from goodword.recommendations.models import Recommendation
    from goodword.trust.queries import get_marks_for_export

    def iso(value):
        return value.isoformat() if value else None

    def member(u):
        profile = getattr(u, "profile", None)
        return {"id": u.pk, "display_name": profile.display_name if profile else ""}

    def recommendation(rec: Recommendation, *, other) -> dict[str, Any]:
        return {
            "id": rec.pk,
            "other_member": member(other),
            "text": rec.text,
            "topics": [t.name for t in rec.topics.all()],
            "relationship": rec.relationship,
            "known_since": rec.known_since,
            "status": rec.status,
            "created_at": iso(rec.created_at),
            "updated_at": iso(rec.updated_at),
            "accepted_at": iso(rec.accepted_at),
        }

    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    recs = Recommendation.objects.prefetch_related("topics")
    given = recs.filter(author=user).select_related("subject__profile").order_by("created_at")
    received = recs.filter(subject=user).select_related("author__profile").order_by("created_at")
    return {
        "format": "goodword-export/1",
        "exported_at": iso(timezone.now()),
        "account": {
            "id": user.pk,
            "email": user.email,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in user.emailaddress_set.all()
            ],
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
        },
        "profile": {
            **{name: getattr(profile, name) for name in EDITABLE_FIELDS},
            "topics": [t.name for t in profile.topics.all()] if profile.pk else [],
            "created_at": iso(profile.created_at),
            "updated_at": iso(profile.updated_at),
        },
        "recommendations_given": [recommendation(r, other=r.subject) for r in given],
        "recommendations_received": [recommendation(r, other=r.author) for r in received],
        "notifications": [
            {
                "kind": n.kind,
                "url": n.url,
                "created_at": iso(n.created_at),
                "read_at": iso(n.read_at),
            }
            for n in Notification.objects.filter(recipient=user).order_by("created_at")
        ],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": iso(t.created_at),
                "last_used_at": iso(t.last_used_at),
            }
            for t in ApiToken.objects.filter(user=user).order_by("created_at")
        ],
        "trust_marks": [
            {**mark, "created_at": iso(mark["created_at"]), "updated_at": iso(mark["updated_at"])}
            for mark in get_marks_for_export(user)
        ],
        **_export_earned_contact(user, member, iso),
    }


def _export_earned_contact(user: User, member, iso) -> dict[str, Any]:
    """The member's conversations, requests, introductions, referrals and contact settings.

    Only what the member takes part in, as they see it in the app: a referral's amount only
    for its receiver, and never anything about other members' private trust marks.
    """
    from goodword.asks.models import Answer, Ask
    from goodword.introductions.models import Introduction
    from goodword.messaging.models import Block, Conversation, OfferWelcome, Participant
    from goodword.referrals.models import Referral
    from goodword.subscriptions.models import MailOptOut

    seats = Participant.objects.filter(user=user).values("conversation_id")
    conversations = (
        Conversation.objects.filter(pk__in=seats)
        .select_related("started_by__profile", "context_author__profile")
        .prefetch_related("participants__user__profile", "messages__sender__profile")
        .order_by("created_at")
    )
    asks = (
        Ask.objects.filter(author=user)
        .prefetch_related("topics", "answers__author__profile", "answers__introduced__profile")
        .order_by("created_at")
    )
    answers = (
        Answer.objects.filter(author=user)
        .select_related("ask", "introduced__profile")
        .order_by("created_at")
    )
    introductions = (
        Introduction.objects.filter(Q(introducer=user) | Q(member_a=user) | Q(member_b=user))
        .select_related("introducer__profile", "member_a__profile", "member_b__profile")
        .order_by("created_at")
    )
    referrals = Referral.objects.select_related("giver__profile", "receiver__profile").order_by(
        "created_at"
    )

    def answer(a: Answer, *, mine: bool) -> dict[str, Any]:
        row = {
            "id": a.pk,
            "kind": a.kind,
            "introduced_member": member(a.introduced) if a.introduced_id else None,
            "text": a.text,
            "status": a.status,
            "created_at": iso(a.created_at),
        }
        if mine:
            row["request"] = {"id": a.ask_id, "title": a.ask.title}
        else:
            row["author"] = member(a.author)
        return row

    def introduction(i: Introduction) -> dict[str, Any]:
        row = {
            "id": i.pk,
            "introducer": member(i.introducer),
            "member_a": member(i.member_a),
            "member_b": member(i.member_b),
            "note": i.note,
            "status": i.status,
            "created_at": iso(i.created_at),
            "decided_at": iso(i.decided_at),
            "conversation_id": i.conversation_id,
        }
        if user.pk in (i.member_a_id, i.member_b_id):
            row["my_answer"] = i.answer_a if user.pk == i.member_a_id else i.answer_b
        return row

    def referral(r: Referral, *, received: bool) -> dict[str, Any]:
        row = {
            "id": r.pk,
            ("giver" if received else "receiver"): member(r.giver if received else r.receiver),
            "need": r.need,
            "contact_name": r.contact_name,
            "contact_details": r.contact_details,
            "status": r.status,
            "thanks": r.thanks,
            "created_at": iso(r.created_at),
            "updated_at": iso(r.updated_at),
        }
        if received:  # the amount is the receiver's business alone
            row["amount"] = str(r.amount) if r.amount is not None else None
        return row

    return {
        "conversations": [
            {
                "id": c.pk,
                "origin": c.origin,
                "started_by": member(c.started_by) if c.started_by_id else None,
                "participants": [member(p.user) for p in c.participants.all()],
                "note": c.context_note,
                "note_author": member(c.context_author) if c.context_author_id else None,
                "created_at": iso(c.created_at),
                "messages": [
                    {
                        "sender": member(m.sender),
                        "intent": m.intent,
                        "text": m.text,
                        "created_at": iso(m.created_at),
                    }
                    for m in sorted(c.messages.all(), key=lambda m: (m.created_at, m.pk))
                ],
            }
            for c in conversations
        ],
        "requests": [
            {
                "id": a.pk,
                "title": a.title,
                "text": a.text,
                "topics": [t.name for t in a.topics.all()],
                "city": a.city,
                "remote": a.remote,
                "visibility": a.visibility,
                "status": a.status,
                "created_at": iso(a.created_at),
                "closed_at": iso(a.closed_at),
                "answers": [answer(x, mine=False) for x in a.answers.all()],
            }
            for a in asks
        ],
        "answers_given": [answer(a, mine=True) for a in answers],
        "introductions": [introduction(i) for i in introductions],
        "referrals_given": [referral(r, received=False) for r in referrals.filter(giver=user)],
        "referrals_received": [referral(r, received=True) for r in referrals.filter(receiver=user)],
        "contact_settings": {
            "blocked": [
                member(b.blocked)
                for b in Block.objects.filter(blocker=user).select_related("blocked__profile")
            ],
            "offers_welcome_from": [
                member(w.sender)
                for w in OfferWelcome.objects.filter(owner=user).select_related("sender__profile")
            ],
            "email_opt_outs": sorted(
                MailOptOut.objects.filter(user=user).values_list("kind", flat=True)
            ),
        },
    }


@transaction.atomic
def delete_account(user: User, *, password: str) -> None:
    """Delete a member after checking their password. Their profile, the recommendations they
    gave and received, notifications and tokens go with them (database cascade)."""
    if not password or not user.check_password(password):
        raise ValidationError({"password": [_("That is not your current password.")]})
    from goodword.trust.services import request_member_trust_refresh

    with transaction.atomic():
        # Before the rows go: every running process must drop the member's trust edges.
        request_member_trust_refresh(user)
        get_user_model().objects.filter(pk=user.pk).delete()
