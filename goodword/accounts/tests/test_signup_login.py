"""Sign-up, e-mail confirmation, login and login throttling through allauth, over HTTP."""

import re

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from goodword.accounts.models import Profile, User

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password=DEFAULT_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_signup_confirm_and_login(client, settings):
    settings.SITE_URL = "https://goodword.example"
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-new-secret",
            "password2": "a-long-new-secret",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new@example.org")
    assert Profile.objects.filter(user=user).exists(), "the adapter creates the profile"
    assert not EmailAddress.objects.get(user=user).verified

    # Mandatory confirmation: not logged in yet.
    assert client.get(reverse("accounts:settings")).status_code == 302

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.org"]
    assert "Hallo von Goodword!" in message.body
    assert "testserver!" not in message.body
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    assert link.startswith(settings.SITE_URL + "/"), "mail links start with SITE_URL"
    path = link[len(settings.SITE_URL) :]

    page = client.get(path)
    assert page.status_code == 200
    assert "new@example.org" in page.content.decode()
    response = client.post(path)
    assert response.status_code == 302
    # New members are sent to fill in their facts first.
    assert response["Location"] == reverse("accounts:profile_edit")
    assert EmailAddress.objects.get(user=user).verified

    client.post(reverse("account_logout"))
    response = login(client, "new@example.org", "a-long-new-secret")
    assert response.status_code == 302
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_signup_page_is_german_by_default_and_english_on_request(client):
    german = client.get(reverse("account_signup")).content.decode()
    assert "Bei Goodword mitmachen" in german
    english = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Join Goodword" in english
    assert '<label for="id_email"' in english


def test_signup_with_mismatching_passwords_shows_errors_and_creates_nobody(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "x@example.org", "password1": "a-long-new-secret", "password2": "other-secret-1"},
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()


def test_login_with_unconfirmed_email_is_refused(client):
    UserFactory(email="pending@example.org", verified=False)
    response = login(client, "pending@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_login_with_wrong_password_shows_an_error(client):
    UserFactory(email="anna@example.org")
    response = login(client, "anna@example.org", "wrong-password")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_axes_locks_out_after_five_failures(client):
    UserFactory(email="target@example.org")
    other = UserFactory(email="bystander@example.org")
    responses = [login(client, "Target@example.org", "guess") for _ in range(5)]
    # The fifth failure locks the account out for this address, with the lockout page.
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert "Zu viele fehlgeschlagene" in responses[-1].content.decode()
    # Even the right password is refused now (by axes, or allauth's own limit behind it).
    response = login(client, "target@example.org")
    assert response.status_code in (200, 429)
    assert "Zu viele" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get().username == "target@example.org"
    # Other accounts from the same address are not locked out.
    assert login(client, other.email).status_code == 302


def test_password_reset_sends_a_mail_and_sets_a_new_password(client, settings):
    settings.SITE_URL = "https://goodword.example"
    UserFactory(email="forgetful@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(
        re.escape(settings.SITE_URL) + r"(/accounts/password/reset/key/\S+/)", mail.outbox[0].body
    )
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    action = page.redirect_chain[-1][0] if page.redirect_chain else link.group(1)
    response = client.post(
        action, {"password1": "brand-new-secret-9", "password2": "brand-new-secret-9"}
    )
    assert response.status_code == 302
    assert login(client, "forgetful@example.org", "brand-new-secret-9").status_code == 302


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_email_verification_sent",
    ],
)
def test_anonymous_account_pages_use_the_site_layout(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert 'class="site-header"' in response.content.decode()


@pytest.mark.parametrize("name", ["account_email", "account_change_password", "account_logout"])
def test_member_account_pages_use_the_site_layout(client, name):
    client.force_login(UserFactory())
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert 'class="site-header"' in response.content.decode()


def test_change_email_needs_confirmation_of_the_new_address(client):
    me = UserFactory(email="old@example.org")
    client.force_login(me)
    page = client.get(reverse("account_email"))
    assert "Neue E-Mail-Adresse" in page.content.decode()
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "changed@example.org"}
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["changed@example.org"]
    me.refresh_from_db()
    assert me.email == "old@example.org"  # until confirmed


def test_change_password(client):
    me = UserFactory(email="pw@example.org")
    client.force_login(me)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": "another-long-secret-7",
            "password2": "another-long-secret-7",
        },
    )
    assert response.status_code == 302
    client.post(reverse("account_logout"))
    assert login(client, "pw@example.org", "another-long-secret-7").status_code == 302
