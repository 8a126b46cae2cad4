"""The demo network has a few open and closed projects whose pages render."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from goodword.demo.data import DEMO_EMAIL
from goodword.projects.models import Project, ProjectStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_open_and_closed_projects_that_render(client, django_user_model):
    call_command("seed_demo", members=40, seed=7, no_progress=True, verbosity=0)
    statuses = set(Project.objects.values_list("status", flat=True))
    assert ProjectStatus.OPEN in statuses
    assert statuses & {ProjectStatus.DONE, ProjectStatus.STOPPED}
    for project in Project.objects.all():
        assert project.seats.count() >= 2
        if not project.is_open:
            assert not project.seats.filter(member=None).exists()
            assert project.conversation is not None
        # Every team meets: its members are the meeting group, the owner hosts.
        team = {project.owner_id} | set(
            project.seats.exclude(member=None).values_list("member_id", flat=True)
        )
        group = project.meeting_group
        assert set(group.members.values_list("member_id", flat=True)) == team
        assert group.members.get(is_host=True).member_id == project.owner_id
        assert group.meetings.count() == 1
        meeting = group.meetings.get()
        assert (meeting.ends_at > timezone.now()) == project.is_open
        owner = django_user_model.objects.get(pk=project.owner_id)
        client.force_login(owner)
        assert client.get(reverse("projects:team", args=[project.pk])).status_code == 200
        assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    demo = django_user_model.objects.get(email=DEMO_EMAIL)
    client.force_login(demo)
    assert client.get(reverse("projects:list")).status_code == 200
    own = Project.objects.filter(owner=demo).first()
    if own is not None:
        seat = own.seats.filter(member=None).first()
        assert client.get(reverse("projects:candidates", args=[seat.pk])).status_code == 200
    for project in Project.objects.filter(owner=demo) | Project.objects.filter(
        visibility="members"
    ):
        assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
