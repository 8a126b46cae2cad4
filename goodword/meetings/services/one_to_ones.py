"""Every write on one-to-one "Kennenlernen" meetings.

A member proposes one to someone they may contact (blocks hold, `core.members.require_reach`,
and contact is earned as for a conversation, or they share a circle), suggesting up to three
times; the other accepts one of them or declines. Afterwards each may say "we now know each
other personally". That fact is private to the two (shown on their one-to-one, in their data
export) and does not feed the trust engine: only public, consented statements do
(recommendations), see docs/trust-in-product.md.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from goodword.circles.models import Membership
from goodword.core.locks import lock_member
from goodword.core.members import may_reach, require_reach
from goodword.messaging import privileges
from goodword.messaging.models import Intent
from goodword.messaging.rules import can_contact
from goodword.notifications.models import Kind as NoticeKind
from goodword.notifications.services import notify
from goodword.subscriptions.services import enqueue_after_commit

from ..models import OneToOne, OneToOneStatus, ProposedTime
from ..tasks import send_notice_mails_task
from .meetings import PLACE_MAX, as_aware, clean_time_zone, clean_url

NOTE_MIN = 10
NOTE_MAX = 1000
TIMES_MAX = 3
DURATION_MIN = 15
DURATION_MAX = 480


def one_to_one_url(one_to_one: OneToOne) -> str:
    return reverse("meetings:one_to_one", args=[one_to_one.pk])


def share_a_circle(a, b) -> bool:
    return Membership.objects.filter(
        member=a, circle__in=Membership.objects.filter(member=b).values("circle")
    ).exists()


def proposal_refusal(proposer, invitee) -> str | None:
    """Why `proposer` may not propose a one-to-one to `invitee`, or None. Blocks and deleted
    accounts first; then contact is earned: members of a shared circle, or whom the contact
    rules let start a conversation (`messaging.rules.can_contact`)."""
    if proposer.pk == invitee.pk:
        return _("You cannot meet yourself for a one-to-one.")
    try:
        require_reach(proposer, invitee)
    except PermissionDenied as exc:
        return str(exc)
    if share_a_circle(proposer, invitee):
        return None
    decision = can_contact(proposer, invitee, Intent.QUESTION)
    return None if decision.allowed else decision.explanation


def _notify(member, kind: str, actor, one_to_one: OneToOne) -> None:
    if not may_reach(actor, member):
        return
    notice = notify(member, kind, actor, one_to_one_url(one_to_one))
    enqueue_after_commit(send_notice_mails_task, "one_to_one", one_to_one.pk, [notice.pk])


def _clean_times(times, time_zone: str, now: datetime) -> list[datetime]:
    cleaned = []
    for value in times or []:
        if value is None:
            continue
        aware = as_aware(value, time_zone, "times")
        if aware <= now:
            raise ValidationError({"times": [_("Please suggest times in the future.")]})
        if aware not in cleaned:
            cleaned.append(aware)
    if not cleaned:
        raise ValidationError({"times": [_("Please suggest at least one time.")]})
    if len(cleaned) > TIMES_MAX:
        raise ValidationError(
            {"times": [_("Please suggest at most %(max)s times.") % {"max": TIMES_MAX}]}
        )
    return sorted(cleaned)


@transaction.atomic
def propose_one_to_one(
    proposer,
    invitee,
    *,
    note: str,
    times,
    time_zone: str = "",
    duration_minutes: int = 60,
    place: str = "",
    online_url: str = "",
) -> OneToOne:
    """Propose a one-to-one with up to three times to choose from."""
    refusal = proposal_refusal(proposer, invitee)
    if refusal:
        raise PermissionDenied(refusal)
    errors: dict[str, list[str]] = {}
    note = (note or "").strip()
    if len(note) < NOTE_MIN:
        errors["note"] = [
            _("Please say in at least %(min)s characters why you would like to meet.")
            % {"min": NOTE_MIN}
        ]
    elif len(note) > NOTE_MAX:
        errors["note"] = [_("The note can be at most %(max)s characters long.") % {"max": NOTE_MAX}]
    place = (place or "").strip()
    if len(place) > PLACE_MAX:
        errors["place"] = [
            _("The address can be at most %(max)s characters long.") % {"max": PLACE_MAX}
        ]
    if not DURATION_MIN <= (duration_minutes or 0) <= DURATION_MAX:
        errors["duration_minutes"] = [
            _("Please choose a duration between %(min)s and %(max)s minutes.")
            % {"min": DURATION_MIN, "max": DURATION_MAX}
        ]
    try:
        online_url = clean_url(online_url)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        time_zone = clean_time_zone(time_zone)
        times = _clean_times(times, time_zone, timezone.now())
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    lock_member(proposer)
    pair = Q(proposer=proposer, invitee=invitee) | Q(proposer=invitee, invitee=proposer)
    if OneToOne.objects.filter(pair, status=OneToOneStatus.PROPOSED).exists():
        raise ValidationError(
            _("There is already an open proposal between you and %(name)s.") % {"name": invitee}
        )
    since = timezone.now() - privileges.WINDOW
    used = OneToOne.objects.filter(proposer=proposer, created_at__gte=since)
    allowed, limit = privileges.within_limit(proposer, privileges.CONVERSATION, used)
    if not allowed:
        raise ValidationError(
            _(
                "You have reached your account’s limit of proposals for now (%(limit)s in 24 "
                "hours). Limits grow as members recommend you."
            )
            % {"limit": limit}
        )
    one_to_one = OneToOne.objects.create(
        proposer=proposer,
        invitee=invitee,
        note=note,
        place=place,
        online_url=online_url,
        time_zone=time_zone,
        duration_minutes=duration_minutes,
    )
    ProposedTime.objects.bulk_create(
        [ProposedTime(one_to_one=one_to_one, starts_at=t) for t in times]
    )
    _notify(invitee, NoticeKind.ONE_TO_ONE_PROPOSED, proposer, one_to_one)
    return one_to_one


def _locked(one_to_one: OneToOne) -> OneToOne:
    return (
        OneToOne.objects.select_for_update(of=("self",))
        .select_related("proposer__profile", "invitee__profile")
        .get(pk=one_to_one.pk)
    )


@transaction.atomic
def accept_one_to_one(one_to_one: OneToOne, member, time_id: int) -> OneToOne:
    """The invitee accepts one of the suggested times."""
    one_to_one = _locked(one_to_one)
    if member.pk != one_to_one.invitee_id:
        raise PermissionDenied(_("Only the member invited can accept."))
    if one_to_one.status != OneToOneStatus.PROPOSED:
        raise ValidationError(_("This proposal is no longer open."))
    chosen = one_to_one.times.filter(pk=time_id).first()
    if chosen is None:
        raise ValidationError({"time": [_("Please choose one of the suggested times.")]})
    if chosen.starts_at <= timezone.now():
        raise ValidationError({"time": [_("This time has passed. Please choose another one.")]})
    require_reach(member, one_to_one.proposer)
    one_to_one.status = OneToOneStatus.ACCEPTED
    one_to_one.starts_at = chosen.starts_at
    one_to_one.decided_at = timezone.now()
    one_to_one.save(update_fields=["status", "starts_at", "decided_at"])
    _notify(one_to_one.proposer, NoticeKind.ONE_TO_ONE_ACCEPTED, member, one_to_one)
    return one_to_one


@transaction.atomic
def decline_one_to_one(one_to_one: OneToOne, member, note: str = "") -> OneToOne:
    """The invitee declines; an optional note says why (seen by the proposer only)."""
    one_to_one = _locked(one_to_one)
    if member.pk != one_to_one.invitee_id:
        raise PermissionDenied(_("Only the member invited can decline."))
    if one_to_one.status != OneToOneStatus.PROPOSED:
        raise ValidationError(_("This proposal is no longer open."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": [_("The note can be at most %(max)s characters long.") % {"max": NOTE_MAX}]}
        )
    one_to_one.status = OneToOneStatus.DECLINED
    one_to_one.decline_note = note
    one_to_one.decided_at = timezone.now()
    one_to_one.save(update_fields=["status", "decline_note", "decided_at"])
    _notify(one_to_one.proposer, NoticeKind.ONE_TO_ONE_DECLINED, member, one_to_one)
    return one_to_one


@transaction.atomic
def withdraw_one_to_one(one_to_one: OneToOne, member) -> OneToOne:
    """The proposer withdraws an open proposal, or either cancels an agreed one-to-one before
    it starts (calendars get the same UID with STATUS:CANCELLED)."""
    one_to_one = _locked(one_to_one)
    if member.pk not in (one_to_one.proposer_id, one_to_one.invitee_id):
        raise PermissionDenied(_("Only the two members can cancel."))
    if one_to_one.status == OneToOneStatus.PROPOSED:
        if member.pk != one_to_one.proposer_id:
            raise ValidationError(_("Please decline the proposal instead."))
    elif one_to_one.status == OneToOneStatus.ACCEPTED:
        if one_to_one.starts_at <= timezone.now():
            raise ValidationError(_("This one-to-one has already taken place."))
        one_to_one.sequence += 1
    else:
        raise ValidationError(_("This proposal is no longer open."))
    was_accepted = one_to_one.status == OneToOneStatus.ACCEPTED
    one_to_one.status = OneToOneStatus.WITHDRAWN
    one_to_one.decided_at = timezone.now()
    one_to_one.save(update_fields=["status", "decided_at", "sequence"])
    if was_accepted:
        _notify(one_to_one.other(member), NoticeKind.ONE_TO_ONE_CANCELLED, member, one_to_one)
    return one_to_one


@transaction.atomic
def mark_known(one_to_one: OneToOne, member, *, known: bool = True) -> OneToOne:
    """After an agreed one-to-one has begun, each member may say (or take back) that they now
    know the other personally. Both saying so makes it a fact between the two."""
    one_to_one = _locked(one_to_one)
    if member.pk not in (one_to_one.proposer_id, one_to_one.invitee_id):
        raise PermissionDenied(_("Only the two members can say this."))
    if one_to_one.status != OneToOneStatus.ACCEPTED:
        raise ValidationError(_("Only a one-to-one that took place can be marked."))
    if one_to_one.starts_at > timezone.now():
        raise ValidationError(_("You can say this once you have met."))
    field = "proposer_knows_at" if member.pk == one_to_one.proposer_id else "invitee_knows_at"
    value = (getattr(one_to_one, field) or timezone.now()) if known else None
    setattr(one_to_one, field, value)
    one_to_one.save(update_fields=[field])
    return one_to_one


def erase_member(user) -> None:
    """Account deletion (`core.hooks.MEMBER_ERASING`): one-to-ones stay as the other member's
    record; open proposals end, and agreed ones still ahead are cancelled (a new SEQUENCE, so
    the other's calendar drops them)."""
    now = timezone.now()
    mine = OneToOne.objects.filter(Q(proposer=user) | Q(invitee=user))
    mine.filter(status=OneToOneStatus.PROPOSED, proposer=user).update(
        status=OneToOneStatus.WITHDRAWN, decided_at=now
    )
    mine.filter(status=OneToOneStatus.PROPOSED, invitee=user).update(
        status=OneToOneStatus.DECLINED, decided_at=now
    )
    for one_to_one in mine.filter(status=OneToOneStatus.ACCEPTED, starts_at__gt=now):
        one_to_one.status = OneToOneStatus.WITHDRAWN
        one_to_one.decided_at = now
        one_to_one.sequence += 1
        one_to_one.save(update_fields=["status", "decided_at", "sequence"])
