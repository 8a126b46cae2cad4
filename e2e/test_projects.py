"""A project in a real browser (English), one chain:

Lena creates a project with two seats → sees candidates ranked with the paths that explain them →
invites Carla, who joins → Dora asks to join and is accepted → Dora schedules a team meeting,
which Lena sees in the team space → Anna supports Lena, who agrees to show it → Lena closes the
project → Carla writes the follow-up recommendation for Dora → Dora accepts it → it appears on
Dora's profile.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from goodword.recommendations.models import Status
from goodword.recommendations.tests.factories import RecommendationFactory
from goodword.topics.services import get_or_create_topic

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(db):
    from goodword.trust.adapter import get_network

    get_network().reset()
    carpentry = get_or_create_topic("Tischlerei")
    lena = UserFactory(display_name="Lena Lorenz", email="lena@e2e.test")
    anna = UserFactory(display_name="Anna Adler", email="anna@e2e.test")
    bernd = UserFactory(display_name="Bernd Berg", email="bernd@e2e.test")
    carla = UserFactory(display_name="Carla Christ", email="carla@e2e.test")
    dora = UserFactory(display_name="Dora Dahl", email="dora@e2e.test", topics=[carpentry])

    def rec(author, subject, topics):
        RecommendationFactory(author=author, subject=subject, status=Status.ACCEPTED, topics=topics)

    rec(lena, anna, ["Beratung"])
    rec(anna, bernd, ["Tischlerei"])  # Bernd: vouched for by Anna, a stranger to Lena
    rec(lena, carla, ["Grafik"])
    rec(carla, lena, ["Beratung"])  # so Lena may write to Carla
    rec(lena, dora, ["Beratung"])  # so Dora may ask to join
    return {"lena": lena, "anna": anna, "bernd": bernd, "carla": carla, "dora": dora}


def logged_in(new_page, user):
    page = new_page("en-GB")
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^E-?mail", re.I)).fill(user.email)
    page.get_by_label(re.compile(r"^Password:?$", re.I)).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    return page


def test_a_project_from_idea_to_recommendation(people, new_page, screenshot):
    today = timezone.localdate()  # the Berlin calendar's day, not the machine's (UTC)
    lena = logged_in(new_page, people["lena"])
    lena.goto("/projects/")
    lena.get_by_role("link", name="Start a project").click()
    lena.get_by_label("Project", exact=True).fill("Reparaturcafé")
    lena.get_by_label("The problem").fill("Im Viertel fehlt ein Ort, an dem man Dinge repariert.")
    lena.get_by_label("Why does it matter?").fill("Weil sonst zu viel weggeworfen wird.")
    lena.get_by_label("Why can it be solved?").fill("Raum und Werkzeug gibt es schon, ehrlich.")
    lena.get_by_label("Why are you the right person?").fill("Ich kenne den Saal und die Leute.")
    lena.get_by_label("Specialities needed (one seat each)").fill(
        "Tischlerei: baut die Werkbänke\nGrafik: macht die Plakate"
    )
    lena.get_by_label("From").fill(today.isoformat())
    lena.get_by_label("Until").fill((today + datetime.timedelta(days=30)).isoformat())
    lena.get_by_label("Place").fill("Köln")
    lena.get_by_label("Unpaid").check()
    lena.get_by_label("Say early when something goes wrong.").check()
    lena.get_by_label("All members").check()
    lena.get_by_role("button", name="Start the project").click()
    expect(lena.get_by_text("Your project is up.")).to_be_visible()
    project_url = lena.url

    # Candidates for carpentry: Bernd, vouched for by Anna, with the path; Dora lists the topic.
    lena.get_by_role("link", name="Find people for “Tischlerei”").click()
    bernd = lena.locator(f"#candidate-{people['bernd'].pk}")
    expect(bernd).to_contain_text("through Anna Adler (We worked together)")
    expect(bernd).to_contain_text("vouched for in this topic")
    expect(bernd.get_by_role("button", name="Ask Anna Adler")).to_be_visible()
    expect(lena.locator(f"#candidate-{people['dora'].pk}")).to_contain_text("lists this topic")
    screenshot(lena, "projects-01-candidates")

    # Design: invite Carla directly (she recommended Lena, so Lena may write to her).
    lena.goto(project_url)
    lena.get_by_role("link", name="Find people for “Grafik”").click()
    lena.get_by_label("Your invitation to Carla Christ").fill(
        "Magst du die Plakate für unser Reparaturcafé machen?"
    )
    lena.get_by_role("button", name="Invite Carla Christ").click()
    expect(lena.get_by_text("Carla Christ is invited.")).to_be_visible()

    carla = logged_in(new_page, people["carla"])
    carla.goto(project_url)
    expect(carla.get_by_text("Lena Lorenz invites you to the seat “Grafik”")).to_be_visible()
    carla.get_by_role("button", name="Join the team").click()
    expect(carla.get_by_text("Welcome to the team.")).to_be_visible()

    # Dora asks to join the carpentry seat; Lena welcomes her, and the team space opens.
    dora = logged_in(new_page, people["dora"])
    dora.goto(project_url)
    dora.get_by_label("Seat", exact=True).select_option(label="Tischlerei")
    dora.get_by_label("Why you fit this seat").fill("Ich habe schon zwei Werkstätten eingerichtet.")
    dora.get_by_role("button", name="Ask to join").click()
    expect(dora.get_by_text("Lena Lorenz will see that you would like to join.")).to_be_visible()

    lena.goto(project_url)
    lena.get_by_role("button", name="Welcome Dora Dahl to the team").click()
    expect(lena.get_by_text("Dora Dahl is in the team now.")).to_be_visible()
    lena.get_by_role("link", name="Go to the team space").click()
    expect(lena.get_by_text("Say early when something goes wrong.")).to_be_visible()
    expect(lena.get_by_role("link", name="Open the team conversation")).to_be_visible()

    # Dora schedules a team meeting in the space; Lena sees it there.
    dora.goto(project_url)
    dora.get_by_role("link", name="Go to the team space").click()
    dora.get_by_role("link", name="Schedule a team meeting").click()
    tomorrow = today + datetime.timedelta(days=1)
    dora.get_by_label("Title").fill("Werkbänke planen")
    dora.get_by_label("Starts").fill(f"{tomorrow.isoformat()}T18:00")
    dora.get_by_label("Ends").fill(f"{tomorrow.isoformat()}T19:00")
    dora.get_by_label("Place (address)").fill("Werkstatt, Körnerstr. 5, Köln")
    dora.get_by_role("button", name="Schedule the meeting").click()
    expect(dora.get_by_text("The meeting is scheduled. Your team can now answer.")).to_be_visible()
    lena.reload()
    expect(lena.locator("#meetings")).to_contain_text("Werkbänke planen")

    # Anna supports Lena; it shows once Lena agrees.
    anna = logged_in(new_page, people["anna"])
    anna.goto(project_url)
    anna.get_by_label("because …").fill("sie hat schon drei Nachbarschaftsprojekte gestemmt.")
    anna.get_by_role("button", name="Say so").click()
    expect(anna.get_by_text("Lena Lorenz decides whether your words are shown")).to_be_visible()
    lena.goto(project_url)
    lena.get_by_role("button", name="Show it on the project").click()
    expect(lena.locator("#supporters-heading + ul")).to_contain_text(
        "I think Lena Lorenz is the right person, because sie hat schon drei"
    )
    screenshot(lena, "projects-02-team")

    # Lena closes the project; Carla is asked once and recommends Dora.
    lena.get_by_label("Done").check()
    lena.get_by_role("button", name="Close the project").click()
    expect(lena.get_by_text("The project is closed.")).to_be_visible()

    carla.goto("/notifications/")
    carla.get_by_text("A project you were part of is closed: how did it go?").click()
    section = carla.locator(f"#followup-{people['dora'].pk}")
    section.get_by_text("Recommend Dora Dahl").click()
    text = section.get_by_label("Your recommendation")
    expect(text).to_have_value(re.compile("We worked together in the project “Reparaturcafé”"))
    text.fill(text.input_value() + "Dora baut präzise und hält jeden Termin.")
    section.get_by_role("button", name="Send the recommendation").click()
    expect(
        carla.get_by_text("Dora Dahl will be asked to accept your recommendation.")
    ).to_be_visible()
    screenshot(carla, "projects-03-followup")

    dora.goto("/recommendations/")
    dora.get_by_role("button", name="Accept and publish").click()
    dora.goto(reverse("accounts:profile", args=[people["dora"].pk]))
    expect(dora.get_by_text("Dora baut präzise und hält jeden Termin.")).to_be_visible()


def test_a_member_leaves_the_team(people, new_page):
    """Dora sits in a seat; in the team space she opens "Leave the team" and confirms: her seat is
    open again."""
    from goodword.projects import services

    today = timezone.localdate()
    project = services.create_project(
        people["lena"],
        title="Reparaturcafé",
        problem="Im Viertel fehlt ein Ort, an dem kaputte Dinge repariert werden.",
        why_important="Weil sonst zu viel weggeworfen wird, was noch gut ist.",
        why_solvable="Räume und Werkzeug gibt es schon, es fehlt nur die Organisation.",
        why_me="Ich baue seit zehn Jahren Möbel und kenne das Viertel gut.",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=30),
        remote=True,
        pay="unpaid",
        visibility="members",
        values=["Früh sagen, wenn etwas schiefgeht."],
        seats=[("Tischlerei", "")],
    )
    seat = project.seats.get()
    services.accept_application(
        services.ask_to_join(seat, people["dora"], "Ich habe schon Werkstätten gebaut."),
        people["lena"],
    )
    dora = logged_in(new_page, people["dora"])
    dora.goto(reverse("projects:team", args=[project.pk]))
    dora.locator("summary", has_text="Leave the team").click()
    dora.get_by_role("button", name="Yes, leave the team").click()
    expect(
        dora.get_by_text("You left the team of “Reparaturcafé”. Your seat is open again.")
    ).to_be_visible()
    seat.refresh_from_db()
    assert seat.member_id is None
