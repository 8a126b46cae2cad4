"""Blocks and a moderator's restriction hold in meetings as on the circle's board: a member
blocked either way is left out of what the viewer sees (who comes, who waits, goals, whom to
thank), seats still count everyone; a restricted member schedules nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token
from goodword.meetings import services
from goodword.meetings.models import Meeting
from goodword.messaging.services import block_member
from goodword.moderation.models import Action, Ground
from goodword.moderation.services import grant_moderator, take_action

from .factories import circle_with, held, schedule

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who_blocks", ["viewer", "other"])
def test_a_member_blocked_either_way_is_left_out_of_the_meeting_page(client, who_blocks):
    circle, founder, (viewer, blocked, friend) = circle_with(3)
    blocked.profile.display_name = "Bruno Blockiert"
    blocked.profile.save()
    meeting = schedule(founder, circle, capacity=2)
    services.answer_meeting(meeting, blocked, "yes")
    services.set_goal(meeting, blocked, "Brunos Ziel: drei neue Aufträge")
    services.answer_meeting(meeting, friend, "yes")
    services.answer_meeting(meeting, viewer, "yes")  # the meeting is full: viewer waits
    if who_blocks == "viewer":
        block_member(viewer, blocked)
    else:
        block_member(blocked, viewer)

    client.force_login(viewer)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Bruno Blockiert" not in page
    assert "Brunos Ziel" not in page
    assert "number 1 on the waiting list" in page or "Nummer 1 auf der Warteliste" in page
    _token, secret = create_token(viewer, "t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    rsvps = client.get(f"/api/v1/meetings/{meeting.pk}/rsvps", **auth).json()
    assert blocked.pk not in [r["member_id"] for r in rsvps]
    goals = client.get(f"/api/v1/meetings/{meeting.pk}/goals", **auth).json()
    assert goals == []
    detail = client.get(f"/api/v1/meetings/{meeting.pk}", **auth).json()
    assert detail["seats_taken"] == 2  # seats count everyone

    # Everyone else still sees Bruno and his goal.
    client.force_login(friend)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Bruno Blockiert" in page and "Brunos Ziel" in page


def test_a_blocked_member_is_not_offered_as_a_helper(client):
    circle, founder, (viewer, blocked) = circle_with(2)
    blocked.profile.display_name = "Bruno Blockiert"
    blocked.profile.save()
    meeting = schedule(founder, circle)
    for member in (viewer, blocked):
        services.answer_meeting(meeting, member, "yes")
    held(meeting)
    block_member(blocked, viewer)
    client.force_login(viewer)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Bruno Blockiert" not in page


def test_a_restricted_organiser_schedules_nothing(client):
    circle, founder, _members = circle_with(1)
    moderator = UserFactory()
    grant_moderator(moderator)
    take_action(moderator, founder, Action.RESTRICT, Ground.SPAM, "Werbung in mehreren Kreisen.")
    with pytest.raises(PermissionDenied):
        schedule(founder, circle)
    assert not Meeting.objects.exists()
