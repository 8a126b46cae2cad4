"""Meetings in the team space: every member of the team schedules one (the meetings app's
group meetings), only the team sees it (page, `.ics`, API, lists, calendar feed), a member
who joins later sees it too, bad input and a closed project are refused with nothing written."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from goodword.meetings import services as meeting_services
from goodword.meetings.models import GroupMember, Meeting, MeetingGroup
from goodword.meetings.tests.factories import tomorrow_at
from goodword.notifications.models import Kind, Notification
from goodword.projects import services

from .test_projects import EN, auth, fill_rest, seat_dora, start

pytestmark = pytest.mark.django_db
API = "/api/v1"


def form(**overrides) -> dict:
    data = {
        "title": "Werkbank-Planung",
        "agenda": "Maße, Holz, wer kauft ein.",
        "starts_at": tomorrow_at(18).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": tomorrow_at(19).strftime("%Y-%m-%dT%H:%M"),
        "time_zone": "Europe/Berlin",
        "place": "Werkstatt, Körnerstr. 5, Köln",
        "online_url": "",
        "capacity": "",
    }
    data.update(overrides)
    return data


def with_dora(people):
    """Lena's project with Dora in the carpentry seat; the design seat is still open."""
    return seat_dora(start(people["lena"]), people)


def test_a_team_member_schedules_a_meeting_and_the_team_sees_it_in_the_space(client, people):
    project = with_dora(people)
    lena, dora = people["lena"], people["dora"]
    client.force_login(lena)
    detail = client.get(reverse("projects:detail", args=[project.pk]), **EN).content.decode()
    assert "Go to the team space" in detail  # before every seat is filled
    space = client.get(reverse("projects:team", args=[project.pk]), **EN).content.decode()
    assert "No team meeting is planned" in space

    client.force_login(dora)  # not the owner: every member of the team may schedule
    new = reverse("projects:team_meeting_new", args=[project.pk])
    assert client.get(new).status_code == 200
    response = client.post(new, form())
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    project.refresh_from_db()
    assert meeting.group == project.meeting_group and meeting.circle is None
    assert meeting.growth_round is False  # unticked by default for a team
    hosts = dict(GroupMember.objects.filter(group=meeting.group).values_list("member", "is_host"))
    assert hosts == {lena.pk: True, dora.pk: False}
    assert Notification.objects.filter(recipient=lena, kind=Kind.MEETING_INVITED).exists()

    client.force_login(lena)
    space = client.get(reverse("projects:team", args=[project.pk]), **EN).content.decode()
    assert "Werkbank-Planung" in space
    assert reverse("meetings:detail", args=[meeting.pk]) in space
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert reverse("projects:team", args=[project.pk]) in page  # back to the space
    assert "Werkbank-Planung" in client.get(reverse("meetings:list")).content.decode()
    # The owner hosts the team's meetings: she may cancel one Dora scheduled.
    meeting_services.cancel_meeting(meeting, lena, "Verschoben")


def test_someone_outside_the_team_gets_404_on_page_ics_and_api(client, people):
    project = with_dora(people)
    meeting = services.schedule_team_meeting(
        project,
        people["lena"],
        title="Nur fürs Team",
        starts_at=tomorrow_at(18),
        ends_at=tomorrow_at(19),
        time_zone="Europe/Berlin",
        place="Köln",
    )
    anna = people["anna"]  # sees the project (all members), is not in the team
    client.force_login(anna)
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
    for url in (
        reverse("projects:team", args=[project.pk]),
        reverse("projects:team_meeting_new", args=[project.pk]),
        reverse("meetings:detail", args=[meeting.pk]),
        reverse("meetings:ics", args=[meeting.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("projects:team_meeting_new", args=[project.pk]), form()).status_code
        == 404
    )
    assert "Nur fürs Team" not in client.get(reverse("meetings:list")).content.decode()
    headers = auth(anna)
    assert client.get(f"{API}/meetings/{meeting.pk}", **headers).status_code == 404
    assert client.get(f"{API}/projects/{project.pk}/meetings", **headers).status_code == 404
    response = client.post(
        f"{API}/projects/{project.pk}/meetings",
        {
            "title": "Eingeschlichen",
            "starts_at": tomorrow_at(18).isoformat(),
            "ends_at": tomorrow_at(19).isoformat(),
            "place": "Köln",
        },
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
    assert Meeting.objects.count() == 1
    assert not GroupMember.objects.filter(member=anna).exists()


def test_a_member_who_joins_later_sees_the_team_meetings_and_has_them_in_the_feed(client, people):
    project = with_dora(people)
    meeting = services.schedule_team_meeting(
        project,
        people["dora"],
        title="Auftakt",
        starts_at=tomorrow_at(18),
        ends_at=tomorrow_at(19),
        time_zone="Europe/Berlin",
        online_url="https://meet.example.org/auftakt",
    )
    carla = people["carla"]
    client.force_login(carla)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    project = fill_rest(project, people)  # Carla takes the design seat
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    client.post(reverse("meetings:answer", args=[meeting.pk]), {"answer": "yes"})
    _feed, secret = meeting_services.create_calendar_feed(carla)
    feed = Calendar.from_ical(client.get(reverse("meetings:feed", args=[secret])).content)
    assert [str(e["SUMMARY"]) for e in feed.events] == ["Auftakt"]
    listed = client.get(f"{API}/projects/{project.pk}/meetings", **auth(carla)).json()
    assert [m["id"] for m in listed] == [meeting.pk]


def test_bad_input_is_400_in_german_and_nothing_is_written(client, people):
    project = with_dora(people)
    client.force_login(people["dora"])
    yesterday = timezone.localtime() - timedelta(days=1)
    response = client.post(
        reverse("projects:team_meeting_new", args=[project.pk]),
        form(
            starts_at=yesterday.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(yesterday + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        ),
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400
    assert "Das Treffen muss in der Zukunft beginnen." in response.content.decode()
    response = client.post(
        reverse("projects:team_meeting_new", args=[project.pk]),
        form(place="", online_url=""),
    )
    assert response.status_code == 400
    # The group is made with the first meeting: a refused meeting leaves no group behind.
    assert not Meeting.objects.exists() and not MeetingGroup.objects.exists()
    project.refresh_from_db()
    assert project.meeting_group is None
    api = client.post(
        f"{API}/projects/{project.pk}/meetings",
        {
            "title": "",
            "starts_at": tomorrow_at(18).isoformat(),
            "ends_at": tomorrow_at(17).isoformat(),
            "place": "Köln",
        },
        content_type="application/json",
        **auth(people["dora"]),
    )
    assert api.status_code == 400
    assert {"title", "ends_at"} <= set(api.json()["errors"])
    assert not Meeting.objects.exists()


def test_a_closed_project_takes_no_new_team_meetings_but_keeps_its_record(client, people):
    project = fill_rest(with_dora(people), people)
    lena = people["lena"]
    meeting = services.schedule_team_meeting(
        project,
        lena,
        title="Abschluss",
        starts_at=tomorrow_at(18),
        ends_at=tomorrow_at(19),
        time_zone="Europe/Berlin",
        place="Köln",
    )
    services.close_project(project, lena, done=True)
    client.force_login(people["carla"])
    response = client.post(reverse("projects:team_meeting_new", args=[project.pk]), form(), **EN)
    assert response.status_code == 400
    assert "This project is closed." in response.content.decode()
    assert Meeting.objects.count() == 1
    space = client.get(reverse("projects:team", args=[project.pk]), **EN).content.decode()
    assert "Abschluss" in space and "Schedule a team meeting" not in space
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200


def test_the_api_schedules_and_lists_team_meetings(client, people):
    project = with_dora(people)
    body = {
        "title": "Online-Abstimmung",
        "starts_at": "2030-07-01T18:00:00",
        "ends_at": "2030-07-01T19:00:00",
        "time_zone": "Europe/Berlin",
        "online_url": "https://meet.example.org/abstimmung",
    }
    response = client.post(
        f"{API}/projects/{project.pk}/meetings",
        body,
        content_type="application/json",
        **auth(people["dora"]),
    )
    assert response.status_code == 201, response.content
    created = response.json()
    project.refresh_from_db()
    assert created["group_id"] == project.meeting_group_id and created["circle_id"] is None
    listed = client.get(f"{API}/projects/{project.pk}/meetings", **auth(people["lena"])).json()
    assert [m["id"] for m in listed] == [created["id"]]
    past = client.get(f"{API}/projects/{project.pk}/meetings?past=true", **auth(people["lena"]))
    assert past.json() == []
