"""The profile's recommendation cards are rendered once per process for every viewer they
look the same to: never stale, never someone else's buttons."""

import pytest
from django.urls import reverse

from goodword.recommendations.models import Recommendation, Status
from goodword.recommendations.templatetags import recommendation_cards
from goodword.recommendations.tests.factories import RecommendationFactory

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(db):
    recommendation_cards._cards.clear()
    author = UserFactory(display_name="Alma Autorin")
    subject = UserFactory(display_name="Sami Subjekt")
    rec = RecommendationFactory(
        author=author, subject=subject, status=Status.ACCEPTED, topics=["Holzbau"]
    )
    return author, subject, rec


def page(client, viewer, member):
    if viewer is not None:
        client.force_login(viewer)
    return client.get(reverse("accounts:profile", args=[member.pk])).content.decode()


def test_a_card_is_kept_and_follows_every_change(client, card):
    author, subject, rec = card
    stranger = UserFactory()
    assert "Alma Autorin" in page(client, stranger, subject)
    assert len(recommendation_cards._cards) == 1
    assert "Alma Autorin" in page(client, None, subject)  # the same card for anyone else
    assert len(recommendation_cards._cards) == 1
    author.profile.display_name = "Alma Neuname"
    author.profile.save()
    Recommendation.objects.filter(pk=rec.pk).update(text_html="<p>Ganz neu geschrieben</p>")
    html = page(client, stranger, subject)
    assert "Alma Neuname" in html and "Alma Autorin" not in html
    assert "Ganz neu geschrieben" in html
    rec.topics.clear()
    assert "Holzbau" not in page(client, stranger, subject).split('id="received-heading"')[1]


def test_the_parties_get_their_own_buttons_and_nobody_else_does(client, card):
    author, subject, _rec = card
    stranger = UserFactory()
    edit = reverse("recommendations:edit", args=[_rec.pk])
    hide = reverse("recommendations:hide", args=[_rec.pk])
    assert edit not in page(client, stranger, subject)
    mine = page(client, author, subject)
    assert edit in mine and "csrfmiddlewaretoken" in mine
    assert hide in page(client, subject, subject)
    assert edit not in page(client, stranger, author) and hide not in page(client, None, author)
