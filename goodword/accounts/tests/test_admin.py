import pytest
from django.urls import reverse

from goodword.accounts.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_and_adds_members(client):
    admin = User.objects.create_superuser(email="admin@example.org", password="x-long-password")
    client.force_login(admin)
    member = UserFactory(display_name="Zora Zeta")
    for url in (
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[member.pk]),
        reverse("admin:accounts_user_add"),
        reverse("admin:accounts_profile_changelist") + "?q=Zora",
        reverse("admin:topics_topic_changelist"),
    ):
        assert client.get(url).status_code == 200, url
