"""Projects: describing, visibility, candidates with paths, invitations and introductions,
asking to join under the contact rules, supporters, the team space, closing and follow-up,
pages and API, bad input and the wrong user."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from goodword.accounts.tests.factories import DEFAULT_PASSWORD
from goodword.api.services import create_token
from goodword.introductions.models import Introduction
from goodword.messaging import services as messaging
from goodword.messaging.models import ContactGrant, Participant
from goodword.notifications.models import Kind, Notification
from goodword.projects import services
from goodword.projects.models import (
    Application,
    ApplicationStatus,
    Followup,
    IntroRequest,
    Project,
    ProjectStatus,
    Seat,
    Support,
    SupportStatus,
)
from goodword.recommendations.models import Recommendation, Status
from goodword.trust import services as trust_services
from goodword.trust.models import TrustMark

from .factories import rec

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
WHY = "Ich baue seit zehn Jahren Möbel und kenne das Viertel gut."
PROBLEM = "Im Viertel fehlt ein Ort, an dem kaputte Dinge repariert werden."


def start(
    owner, visibility="members", seats=(("Tischlerei", "baut die Werkbänke"), ("Grafik", ""))
):
    today = timezone.localdate()
    return services.create_project(
        owner,
        title="Reparaturcafé",
        problem=PROBLEM,
        why_important="Weil sonst zu viel weggeworfen wird, was noch gut ist.",
        why_solvable="Räume und Werkzeug gibt es schon, es fehlt nur die Organisation.",
        why_me=WHY,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=60),
        city="Köln",
        pay="unpaid",
        visibility=visibility,
        values=["Früh sagen, wenn etwas schiefgeht."],
        seats=seats,
    )


def seat(project, topic):
    return project.seats.get(topic__name=topic)


def auth(user) -> dict:
    _token, secret = create_token(user, "t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", **EN}


FORM = {
    "title": "Reparaturcafé",
    "problem": PROBLEM,
    "why_important": "Weil sonst zu viel weggeworfen wird, was noch gut ist.",
    "why_solvable": "Räume und Werkzeug gibt es schon, es fehlt nur die Organisation.",
    "why_me": WHY,
    "seats": "Tischlerei: baut die Werkbänke\nGrafik",
    "suggested_values": ["0"],
    "own_values": "Reparieren statt wegwerfen",
    "city": "Köln",
    "pay": "shared",
    "visibility": "network",
}


def dates():
    today = timezone.localdate()
    return {"starts_on": today.isoformat(), "ends_on": (today + datetime.timedelta(30)).isoformat()}


# Describing a project -------------------------------------------------------------------------


def test_start_a_project_through_the_page(client, people):
    client.force_login(people["lena"])
    response = client.post(reverse("projects:new"), {**FORM, **dates()}, **EN)
    assert response.status_code == 302
    project = Project.objects.get()
    assert [(s.topic.name, s.task) for s in project.seats.all()] == [
        ("Tischlerei", "baut die Werkbänke"),
        ("Grafik", ""),
    ]
    assert [v.text for v in project.values.all()] == [
        "Say early when something goes wrong.",
        "Reparieren statt wegwerfen",
    ]
    page = client.get(response["Location"], **EN).content.decode()
    assert "Why Lena Lorenz is the right person" in page and WHY in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"seats": ""}, "seats", "Please name at least one speciality the project needs."),
        ({"seats": "Grafik\ngrafik"}, "seats", "is there twice"),
        ({"suggested_values": [], "own_values": ""}, "values", "at least one value"),
        ({"why_me": ""}, "why_me", "Please say why you are the right person."),
        ({"city": ""}, "city", "say that the project works remotely"),
        ({"pay": ""}, "pay", "paid, unpaid or shared"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(
    client, people, change, field, message
):
    client.force_login(people["lena"])
    response = client.post(reverse("projects:new"), {**FORM, **dates(), **change}, **EN)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Project.objects.exists() and not Seat.objects.exists()


def test_a_project_cannot_end_before_it_starts_in_german(client, people):
    client.force_login(people["lena"])
    today = timezone.localdate()
    response = client.post(
        reverse("projects:new"),
        {**FORM, "starts_on": today.isoformat(), "ends_on": (today - datetime.timedelta(1))},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400
    assert "Das Projekt kann nicht enden, bevor es beginnt." in response.content.decode()
    assert not Project.objects.exists()


# Visibility -----------------------------------------------------------------------------------


def test_network_projects_reach_the_owners_network_only(client, people):
    project = start(people["lena"], visibility="network")
    for name, visible in [("anna", True), ("bernd", True), ("sven", False)]:
        client.force_login(people[name])
        assert client.get(reverse("projects:detail", args=[project.pk])).status_code == (
            200 if visible else 404
        ), name
        listed = "Reparaturcafé" in client.get(reverse("projects:list")).content.decode()
        assert listed is visible, name
        api = client.get(f"/api/v1/projects/{project.pk}", **auth(people[name]))
        assert api.status_code == (200 if visible else 404), name


def test_the_visibility_line_speaks_to_its_reader(client, people):
    project = start(people["lena"], visibility="network")
    url = reverse("projects:detail", args=[project.pk])
    client.force_login(people["lena"])
    assert "Menschen, denen ich vertraue" in client.get(url).content.decode()
    client.force_login(people["anna"])
    page = client.get(url).content.decode()
    assert "denen ich vertraue" not in page
    assert "Sichtbar für die Vertrauten der Initiatorin oder des Initiators" in page


def test_anonymous_is_sent_to_login_and_the_api_answers_401(client, people):
    project = start(people["lena"])
    for url in [reverse("projects:list"), reverse("projects:detail", args=[project.pk])]:
        assert reverse("account_login") in client.get(url)["Location"]
    assert client.post(reverse("projects:join", args=[project.pk])).status_code == 302
    assert client.get("/api/v1/projects").status_code == 401


# Candidates -------------------------------------------------------------------------------------


def test_candidates_are_ranked_by_topic_trust_with_the_path_that_explains_them(client, people):
    project = start(people["lena"])
    carpentry = seat(project, "Tischlerei")
    client.force_login(people["lena"])
    page = client.get(reverse("projects:candidates", args=[carpentry.pk]), **EN).content.decode()
    # Bernd is vouched for in carpentry by Anna, whom Lena trusts: first, with the path.
    assert page.index("Bernd Berg") < page.index("Eva Ernst") < page.index("Dora Dahl") or (
        page.index("Bernd Berg") < page.index("Eva Ernst")
    )
    assert "through Anna Adler (We worked together)" in page
    assert "vouched for in this topic" in page
    assert "Ask Anna Adler to introduce you to Bernd Berg" in page
    # Sven lists the topic but nobody in Lena's network knows him.
    assert "Sven Seller" not in page
    api = client.get(f"/api/v1/projects/seats/{carpentry.pk}/candidates", **auth(people["lena"]))
    rows = api.json()
    assert rows[0]["display_name"] == "Bernd Berg" and rows[0]["vouched"] is True
    assert rows[0]["contact_id"] == people["anna"].pk and rows[0]["may_invite"] is False
    assert "through Anna Adler" in rows[0]["path"]


def test_only_the_owner_sees_the_candidates(client, people):
    project = start(people["lena"])
    carpentry = seat(project, "Tischlerei")
    client.force_login(people["anna"])
    assert client.get(reverse("projects:candidates", args=[carpentry.pk])).status_code == 404
    api = client.get(f"/api/v1/projects/seats/{carpentry.pk}/candidates", **auth(people["anna"]))
    assert api.status_code == 404


def test_another_members_private_mark_changes_nothing_in_the_candidate_list(client, people):
    """Anna (whom Lena trusts) privately vouches for Sven, who lists carpentry: Lena's list
    stays exactly as it was, so nobody learns Anna's mark from it."""
    project = start(people["lena"])
    url = reverse("projects:candidates", args=[seat(project, "Tischlerei").pk])
    client.force_login(people["lena"])

    def names():
        page = client.get(url, **EN).content.decode()
        return re.findall(r'<li class="recommendation candidate" id="candidate-(\d+)"', page), page

    before, _page = names()
    trust_services.set_trust_mark(people["anna"], people["sven"], "vouch")
    after, page = names()
    assert after == before and str(people["sven"].pk) not in after
    assert "Sven Seller" not in page


def test_the_project_list_needs_the_same_queries_for_two_or_six_projects(
    client, people, django_assert_max_num_queries
):
    client.force_login(people["anna"])
    for _ in range(2):
        start(people["lena"])
    client.get(reverse("projects:list"))  # warm the trust graph and the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        client.get(reverse("projects:list"))
    for owner in ("carla", "dora", "eva", "bernd"):
        start(people[owner])
    with django_assert_max_num_queries(len(two.captured_queries)):
        client.get(reverse("projects:list"))


# Invitations and introductions --------------------------------------------------------------


def test_invite_where_contact_is_allowed_and_the_invited_member_joins(client, people):
    project = start(people["lena"])
    design = seat(project, "Grafik")
    client.force_login(people["lena"])
    response = client.post(
        reverse("projects:invite", args=[design.pk]),
        {"member": people["carla"].pk, "text": "Magst du die Plakate für das Café machen?"},
    )
    assert response.status_code == 302
    application = Application.objects.get(member=people["carla"])
    assert Notification.objects.filter(
        recipient=people["carla"], kind=Kind.PROJECT_INVITATION
    ).exists()
    client.force_login(people["carla"])
    page = client.get(reverse("projects:detail", args=[project.pk]), **EN).content.decode()
    assert "Lena Lorenz invites you to the seat “Grafik”" in page
    client.post(reverse("projects:accept_application", args=[application.pk]))
    design.refresh_from_db()
    assert design.member == people["carla"]


def test_inviting_someone_who_does_not_know_you_is_refused_and_points_to_an_introduction(
    client, people
):
    project = start(people["lena"])
    client.force_login(people["lena"])
    response = client.post(
        reverse("projects:invite", args=[seat(project, "Tischlerei").pk]),
        {"member": people["bernd"].pk, "text": "Magst du die Werkbänke für uns bauen?"},
        **EN,
    )
    assert response.status_code == 403
    assert "Ask someone you both know to introduce you" in response.content.decode()
    assert not Application.objects.exists()
    assert not Notification.objects.filter(recipient=people["bernd"]).exists()


def test_ask_a_mutual_contact_who_then_introduces_through_the_introductions_flow(client, people):
    project = start(people["lena"])
    carpentry = seat(project, "Tischlerei")
    client.force_login(people["lena"])
    response = client.post(
        reverse("projects:ask_introduction", args=[carpentry.pk]),
        {
            "candidate": people["bernd"].pk,
            "contact": people["anna"].pk,
            "note": "Magst du mich Bernd vorstellen? Er wäre ideal für die Werkbänke.",
        },
    )
    assert response.status_code == 302
    item = IntroRequest.objects.get()
    assert Notification.objects.filter(
        recipient=people["anna"], kind=Kind.PROJECT_INTRO_REQUEST
    ).exists()
    client.force_login(people["bernd"])  # not asked: 404
    assert client.get(reverse("projects:intro_request", args=[item.pk])).status_code == 404
    client.force_login(people["anna"])
    response = client.post(
        reverse("projects:intro_request", args=[item.pk]),
        {"text": "Lena baut ein Reparaturcafé, Bernd baut die besten Werkbänke."},
    )
    assert response.status_code == 302
    introduction = Introduction.objects.get()
    assert {introduction.member_a, introduction.member_b} == {people["lena"], people["bernd"]}
    item.refresh_from_db()
    assert item.status == "done" and item.introduction == introduction


# Asking to join: the contact rules of requests ----------------------------------------------


def test_a_trusted_member_whose_topics_match_asks_to_join_and_is_accepted(client, people):
    project = start(people["lena"])
    carpentry = seat(project, "Tischlerei")
    client.force_login(people["dora"])
    response = client.post(
        reverse("projects:join", args=[project.pk]),
        {"seat": carpentry.pk, "text": "Ich habe schon zwei Werkstätten eingerichtet."},
    )
    assert response.status_code == 302
    application = Application.objects.get(member=people["dora"])
    assert Notification.objects.filter(
        recipient=people["lena"], kind=Kind.PROJECT_APPLICATION
    ).exists()
    client.force_login(people["lena"])
    page = client.get(reverse("projects:detail", args=[project.pk]), **EN).content.decode()
    assert "Dora Dahl" in page and "Welcome Dora Dahl to the team" in page
    client.post(reverse("projects:accept_application", args=[application.pk]))
    carpentry.refresh_from_db()
    assert carpentry.member == people["dora"]


def test_a_stranger_cannot_use_a_project_to_pitch(client, people):
    project = start(people["lena"])  # visible to all members: Sven can read it
    carpentry = seat(project, "Tischlerei")
    client.force_login(people["sven"])
    page = client.get(reverse("projects:detail", args=[project.pk]), **EN).content.decode()
    assert "ask someone you both know to introduce you" in page
    response = client.post(
        reverse("projects:join", args=[project.pk]),
        {"seat": carpentry.pk, "text": "Ich verkaufe die besten Versicherungen für Cafés!"},
        **EN,
    )
    assert response.status_code == 403
    assert "ask someone you both know to introduce you" in response.content.decode()
    api = client.post(
        f"/api/v1/projects/seats/{carpentry.pk}/applications",
        {"text": "Ich verkaufe die besten Versicherungen für Cafés!"},
        content_type="application/json",
        **auth(people["sven"]),
    )
    assert api.status_code == 403
    # Nor as supporter across a block, nor as owner of someone else's seat.
    api = client.post(
        f"/api/v1/projects/seats/{carpentry.pk}/invitations",
        {"member_id": people["dora"].pk, "text": "Komm in mein Team, ich zahle gut!"},
        content_type="application/json",
        **auth(people["sven"]),
    )
    assert api.status_code == 403
    assert not Application.objects.exists()
    assert not Notification.objects.filter(recipient=people["lena"]).exists()


@pytest.mark.parametrize("level", [None, "vouch", "worked_with", "would_not_recommend"])
def test_private_marks_change_nothing_another_member_can_observe(client, people, level):
    """Whether Dora (trusted publicly) or Sven (a stranger) may ask to join reads the same
    with any private mark of Lena's about them."""
    project = start(people["lena"])
    if level:
        for member in (people["dora"], people["sven"]):
            trust_services.set_trust_mark(people["lena"], member, level)
    assert services.may_ask_to_join(project, people["dora"]) is True
    assert services.may_ask_to_join(project, people["sven"]) is False
    client.force_login(people["sven"])
    page = client.get(reverse("projects:detail", args=[project.pk]), **EN).content.decode()
    assert "ask someone you both know to introduce you" in page


def test_members_whose_topics_do_not_match_cannot_ask_to_join(client, people):
    project = start(people["lena"])
    client.force_login(people["dora"])
    response = client.post(
        reverse("projects:join", args=[project.pk]),
        {"seat": seat(project, "Grafik").pk, "text": "Ich kann auch ein bisschen zeichnen."},
        **EN,
    )
    assert response.status_code == 400
    assert "This seat is for “Grafik”" in response.content.decode()
    assert not Application.objects.exists()


def test_a_block_stops_asking_to_join(client, people):
    project = start(people["lena"])
    messaging.block_member(people["lena"], people["dora"])
    client.force_login(people["dora"])
    response = client.post(
        reverse("projects:join", args=[project.pk]),
        {"seat": seat(project, "Tischlerei").pk, "text": "Ich habe schon Werkstätten gebaut."},
        **EN,
    )
    assert response.status_code == 403
    assert "You cannot contact them on Goodword." in response.content.decode()
    assert not Application.objects.exists()


def test_a_seat_cannot_be_filled_twice(client, people):
    project = start(people["lena"])
    carpentry = seat(project, "Tischlerei")
    first = services.ask_to_join(carpentry, people["dora"], "Ich habe Werkstätten gebaut.")
    second = services.invite(
        carpentry, people["lena"], people["carla"], "Kannst du auch Werkbänke bauen?"
    )
    services.accept_application(first, people["lena"])
    client.force_login(people["carla"])
    response = client.post(reverse("projects:accept_application", args=[second.pk]), **EN)
    assert response.status_code == 400
    assert "This seat is already filled." in response.content.decode()
    api = client.post(
        f"/api/v1/projects/seats/{carpentry.pk}/invitations",
        {"member_id": people["carla"].pk, "text": "Kannst du auch Werkbänke bauen?"},
        content_type="application/json",
        **auth(people["lena"]),
    )
    assert api.status_code == 400 and api.json()["detail"] == "This seat is already filled."
    carpentry.refresh_from_db()
    assert carpentry.member == people["dora"]
    second.refresh_from_db()
    assert second.status == ApplicationStatus.DECLINED


def test_joining_a_closed_project_is_refused(client, people):
    project = start(people["lena"])
    services.close_project(project, people["lena"], done=False)
    client.force_login(people["dora"])
    response = client.post(
        reverse("projects:join", args=[project.pk]),
        {"seat": seat(project, "Tischlerei").pk, "text": "Ich habe Werkstätten gebaut."},
        **EN,
    )
    assert response.status_code == 400
    assert "This project is closed." in response.content.decode()
    api = client.post(
        f"/api/v1/projects/seats/{seat(project, 'Tischlerei').pk}/applications",
        {"text": "Ich habe schon Werkstätten gebaut."},
        content_type="application/json",
        **auth(people["dora"]),
    )
    assert api.status_code == 400 and api.json()["detail"] == "This project is closed."
    assert not Application.objects.exists()


def test_someone_else_cannot_answer_an_application(client, people):
    project = start(people["lena"])
    application = services.ask_to_join(
        seat(project, "Tischlerei"), people["dora"], "Ich habe Werkstätten gebaut."
    )
    client.force_login(people["anna"])
    assert (
        client.post(reverse("projects:accept_application", args=[application.pk])).status_code
        == 404
    )
    client.force_login(people["dora"])  # she asked: she cannot accept herself
    assert (
        client.post(reverse("projects:accept_application", args=[application.pk])).status_code
        == 403
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


# Supporters -------------------------------------------------------------------------------------


def test_supporters_are_shown_once_the_owner_consents(client, people):
    project = start(people["lena"])
    client.force_login(people["anna"])
    response = client.post(
        reverse("projects:support", args=[project.pk]),
        {"text": "sie hat schon drei Nachbarschaftsprojekte zum Laufen gebracht."},
    )
    assert response.status_code == 302
    support = Support.objects.get()
    client.force_login(people["dora"])
    url = reverse("projects:detail", args=[project.pk])
    assert "drei Nachbarschaftsprojekte" not in client.get(url).content.decode()
    client.force_login(people["anna"])  # the author cannot consent for the owner
    assert client.post(reverse("projects:accept_support", args=[support.pk])).status_code == 403
    client.force_login(people["dora"])  # nor can anyone else
    assert client.post(reverse("projects:accept_support", args=[support.pk])).status_code == 404
    client.force_login(people["lena"])
    client.post(reverse("projects:accept_support", args=[support.pk]))
    support.refresh_from_db()
    assert support.status == SupportStatus.ACCEPTED
    client.force_login(people["dora"])
    page = client.get(url, **EN).content.decode()
    assert "I think Lena Lorenz is the right person, because" in page
    assert "drei Nachbarschaftsprojekte" in page


def test_you_cannot_support_your_own_project(client, people):
    project = start(people["lena"])
    client.force_login(people["lena"])
    response = client.post(
        reverse("projects:support", args=[project.pk]),
        {"text": "ich bin wirklich die Richtige dafür, ehrlich."},
        **EN,
    )
    assert response.status_code == 400
    assert "You cannot support your own project." in response.content.decode()
    api = client.post(
        f"/api/v1/projects/{project.pk}/supporters",
        {"text": "ich bin wirklich die Richtige dafür, ehrlich."},
        content_type="application/json",
        **auth(people["lena"]),
    )
    assert api.status_code == 400
    assert not Support.objects.exists()


# The team -----------------------------------------------------------------------------------------


def seat_dora(project, people):
    """Dora asks for the carpentry seat of Lena's project and Lena accepts."""
    services.accept_application(
        services.ask_to_join(
            seat(project, "Tischlerei"), people["dora"], "Ich habe Werkstätten gebaut."
        ),
        people["lena"],
    )
    project.refresh_from_db()
    return project


def fill(project, people):
    return fill_rest(seat_dora(project, people), people)


def test_the_team_space_opens_with_a_conversation_when_every_seat_is_filled(client, people):
    project = seat_dora(start(people["lena"]), people)
    assert project.conversation is None
    project = fill_rest(project, people)
    team = {people["lena"].pk, people["carla"].pk, people["dora"].pk}
    assert (
        set(
            Participant.objects.filter(conversation=project.conversation).values_list(
                "user", flat=True
            )
        )
        == team
    )
    assert ContactGrant.objects.filter(grantor=people["dora"], grantee=people["carla"]).exists()
    client.force_login(people["dora"])
    page = client.get(reverse("projects:team", args=[project.pk]), **EN).content.decode()
    assert "Früh sagen, wenn etwas schiefgeht." in page and "Open the team conversation" in page
    client.force_login(people["anna"])  # not in the team
    assert client.get(reverse("projects:team", args=[project.pk])).status_code == 404


def fill_rest(project, people):
    services.accept_application(
        services.invite(
            seat(project, "Grafik"), people["lena"], people["carla"], "Machst du die Plakate?"
        ),
        people["carla"],
    )
    project.refresh_from_db()
    return project


def test_a_seat_added_later_brings_its_member_into_the_conversation(people):
    project = fill(start(people["lena"]), people)
    rec(people["anna"], people["lena"])  # so Lena may write to Anna
    new = services.add_seat(project, people["lena"], "Buchhaltung")
    services.accept_application(
        services.invite(new, people["lena"], people["anna"], "Machst du unsere Kasse?"),
        people["anna"],
    )
    assert Participant.objects.filter(
        conversation=project.conversation, user=people["anna"]
    ).exists()


# Closing and follow-up --------------------------------------------------------------------------


def test_closing_asks_each_member_once_and_the_follow_up_recommendation_needs_consent(
    client, people
):
    project = fill(start(people["lena"]), people)
    client.force_login(people["lena"])
    response = client.post(reverse("projects:close", args=[project.pk]), {"outcome": "done"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.DONE
    for member in (people["carla"], people["dora"]):
        assert Notification.objects.filter(recipient=member, kind=Kind.PROJECT_CLOSED).count() == 1
    assert not Notification.objects.filter(
        recipient=people["lena"], kind=Kind.PROJECT_CLOSED
    ).exists()

    client.force_login(people["carla"])
    page = client.get(reverse("projects:followup", args=[project.pk]), **EN).content.decode()
    assert "We worked together in the project “Reparaturcafé”." in page
    response = client.post(
        reverse("projects:followup_answer", args=[project.pk, people["dora"].pk]),
        {
            "action": "recommend",
            "text": "We worked together in the project “Reparaturcafé”. Dora baut präzise.",
            "topics": "Tischlerei",
            "relationship": "worked_together",
            "known_since": project.starts_on.year,
        },
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get(author=people["carla"], subject=people["dora"])
    assert recommendation.status == Status.PENDING
    again = client.post(
        reverse("projects:followup_answer", args=[project.pk, people["dora"].pk]),
        {"action": "nothing"},
        **EN,
    )
    assert again.status_code == 400 and "already answered" in again.content.decode()
    client.post(
        reverse("projects:followup_answer", args=[project.pk, people["lena"].pk]),
        {"action": "mark"},
    )
    assert TrustMark.objects.get(marker=people["carla"], member=people["lena"]).level == (
        "worked_with"
    )
    assert Followup.objects.filter(member=people["carla"]).count() == 2
    # The profile of who did what stays on the project.
    client.force_login(people["anna"])
    page = client.get(reverse("projects:detail", args=[project.pk]), **EN).content.decode()
    assert "Who played which part" in page and "Dora Dahl" in page and "Carla Christ" in page


def test_only_the_owner_closes_and_only_once(client, people):
    project = start(people["lena"])
    client.force_login(people["anna"])
    assert (
        client.post(reverse("projects:close", args=[project.pk]), {"outcome": "done"}).status_code
        == 403
    )
    services.close_project(project, people["lena"], done=True)
    client.force_login(people["lena"])
    response = client.post(reverse("projects:close", args=[project.pk]), {"outcome": "done"}, **EN)
    assert response.status_code == 400 and "This project is closed." in response.content.decode()


def test_follow_up_is_only_for_the_team_of_a_closed_project(client, people):
    project = fill(start(people["lena"]), people)
    client.force_login(people["carla"])
    assert client.get(reverse("projects:followup", args=[project.pk])).status_code == 404
    services.close_project(project, people["lena"], done=True)
    client.force_login(people["anna"])
    assert client.get(reverse("projects:followup", args=[project.pk])).status_code == 404
    response = client.post(
        reverse("projects:followup_answer", args=[project.pk, people["dora"].pk]),
        {"action": "mark"},
    )
    assert response.status_code == 404
    assert not TrustMark.objects.filter(marker=people["anna"], member=people["dora"]).exists()


# API ----------------------------------------------------------------------------------------------


def test_the_api_covers_projects_seats_applications_and_supporters(client, people):
    today = timezone.localdate()
    body = {
        "title": "Reparaturcafé",
        "problem": PROBLEM,
        "why_important": "Weil sonst zu viel weggeworfen wird, was noch gut ist.",
        "why_solvable": "Räume und Werkzeug gibt es schon, es fehlt nur die Organisation.",
        "why_me": WHY,
        "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(10)).isoformat(),
        "remote": True,
        "pay": "paid",
        "values": ["Fair teilen"],
        "seats": [],
    }
    lena = auth(people["lena"])
    bad = client.post("/api/v1/projects", body, content_type="application/json", **lena)
    assert bad.status_code == 400 and "seats" in bad.json()["errors"]
    assert not Project.objects.exists()
    body["seats"] = [{"topic": "Tischlerei", "task": "Werkbänke"}]
    created = client.post("/api/v1/projects", body, content_type="application/json", **lena)
    assert created.status_code == 201
    project_id = created.json()["id"]
    seat_id = created.json()["seats"][0]["id"]
    dora = auth(people["dora"])
    applied = client.post(
        f"/api/v1/projects/seats/{seat_id}/applications",
        {"text": "Ich habe schon Werkstätten gebaut."},
        content_type="application/json",
        **dora,
    )
    assert applied.status_code == 201
    listed = client.get(f"/api/v1/projects/{project_id}/applications", **lena).json()
    assert listed[0]["member_id"] == people["dora"].pk and listed[0]["closeness"]
    assert (
        client.post(f"/api/v1/projects/applications/{listed[0]['id']}/accept", **dora).status_code
        == 403
    )
    accepted = client.post(f"/api/v1/projects/applications/{listed[0]['id']}/accept", **lena)
    assert accepted.json()["status"] == "accepted"
    supported = client.post(
        f"/api/v1/projects/{project_id}/supporters",
        {"text": "sie bringt Leute zusammen wie niemand sonst."},
        content_type="application/json",
        **auth(people["anna"]),
    )
    assert supported.status_code == 201
    assert client.get(f"/api/v1/projects/{project_id}/supporters", **dora).json() == []
    client.post(f"/api/v1/projects/supporters/{supported.json()['id']}/accept", **lena)
    assert len(client.get(f"/api/v1/projects/{project_id}/supporters", **dora).json()) == 1
    team = client.get(f"/api/v1/projects/{project_id}/team", **dora).json()
    assert [p["display_name"] for p in team] == ["Lena Lorenz", "Dora Dahl"]
    closed = client.post(
        f"/api/v1/projects/{project_id}/close",
        {"outcome": "done"},
        content_type="application/json",
        **lena,
    )
    assert closed.json()["status"] == "done"


# Export and deletion ------------------------------------------------------------------------------


def test_export_and_deletion(people):
    from goodword.accounts.services import delete_account, export_member_data

    project = fill(start(people["lena"]), people)
    services.support_project(project, people["anna"], "sie bringt Leute zusammen wie niemand.")
    data = export_member_data(people["lena"])
    assert data["projects"][0]["title"] == "Reparaturcafé"
    assert export_member_data(people["dora"])["project_seats"][0]["topic"] == "Tischlerei"
    assert export_member_data(people["anna"])["project_supports_given"][0]["status"] == "pending"
    delete_account(people["anna"], password=DEFAULT_PASSWORD)
    support = Support.objects.get()
    assert support.status == SupportStatus.WITHDRAWN and support.text == ""
    delete_account(people["lena"], password=DEFAULT_PASSWORD)
    project.refresh_from_db()
    assert project.status == ProjectStatus.STOPPED
    assert Seat.objects.filter(project=project, member=people["dora"]).exists()


def test_circle_projects_reach_the_members_of_the_owners_circles_only(client, people):
    from goodword.circles.tests.factories import found, join

    circle = found(people["lena"])
    join(circle, people["sven"])
    project = start(people["lena"], visibility="circles")
    for name, visible in [("sven", True), ("anna", False)]:
        client.force_login(people[name])
        status = client.get(reverse("projects:detail", args=[project.pk])).status_code
        assert status == (200 if visible else 404), name
