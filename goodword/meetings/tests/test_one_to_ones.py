"""One-to-ones: who may propose (earned contact or a shared circle; blocks hold), accepting
one time, declining, cancelling, and "we now know each other personally"."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from goodword.accounts.tests.factories import UserFactory
from goodword.meetings import services
from goodword.meetings.models import OneToOne, OneToOneStatus, ProposedTime
from goodword.meetings.queries import know_personally
from goodword.messaging.services import block_member
from goodword.notifications.models import Kind, Notification
from goodword.recommendations.models import Status
from goodword.recommendations.tests.factories import RecommendationFactory

from .factories import circle_with, tomorrow_at

pytestmark = pytest.mark.django_db

NOTE = "Ich würde gern hören, wie du deine Workshops aufbaust."


def propose(proposer, invitee, **overrides):
    data = {
        "note": NOTE,
        "times": [tomorrow_at(9), tomorrow_at(14)],
        "time_zone": "Europe/Berlin",
        "place": "Café Central",
        **overrides,
    }
    return services.propose_one_to_one(proposer, invitee, **data)


def post_data(**overrides) -> dict:
    data = {
        "note": NOTE,
        "time_1": tomorrow_at(9).strftime("%Y-%m-%dT%H:%M"),
        "time_2": tomorrow_at(14).strftime("%Y-%m-%dT%H:%M"),
        "time_3": "",
        "time_zone": "Europe/Berlin",
        "duration_minutes": "60",
        "place": "Café Central",
        "online_url": "",
    }
    data.update(overrides)
    return data


def test_stranger_cannot_propose_but_a_circle_peer_and_an_earned_contact_can(
    client, django_capture_on_commit_callbacks
):
    _circle, founder, (peer,) = circle_with(1)
    stranger = UserFactory()
    client.force_login(stranger)
    url = reverse("meetings:one_to_one_new", args=[peer.pk])
    response = client.get(url)
    assert response.status_code == 403
    assert (
        "contact is earned" in response.content.decode() or "Kontakt" in response.content.decode()
    )
    assert client.post(url, post_data()).status_code == 403
    assert not OneToOne.objects.exists()

    client.force_login(founder)  # shares the circle with peer
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, post_data())
    one_to_one = OneToOne.objects.get()
    assert response.status_code == 302
    assert one_to_one.proposer == founder and one_to_one.times.count() == 2
    assert Notification.objects.filter(recipient=peer, kind=Kind.ONE_TO_ONE_PROPOSED).exists()
    assert [m.to for m in mail.outbox] == [[peer.email]]

    RecommendationFactory(author=peer, subject=stranger, status=Status.ACCEPTED)
    assert propose(stranger, peer).status == OneToOneStatus.PROPOSED


def test_blocks_hold():
    _circle, founder, (peer,) = circle_with(1)
    block_member(peer, founder)
    with pytest.raises(PermissionDenied):
        propose(founder, peer)
    with pytest.raises(PermissionDenied):
        propose(peer, founder)
    assert not OneToOne.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"note": "hi"}, "note"),
        ({"time_1": "2020-05-01T10:00"}, "times"),
        ({"time_zone": "Nowhere/City"}, "time_zone"),
        ({"duration_minutes": "5"}, "duration_minutes"),
        ({"online_url": "ftp://example.org"}, "online_url"),
    ],
)
def test_bad_proposals_are_400_and_nothing_is_written(client, overrides, field):
    _circle, founder, (peer,) = circle_with(1)
    client.force_login(founder)
    response = client.post(
        reverse("meetings:one_to_one_new", args=[peer.pk]), post_data(**overrides)
    )
    assert response.status_code == 400
    assert not OneToOne.objects.exists() and not ProposedTime.objects.exists()


def test_second_open_proposal_between_the_same_two_is_refused():
    _circle, founder, (peer,) = circle_with(1)
    propose(founder, peer)
    with pytest.raises(ValidationError):
        propose(peer, founder)
    assert OneToOne.objects.count() == 1


def test_accept_one_time_then_both_mark_that_they_know_each_other(client):
    _circle, founder, (peer,) = circle_with(1)
    one_to_one = propose(founder, peer)
    second = one_to_one.times.order_by("starts_at")[1]
    client.force_login(founder)  # the proposer cannot accept their own proposal
    accept_url = reverse("meetings:one_to_one_accept", args=[one_to_one.pk])
    assert client.post(accept_url, {"time": second.pk}).status_code == 403
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.post(accept_url, {"time": second.pk}).status_code == 404
    assert client.get(reverse("meetings:one_to_one", args=[one_to_one.pk])).status_code == 404

    client.force_login(peer)
    assert client.post(accept_url, {"time": 999999}).status_code == 400
    assert client.post(accept_url, {"time": second.pk}).status_code == 302
    one_to_one.refresh_from_db()
    assert one_to_one.status == OneToOneStatus.ACCEPTED
    assert one_to_one.starts_at == tomorrow_at(14)
    assert Notification.objects.filter(recipient=founder, kind=Kind.ONE_TO_ONE_ACCEPTED).exists()

    known_url = reverse("meetings:one_to_one_known", args=[one_to_one.pk])
    assert client.post(known_url).status_code == 400  # not met yet
    OneToOne.objects.filter(pk=one_to_one.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    assert client.post(known_url).status_code == 302
    assert not know_personally(founder, peer)  # one side is not enough
    client.force_login(founder)
    assert client.post(known_url).status_code == 302
    assert know_personally(founder, peer) and know_personally(peer, founder)
    page = client.get(reverse("meetings:one_to_one", args=[one_to_one.pk])).content.decode()
    assert "persönlich" in page


def test_decline_and_withdraw(client):
    _circle, founder, (peer, other) = circle_with(2)
    first = propose(founder, peer)
    client.force_login(peer)
    response = client.post(
        reverse("meetings:one_to_one_decline", args=[first.pk]), {"note": "Gerade keine Zeit."}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == OneToOneStatus.DECLINED
    assert client.post(reverse("meetings:one_to_one_decline", args=[first.pk])).status_code == 400

    second = propose(founder, other)
    client.force_login(other)  # the invitee declines rather than withdraws
    assert client.post(reverse("meetings:one_to_one_withdraw", args=[second.pk])).status_code == 400
    client.force_login(founder)
    assert client.post(reverse("meetings:one_to_one_withdraw", args=[second.pk])).status_code == 302
    second.refresh_from_db()
    assert second.status == OneToOneStatus.WITHDRAWN


def test_both_are_reminded_once_of_an_agreed_one_to_one():
    from goodword.meetings.tasks import send_meeting_reminders_task

    _circle, founder, (peer,) = circle_with(1)
    one_to_one = propose(founder, peer)
    services.accept_one_to_one(one_to_one, peer, one_to_one.times.first().pk)
    OneToOne.objects.filter(pk=one_to_one.pk).update(starts_at=timezone.now() + timedelta(hours=3))
    mail.outbox.clear()
    assert send_meeting_reminders_task.call() == 2
    assert send_meeting_reminders_task.call() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([founder.email, peer.email])
    assert Notification.objects.filter(kind=Kind.MEETING_REMINDER).count() == 2
