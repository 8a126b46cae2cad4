"""Reads for meetings and the `access_*` helpers (404 for absent and not-yours alike).

Only the members of a meeting's circle or group see it (`audience`); a circle's founder and
moderators organise its meetings, a group's hosts and each meeting's organiser theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from goodword.circles.models import Circle, Membership
from goodword.messaging.queries import blocked_either_way

from . import audience
from .models import (
    Answer,
    CalendarFeed,
    Goal,
    HelpNote,
    Meeting,
    OneToOne,
    OneToOneStatus,
    Rsvp,
)
from .services.calendar_feeds import hash_secret

# How far back the calendar feed reaches (calendars keep what they already have).
FEED_PAST = timedelta(days=90)


_member_circles = audience.member_circles


def access_meeting(viewer, meeting_id: int) -> Meeting:
    """The meeting if the viewer is a member of its circle or group."""
    meeting = None
    if viewer.is_authenticated:
        meeting = (
            Meeting.objects.select_related("circle", "group", "organiser__profile")
            .filter(audience.visible_q(viewer), pk=meeting_id)
            .first()
        )
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def access_meeting_to_organise(viewer, meeting_id: int) -> Meeting:
    """404 for someone outside the circle or group, 403 for a member who may not organise it."""
    meeting = access_meeting(viewer, meeting_id)
    if not audience.may_organise(meeting, viewer):
        raise PermissionDenied(audience.organise_refusal(meeting))
    return meeting


def access_circle_to_organise(viewer, circle_id: int) -> Circle:
    """The circle if the viewer is a member (404 otherwise); 403 unless they moderate it."""
    circle = None
    if viewer.is_authenticated:
        circle = Circle.objects.filter(pk=circle_id, pk__in=_member_circles(viewer)).first()
    if circle is None:
        raise Http404("No such circle.")
    if not is_organiser(circle.pk, viewer):
        raise PermissionDenied(_("Only the circle’s moderators can organise its meetings."))
    return circle


is_organiser = audience.is_circle_organiser


def is_member(circle_id: int, user) -> bool:
    return Membership.objects.filter(circle_id=circle_id, member_id=user.pk).exists()


def get_my_meetings(user, *, past: bool = False) -> QuerySet[Meeting]:
    """Meetings of the member's circles and groups: upcoming (not ended) first by start, or
    past ones latest first."""
    now = timezone.now()
    qs = Meeting.objects.select_related("circle", "group").filter(audience.visible_q(user))
    if past:
        return qs.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    return qs.filter(ends_at__gt=now).order_by("starts_at", "pk")


def get_group_meetings(group_id: int, viewer, *, past: bool = False, limit: int = 20):
    """The meetings of a group the viewer belongs to: upcoming by start, or past ones latest
    first (for the page the group lives on, e.g. a team space)."""
    if not viewer.is_authenticated or not audience.is_group_member(group_id, viewer):
        return []
    qs = Meeting.objects.filter(group_id=group_id).select_related("group")
    now = timezone.now()
    if past:
        return list(qs.filter(ends_at__lte=now).order_by("-starts_at", "-pk")[:limit])
    return list(qs.filter(ends_at__gt=now).order_by("starts_at", "pk")[:limit])


def get_circle_meetings(circle, viewer, limit: int = 5) -> list[Meeting]:
    """The upcoming meetings of a circle the viewer belongs to (for the circle page)."""
    if (
        not viewer.is_authenticated
        or not Membership.objects.filter(circle=circle, member_id=viewer.pk).exists()
    ):
        return []
    return list(
        Meeting.objects.filter(circle=circle, ends_at__gt=timezone.now()).order_by(
            "starts_at", "pk"
        )[:limit]
    )


def get_my_answers(user, meetings) -> dict[int, Rsvp]:
    ids = [m.pk for m in meetings]
    return {r.meeting_id: r for r in Rsvp.objects.filter(member=user, meeting_id__in=ids)}


@dataclass
class MeetingPage:
    meeting: Meeting
    my_rsvp: Rsvp | None
    going: list[Rsvp]
    maybe: list[Rsvp]
    waiting: list[Rsvp]  # everyone, for the viewer's place in the queue
    waiting_shown: list[Rsvp]
    goals: list[Goal]
    my_goal: Goal | None
    help_notes: list[HelpNote]
    helpers: list  # attendees the viewer may name as helpers
    seats_taken: int
    is_organiser: bool
    has_started: bool
    is_over: bool

    @property
    def seats_left(self) -> int | None:
        if self.meeting.capacity is None:
            return None
        return max(self.meeting.capacity - self.seats_taken, 0)

    @property
    def can_answer(self) -> bool:
        return not self.meeting.is_cancelled and not self.is_over

    @property
    def can_write_goal(self) -> bool:
        return (
            self.meeting.growth_round
            and not self.meeting.is_cancelled
            and not self.has_started
            and self.my_rsvp is not None
            and self.my_rsvp.answer in (Answer.YES, Answer.MAYBE)
        )

    @property
    def can_note_helpers(self) -> bool:
        return (
            self.is_over
            and not self.meeting.is_cancelled
            and self.my_rsvp is not None
            and self.my_rsvp.has_seat
        )

    @property
    def waiting_position(self) -> int | None:
        if self.my_rsvp is None or not self.my_rsvp.waiting:
            return None
        return next(
            (i for i, r in enumerate(self.waiting, start=1) if r.pk == self.my_rsvp.pk), None
        )


def get_meeting_page(meeting: Meeting, viewer) -> MeetingPage:
    """What the viewer sees of a meeting. Members blocked either way are left out of the
    lists (who comes, who waits, goals, whom to thank), as on the circle's board; seats and
    the viewer's place on the waiting list still count everyone."""
    now = timezone.now()
    rsvps = list(
        Rsvp.objects.filter(meeting=meeting, member__is_active=True)
        .select_related("member__profile")
        .order_by("answered_at", "pk")
    )
    hidden = set(
        Rsvp.objects.filter(meeting=meeting)
        .filter(blocked_either_way(viewer, "member"))
        .values_list("member_id", flat=True)
    )
    seated = [r for r in rsvps if r.has_seat]
    going = [r for r in seated if r.member_id not in hidden]
    maybe = [r for r in rsvps if r.answer == Answer.MAYBE and r.member_id not in hidden]
    waiting = sorted((r for r in rsvps if r.waiting), key=lambda r: (r.waiting_since, r.pk))
    my_rsvp = next((r for r in rsvps if r.member_id == viewer.pk), None)
    goals = list(
        Goal.objects.filter(meeting=meeting, member__is_active=True)
        .exclude(blocked_either_way(viewer, "member"))
        .select_related("member__profile")
        .order_by("created_at", "pk")
    )
    help_notes = list(
        HelpNote.objects.filter(meeting=meeting, member=viewer).select_related("helper__profile")
    )
    noted = {n.helper_id for n in help_notes}
    helpers = [r.member for r in going if r.member_id != viewer.pk and r.member_id not in noted]
    return MeetingPage(
        meeting=meeting,
        my_rsvp=my_rsvp,
        going=going,
        maybe=maybe,
        waiting=waiting,
        waiting_shown=[r for r in waiting if r.member_id not in hidden],
        goals=goals,
        my_goal=next((g for g in goals if g.member_id == viewer.pk), None),
        help_notes=help_notes,
        helpers=helpers,
        seats_taken=len(seated),
        is_organiser=audience.may_organise(meeting, viewer),
        has_started=meeting.starts_at <= now,
        is_over=meeting.ends_at <= now,
    )


def _one_to_ones_of(user) -> QuerySet[OneToOne]:
    return OneToOne.objects.filter(Q(proposer_id=user.pk) | Q(invitee_id=user.pk)).select_related(
        "proposer__profile", "invitee__profile"
    )


def access_one_to_one(viewer, one_to_one_id: int) -> OneToOne:
    """The one-to-one if the viewer proposed it or was invited."""
    one_to_one = None
    if viewer.is_authenticated:
        one_to_one = (
            _one_to_ones_of(viewer).prefetch_related("times").filter(pk=one_to_one_id).first()
        )
    if one_to_one is None:
        raise Http404("No such one-to-one.")
    return one_to_one


def get_one_to_ones(user) -> QuerySet[OneToOne]:
    return _one_to_ones_of(user).prefetch_related("times").order_by("-created_at", "-pk")


def know_personally(a, b) -> bool:
    """Whether both said, after a one-to-one, that they now know each other personally."""
    pair = Q(proposer=a, invitee=b) | Q(proposer=b, invitee=a)
    return OneToOne.objects.filter(
        pair, proposer_knows_at__isnull=False, invitee_knows_at__isnull=False
    ).exists()


def get_feed(secret: str) -> CalendarFeed | None:
    """The feed whose secret is `secret` (its owner still active), or None."""
    if not secret or len(secret) > 200:
        return None
    return (
        CalendarFeed.objects.select_related("member")
        .filter(token_hash=hash_secret(secret), member__is_active=True)
        .first()
    )


def get_feed_items(member) -> tuple[list[Meeting], list[OneToOne]]:
    """What a member's calendar feed holds: meetings they said yes or maybe to (or wait for),
    including cancelled ones, so calendars remove them; and their agreed one-to-ones (and
    cancelled ones that had a time)."""
    since = timezone.now() - FEED_PAST
    meetings = list(
        Meeting.objects.select_related("circle", "group")
        .filter(
            audience.visible_q(member),
            rsvps__member=member,
            rsvps__answer__in=[Answer.YES, Answer.MAYBE],
            ends_at__gte=since,
        )
        .order_by("starts_at", "pk")
    )
    one_to_ones = list(
        _one_to_ones_of(member)
        .filter(
            status__in=[OneToOneStatus.ACCEPTED, OneToOneStatus.WITHDRAWN],
            starts_at__isnull=False,
            starts_at__gte=since,
        )
        .order_by("starts_at", "pk")
    )
    return meetings, one_to_ones
