"""What the instance shows to everybody: legal pages, robots.txt, the favicon, and its own 404
and 500 pages (tests run with DEBUG off)."""

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse

from goodword.accounts.tests.factories import UserFactory
from goodword.core.checks import legal_pages_check
from goodword.core.tests.helpers import fill_legal_templates

pytestmark = pytest.mark.django_db


def test_tests_run_with_debug_off():
    assert settings.DEBUG is False


@pytest.mark.parametrize("name", ["core:impressum", "core:privacy"])
def test_unconfigured_legal_pages_show_the_template_with_a_notice(client, tmp_path, name):
    with override_settings(LEGAL_DIR=tmp_path / "nothing"):
        html = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "noch nicht ausgefüllt" in html
    assert "[[" in html


def test_the_operators_texts_are_shown_in_the_readers_language(client, tmp_path):
    legal = fill_legal_templates(tmp_path / "legal")
    (legal / "impressum.de.html").write_text("<h1>Impressum</h1><p>Verein Gutes Wort e. V.</p>")
    (legal / "impressum.en.html").unlink()
    with override_settings(LEGAL_DIR=legal):
        german = client.get(reverse("core:impressum"), HTTP_ACCEPT_LANGUAGE="de")
        english = client.get(reverse("core:impressum"), HTTP_ACCEPT_LANGUAGE="en")
        privacy = client.get(reverse("core:privacy"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Verein Gutes Wort e. V." in german.content.decode()
    assert "noch nicht ausgefüllt" not in german.content.decode()
    assert "X-Robots-Tag" not in german.headers  # public: may be indexed
    # No English Impressum: the German one, with a note.
    assert "Verein Gutes Wort e. V." in english.content.decode()
    assert "only available in German" in english.content.decode()
    assert "Privacy notice" in privacy and "only available in German" not in privacy


def test_every_page_links_the_legal_pages_and_how_we_check_names_the_impressum(client):
    html = client.get(reverse("recommendations:how_we_check")).content.decode()
    assert html.count(f'href="{reverse("core:impressum")}"') == 2  # footer and the report text
    assert f'href="{reverse("core:privacy")}"' in html


def test_production_refuses_until_the_legal_pages_are_filled_in(tmp_path):
    with override_settings(PRODUCTION=True, LEGAL_DIR=tmp_path / "legal"):
        assert {e.id for e in legal_pages_check()} == {"goodword.E001"}
        assert len(legal_pages_check()) == 2
        legal = fill_legal_templates(tmp_path / "legal")
        assert legal_pages_check() == []
        (legal / "privacy.de.html").write_text("<p>[[Name]]</p>")
        [error] = legal_pages_check()
        assert "privacy.de.html" in error.msg
    with override_settings(PRODUCTION=False, LEGAL_DIR=tmp_path / "none"):
        assert legal_pages_check() == []  # development shows the templates


def test_robots_txt_keeps_crawlers_out_of_members_areas(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    for path in ("/settings/", "/messages/", "/api/", "/search/", "/admin/"):
        assert f"Disallow: {path}" in text
    assert "Disallow: /members/" not in text  # public profiles may be crawled


def test_members_pages_and_settings_say_noindex(client):
    client.force_login(UserFactory())
    for name in ("accounts:settings", "notifications:list", "directory:list"):
        assert client.get(reverse(name)).headers["X-Robots-Tag"] == "noindex", name
    client.logout()
    assert "X-Robots-Tag" not in client.get(reverse("core:home")).headers


def test_the_favicon_is_served_by_the_instance(client):
    html = client.get(reverse("core:home")).content.decode()
    assert 'rel="icon" href="/static/core/favicon.svg"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/core/favicon.ico"


def test_unknown_pages_get_the_sites_own_404(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="de")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in html
    assert 'class="site-header"' in html and "core/goodword.css" in html
    assert 'href="/accounts/login/?next=/no-such-page/"' in html
    assert response.headers["X-Robots-Tag"] == "noindex"


def test_the_500_page_needs_nothing_but_static_files():
    from django.views.defaults import server_error

    request = RequestFactory().get("/")
    response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "core/goodword.css" in html and "Goodword" in html
    assert "Traceback" not in html
