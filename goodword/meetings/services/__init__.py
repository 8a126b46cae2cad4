"""Every write of the meetings app, by noun: meetings of circles and groups (`meetings`),
one-to-ones (`one_to_ones`) and calendar feeds (`calendar_feeds`)."""

from .calendar_feeds import create_calendar_feed, revoke_calendar_feed
from .meetings import (
    add_group_member,
    answer_meeting,
    cancel_meeting,
    create_meeting_group,
    is_member,
    is_organiser,
    meeting_url,
    note_helper,
    remove_help_note,
    require_organiser,
    schedule_meeting,
    set_goal,
    update_meeting,
)
from .one_to_ones import (
    accept_one_to_one,
    decline_one_to_one,
    mark_known,
    one_to_one_url,
    proposal_refusal,
    propose_one_to_one,
    withdraw_one_to_one,
)

__all__ = [
    "accept_one_to_one",
    "add_group_member",
    "answer_meeting",
    "cancel_meeting",
    "create_calendar_feed",
    "create_meeting_group",
    "decline_one_to_one",
    "is_member",
    "is_organiser",
    "mark_known",
    "meeting_url",
    "note_helper",
    "one_to_one_url",
    "proposal_refusal",
    "propose_one_to_one",
    "remove_help_note",
    "require_organiser",
    "revoke_calendar_feed",
    "schedule_meeting",
    "set_goal",
    "update_meeting",
    "withdraw_one_to_one",
]
