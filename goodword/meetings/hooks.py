"""What meetings contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from goodword.core import hooks
from goodword.core.export import iso, member_ref
from goodword.messaging.models import Intent

from .models import CalendarFeed, Goal, GroupMember, HelpNote, Meeting, OneToOne, Rsvp
from .services import meetings as meeting_services
from .services import one_to_ones as one_to_one_services


@hooks.register(hooks.MEMBER_EXPORT)
def export_meetings(user) -> dict[str, Any]:
    """Meetings the member organised, the groups they meet in, their answers, goals and private
    "who helped me" notes, their one-to-ones and whether they have a calendar address (never
    its secret)."""
    organised = Meeting.objects.filter(organiser=user).order_by("starts_at")
    rsvps = Rsvp.objects.filter(member=user).select_related("meeting").order_by("answered_at")
    goals = Goal.objects.filter(member=user).order_by("created_at")
    notes = HelpNote.objects.filter(member=user).select_related("helper__profile")
    one_to_ones = (
        OneToOne.objects.filter(Q(proposer=user) | Q(invitee=user))
        .select_related("proposer__profile", "invitee__profile")
        .prefetch_related("times")
        .order_by("created_at")
    )
    feed = CalendarFeed.objects.filter(member=user).first()
    groups = GroupMember.objects.filter(member=user).select_related("group")
    return {
        "meetings_organised": [
            {
                "id": m.pk,
                "circle_id": m.circle_id,
                "group_id": m.group_id,
                "title": m.title,
                "agenda": m.agenda,
                "starts_at": iso(m.starts_at),
                "ends_at": iso(m.ends_at),
                "time_zone": m.time_zone,
                "place": m.place,
                "online_url": m.online_url,
                "capacity": m.capacity,
                "status": m.status,
            }
            for m in organised
        ],
        "meeting_groups": [
            {"id": g.group_id, "name": g.group.name, "host": g.is_host, "since": iso(g.added_at)}
            for g in groups
        ],
        "meeting_answers": [
            {
                "meeting_id": r.meeting_id,
                "meeting": r.meeting.title,
                "answer": r.answer,
                "waiting": r.waiting,
                "answered_at": iso(r.answered_at),
            }
            for r in rsvps
        ],
        "meeting_goals": [
            {"meeting_id": g.meeting_id, "text": g.text, "created_at": iso(g.created_at)}
            for g in goals
        ],
        "meeting_help_notes": [
            {"meeting_id": n.meeting_id, "helper": member_ref(n.helper), "at": iso(n.created_at)}
            for n in notes
        ],
        "one_to_ones": [
            {
                "id": o.pk,
                "proposer": member_ref(o.proposer),
                "invitee": member_ref(o.invitee),
                "note": o.note,
                "status": o.status,
                "suggested_times": [iso(t.starts_at) for t in o.times.all()],
                "starts_at": iso(o.starts_at),
                "time_zone": o.time_zone,
                "place": o.place,
                "online_url": o.online_url,
                "i_know_them_personally_since": iso(o.knows_at(user)),
            }
            for o in one_to_ones
        ],
        "calendar_feed": {"created_at": iso(feed.created_at)} if feed else None,
    }


@hooks.register(hooks.MEMBER_ERASING)
def erase_meetings(user) -> None:
    meeting_services.erase_member(user)
    one_to_one_services.erase_member(user)
    CalendarFeed.objects.filter(member=user).delete()


@hooks.register(hooks.CONTACT_GROUND)
def thanks_to_a_helper(sender, recipient, intent: str) -> str | None:
    """After a meeting, a member who noted that `recipient` helped them may thank them (the
    prompt on the meeting page), even where contact is not yet earned: a thank-you only, and
    blocks, restrictions and rate limits have been asked before."""
    if intent != Intent.THANKS:
        return None
    note = (
        HelpNote.objects.filter(member=sender, helper=recipient)
        .select_related("meeting")
        .order_by("-meeting__starts_at")
        .first()
    )
    if note is None:
        return None
    return _("%(name)s helped you at “%(meeting)s”: you can thank them.") % {
        "name": recipient,
        "meeting": note.meeting.title,
    }
