"""The demo network's meetings: the demo login sees upcoming and past meetings of her circles,
their goals, and a one-to-one proposed to her."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from goodword.demo.data import DEMO_EMAIL
from goodword.meetings.models import Meeting, OneToOne, OneToOneStatus

pytestmark = pytest.mark.django_db


def test_the_demo_login_sees_meetings_and_a_one_to_one(client):
    call_command("seed_demo", members=60, seed=7, no_progress=True, verbosity=0)
    demo = get_user_model().objects.get(email=DEMO_EMAIL)
    now = timezone.now()
    mine = Meeting.objects.filter(circle__memberships__member=demo)
    assert mine.filter(ends_at__lt=now).exists() and mine.filter(starts_at__gt=now).exists()
    client.force_login(demo)
    page = client.get(reverse("meetings:list")).content.decode()
    for meeting in mine:
        assert reverse("meetings:detail", args=[meeting.pk]) in page
    upcoming = mine.filter(starts_at__gt=now, goals__isnull=False).first()
    detail = client.get(reverse("meetings:detail", args=[upcoming.pk])).content.decode()
    assert upcoming.goals.first().text in detail
    proposed = OneToOne.objects.get(invitee=demo, status=OneToOneStatus.PROPOSED)
    assert reverse("meetings:one_to_one", args=[proposed.pk]) in page
    answer = client.get(reverse("meetings:one_to_one", args=[proposed.pk]))
    assert answer.status_code == 200 and proposed.note in answer.content.decode()
