"""Who a meeting is for, written once: the members of its circle, or the members of its group.

Circle meetings are organised by the circle's founder and moderators. Group meetings (a
project's team) may be scheduled by every member of the group; the meeting's organiser and the
group's hosts change or cancel it. Services and queries both ask here, so the pages, the API,
the `.ics` files and the calendar feed cannot disagree about who sees a meeting.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from goodword.circles.models import MODERATING_ROLES, Membership

from .models import GroupMember, Meeting


def member_circles(user) -> QuerySet:
    return Membership.objects.filter(member_id=user.pk).values("circle_id")


def member_groups(user) -> QuerySet:
    return GroupMember.objects.filter(member_id=user.pk).values("group_id")


def visible_q(user) -> Q:
    """Meetings of the user's circles and groups (subqueries: no duplicate rows)."""
    return Q(circle__in=member_circles(user)) | Q(group__in=member_groups(user))


def is_circle_organiser(circle_id: int, user) -> bool:
    """Organisers of a circle's meetings are its founder and moderators."""
    return Membership.objects.filter(
        circle_id=circle_id, member_id=user.pk, role__in=MODERATING_ROLES
    ).exists()


def is_group_member(group_id: int, user) -> bool:
    return GroupMember.objects.filter(group_id=group_id, member_id=user.pk).exists()


def in_audience(meeting: Meeting, user) -> bool:
    if meeting.circle_id:
        return Membership.objects.filter(circle_id=meeting.circle_id, member_id=user.pk).exists()
    return is_group_member(meeting.group_id, user)


def may_organise(meeting: Meeting, user) -> bool:
    """Change or cancel: a circle's moderators; in a group, the organiser or a host (both still
    in the group)."""
    if meeting.circle_id:
        return is_circle_organiser(meeting.circle_id, user)
    row = GroupMember.objects.filter(group_id=meeting.group_id, member_id=user.pk).first()
    return row is not None and (row.is_host or meeting.organiser_id == user.pk)


def organise_refusal(meeting: Meeting) -> str:
    if meeting.circle_id:
        return _("Only the circle’s moderators can organise its meetings.")
    return _("Only whoever scheduled this meeting, or the group’s host, can change it.")


def participation_refusal(meeting: Meeting) -> str:
    if meeting.circle_id:
        return _("Only members of the circle can take part in its meetings.")
    return _("Only the members invited can take part in this meeting.")


def member_ids(meeting: Meeting) -> QuerySet:
    """The active members the meeting is for."""
    users = get_user_model().objects.filter(is_active=True)
    if meeting.circle_id:
        users = users.filter(circle_memberships__circle_id=meeting.circle_id)
    else:
        users = users.filter(meeting_groups__group_id=meeting.group_id)
    return users.values_list("pk", flat=True)
