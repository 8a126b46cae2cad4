"""Profile visibility: members only by default, public by the member's choice. The one rule
(`accounts.queries.visible_profiles`) holds on the profile page, in the directory, in search,
in the API and for search engines."""

import re

import pytest
from django.urls import reverse

from goodword.accounts.models import Profile, ProfileVisibility
from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token
from goodword.recommendations.models import Status
from goodword.recommendations.tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden():
    return UserFactory(display_name="Hanna Intern", profession="Steuerberaterin")


@pytest.fixture
def shown():
    return UserFactory(
        display_name="Paula Offen", profession="Steuerberaterin", visibility="public"
    )


def profile_url(user):
    return reverse("accounts:profile", args=[user.pk])


def test_new_profiles_are_for_members_only():
    assert UserFactory().profile.visibility == ProfileVisibility.MEMBERS


def test_visitors_see_public_profiles_only_and_members_see_all(client, hidden, shown):
    response = client.get(profile_url(hidden))
    assert response.status_code == 404
    assert "Hanna Intern" not in response.content.decode()
    assert client.get(profile_url(shown)).status_code == 200
    client.force_login(UserFactory())
    assert "Hanna Intern" in client.get(profile_url(hidden)).content.decode()


def test_a_hidden_profile_answers_like_an_absent_one(client, hidden):
    absent_url = reverse("accounts:profile", args=[hidden.pk + 1000])
    hidden_page = client.get(profile_url(hidden))
    absent_page = client.get(absent_url)
    assert hidden_page.status_code == absent_page.status_code == 404

    # The same page but for the login link back to the address asked for (and CSRF tokens).
    def page(response, url):
        html = response.content.decode().replace(url, "URL")
        return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", html)

    assert page(hidden_page, profile_url(hidden)) == page(absent_page, absent_url)


def test_the_directory_shows_visitors_public_profiles_only(client, hidden, shown):
    html = client.get(reverse("directory:list")).content.decode()
    assert "Paula Offen" in html and "Hanna Intern" not in html
    client.force_login(UserFactory())
    html = client.get(reverse("directory:list")).content.decode()
    assert "Paula Offen" in html and "Hanna Intern" in html


def test_the_api_needs_a_login_and_then_shows_every_member(client, hidden):
    url = f"/api/v1/members/{hidden.pk}"
    assert client.get(url).status_code == 401
    _token, secret = create_token(UserFactory(), "t")
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["visibility"] == "members"


def test_members_choose_in_their_profile_settings(client, hidden):
    client.force_login(hidden)
    page = client.get(reverse("accounts:profile_edit")).content.decode()
    assert 'name="visibility"' in page and 'value="public"' in page
    data = {"display_name": "Hanna Intern", "country": "DE", "visibility": "public"}
    response = client.post(reverse("accounts:profile_edit"), data)
    assert response.status_code == 302
    assert Profile.objects.get(pk=hidden.pk).visibility == "public"
    client.logout()
    assert client.get(profile_url(hidden)).status_code == 200


def test_an_unknown_choice_is_refused_and_nothing_changes(client, hidden):
    client.force_login(hidden)
    data = {"display_name": "Neuer Name", "country": "DE", "visibility": "everyone"}
    response = client.post(reverse("accounts:profile_edit"), data, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    assert "gültige Auswahl" in response.content.decode()
    profile = Profile.objects.get(pk=hidden.pk)
    assert (profile.visibility, profile.display_name) == ("members", "Hanna Intern")


def test_the_api_changes_it_and_refuses_nonsense(client, hidden):
    _token, secret = create_token(hidden, "t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    bad = client.patch(
        "/api/v1/members/me", {"visibility": "world"}, content_type="application/json", **auth
    )
    assert bad.status_code == 400 and "visibility" in bad.json()["errors"]
    good = client.patch(
        "/api/v1/members/me", {"visibility": "public"}, content_type="application/json", **auth
    )
    assert good.status_code == 200 and good.json()["visibility"] == "public"


def test_a_public_profile_names_only_public_members_to_visitors(client, shown, hidden):
    RecommendationFactory(author=hidden, subject=shown, status=Status.ACCEPTED)
    html = client.get(profile_url(shown)).content.decode()
    assert "Hanna Intern" not in html and profile_url(hidden) not in html
    assert "ein Mitglied" in html or "a member" in html
    client.force_login(UserFactory())
    assert "Hanna Intern" in client.get(profile_url(shown)).content.decode()


def test_search_engines_may_index_public_profiles_only(client, hidden, shown):
    public = client.get(profile_url(shown))
    assert "X-Robots-Tag" not in public.headers
    assert 'name="robots"' not in public.content.decode()
    client.force_login(UserFactory())
    members_only = client.get(profile_url(hidden))
    assert members_only.headers["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in members_only.content.decode()


def test_deleting_the_account_resets_the_choice(hidden):
    from goodword.accounts.services import delete_account
    from goodword.accounts.tests.factories import DEFAULT_PASSWORD

    Profile.objects.filter(pk=hidden.pk).update(visibility="public")
    delete_account(hidden, password=DEFAULT_PASSWORD)
    assert Profile.objects.get(pk=hidden.pk).visibility == "members"
