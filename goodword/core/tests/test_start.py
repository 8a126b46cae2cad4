"""The member's start page: what waits for them, from every app, and nothing else."""

import pytest
from django.urls import reverse

from goodword.accounts.tests.factories import UserFactory
from goodword.asks import services as asks
from goodword.asks.models import Visibility
from goodword.introductions import services as introductions
from goodword.messaging.tests.helpers import recommend
from goodword.recommendations import services as recommendations
from goodword.topics.services import get_or_create_topic

pytestmark = pytest.mark.django_db

START = reverse("core:start")


def test_visitors_are_asked_to_log_in(client):
    response = client.get(START)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_members_land_on_their_start_page(client, anna):
    from django.conf import settings
    from django.shortcuts import resolve_url

    assert resolve_url(settings.LOGIN_REDIRECT_URL) == START
    client.force_login(anna)
    assert client.get(reverse("core:home"))["Location"] == START


def test_a_new_member_sees_helpful_empty_states(client):
    client.force_login(UserFactory(display_name="Neu Ling"))
    html = client.get(START, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Hallo, Neu Ling" in html
    assert "Nichts wartet auf deine Zustimmung" in html
    assert "Keine Antworten warten auf dich" in html
    assert "Keine Vorstellung wartet auf dich" in html
    assert "Nenne die Themen, in denen du arbeitest" in html
    assert reverse("accounts:profile_edit") in html


def test_everything_that_waits_is_shown_to_that_member_only(client, anna, sven, maria, outsider):
    topic = get_or_create_topic("Betriebshaftpflicht")
    anna.profile.topics.set([topic])
    recommend(anna, sven)
    recommend(maria, anna)
    recommend(maria, sven)
    recommendations.give_recommendation(
        sven, anna, "Hat unsere Werkstatt mit großer Sorgfalt versichert.", ["Versicherung"],
        "worked_together", 2019,
    )  # fmt: skip
    own = asks.post_ask(
        anna, title="Versicherung für die Werkstatt", text="Wer kennt sich damit aus?",
        remote=True, visibility=Visibility.MEMBERS,
    )  # fmt: skip
    asks.answer_with_offer(own, sven, "Ich kenne mich mit Versicherungen für Werkstätten aus.")
    introductions.introduce(maria, anna, sven, "Ihr solltet euch kennenlernen, es passt gut.")
    asks.post_ask(
        outsider, title="Haftpflicht für den Laden gesucht", text="Wer hilft mir dabei?",
        topic_names=["Betriebshaftpflicht"], remote=True, visibility=Visibility.MEMBERS,
    )  # fmt: skip

    client.force_login(anna)
    html = client.get(START, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Sven Seller hat dich empfohlen" in html
    assert "Sven Seller bietet Hilfe an bei „Versicherung für die Werkstatt“" in html
    assert "Maria Mittler möchte, dass du Sven Seller kennenlernst" in html
    assert "Haftpflicht für den Laden gesucht" in html
    assert "Versicherung für die Werkstatt</a>" not in html.split("start-requests")[1]  # own

    client.force_login(outsider)  # the wrong member sees none of Anna's things
    html = client.get(START, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Sven Seller" not in html and "Maria Mittler" not in html


def test_a_blocked_members_request_stays_off_the_start_page(client, anna, outsider):
    from goodword.messaging.services import block_member

    topic = get_or_create_topic("Betriebshaftpflicht")
    anna.profile.topics.set([topic])
    asks.post_ask(
        outsider, title="Haftpflicht für den Laden gesucht", text="Wer hilft mir dabei?",
        topic_names=["Betriebshaftpflicht"], remote=True, visibility=Visibility.MEMBERS,
    )  # fmt: skip
    block_member(anna, outsider)
    client.force_login(anna)
    assert "Haftpflicht für den Laden" not in client.get(START).content.decode()


def test_the_start_page_query_count_stays_flat(client, anna, django_assert_max_num_queries):
    for i in range(8):
        author = UserFactory()
        recommendations.give_recommendation(
            author, anna, f"Hat unser Projekt Nummer {i} sehr sorgfältig begleitet.",
            ["Buchhaltung"], "worked_together", 2019,
        )  # fmt: skip
    client.force_login(anna)
    with django_assert_max_num_queries(25):
        assert client.get(START).status_code == 200
