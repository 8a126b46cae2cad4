"""Circle meetings: scheduling and its bad input, who may see and organise, RSVPs with the
waiting list, change and cancel notices, reminders, and the growth round."""

import threading
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from goodword.accounts.tests.factories import UserFactory
from goodword.circles import services as circle_services
from goodword.meetings import services
from goodword.meetings.models import Answer, Goal, HelpNote, Meeting, Rsvp
from goodword.meetings.tasks import send_meeting_reminders_task
from goodword.notifications.models import Kind, Notification
from goodword.subscriptions.models import MailKind
from goodword.subscriptions.services import opt_out

from .factories import circle_with, held, schedule, tomorrow_at

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    start = tomorrow_at(18).strftime("%Y-%m-%dT%H:%M")
    end = tomorrow_at(20).strftime("%Y-%m-%dT%H:%M")
    data = {
        "title": "Wachstumsrunde",
        "agenda": "",
        "starts_at": start,
        "ends_at": end,
        "time_zone": "Europe/Berlin",
        "place": "Köln, Venloer Str. 1",
        "online_url": "",
        "capacity": "",
        "growth_round": "on",
    }
    data.update(overrides)
    return data


# Scheduling


def test_moderator_schedules_a_meeting_in_the_chosen_time_zone(client):
    circle, founder, _members = circle_with(2)
    client.force_login(founder)
    data = form_data(time_zone="America/New_York", capacity="12")
    response = client.post(reverse("meetings:new", args=[circle.pk]), data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    # 18:00 typed for New York is 18:00 there, not 18:00 in Berlin.
    assert meeting.time_zone == "America/New_York"
    # The typed wall time is the Berlin calendar's tomorrow; near midnight New York's date differs.
    assert meeting.starts_at == tomorrow_at(18).replace(tzinfo=ZoneInfo("America/New_York"))
    assert meeting.starts_at != tomorrow_at(18)
    assert meeting.capacity == 12 and meeting.growth_round
    # The circle's members hear of it in the app (no e-mail for a new meeting).
    assert Notification.objects.filter(kind=Kind.MEETING_SCHEDULED).count() == 2
    assert not mail.outbox


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        (
            {"starts_at": "2020-01-01T18:00", "ends_at": "2020-01-01T20:00"},
            "starts_at",
            "in the future",
        ),
        ({"ends_at": tomorrow_at(17).strftime("%Y-%m-%dT%H:%M")}, "ends_at", "end after it starts"),
        ({"capacity": "0"}, "capacity", "at least 1"),
        ({"place": "", "online_url": ""}, "place", "place, an online link, or both"),
        ({"online_url": "javascript:alert(1)"}, "online_url", "https://"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "time zone"),
        ({"title": ""}, "title", "title"),
    ],
)
def test_bad_meeting_input_is_refused_and_nothing_is_written(client, overrides, field, text):
    circle, founder, _members = circle_with(1)
    client.force_login(founder)
    response = client.post(
        reverse("meetings:new", args=[circle.pk]), form_data(**overrides), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert text in response.content.decode()
    assert not Meeting.objects.exists()
    assert not Notification.objects.filter(kind=Kind.MEETING_SCHEDULED).exists()


def test_bad_input_is_explained_in_german(client):
    circle, founder, _members = circle_with(1)
    client.force_login(founder)
    response = client.post(
        reverse("meetings:new", args=[circle.pk]),
        form_data(capacity="0"),
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400
    assert "mindestens 1" in response.content.decode()


def test_non_moderator_gets_403_and_outsider_404():
    circle, founder, (member,) = circle_with(1)
    outsider = UserFactory()
    from django.test import Client

    for user, status in ((member, 403), (outsider, 404)):
        c = Client()
        c.force_login(user)
        assert c.get(reverse("meetings:new", args=[circle.pk])).status_code == status
        assert c.post(reverse("meetings:new", args=[circle.pk]), form_data()).status_code == status
    assert not Meeting.objects.exists()
    meeting = schedule(founder, circle)
    c = Client()
    c.force_login(outsider)
    for name in ("detail", "ics", "edit"):
        assert c.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404
    assert (
        c.post(reverse("meetings:answer", args=[meeting.pk]), {"answer": "yes"}).status_code == 404
    )
    c.force_login(member)
    assert c.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 403
    assert c.post(reverse("meetings:cancel", args=[meeting.pk])).status_code == 403
    meeting.refresh_from_db()
    assert not meeting.is_cancelled
    with pytest.raises(PermissionDenied):
        services.schedule_meeting(member, circle, title="x")


def test_meeting_page_shows_the_local_time_and_the_circles_page_lists_it(client):
    circle, founder, (member,) = circle_with(1)
    meeting = schedule(founder, circle)
    client.force_login(member)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "18:00" in page and "Europe/Berlin" in page
    circle_page = client.get(reverse("circles:detail", args=[circle.pk])).content.decode()
    assert meeting.title in circle_page


# RSVPs and the waiting list


def test_rsvp_twice_updates_the_answer(client):
    circle, founder, (member,) = circle_with(1)
    meeting = schedule(founder, circle)
    client.force_login(member)
    url = reverse("meetings:answer", args=[meeting.pk])
    assert client.post(url, {"answer": "yes"}).status_code == 302
    assert client.post(url, {"answer": "yes"}).status_code == 302
    assert client.post(url, {"answer": "maybe"}).status_code == 302
    assert Rsvp.objects.filter(meeting=meeting, member=member).count() == 1
    assert Rsvp.objects.get().answer == Answer.MAYBE


def test_rsvp_bad_answer_and_cancelled_meeting_are_400(client):
    circle, founder, (member,) = circle_with(1)
    meeting = schedule(founder, circle)
    client.force_login(member)
    url = reverse("meetings:answer", args=[meeting.pk])
    assert client.post(url, {"answer": "perhaps"}).status_code == 400
    services.cancel_meeting(meeting, founder, "Raum fällt aus")
    response = client.post(url, {"answer": "yes"})
    assert response.status_code == 400
    assert "abgesagt" in response.content.decode()
    assert not Rsvp.objects.exists()


def test_full_meeting_puts_yes_on_the_waiting_list_and_a_freed_seat_promotes_in_order(
    django_capture_on_commit_callbacks,
):
    circle, founder, (a, b, c, d) = circle_with(4)
    meeting = schedule(founder, circle, capacity=2)
    assert not services.answer_meeting(meeting, a, "yes").waiting
    assert not services.answer_meeting(meeting, b, "yes").waiting
    assert services.answer_meeting(meeting, c, "yes").waiting
    assert services.answer_meeting(meeting, d, "yes").waiting
    # Saying yes again keeps one's place; maybe and no take no seat.
    assert services.answer_meeting(meeting, c, "yes").waiting
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_meeting(meeting, a, "no")
    seats = set(
        Rsvp.objects.filter(meeting=meeting, answer="yes", waiting=False).values_list(
            "member", flat=True
        )
    )
    assert seats == {b.pk, c.pk}  # c waited longer than d
    assert Rsvp.objects.get(member=d).waiting
    assert Notification.objects.filter(recipient=c, kind=Kind.MEETING_SEAT).exists()
    assert [m.to for m in mail.outbox] == [[c.email]]
    # More seats go to the waiting list too.
    services.update_meeting(meeting, founder, **_same(meeting, capacity=3))
    assert not Rsvp.objects.get(member=d).waiting


def _same(meeting, **changes) -> dict:
    data = {
        f: getattr(meeting, f)
        for f in (
            "title",
            "agenda",
            "starts_at",
            "ends_at",
            "time_zone",
            "place",
            "online_url",
            "capacity",
            "growth_round",
        )
    }
    data.update(changes)
    return data


def test_capacity_below_the_seats_taken_is_refused():
    circle, founder, (a, b) = circle_with(2)
    meeting = schedule(founder, circle, capacity=5)
    services.answer_meeting(meeting, a, "yes")
    services.answer_meeting(meeting, b, "yes")
    with pytest.raises(ValidationError) as exc:
        services.update_meeting(meeting, founder, **_same(meeting, capacity=1))
    assert "capacity" in exc.value.message_dict
    meeting.refresh_from_db()
    assert meeting.capacity == 5


@pytest.mark.django_db(transaction=True)
def test_two_members_answering_yes_for_the_last_seat_at_once_get_one_seat():
    circle, founder, (a, b) = circle_with(2)
    meeting = schedule(founder, circle, capacity=1)
    barrier = threading.Barrier(2)
    errors = []

    def answer(member):
        try:
            barrier.wait()
            services.answer_meeting(meeting, member, "yes")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(m,)) for m in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    rsvps = Rsvp.objects.filter(meeting=meeting)
    assert rsvps.count() == 2
    assert rsvps.filter(waiting=False).count() == 1
    assert rsvps.filter(waiting=True).count() == 1


# Changes, cancellations, reminders


def test_change_of_time_raises_sequence_and_tells_attendees_by_mail(
    django_capture_on_commit_callbacks,
):
    circle, founder, (a, b, c) = circle_with(3)
    meeting = schedule(founder, circle)
    services.answer_meeting(meeting, a, "yes")
    services.answer_meeting(meeting, b, "maybe")
    services.answer_meeting(meeting, c, "no")
    mail.outbox.clear()
    services.update_meeting(meeting, founder, **_same(meeting, agenda="Nur die Agenda"))
    meeting.refresh_from_db()
    assert meeting.sequence == 0 and not mail.outbox  # an agenda edit is no change notice
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(
            meeting, founder, **_same(meeting, starts_at=tomorrow_at(19), ends_at=tomorrow_at(21))
        )
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, b.email])
    assert "19:00" in mail.outbox[0].body
    assert Notification.objects.filter(kind=Kind.MEETING_CHANGED).count() == 2


def test_cancel_notice_respects_the_mail_opt_out_and_cancelling_twice_is_400(
    client, django_capture_on_commit_callbacks
):
    circle, founder, (a, b) = circle_with(2)
    meeting = schedule(founder, circle)
    services.answer_meeting(meeting, a, "yes")
    services.answer_meeting(meeting, b, "yes")
    opt_out(b, MailKind.MEETINGS)
    mail.outbox.clear()
    client.force_login(founder)
    url = reverse("meetings:cancel", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"reason": "Krank"}).status_code == 302
    assert [m.to for m in mail.outbox] == [[a.email]]
    assert "Krank" in mail.outbox[0].body
    assert Notification.objects.filter(recipient=b, kind=Kind.MEETING_CANCELLED).exists()
    assert client.post(url, {"reason": "nochmal"}).status_code == 400
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.cancel_reason == "Krank"


def test_reminders_go_out_once_to_those_who_come():
    circle, founder, (a, b, c, d) = circle_with(4)
    meeting = schedule(founder, circle, capacity=2)
    later = schedule(
        founder,
        circle,
        starts_at=tomorrow_at(18) + timedelta(days=3),
        ends_at=tomorrow_at(20) + timedelta(days=3),
    )
    services.answer_meeting(meeting, a, "yes")
    services.answer_meeting(meeting, b, "maybe")
    services.answer_meeting(meeting, c, "yes")
    services.answer_meeting(meeting, d, "yes")  # waiting
    services.answer_meeting(later, a, "yes")
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() + timedelta(hours=3), ends_at=timezone.now() + timedelta(hours=5)
    )
    mail.outbox.clear()
    assert send_meeting_reminders_task.call() == 3
    assert send_meeting_reminders_task.call() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, b.email, c.email])
    assert Notification.objects.filter(kind=Kind.MEETING_REMINDER).count() == 3


# Growth round


def test_goals_before_and_who_helped_after_with_a_prompt(client):
    circle, founder, (a, b, c) = circle_with(3)
    meeting = schedule(founder, circle)
    for member in (a, b):
        services.answer_meeting(meeting, member, "yes")
    client.force_login(a)
    goal_url = reverse("meetings:goal", args=[meeting.pk])
    assert client.post(goal_url, {"text": "Zwei neue Kundinnen für Workshops"}).status_code == 302
    client.force_login(c)  # no answer yet: no goal
    assert client.post(goal_url, {"text": "Ich auch"}).status_code == 400
    assert list(Goal.objects.values_list("member", flat=True)) == [a.pk]
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Zwei neue Kundinnen" in page  # the goals are listed for the circle

    helped_url = reverse("meetings:helped", args=[meeting.pk])
    client.force_login(a)
    assert client.post(helped_url, {"helper": b.pk}).status_code == 400  # not over yet
    held(meeting)
    assert client.post(goal_url, {"text": "zu spät"}).status_code == 400
    assert client.post(helped_url, {"helper": c.pk}).status_code == 400  # c was not there
    noted_from = timezone.now()
    response = client.post(helped_url, {"helper": b.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("messaging:compose", args=[b.pk]) in body
    assert f"{reverse('recommendations:create')}?subject={b.pk}" in body
    assert HelpNote.objects.filter(meeting=meeting, member=a, helper=b).count() == 1
    # Nothing reaches b, and b's page does not show a's note: it is a's own.
    assert not Notification.objects.filter(recipient=b, created_at__gte=noted_from).exists()
    client.force_login(b)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert reverse("meetings:unhelped", args=[meeting.pk, b.pk]) not in page
    client.force_login(a)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert reverse("meetings:unhelped", args=[meeting.pk, b.pk]) in page


def test_member_who_leaves_the_circle_no_longer_sees_its_meetings(client):
    circle, founder, (member,) = circle_with(1)
    meeting = schedule(founder, circle)
    client.force_login(member)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    circle_services.leave_circle(circle, member)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.answer_meeting(meeting, member, "yes")
