"""What the first round of projects left open: supports count against a limit (a project is
no way to send many owners words), and the API covers removing a seat, "who does what" and
the follow-up after closing, with the same rules and refusals as the pages."""

import pytest
from django.urls import reverse

from goodword.introductions.models import Introduction
from goodword.messaging import privileges
from goodword.notifications.models import Kind, Notification
from goodword.projects import services
from goodword.projects.models import Followup, Project, Seat, Support
from goodword.recommendations.models import Recommendation, Status
from goodword.trust.models import TrustMark

from .test_projects import EN, auth, fill, seat, start

pytestmark = pytest.mark.django_db
API = "/api/v1/projects"


def test_supports_count_against_the_answer_limit(client, people):
    sven = people["sven"]
    limit = privileges.RATE_LIMITS[privileges.get_tier(sven)][privileges.ANSWER]
    owners = [people[name] for name in ("lena", "anna", "bernd", "carla", "dora", "eva")]
    projects = []
    for i in range(limit + 1):
        projects.append(
            Project.objects.create(
                owner=owners[i % len(owners)],
                title=f"Projekt {i}",
                problem="Ein Problem, das wirklich wichtig ist.",
                why_important="x" * 20,
                why_solvable="x" * 20,
                why_me="x" * 20,
                starts_on="2026-01-01",
                ends_on="2099-01-01",
                remote=True,
                pay="unpaid",
                visibility="members",
            )
        )
    text = "ich kenne sie aus drei gemeinsamen Projekten und sie hält Wort."
    for project in projects[:limit]:
        services.support_project(project, sven, text)
    client.force_login(sven)
    response = client.post(f"/projects/{projects[limit].pk}/support/", {"text": text}, **EN)
    assert response.status_code == 400
    assert "limit" in response.content.decode()
    api = client.post(
        f"{API}/{projects[limit].pk}/supporters",
        {"text": text},
        content_type="application/json",
        **auth(sven),
    )
    assert api.status_code == 400
    assert Support.objects.filter(author=sven).count() == limit
    assert not Notification.objects.filter(
        recipient=projects[limit].owner, kind=Kind.PROJECT_SUPPORT
    ).exists()


def test_the_api_removes_an_empty_seat_and_only_the_owner_may(client, people):
    project = start(people["lena"], seats=(("Tischlerei", ""), ("Grafik", ""), ("Text", "")))
    services.accept_application(
        services.ask_to_join(
            seat(project, "Tischlerei"), people["dora"], "Ich habe Werkstätten gebaut."
        ),
        people["lena"],
    )
    text_seat = seat(project, "Text")
    assert client.delete(f"{API}/seats/{text_seat.pk}", **auth(people["dora"])).status_code == 403
    filled = client.delete(f"{API}/seats/{seat(project, 'Tischlerei').pk}", **auth(people["lena"]))
    assert filled.status_code == 400 and "Somebody sits in this seat" in filled.json()["detail"]
    assert client.delete(f"{API}/seats/{text_seat.pk}", **auth(people["lena"])).status_code == 204
    assert not Seat.objects.filter(pk=text_seat.pk).exists()
    assert client.delete(f"{API}/seats/{text_seat.pk}", **auth(people["lena"])).status_code == 404
    assert Seat.objects.filter(project=project).count() == 2


def test_the_api_says_who_does_what_for_the_team_only(client, people):
    project = fill(start(people["lena"]), people)
    response = client.put(
        f"{API}/{project.pk}/task",
        {"task": "baut die Werkbänke und bestellt Holz"},
        content_type="application/json",
        **auth(people["dora"]),
    )
    assert response.status_code == 200
    parts = {p["member_id"]: p["task"] for p in response.json()}
    assert parts[people["dora"].pk] == "baut die Werkbänke und bestellt Holz"
    too_long = client.put(
        f"{API}/{project.pk}/task",
        {"task": "x" * 201},
        content_type="application/json",
        **auth(people["dora"]),
    )
    assert too_long.status_code == 400 and "task" in too_long.json()["errors"]
    outsider = client.put(
        f"{API}/{project.pk}/task",
        {"task": "ich mache auch mit"},
        content_type="application/json",
        **auth(people["anna"]),
    )
    assert outsider.status_code == 404
    assert seat(project, "Tischlerei").task == "baut die Werkbänke und bestellt Holz"


def test_the_follow_up_through_the_api(client, people):
    project = fill(start(people["lena"]), people)
    carla = auth(people["carla"])
    url = f"{API}/{project.pk}/followup"
    assert client.get(url, **carla).status_code == 404  # still open
    services.close_project(project, people["lena"], done=True)
    listed = client.get(url, **carla).json()
    assert {f["member_id"] for f in listed} == {people["lena"].pk, people["dora"].pk}
    dora_row = next(f for f in listed if f["member_id"] == people["dora"].pk)
    assert dora_row["answer"] is None and dora_row["draft_topics"] == "Tischlerei"
    assert "Reparaturcafé" in dora_row["draft_text"]

    recommend = {
        "action": "recommend",
        "text": dora_row["draft_text"] + "Dora baut präzise und hält jeden Termin.",
        "topics": ["Tischlerei"],
    }
    response = client.post(
        f"{url}/{people['dora'].pk}", recommend, content_type="application/json", **carla
    )
    assert response.status_code == 201 and response.json()["answer"] == "recommended"
    recommendation = Recommendation.objects.get(author=people["carla"], subject=people["dora"])
    assert recommendation.status == Status.PENDING  # Dora still consents
    again = client.post(
        f"{url}/{people['dora'].pk}",
        {"action": "nothing"},
        content_type="application/json",
        **carla,
    )
    assert again.status_code == 400
    mark = client.post(
        f"{url}/{people['lena'].pk}", {"action": "mark"}, content_type="application/json", **carla
    )
    assert mark.status_code == 201
    assert TrustMark.objects.get(marker=people["carla"], member=people["lena"]).level == (
        "worked_with"
    )
    anna = auth(people["anna"])  # not in the team
    assert client.get(url, **anna).status_code == 404
    refused = client.post(
        f"{url}/{people['dora'].pk}", {"action": "mark"}, content_type="application/json", **anna
    )
    assert refused.status_code == 404
    outside = client.post(
        f"{url}/{people['anna'].pk}", {"action": "mark"}, content_type="application/json", **carla
    )
    assert outside.status_code == 400
    assert Followup.objects.filter(member=people["carla"]).count() == 2
    assert not TrustMark.objects.filter(marker=people["anna"]).exists()


def test_the_contact_answers_an_introduction_request_through_the_api(client, people):
    project = start(people["lena"])
    carpentry = seat(project, "Tischlerei")
    asked = services.request_introduction(
        carpentry,
        people["lena"],
        people["bernd"],
        people["anna"],
        "Magst du mich Bernd vorstellen? Er wäre ideal für die Werkbänke.",
    )
    anna = auth(people["anna"])
    listed = client.get(f"{API}/introduction-requests", **anna).json()
    assert [r["id"] for r in listed] == [asked.pk]
    assert client.get(f"{API}/introduction-requests", **auth(people["bernd"])).json() == []
    url = f"{API}/introduction-requests/{asked.pk}"
    text = {"text": "Lena baut ein Reparaturcafé, Bernd baut die besten Werkbänke."}
    for someone in ("lena", "bernd"):  # the owner who asked, the candidate: not theirs to answer
        response = client.post(
            f"{url}/introduce", text, content_type="application/json", **auth(people[someone])
        )
        assert response.status_code == 404
    assert not Introduction.objects.exists()
    short = client.post(
        f"{url}/introduce", {"text": "Hallo"}, content_type="application/json", **anna
    )
    assert short.status_code == 400
    done = client.post(f"{url}/introduce", text, content_type="application/json", **anna)
    assert done.status_code == 200 and done.json()["status"] == "done"
    introduction = Introduction.objects.get()
    assert done.json()["introduction_id"] == introduction.pk
    again = client.post(f"{url}/decline", content_type="application/json", **anna)
    assert again.status_code == 400
    assert client.get(f"{API}/introduction-requests", **anna).json() == []


def test_the_list_shows_open_seats_in_my_topics_first_and_each_project_once(client, people):
    project = start(people["lena"], visibility="network")  # Dora and Eva are in Lena's network
    client.force_login(people["dora"])  # lists carpentry on her profile
    page = client.get(reverse("projects:list"), **EN).content.decode()
    assert "Open seats in your topics" in page
    assert page.count(f'id="project-{project.pk}"') == 1
    assert page.index("Open seats in your topics") < page.index(f'id="project-{project.pk}"')
    client.force_login(people["sven"])  # lists carpentry, but does not see a network project
    page = client.get(reverse("projects:list"), **EN).content.decode()
    assert "Open seats in your topics" not in page and f"project-{project.pk}" not in page
    client.force_login(people["anna"])  # sees it (recommended by Lena), not her topic
    page = client.get(reverse("projects:list"), **EN).content.decode()
    assert "Open seats in your topics" not in page and f'id="project-{project.pk}"' in page
    services.accept_application(
        services.ask_to_join(
            seat(project, "Tischlerei"), people["dora"], "Ich habe Werkstätten gebaut."
        ),
        people["lena"],
    )
    client.force_login(people["eva"])  # carpentry too, but the seat is taken now
    page = client.get(reverse("projects:list"), **EN).content.decode()
    assert "Open seats in your topics" not in page
