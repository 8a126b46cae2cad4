"""A member's language: chosen in the settings (or the footer), stored with the account,
applied on every device from the next request on, and used for their mails."""

import pytest
from django.core import mail
from django.urls import reverse

from goodword.accounts.models import User
from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:language")


def test_visitors_cannot_store_a_language(client):
    response = client.post(URL, {"language": "en"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_the_settings_page_offers_the_choice(client):
    client.force_login(UserFactory())
    html = client.get(reverse("accounts:settings"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert f'action="{URL}"' in html and 'name="language"' in html
    assert "Sprache speichern" in html


def test_the_choice_is_stored_and_wins_over_the_browser_on_every_device(client):
    member = UserFactory()
    client.force_login(member)
    response = client.post(URL, {"language": "en", "next": "/start/"}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 302 and response["Location"] == "/start/"
    assert response.cookies["django_language"].value == "en"
    assert User.objects.get(pk=member.pk).language == "en"
    # Another browser that speaks German: after login the pages are English.
    other = client.__class__()
    other.post(
        reverse("account_login"),
        {"login": member.email, "password": DEFAULT_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    html = other.get(reverse("accounts:settings"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Save language" in html and "Sprache speichern" not in html


def test_the_footer_switch_stores_it_for_members_too(client):
    member = UserFactory()
    client.force_login(member)
    html = client.get(reverse("core:start")).content.decode()
    assert 'class="language-form"' in html and f'action="{URL}"' in html
    client.post(URL, {"language": "de", "next": "/start/"})
    assert User.objects.get(pk=member.pk).language == "de"


def test_bad_choices_and_foreign_targets_are_refused(client):
    member = UserFactory()
    client.force_login(member)
    bad = client.post(URL, {"language": "xx"}, HTTP_ACCEPT_LANGUAGE="de")
    assert bad.status_code == 400
    assert "Bitte wähle eine der angebotenen Sprachen" in bad.content.decode()
    assert User.objects.get(pk=member.pk).language == ""
    away = client.post(URL, {"language": "en", "next": "https://evil.example/"})
    assert away["Location"] == reverse("accounts:settings")


def test_mails_use_the_members_language(anna, sven, django_capture_on_commit_callbacks):
    from goodword.recommendations.services import give_recommendation

    User.objects.filter(pk=anna.pk).update(language="en")
    anna.refresh_from_db()
    from django.utils import translation

    with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
        give_recommendation(  # the author writes in German
            sven, anna, "Hat unsere Buchhaltung mit großer Sorgfalt umgestellt.",
            ["Buchhaltung"], "worked_together", 2019,
        )  # fmt: skip
    [message] = [m for m in mail.outbox if anna.email in m.to]
    assert "recommend" in message.subject.lower() and "Empfehlung" not in message.subject


def test_deleting_the_account_forgets_the_language():
    from goodword.accounts.services import delete_account

    member = UserFactory()
    User.objects.filter(pk=member.pk).update(language="en")
    member.refresh_from_db()
    delete_account(member, password=DEFAULT_PASSWORD)
    assert User.objects.get(pk=member.pk).language == ""
