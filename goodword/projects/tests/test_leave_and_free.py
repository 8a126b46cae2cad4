"""Leaving a team and freeing a seat: a member in a seat of an open project leaves, or the owner
takes them out; the seat is open again (and can be filled again), they leave the team
conversation and the team's meetings (a seat they held at a meeting goes to the waiting list),
and the other side is told. The owner cannot leave, only the owner frees a seat, a closed
project keeps its team for the follow-up. Pages and API, the wrong user, German."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from goodword.meetings import services as meeting_services
from goodword.meetings.models import GroupMember, Rsvp
from goodword.meetings.tests.factories import tomorrow_at
from goodword.messaging import services as messaging
from goodword.messaging.models import ContactGrant, Conversation, Participant
from goodword.notifications.models import Kind, Notification
from goodword.projects import services
from goodword.projects.models import Seat

from .test_projects import EN, auth, fill, seat, seat_dora, start

pytestmark = pytest.mark.django_db
API = "/api/v1/projects"
DE = {"HTTP_ACCEPT_LANGUAGE": "de"}


def team_with_meeting(people, visibility="members"):
    """Lena's project, Dora in the carpentry seat, Carla in the design seat (so the team
    conversation is open), and a team meeting with one place: Dora has it, Carla waits."""
    project = fill(start(people["lena"], visibility=visibility), people)
    meeting = services.schedule_team_meeting(
        project,
        people["lena"],
        title="Werkbank-Planung",
        starts_at=tomorrow_at(18),
        ends_at=tomorrow_at(19),
        time_zone="Europe/Berlin",
        place="Werkstatt, Köln",
        capacity=1,
    )
    meeting_services.answer_meeting(meeting, people["dora"], "yes")
    meeting_services.answer_meeting(meeting, people["carla"], "yes")
    project.refresh_from_db()
    return project, meeting


def in_conversation(project, user) -> bool:
    return Participant.objects.filter(conversation=project.conversation, user=user).exists()


def in_group(project, user) -> bool:
    return GroupMember.objects.filter(group=project.meeting_group, member=user).exists()


def snapshot(project) -> dict:
    return {
        "seats": sorted(Seat.objects.filter(project=project).values_list("pk", "member")),
        "participants": sorted(
            Participant.objects.filter(conversation=project.conversation).values_list(
                "user", flat=True
            )
        ),
        "group": sorted(
            GroupMember.objects.filter(group=project.meeting_group).values_list("member", flat=True)
        ),
        "rsvps": sorted(Rsvp.objects.values_list("member", "waiting")),
    }


# Leaving ------------------------------------------------------------------------------------


def test_a_member_leaves_the_team_and_the_seat_can_be_filled_again(client, people):
    project, meeting = team_with_meeting(people)
    lena, dora, carla, eva = people["lena"], people["dora"], people["carla"], people["eva"]
    client.force_login(dora)
    team_url = reverse("projects:team", args=[project.pk])
    page = client.get(team_url, **EN).content.decode()
    assert "Leave the team" in page and "Free this seat" not in page
    assert reverse("projects:leave", args=[project.pk]) in page

    response = client.post(reverse("projects:leave", args=[project.pk]), **EN)
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:detail", args=[project.pk])
    detail = client.get(response["Location"], **EN).content.decode()
    assert "You left the team of “Reparaturcafé”. Your seat is open again." in detail

    carpentry = seat(project, "Tischlerei")
    assert carpentry.member is None and carpentry.filled_at is None
    assert not in_conversation(project, dora) and in_conversation(project, carla)
    assert not in_group(project, dora) and in_group(project, carla)
    # Her place at the team meeting went to Carla, who was waiting, and Carla is told.
    assert not Rsvp.objects.filter(meeting=meeting, member=dora).exists()
    assert not Rsvp.objects.get(meeting=meeting, member=carla).waiting
    assert Notification.objects.filter(recipient=carla, kind=Kind.MEETING_SEAT).exists()
    notice = Notification.objects.get(recipient=lena, kind=Kind.PROJECT_MEMBER_LEFT)
    assert notice.actor == dora and notice.url == team_url
    # The contact the team earned stays (a block would still stop it).
    assert ContactGrant.objects.filter(grantor=carla, grantee=dora).exists()
    # She is out of the space, its conversation and its meeting.
    assert client.get(team_url).status_code == 404
    conversation = reverse("messaging:conversation", args=[project.conversation_id])
    assert client.get(conversation).status_code == 404
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    client.force_login(lena)
    notices = client.get(reverse("notifications:list"), **EN).content.decode()
    assert "Dora Dahl left the team of your project" in notices

    # The seat is open again: Eva asks to join it and is welcomed into the space.
    application = services.ask_to_join(carpentry, eva, "Ich baue seit Jahren Werkbänke.")
    services.accept_application(application, lena)
    assert seat(project, "Tischlerei").member == eva
    assert in_conversation(project, eva) and in_group(project, eva)


def test_the_owner_cannot_leave_and_is_told_to_close_instead(client, people):
    project, _meeting = team_with_meeting(people)
    before = snapshot(project)
    client.force_login(people["lena"])
    page = client.get(reverse("projects:team", args=[project.pk]), **EN).content.decode()
    assert "Leave the team" not in page
    response = client.post(reverse("projects:leave", args=[project.pk]), **EN)
    assert response.status_code == 400
    assert "you cannot leave its team" in response.content.decode()
    german = client.post(reverse("projects:leave", args=[project.pk]), **DE)
    assert german.status_code == 400
    assert (
        "Du hast dieses Projekt gestartet, deshalb kannst du sein Team nicht verlassen."
        in german.content.decode()
    )
    api = client.post(f"{API}/{project.pk}/leave", **auth(people["lena"]))
    assert api.status_code == 400 and "close it instead" in api.json()["detail"]
    assert snapshot(project) == before
    assert not Notification.objects.filter(kind=Kind.PROJECT_MEMBER_LEFT).exists()


def test_someone_outside_the_team_cannot_leave_it(client, people):
    project, _meeting = team_with_meeting(people)
    before = snapshot(project)
    client.force_login(people["anna"])  # sees the project (all members), is not in the team
    assert client.post(reverse("projects:leave", args=[project.pk])).status_code == 404
    assert client.get(reverse("projects:leave", args=[project.pk])).status_code == 405
    assert client.post(f"{API}/{project.pk}/leave", **auth(people["anna"])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.leave_seat(project, people["anna"])
    assert snapshot(project) == before


# Freeing a seat -------------------------------------------------------------------------------


def test_the_owner_frees_a_seat_and_the_member_is_told(client, people):
    project, meeting = team_with_meeting(people)
    lena, carla = people["lena"], people["carla"]
    design = seat(project, "Grafik")
    client.force_login(lena)
    page = client.get(reverse("projects:team", args=[project.pk]), **EN).content.decode()
    assert "Free this seat" in page and "Leave the team" not in page
    assert reverse("projects:free_seat", args=[design.pk]) in page

    response = client.post(reverse("projects:free_seat", args=[design.pk]), **EN)
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:team", args=[project.pk])
    space = client.get(response["Location"], **EN).content.decode()
    assert "Carla Christ is no longer in the team. The seat “Grafik” is open again." in space

    design.refresh_from_db()
    assert design.member is None and design.filled_at is None
    assert not in_conversation(project, carla) and not in_group(project, carla)
    assert not Rsvp.objects.filter(meeting=meeting, member=carla).exists()  # she was waiting
    assert Rsvp.objects.get(meeting=meeting, member=people["dora"]).has_seat
    notice = Notification.objects.get(recipient=carla, kind=Kind.PROJECT_SEAT_FREED)
    assert notice.actor == lena
    assert notice.url == reverse("projects:detail", args=[project.pk])
    client.force_login(carla)
    notices = client.get(reverse("notifications:list"), **EN).content.decode()
    assert "Lena Lorenz freed your seat in their project" in notices
    assert client.get(notice.url).status_code == 200  # she still sees the project
    assert client.get(reverse("projects:team", args=[project.pk])).status_code == 404

    # Freeing an empty seat is refused; a new member can fill it.
    client.force_login(lena)
    again = client.post(reverse("projects:free_seat", args=[design.pk]), **EN)
    assert again.status_code == 400 and "Nobody sits in this seat." in again.content.decode()
    rejoined = services.invite(design, lena, carla, "Magst du doch wieder die Plakate machen?")
    services.accept_application(rejoined, carla)
    assert seat(project, "Grafik").member == carla
    assert in_conversation(project, carla) and in_group(project, carla)


def test_only_the_owner_frees_a_seat(client, people):
    project, _meeting = team_with_meeting(people, visibility="network")
    design = seat(project, "Grafik")
    before = snapshot(project)
    url = reverse("projects:free_seat", args=[design.pk])
    # Dora is in the team, Anna sees the project (Lena recommended her): 403 with the reason.
    for name in ("dora", "anna"):
        client.force_login(people[name])
        response = client.post(url, **EN)
        assert response.status_code == 403, name
        assert "Only the owner can free a seat." in response.content.decode()
        api = client.post(f"{API}/seats/{design.pk}/free", **auth(people[name]))
        assert api.status_code == 403 and api.json()["detail"] == "Only the owner can free a seat."
    # Sven may not see the project at all: 404, as for every seat of it.
    client.force_login(people["sven"])
    assert client.post(url).status_code == 404
    assert client.post(f"{API}/seats/{design.pk}/free", **auth(people["sven"])).status_code == 404
    assert snapshot(project) == before
    assert not Notification.objects.filter(kind=Kind.PROJECT_SEAT_FREED).exists()


# A closed project keeps its team ----------------------------------------------------------------


def test_a_closed_project_keeps_its_team(client, people):
    project, _meeting = team_with_meeting(people)
    services.close_project(project, people["lena"], done=True)
    before = snapshot(project)
    client.force_login(people["dora"])
    page = client.get(reverse("projects:team", args=[project.pk]), **EN).content.decode()
    assert "Leave the team" not in page
    response = client.post(reverse("projects:leave", args=[project.pk]), **EN)
    assert response.status_code == 400
    assert "This project is closed: the team stays as it was" in response.content.decode()
    german = client.post(reverse("projects:leave", args=[project.pk]), **DE)
    assert "Dieses Projekt ist abgeschlossen" in german.content.decode()
    api = client.post(f"{API}/{project.pk}/leave", **auth(people["dora"]))
    assert api.status_code == 400 and "This project is closed" in api.json()["detail"]

    client.force_login(people["lena"])
    design = seat(project, "Grafik")
    page = client.get(reverse("projects:team", args=[project.pk]), **EN).content.decode()
    assert "Free this seat" not in page
    response = client.post(reverse("projects:free_seat", args=[design.pk]), **EN)
    assert response.status_code == 400
    assert "This project is closed: the team stays as it was" in response.content.decode()
    api = client.post(f"{API}/seats/{design.pk}/free", **auth(people["lena"]))
    assert api.status_code == 400
    assert snapshot(project) == before
    follow_up = client.get(reverse("projects:followup", args=[project.pk]), **EN).content.decode()
    assert "Dora Dahl" in follow_up and "Carla Christ" in follow_up


def test_the_follow_up_after_closing_no_longer_lists_who_left(client, people):
    project, _meeting = team_with_meeting(people)
    services.leave_seat(project, people["dora"])
    services.close_project(project, people["lena"], done=True)
    assert not Notification.objects.filter(
        recipient=people["dora"], kind=Kind.PROJECT_CLOSED
    ).exists()
    assert Notification.objects.filter(recipient=people["carla"], kind=Kind.PROJECT_CLOSED).exists()
    client.force_login(people["carla"])
    page = client.get(reverse("projects:followup", args=[project.pk]), **EN).content.decode()
    assert "Lena Lorenz" in page and "Dora Dahl" not in page
    listed = client.get(f"{API}/{project.pk}/followup", **auth(people["carla"])).json()
    assert [row["member_id"] for row in listed] == [people["lena"].pk]
    client.force_login(people["dora"])
    assert client.get(reverse("projects:followup", args=[project.pk])).status_code == 404
    with pytest.raises(ValidationError):
        services.followup_nothing(project, people["carla"], people["dora"])


# API ------------------------------------------------------------------------------------------


def test_the_api_leaves_and_frees(client, people):
    project, _meeting = team_with_meeting(people)
    lena, dora, carla = people["lena"], people["dora"], people["carla"]
    left = client.post(f"{API}/{project.pk}/leave", **auth(dora))
    assert left.status_code == 200
    seats = {s["topic"]: s["member_id"] for s in left.json()["seats"]}
    assert seats == {"Tischlerei": None, "Grafik": carla.pk}
    assert not in_conversation(project, dora) and not in_group(project, dora)
    assert Notification.objects.filter(recipient=lena, kind=Kind.PROJECT_MEMBER_LEFT).exists()
    # Out of the team now: leaving again is 404, like every team-only operation.
    assert client.post(f"{API}/{project.pk}/leave", **auth(dora)).status_code == 404

    design = seat(project, "Grafik")
    freed = client.post(f"{API}/seats/{design.pk}/free", **auth(lena))
    assert freed.status_code == 200
    assert freed.json() == {"id": design.pk, "topic": "Grafik", "task": "", "member_id": None}
    assert not in_conversation(project, carla) and not in_group(project, carla)
    assert Notification.objects.filter(recipient=carla, kind=Kind.PROJECT_SEAT_FREED).exists()
    empty = client.post(f"{API}/seats/{design.pk}/free", **auth(lena))
    assert empty.status_code == 400 and empty.json()["detail"] == "Nobody sits in this seat."
    team = client.get(f"{API}/{project.pk}/team", **auth(lena)).json()
    assert [p["member_id"] for p in team] == [lena.pk]


# Blocks and the lower-level helpers -----------------------------------------------------------


def test_a_block_keeps_the_notice_away_but_not_the_leaving(people):
    project, _meeting = team_with_meeting(people)
    messaging.block_member(people["carla"], people["lena"])
    messaging.block_member(people["lena"], people["dora"])
    services.free_seat(seat(project, "Grafik"), people["lena"])
    services.leave_seat(project, people["dora"])
    assert not Seat.objects.filter(project=project, member__isnull=False).exists()
    assert not Notification.objects.filter(
        kind__in=[Kind.PROJECT_SEAT_FREED, Kind.PROJECT_MEMBER_LEFT]
    ).exists()


def test_leaving_before_the_team_conversation_or_a_meeting_exists(people):
    project = seat_dora(start(people["lena"]), people)
    assert project.conversation is None and project.meeting_group is None
    services.leave_seat(project, people["dora"])
    assert seat(project, "Tischlerei").member is None
    assert not Participant.objects.exists() and not GroupMember.objects.exists()


def test_the_helpers_refuse_other_conversations_and_are_idempotent(people):
    project, _meeting = team_with_meeting(people)
    direct = Conversation.objects.create(started_by=people["lena"], origin="direct")
    Participant.objects.create(conversation=direct, user=people["dora"])
    with pytest.raises(ValueError, match="project conversation"):
        messaging.remove_from_team_conversation(direct, people["dora"])
    assert Participant.objects.filter(conversation=direct).exists()
    assert messaging.remove_from_team_conversation(project.conversation, people["anna"]) is False
    assert meeting_services.remove_group_member(project.meeting_group, people["anna"]) is False
