"""The demo seed gives the demo login circles, board posts, a join request and an invitation."""

import pytest
from django.urls import reverse

from goodword.accounts.models import User
from goodword.circles.models import Circle, JoinRequest, Post
from goodword.demo.data import DEMO_EMAIL
from goodword.demo.seed import seed_demo

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_demo_login_sees_circles(client):
    seed_demo(40, 7, progress=False)
    demo = User.objects.get(email=DEMO_EMAIL)
    client.force_login(demo)
    mine = Circle.objects.filter(memberships__member=demo)
    assert mine.count() == 2
    page = client.get(reverse("circles:list"), **EN).content.decode()
    assert all(c.name in page for c in mine)
    assert "Invitations" in page
    founded = Circle.objects.get(founder=demo)
    assert Post.objects.filter(circle=founded).exists()
    detail = client.get(reverse("circles:detail", args=[founded.pk]), **EN).content.decode()
    assert Post.objects.filter(circle=founded).first().text[:40] in detail
    moderation = client.get(reverse("circles:moderation", args=[founded.pk]), **EN)
    request = JoinRequest.objects.get(circle=founded)
    assert request.note in moderation.content.decode()
    discover = client.get(reverse("circles:discover"), **EN).content.decode()
    assert "Handwerk und Zukunft" in discover
