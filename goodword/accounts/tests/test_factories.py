import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from goodword.accounts.models import Profile

from .factories import DEFAULT_PASSWORD, ProfileFactory, UserFactory


@pytest.mark.django_db
def test_user_factory_makes_a_verified_member_with_a_named_profile(client):
    user = UserFactory(email="anna@example.org", city="Köln")
    assert EmailAddress.objects.get(user=user).verified
    assert user.profile.display_name
    assert user.profile.city == "Köln"
    response = client.post(
        reverse("account_login"), {"login": "anna@example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response.wsgi_request.user == user


@pytest.mark.django_db
def test_profile_factory_accepts_profile_facts():
    profile = ProfileFactory(display_name="Berta Bau", profession="Tischlerin")
    assert isinstance(profile, Profile)
    assert profile.display_name == "Berta Bau"
    assert profile.profession == "Tischlerin"
