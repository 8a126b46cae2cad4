"""Every write on meetings of a circle or a group: scheduling, changes, cancellation, RSVPs with
the waiting list, the growth round (goals before, "who helped me" after), and the groups
themselves (created and kept in step by the app that owns them, e.g. a project's team).

Seats are counted and given under a row lock on the meeting (`SELECT … FOR UPDATE` on
PostgreSQL; on SQLite every transaction already holds the one write lock, see `core.locks`), so
two members answering "yes" for the last seat at the same moment cannot both get it, and a seat
given up goes to the first member on the waiting list exactly once.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from goodword.core.members import may_reach, require_unrestricted
from goodword.notifications.models import Kind as NoticeKind
from goodword.notifications.services import notify
from goodword.subscriptions.services import enqueue_after_commit

from .. import audience, timezones
from ..models import (
    Answer,
    Goal,
    GroupMember,
    HelpNote,
    Meeting,
    MeetingGroup,
    MeetingStatus,
    Rsvp,
)
from ..tasks import send_notice_mails_task

TITLE_MAX = 160
AGENDA_MAX = 5000
PLACE_MAX = 300
URL_MAX = 500
GOAL_MAX = 1000
REASON_MAX = 1000
CAPACITY_MAX = 10_000
# Changes that calendars and attendees must learn about (a new SEQUENCE and a change notice).
NOTICE_FIELDS = ("title", "starts_at", "ends_at", "time_zone", "place", "online_url")


def meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


is_organiser = audience.is_circle_organiser


def is_member(circle_id: int, user) -> bool:
    return audience.member_circles(user).filter(circle_id=circle_id).exists()


def _require_member(meeting: Meeting, user) -> None:
    if not audience.in_audience(meeting, user):
        raise PermissionDenied(audience.participation_refusal(meeting))


def require_organiser(circle_id: int, user) -> None:
    if not is_organiser(circle_id, user):
        raise PermissionDenied(_("Only the circle’s moderators can organise its meetings."))


def _require_may_organise(meeting: Meeting, user) -> None:
    if not audience.may_organise(meeting, user):
        raise PermissionDenied(audience.organise_refusal(meeting))


def clean_url(value: str, field: str = "online_url") -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) > URL_MAX:
        raise ValidationError(
            {field: [_("The link can be at most %(max)s characters long.") % {"max": URL_MAX}]}
        )
    try:
        URLValidator(schemes=["https", "http"])(value)
    except ValidationError:
        raise ValidationError(
            {field: [_("Please enter a full web address starting with https://.")]}
        ) from None
    return value


def clean_time_zone(name: str) -> str:
    name = (name or "").strip() or timezones.DEFAULT
    if not timezones.is_valid(name):
        raise ValidationError({"time_zone": [str(timezones.INVALID)]})
    return name


def as_aware(value: datetime, time_zone: str, field: str) -> datetime:
    """A time from a form or the API: an aware time is kept; a naive one is read in the
    meeting's time zone, and must exist there (not the hour skipped when clocks go forward)."""
    if timezone.is_aware(value):
        return value
    aware = timezones.make_aware(value, time_zone)
    if not timezones.exists(aware):
        raise ValidationError(
            {
                field: [
                    _("This time does not exist in %(zone)s (the clocks go forward).")
                    % {"zone": time_zone}
                ]
            }
        )
    return aware


def _clean_meeting(data: dict, *, now: datetime, current_start: datetime | None = None) -> dict:
    errors: dict[str, list[str]] = {}
    title = (data.get("title") or "").strip()
    if not title:
        errors["title"] = [_("Please give the meeting a title.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [
            _("The title can be at most %(max)s characters long.") % {"max": TITLE_MAX}
        ]
    agenda = (data.get("agenda") or "").strip()
    if len(agenda) > AGENDA_MAX:
        errors["agenda"] = [
            _("The agenda can be at most %(max)s characters long.") % {"max": AGENDA_MAX}
        ]
    place = (data.get("place") or "").strip()
    if len(place) > PLACE_MAX:
        errors["place"] = [
            _("The address can be at most %(max)s characters long.") % {"max": PLACE_MAX}
        ]
    online_url = ""
    try:
        online_url = clean_url(data.get("online_url") or "")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not place and not online_url and "online_url" not in errors:
        errors["place"] = [_("Please give a place, an online link, or both.")]
    capacity = data.get("capacity")
    if capacity is not None:
        if capacity < 1:
            errors["capacity"] = [
                _("The capacity must be at least 1. Leave it empty for no limit.")
            ]
        elif capacity > CAPACITY_MAX:
            errors["capacity"] = [_("The capacity can be at most %(max)s.") % {"max": CAPACITY_MAX}]
    try:
        time_zone = clean_time_zone(data.get("time_zone") or "")
    except ValidationError as exc:
        raise ValidationError({**errors, **exc.message_dict}) from None
    starts_at = ends_at = None
    for field in ("starts_at", "ends_at"):
        value = data.get(field)
        if value is None:
            errors[field] = [_("Please give a date and time.")]
            continue
        try:
            value = as_aware(value, time_zone, field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        if field == "starts_at":
            starts_at = value
        else:
            ends_at = value
    if starts_at is not None and starts_at != current_start:
        if current_start is not None and current_start <= now:
            errors["starts_at"] = [_("The meeting has started; its start can no longer be moved.")]
        elif starts_at <= now:
            errors["starts_at"] = [_("The meeting must start in the future.")]
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = [_("The meeting must end after it starts.")]
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "agenda": agenda,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "time_zone": time_zone,
        "place": place,
        "online_url": online_url,
        "capacity": capacity,
        "growth_round": bool(data.get("growth_round", True)),
    }


def _notify_all(member_ids, kind: str, url: str, meeting: Meeting, actor=None) -> None:
    """In-app notices to `member_ids` and, after commit, the e-mails of kind "meetings"."""
    ids = []
    for member in get_user_model().objects.filter(pk__in=list(member_ids), is_active=True):
        if actor is not None and (member.pk == actor.pk or not may_reach(actor, member)):
            continue
        ids.append(notify(member, kind, actor, url).pk)
    if ids:
        enqueue_after_commit(send_notice_mails_task, "meeting", meeting.pk, ids)


def _attendee_ids(meeting: Meeting) -> list[int]:
    """Everyone who said yes or maybe, or waits for a seat."""
    return list(
        meeting.rsvps.filter(answer__in=[Answer.YES, Answer.MAYBE]).values_list(
            "member_id", flat=True
        )
    )


@transaction.atomic
def schedule_meeting(organiser, circle=None, *, group=None, **data) -> Meeting:
    """Schedule a meeting of `circle` (organisers: its founder and moderators) or of `group`
    (any of its members). The circle's or group's members get an in-app notice; nobody is
    e-mailed for a new meeting. A member a moderator restricted cannot schedule (a meeting
    reaches every member of the circle or group)."""
    if (circle is None) == (group is None):
        raise ValueError("A meeting belongs to a circle or to a group.")
    if circle is not None:
        require_organiser(circle.pk, organiser)
    elif not audience.is_group_member(group.pk, organiser):
        raise PermissionDenied(_("Only the members of the group can schedule its meetings."))
    require_unrestricted(organiser)
    cleaned = _clean_meeting(data, now=timezone.now())
    meeting = Meeting.objects.create(circle=circle, group=group, organiser=organiser, **cleaned)
    kind = NoticeKind.MEETING_SCHEDULED if circle is not None else NoticeKind.MEETING_INVITED
    members = get_user_model().objects.filter(pk__in=audience.member_ids(meeting))
    for member in members.exclude(pk=organiser.pk):
        if may_reach(organiser, member):
            notify(member, kind, organiser, meeting_url(meeting))
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("circle", "group")
        .get(pk=meeting.pk)
    )


def _seats_taken(meeting: Meeting) -> int:
    return meeting.rsvps.filter(answer=Answer.YES, waiting=False).count()


def _promote_waiting(meeting: Meeting) -> list[Rsvp]:
    """Give free seats to the waiting list in order. The caller holds the meeting's lock."""
    promoted = []
    while meeting.capacity is None or _seats_taken(meeting) < meeting.capacity:
        rsvp = (
            Rsvp.objects.select_for_update()
            .filter(meeting=meeting, waiting=True)
            .order_by("waiting_since", "pk")
            .first()
        )
        if rsvp is None:
            break
        rsvp.waiting = False
        rsvp.waiting_since = None
        rsvp.save(update_fields=["waiting", "waiting_since"])
        promoted.append(rsvp)
    if promoted:
        _notify_all(
            [r.member_id for r in promoted], NoticeKind.MEETING_SEAT, meeting_url(meeting), meeting
        )
    return promoted


@transaction.atomic
def update_meeting(meeting: Meeting, organiser, **data) -> Meeting:
    """Change a meeting that has not ended. A change of time, place, link or title raises the
    calendar SEQUENCE and sends a change notice; more seats go to the waiting list."""
    meeting = _locked(meeting)
    _require_may_organise(meeting, organiser)
    now = timezone.now()
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled; it can no longer be changed."))
    if meeting.ends_at <= now:
        raise ValidationError(_("This meeting is over; it can no longer be changed."))
    cleaned = _clean_meeting(data, now=now, current_start=meeting.starts_at)
    seats = _seats_taken(meeting)
    if cleaned["capacity"] is not None and cleaned["capacity"] < seats:
        raise ValidationError(
            {
                "capacity": [
                    _(
                        "%(seats)s members already have a seat. The capacity cannot be lower; "
                        "ask some of them first."
                    )
                    % {"seats": seats}
                ]
            }
        )
    changed = [f for f in NOTICE_FIELDS if getattr(meeting, f) != cleaned[f]]
    for field, value in cleaned.items():
        setattr(meeting, field, value)
    if changed:
        meeting.sequence += 1
    meeting.save()
    _promote_waiting(meeting)
    if changed:
        _notify_all(
            _attendee_ids(meeting), NoticeKind.MEETING_CHANGED, meeting_url(meeting), meeting
        )
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, organiser, reason: str = "") -> Meeting:
    """Cancel a meeting that has not ended. Everyone who answered yes or maybe, or waits, is
    told; calendars get the same UID with STATUS:CANCELLED."""
    meeting = _locked(meeting)
    _require_may_organise(meeting, organiser)
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {
                "reason": [
                    _("The reason can be at most %(max)s characters long.") % {"max": REASON_MAX}
                ]
            }
        )
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is already cancelled."))
    now = timezone.now()
    if meeting.ends_at <= now:
        raise ValidationError(_("This meeting is over; it can no longer be cancelled."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason
    meeting.cancelled_at = now
    meeting.sequence += 1
    meeting.save(
        update_fields=["status", "cancel_reason", "cancelled_at", "sequence", "updated_at"]
    )
    _notify_all(_attendee_ids(meeting), NoticeKind.MEETING_CANCELLED, meeting_url(meeting), meeting)
    return meeting


@transaction.atomic
def answer_meeting(meeting: Meeting, member, answer: str) -> Rsvp:
    """RSVP yes, maybe or no. Answering again updates the answer (never a second RSVP). A
    "yes" beyond the capacity joins the waiting list; a seat given up goes to the first one
    waiting."""
    if answer not in Answer.values:
        raise ValidationError({"answer": [_("Please answer yes, maybe or no.")]})
    meeting = _locked(meeting)
    _require_member(meeting, member)
    now = timezone.now()
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled: there is nothing to answer."))
    if meeting.ends_at <= now:
        raise ValidationError(_("This meeting is over: answers are closed."))
    rsvp = Rsvp.objects.select_for_update().filter(meeting=meeting, member=member).first()
    had_seat = rsvp is not None and rsvp.has_seat
    if rsvp is None:
        rsvp = Rsvp(meeting=meeting, member=member)
    keeps_place = answer == Answer.YES and rsvp.pk and rsvp.answer == Answer.YES
    if not keeps_place:
        rsvp.waiting = False
        rsvp.waiting_since = None
        full = meeting.capacity is not None and _seats_taken(meeting) >= meeting.capacity
        if answer == Answer.YES and full:
            rsvp.waiting = True
            rsvp.waiting_since = now
        rsvp.answer = answer
        rsvp.answered_at = now
        rsvp.save()
    if had_seat and not rsvp.has_seat:
        _promote_waiting(meeting)
    return rsvp


def _require_attendee(meeting: Meeting, member, answers=(Answer.YES,)) -> Rsvp:
    rsvp = Rsvp.objects.filter(meeting=meeting, member=member, answer__in=answers).first()
    if rsvp is None:
        raise ValidationError(_("Please answer “yes” or “maybe” first."))
    return rsvp


@transaction.atomic
def set_goal(meeting: Meeting, member, text: str) -> Goal | None:
    """Growth round: before the meeting, an attendee (yes or maybe) writes the goal they want
    help with. Empty text removes it."""
    meeting = _locked(meeting)
    _require_member(meeting, member)
    if not meeting.growth_round:
        raise ValidationError(_("This meeting has no growth round."))
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.starts_at <= timezone.now():
        raise ValidationError(_("The meeting has started: goals are written before it."))
    _require_attendee(meeting, member, (Answer.YES, Answer.MAYBE))
    text = (text or "").strip()
    if not text:
        Goal.objects.filter(meeting=meeting, member=member).delete()
        return None
    if len(text) > GOAL_MAX:
        raise ValidationError(
            {"text": [_("Your goal can be at most %(max)s characters long.") % {"max": GOAL_MAX}]}
        )
    goal, _created = Goal.objects.update_or_create(
        meeting=meeting, member=member, defaults={"text": text}
    )
    return goal


@transaction.atomic
def note_helper(meeting: Meeting, member, helper) -> HelpNote:
    """After the meeting, an attendee notes that `helper` (another attendee) helped them. The
    note is private to its author; the page then suggests a thank-you or a recommendation."""
    _require_member(meeting, member)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.ends_at > timezone.now():
        raise ValidationError(_("You can note who helped you once the meeting is over."))
    _require_attendee(meeting, member)
    if helper.pk == member.pk:
        raise ValidationError({"helper": [_("Please choose someone else who was there.")]})
    if not Rsvp.objects.filter(
        meeting=meeting, member=helper, answer=Answer.YES, waiting=False
    ).exists():
        raise ValidationError({"helper": [_("Please choose someone who was there.")]})
    note, _created = HelpNote.objects.get_or_create(meeting=meeting, member=member, helper=helper)
    return note


@transaction.atomic
def remove_help_note(meeting: Meeting, member, helper_id: int) -> int:
    deleted, _rows = HelpNote.objects.filter(
        meeting=meeting, member=member, helper_id=helper_id
    ).delete()
    return deleted


def erase_member(user) -> None:
    """Account deletion (`core.hooks.MEMBER_ERASING`, inside its transaction): the member's
    answers, goals, notes and group memberships go; a seat they held at an upcoming meeting
    goes to the waiting list. Meetings they organised stay as the circle's or group's record."""
    _withdraw_from(user, Meeting.objects.all())
    HelpNote.objects.filter(member=user).delete()
    HelpNote.objects.filter(helper=user).delete()
    GroupMember.objects.filter(member=user).delete()


def _withdraw_from(member, meetings) -> None:
    """The member's answers and goals for `meetings` go; a seat they held at one that has not
    ended goes to the waiting list."""
    held = list(
        Rsvp.objects.filter(
            member=member,
            meeting__in=meetings,
            answer=Answer.YES,
            waiting=False,
            meeting__ends_at__gt=timezone.now(),
        ).values_list("meeting_id", flat=True)
    )
    Rsvp.objects.filter(member=member, meeting__in=meetings).delete()
    Goal.objects.filter(member=member, meeting__in=meetings).delete()
    for meeting in Meeting.objects.select_for_update().filter(
        pk__in=held, status=MeetingStatus.SCHEDULED
    ):
        _promote_waiting(meeting)


# Groups: members who meet without being a circle ---------------------------------------------

GROUP_NAME_MAX = 160


@transaction.atomic
def create_meeting_group(name: str, *, home_path: str = "", hosts=(), members=()) -> MeetingGroup:
    """A group for meetings without a circle (e.g. a project's team), for the app that owns it:
    `hosts` may change or cancel any of its meetings, every member may schedule one."""
    name = " ".join((name or "").split())[:GROUP_NAME_MAX]
    if not name:
        raise ValueError("A meeting group needs a name.")
    group = MeetingGroup.objects.create(name=name, home_path=home_path)
    for member in hosts:
        add_group_member(group, member, host=True)
    for member in members:
        add_group_member(group, member)
    return group


@transaction.atomic
def add_group_member(group: MeetingGroup, member, *, host: bool = False) -> GroupMember:
    """Add a member to a group (idempotent; `host=True` makes an existing member a host). From
    then on they see the group's meetings, past and upcoming, and may answer."""
    row, _created = GroupMember.objects.get_or_create(
        group=group, member=member, defaults={"is_host": host}
    )
    if host and not row.is_host:
        row.is_host = True
        row.save(update_fields=["is_host"])
    return row


@transaction.atomic
def remove_group_member(group: MeetingGroup, member) -> bool:
    """Take a member out of a group (the app that owns it decides, e.g. a member who left a
    project's team). From then on they no longer see its meetings, may not answer, schedule or
    change one. Their answers and goals for its meetings that have not ended go; a seat they
    held goes to the first one on the waiting list (`_promote_waiting`). Past answers stay as
    the group's record; meetings they scheduled stay, hosted by the group's hosts. Returns
    whether they were a member."""
    deleted, _rows = GroupMember.objects.filter(group=group, member=member).delete()
    if deleted:
        _withdraw_from(member, Meeting.objects.filter(group=group, ends_at__gt=timezone.now()))
    return bool(deleted)
