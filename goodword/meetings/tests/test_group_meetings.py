"""Meetings of a group of members (not a circle), e.g. a project's team: only the group sees
them (pages, `.ics`, API, lists, the calendar feed), every member may schedule one, its hosts
and the organiser change or cancel it, and RSVPs, the waiting list, notices, reminders and
calendar files work as for a circle."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from goodword.accounts.services import delete_account, export_member_data
from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from goodword.api.services import create_token
from goodword.circles.tests.factories import join
from goodword.meetings import services
from goodword.meetings.models import GroupMember, Meeting, MeetingGroup, Rsvp
from goodword.meetings.tasks import send_meeting_reminders_task
from goodword.messaging.services import block_member
from goodword.notifications.models import Kind, Notification

from .factories import circle_with, schedule, tomorrow_at

pytestmark = pytest.mark.django_db
API = "/api/v1"


def data(**overrides) -> dict:
    return {
        "title": "Teamtreffen",
        "agenda": "Wer macht was bis Freitag?",
        "starts_at": tomorrow_at(10),
        "ends_at": tomorrow_at(11),
        "time_zone": "Europe/Berlin",
        "place": "",
        "online_url": "https://meet.example.org/team",
        "capacity": None,
        **overrides,
    }


@pytest.fixture
def group():
    """Hanna hosts the group; Mia and Max are members; Olga is outside it."""
    hanna = UserFactory(display_name="Hanna Host")
    mia = UserFactory(display_name="Mia Mitglied")
    max_ = UserFactory(display_name="Max Mitglied")
    olga = UserFactory(display_name="Olga Außen")
    team = services.create_meeting_group(
        "Reparaturcafé", home_path="/projects/1/team/", hosts=[hanna], members=[mia, max_]
    )
    return team, hanna, mia, max_, olga


def auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user, 'test')[1]}"}


def test_only_the_group_sees_its_meeting_on_every_channel(client, group):
    team, hanna, mia, _max, olga = group
    # Olga moderates a circle of her own: being an organiser elsewhere opens nothing here.
    circle, _founder, _members = circle_with(0)
    join(circle, olga)
    meeting = services.schedule_meeting(hanna, group=team, **data())

    client.force_login(mia)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert page.status_code == 200
    assert "Reparaturcafé" in page.content.decode()
    assert 'href="/projects/1/team/"' in page.content.decode()  # back to where the group lives
    assert client.get(reverse("meetings:ics", args=[meeting.pk])).status_code == 200
    assert "Teamtreffen" in client.get(reverse("meetings:list")).content.decode()

    client.force_login(olga)
    for name in ("detail", "ics", "edit"):
        assert client.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404
    for name in ("answer", "goal", "cancel", "helped"):
        response = client.post(reverse(f"meetings:{name}", args=[meeting.pk]), {"answer": "yes"})
        assert response.status_code == 404
    assert "Teamtreffen" not in client.get(reverse("meetings:list")).content.decode()
    headers = auth(olga)
    assert client.get(f"{API}/meetings/{meeting.pk}", **headers).status_code == 404
    assert client.get(f"{API}/meetings/{meeting.pk}/rsvps", **headers).status_code == 404
    answer = client.put(
        f"{API}/meetings/{meeting.pk}/rsvp",
        {"answer": "yes"},
        content_type="application/json",
        **headers,
    )
    assert answer.status_code == 404
    assert all(m["id"] != meeting.pk for m in client.get(f"{API}/meetings", **headers).json())
    assert not Rsvp.objects.filter(meeting=meeting).exists()
    with pytest.raises(PermissionDenied):
        services.answer_meeting(meeting, olga, "yes")

    listed = client.get(f"{API}/meetings", **auth(mia)).json()
    mine = next(m for m in listed if m["id"] == meeting.pk)
    assert mine["group_id"] == team.pk and mine["circle_id"] is None
    assert mine["audience"] == "Reparaturcafé"


def test_every_member_schedules_and_the_others_are_told_in_the_app(client, group):
    team, hanna, mia, max_, olga = group
    client.force_login(mia)
    meeting = services.schedule_meeting(mia, group=team, **data())
    assert meeting.group == team and meeting.circle is None and meeting.organiser == mia
    told = Notification.objects.filter(kind=Kind.MEETING_INVITED)
    assert sorted(told.values_list("recipient", flat=True)) == sorted([hanna.pk, max_.pk])
    assert not mail.outbox  # a new meeting is no e-mail
    client.force_login(max_)
    text = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Mia Mitglied invited you to a meeting" in text
    with pytest.raises(PermissionDenied):
        services.schedule_meeting(olga, group=team, **data())
    assert Meeting.objects.count() == 1


def test_the_organiser_and_the_host_change_or_cancel_another_member_gets_403(
    client, group, django_capture_on_commit_callbacks
):
    team, hanna, mia, max_, _olga = group
    meeting = services.schedule_meeting(mia, group=team, **data())
    client.force_login(max_)
    assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 403
    assert client.post(reverse("meetings:cancel", args=[meeting.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.update_meeting(meeting, max_, **data(title="Gekapert"))

    services.answer_meeting(meeting, max_, "yes")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(
            meeting, mia, **data(starts_at=tomorrow_at(12), ends_at=tomorrow_at(13))
        )
    assert [m.to for m in mail.outbox] == [[max_.email]]
    assert "Reparaturcafé" in mail.outbox[0].body  # the e-mail names the group
    mail.outbox.clear()
    client.force_login(hanna)  # the host cancels a meeting someone else scheduled
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Krank"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.sequence == 2
    assert [m.to for m in mail.outbox] == [[max_.email]]


def test_waiting_list_and_a_freed_seat_in_a_group(group):
    team, hanna, mia, max_, _olga = group
    meeting = services.schedule_meeting(hanna, group=team, **data(capacity=1))
    assert services.answer_meeting(meeting, mia, "yes").has_seat
    assert services.answer_meeting(meeting, max_, "yes").waiting
    services.answer_meeting(meeting, mia, "no")
    assert Rsvp.objects.get(meeting=meeting, member=max_).has_seat
    assert Notification.objects.filter(recipient=max_, kind=Kind.MEETING_SEAT).exists()


def test_reminder_ics_and_the_private_feed_hold_group_meetings(client, group):
    team, hanna, mia, _max, olga = group
    meeting = services.schedule_meeting(hanna, group=team, **data())
    services.answer_meeting(meeting, mia, "yes")
    client.force_login(mia)
    calendar = Calendar.from_ical(client.get(reverse("meetings:ics", args=[meeting.pk])).content)
    (event,) = calendar.events
    assert str(event["UID"]).startswith(f"meeting-{meeting.pk}@")
    _feed, secret = services.create_calendar_feed(mia)
    feed = Calendar.from_ical(client.get(reverse("meetings:feed", args=[secret])).content)
    assert [str(e["SUMMARY"]) for e in feed.events] == ["Teamtreffen"]
    _feed, olga_secret = services.create_calendar_feed(olga)
    assert not Calendar.from_ical(
        client.get(reverse("meetings:feed", args=[olga_secret])).content
    ).events

    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() + timedelta(hours=2), ends_at=timezone.now() + timedelta(hours=3)
    )
    mail.outbox.clear()
    assert send_meeting_reminders_task.call() == 1
    assert [m.to for m in mail.outbox] == [[mia.email]]
    assert "Reparaturcafé" in mail.outbox[0].body


def test_bad_input_in_a_group_is_refused_and_nothing_is_written(group):
    team, hanna, *_rest = group
    past = timezone.now() - timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.schedule_meeting(
            hanna, group=team, **data(starts_at=past, ends_at=past + timedelta(hours=1))
        )
    assert "starts_at" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.schedule_meeting(hanna, group=team, **data(online_url="", place=""))
    assert not Meeting.objects.exists()
    circle, founder, _members = circle_with(0)
    with pytest.raises(ValueError):
        services.schedule_meeting(founder, circle, group=team, **data())
    with pytest.raises(ValueError):
        services.schedule_meeting(founder, **data())
    with pytest.raises(ValueError):
        services.create_meeting_group("   ")


def test_a_meeting_belongs_to_exactly_one_circle_or_group(group):
    team, _hanna, *_rest = group
    circle, founder, _members = circle_with(0)
    meeting = schedule(founder, circle)
    for circle_id, group_id in ((None, None), (circle.pk, team.pk)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Meeting.objects.filter(pk=meeting.pk).update(circle_id=circle_id, group_id=group_id)


def test_adding_a_member_shows_the_groups_meetings_and_deletion_removes_them(client, group):
    team, hanna, _mia, _max, olga = group
    meeting = services.schedule_meeting(hanna, group=team, **data())
    services.add_group_member(team, olga)
    services.add_group_member(team, olga)  # idempotent
    assert GroupMember.objects.filter(group=team, member=olga).count() == 1
    client.force_login(olga)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    services.answer_meeting(meeting, olga, "yes")

    delete_account(olga, password=DEFAULT_PASSWORD)
    assert not GroupMember.objects.filter(member=olga).exists()
    assert not Rsvp.objects.filter(member=olga).exists()
    # The host's meeting stays the group's record when its organiser leaves.
    delete_account(hanna, password=DEFAULT_PASSWORD)
    assert Meeting.objects.filter(pk=meeting.pk, group=team).exists()
    assert MeetingGroup.objects.filter(pk=team.pk).exists()


def test_a_block_keeps_the_new_meeting_notice_away_and_the_export_names_the_groups(group):
    team, hanna, mia, max_, _olga = group
    block_member(max_, hanna)
    meeting = services.schedule_meeting(hanna, group=team, **data())
    told = Notification.objects.filter(kind=Kind.MEETING_INVITED)
    assert list(told.values_list("recipient", flat=True)) == [mia.pk]
    exported = export_member_data(hanna)
    assert exported["meeting_groups"][0]["name"] == "Reparaturcafé"
    assert exported["meeting_groups"][0]["host"] is True
    assert exported["meetings_organised"][0]["group_id"] == team.pk
    assert export_member_data(mia)["meeting_groups"][0]["host"] is False
    assert meeting.audience_name == "Reparaturcafé"
