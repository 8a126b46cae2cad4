"""The meetings API: the same services and rules as the pages, errors as `ErrorOut`."""

from datetime import UTC, datetime

import pytest

from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token
from goodword.meetings.models import Meeting, OneToOne, Rsvp

from .factories import circle_with, tomorrow_at

pytestmark = pytest.mark.django_db
API = "/api/v1"


def auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user, 'test')[1]}"}


def body(**overrides) -> dict:
    data = {
        "title": "Online-Runde",
        "starts_at": tomorrow_at(18).isoformat(),
        "ends_at": tomorrow_at(19).isoformat(),
        "time_zone": "Europe/Berlin",
        "online_url": "https://meet.example.org/runde",
        "capacity": 1,
    }
    data.update(overrides)
    return data


def test_schedule_rsvp_and_wait_through_the_api(client):
    circle, founder, (a, b) = circle_with(2)
    response = client.post(
        f"{API}/meetings/circles/{circle.pk}",
        body(),
        content_type="application/json",
        **auth(founder),
    )
    assert response.status_code == 201, response.content
    meeting_id = response.json()["id"]
    # A naive time is read in the meeting's time zone.
    naive = body(
        starts_at="2030-07-01T18:00:00", ends_at="2030-07-01T19:00:00", time_zone="Europe/Vienna"
    )
    response = client.post(
        f"{API}/meetings/circles/{circle.pk}",
        naive,
        content_type="application/json",
        **auth(founder),
    )
    starts = datetime.fromisoformat(response.json()["starts_at"])
    assert starts == datetime(2030, 7, 1, 16, 0, tzinfo=UTC)

    url = f"{API}/meetings/{meeting_id}/rsvp"
    first = client.put(url, {"answer": "yes"}, content_type="application/json", **auth(a))
    assert first.status_code == 200 and first.json()["waiting"] is False
    again = client.put(url, {"answer": "yes"}, content_type="application/json", **auth(a))
    assert again.status_code == 200
    second = client.put(url, {"answer": "yes"}, content_type="application/json", **auth(b))
    assert second.json()["waiting"] is True
    assert Rsvp.objects.filter(meeting_id=meeting_id).count() == 2
    listed = client.get(f"{API}/meetings/{meeting_id}/rsvps", **auth(a)).json()
    assert [(r["member_id"], r["waiting"]) for r in listed] == [(a.pk, False), (b.pk, True)]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {"starts_at": "2020-01-01T10:00:00+01:00", "ends_at": "2020-01-01T11:00:00+01:00"},
            "starts_at",
        ),
        ({"ends_at": tomorrow_at(17).isoformat()}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"time_zone": "Berlin"}, "time_zone"),
        ({"online_url": "", "place": ""}, "place"),
    ],
)
def test_bad_input_is_400_with_the_field(client, overrides, field):
    circle, founder, _members = circle_with(0)
    response = client.post(
        f"{API}/meetings/circles/{circle.pk}",
        body(**overrides),
        content_type="application/json",
        **auth(founder),
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Meeting.objects.exists()


def test_wrong_users(client):
    circle, founder, (member,) = circle_with(1)
    outsider = UserFactory()
    url = f"{API}/meetings/circles/{circle.pk}"
    assert (
        client.post(url, body(), content_type="application/json", **auth(member)).status_code == 403
    )
    assert (
        client.post(url, body(), content_type="application/json", **auth(outsider)).status_code
        == 404
    )
    meeting_id = client.post(url, body(), content_type="application/json", **auth(founder)).json()[
        "id"
    ]
    assert client.get(f"{API}/meetings/{meeting_id}", **auth(outsider)).status_code == 404
    assert (
        client.put(
            f"{API}/meetings/{meeting_id}/rsvp",
            {"answer": "yes"},
            content_type="application/json",
            **auth(outsider),
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"{API}/meetings/{meeting_id}/cancel",
            {},
            content_type="application/json",
            **auth(member),
        ).status_code
        == 403
    )
    cancel = client.post(
        f"{API}/meetings/{meeting_id}/cancel", {}, content_type="application/json", **auth(founder)
    )
    assert cancel.json()["status"] == "cancelled"
    late = client.put(
        f"{API}/meetings/{meeting_id}/rsvp",
        {"answer": "yes"},
        content_type="application/json",
        **auth(member),
    )
    assert late.status_code == 400
    assert not Rsvp.objects.exists()


def test_one_to_one_through_the_api(client):
    _circle, founder, (peer,) = circle_with(1)
    response = client.post(
        f"{API}/one-to-ones",
        {
            "invitee_id": peer.pk,
            "note": "Lass uns kennenlernen, ich mache auch Workshops.",
            "times": [tomorrow_at(9).isoformat(), tomorrow_at(15).isoformat()],
        },
        content_type="application/json",
        **auth(founder),
    )
    assert response.status_code == 201, response.content
    data = response.json()
    time_id = data["times"][1]["id"]
    assert (
        client.post(
            f"{API}/one-to-ones/{data['id']}/accept",
            {"time_id": time_id},
            content_type="application/json",
            **auth(founder),
        ).status_code
        == 403
    )
    accepted = client.post(
        f"{API}/one-to-ones/{data['id']}/accept",
        {"time_id": time_id},
        content_type="application/json",
        **auth(peer),
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert OneToOne.objects.get().starts_at == tomorrow_at(15)
    assert client.get(f"{API}/one-to-ones/{data['id']}", **auth(UserFactory())).status_code == 404
