"""A member's meetings in their data export, and what deleting the account does to them."""

import json

import pytest

from goodword.accounts.services import delete_account, export_member_data
from goodword.accounts.tests.factories import DEFAULT_PASSWORD
from goodword.meetings import services
from goodword.meetings.models import CalendarFeed, Goal, OneToOneStatus, Rsvp

from .factories import circle_with, schedule
from .test_one_to_ones import propose

pytestmark = pytest.mark.django_db


def test_export_has_answers_goals_and_one_to_ones_but_never_the_feed_secret():
    circle, founder, (member,) = circle_with(1)
    meeting = schedule(founder, circle)
    services.answer_meeting(meeting, member, "yes")
    services.set_goal(meeting, member, "Mehr Mut beim Preisgespräch")
    propose(member, founder)
    _feed, secret = services.create_calendar_feed(member)
    data = export_member_data(member)
    assert [a["meeting_id"] for a in data["meeting_answers"]] == [meeting.pk]
    assert data["meeting_goals"][0]["text"] == "Mehr Mut beim Preisgespräch"
    assert data["one_to_ones"][0]["invitee"]["id"] == founder.pk
    assert data["calendar_feed"]["created_at"]
    text = json.dumps(data, default=str)
    assert secret not in text and CalendarFeed.objects.get().token_hash not in text
    assert [m["id"] for m in export_member_data(founder)["meetings_organised"]] == [meeting.pk]


def test_deleting_an_account_frees_the_seat_and_cancels_what_is_ahead():
    circle, founder, (leaving, waiting) = circle_with(2)
    meeting = schedule(founder, circle, capacity=1)
    services.answer_meeting(meeting, leaving, "yes")
    services.set_goal(meeting, leaving, "Ein Ziel")
    assert services.answer_meeting(meeting, waiting, "yes").waiting
    agreed = propose(founder, leaving)
    services.accept_one_to_one(agreed, leaving, agreed.times.first().pk)
    services.create_calendar_feed(leaving)

    delete_account(leaving, password=DEFAULT_PASSWORD)

    assert not Rsvp.objects.filter(member=leaving).exists()
    assert not Goal.objects.filter(member=leaving).exists()
    assert not CalendarFeed.objects.filter(member=leaving).exists()
    assert not Rsvp.objects.get(member=waiting).waiting  # the seat went to the waiting list
    agreed.refresh_from_db()
    assert agreed.status == OneToOneStatus.WITHDRAWN and agreed.sequence == 1
