"""A moderator's restriction (`core.members.restriction`) holds in circles as everywhere: no
founding, no board posts, while reading stays open."""

import pytest
from django.urls import reverse

from goodword.accounts.tests.factories import UserFactory
from goodword.circles.models import Circle, Post
from goodword.moderation.models import Action, Ground
from goodword.moderation.services import grant_moderator, take_action

from .factories import established, found, join

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def restrict(member):
    moderator = UserFactory()
    grant_moderator(moderator)
    take_action(moderator, member, Action.RESTRICT, Ground.SPAM, "Werbung in mehreren Kreisen.")


def test_a_restricted_member_founds_no_circle_and_posts_nothing(client, anna, maria):
    circle = found(anna)
    join(circle, maria)
    established(maria)
    restrict(maria)
    client.force_login(maria)

    page = client.post(
        reverse("circles:post", args=[circle.pk]),
        {"intent": "question", "text": "Wer kennt eine gute Steuerberaterin?"},
        **EN,
    )
    assert page.status_code == 400
    assert "restricted" in page.content.decode()
    assert not Post.objects.exists()

    founding = {
        "name": "Noch ein Kreis",
        "purpose": "Ein Kreis, den eine eingeschränkte Person nicht gründen darf.",
        "values": "Wir helfen einander",
        "city": "Köln",
        "access": "open",
    }
    assert "restricted your account" in client.get(reverse("circles:new"), **EN).content.decode()
    assert client.post(reverse("circles:new"), founding, **EN).status_code == 403
    assert list(Circle.objects.all()) == [circle]
    assert client.get(reverse("circles:detail", args=[circle.pk])).status_code == 200
