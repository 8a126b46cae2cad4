import pytest
from django.urls import reverse

from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token
from goodword.search import queries

from .helpers import member, recommend

pytestmark = pytest.mark.django_db

API = "/api/v1/search"
PAGE = "search:search"


@pytest.fixture(autouse=True)
def no_trust(monkeypatch):
    monkeypatch.setattr(queries, "_trust", lambda: None)


@pytest.fixture
def viewer(client):
    user = member(display_name="Vera Viewer")
    client.force_login(user)
    return user


@pytest.fixture
def advisors():
    people = []
    for i, (name, city) in enumerate(
        [("Anna Amsel", "Köln"), ("Bernd Bach", "Bonn"), ("Carla Cedar", "Köln")]
    ):
        user = member(display_name=name, profession="Steuerberaterin", city=city)
        recommend(user, f"{name} hat unsere Steuerberatung übernommen, Jahr {2010 + i}.")
        people.append(user)
    return people


def test_page_has_an_accessible_search_form(client):
    response = client.get(reverse(PAGE))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="search"' in html
    assert '<label for="id_q">Wen suchst du?</label>' in html
    assert 'id="search-status" role="status"' in html
    assert 'action="/search/"' in html and 'hx-get="/search/"' in html


def test_page_shows_results_with_highlighted_snippet(client, viewer, advisors):
    response = client.get(reverse(PAGE), {"q": "Steuerberatung", "city": "Köln"})
    html = response.content.decode()
    assert "Anna Amsel" in html and "Carla Cedar" in html and "Bernd Bach" not in html
    assert "<mark>Steuerberatung</mark>" in html
    assert "2 Mitglieder gefunden" in html


def test_htmx_request_gets_only_the_results(client, viewer, advisors):
    response = client.get(reverse(PAGE), {"q": "Steuer"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "Anna Amsel" in html
    # The count goes to the page's one polite status region, outside the swapped results.
    assert 'id="search-status" role="status" class="muted" hx-swap-oob="true"' in html
    assert "3 Mitglieder gefunden" in html


def test_history_restore_gets_the_whole_page(client, viewer, advisors):
    response = client.get(
        reverse(PAGE),
        {"q": "Steuer"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    html = response.content.decode()
    assert "<html" in html and html.count('id="search-status"') == 1


def test_empty_state_helps(client, viewer):
    html = client.get(reverse(PAGE), {"q": "Xylophonbau"}).content.decode()
    assert "Xylophonbau" in html and 'class="empty"' in html


def test_snippet_is_escaped(client, viewer):
    subject = member(display_name="Xaver Xss")
    recommend(subject, "<script>alert('x')</script> Xaver ist ein toller Schornsteinfeger.")
    html = client.get(reverse(PAGE), {"q": "Schornsteinfeger"}).content.decode()
    assert "<script>alert" not in html
    assert "<mark>Schornsteinfeger</mark>" in html
    data = client.get(API, {"q": "Schornsteinfeger"}).json()
    assert "<script" not in data["results"][0]["snippet_html"]
    assert "&lt;script" in data["results"][0]["snippet_html"]


def test_anonymous_visitors_find_public_profiles_only_without_trust_labels(client, advisors):
    from goodword.accounts.models import Profile

    Profile.objects.filter(pk=advisors[0].pk).update(visibility="public")
    html = client.get(reverse(PAGE), {"q": "Steuerberaterin"}).content.decode()
    assert "Anna Amsel" in html
    assert "keine Verbindung" not in html
    # Members-only profiles stay hidden, and so does the name of a members-only recommender.
    assert "Bernd Bach" not in html and "Carla Cedar" not in html
    assert "Autorin" not in html
    assert "übernommen, Jahr 2010" in html  # the snippet itself is on Anna's public profile


def test_members_find_members_only_profiles_and_their_recommenders(client, viewer, advisors):
    html = client.get(reverse(PAGE), {"q": "Steuerberaterin"}).content.decode()
    assert "Bernd Bach" in html and "Carla Cedar" in html and "Autorin" in html


def test_api_and_page_agree(client, viewer, advisors):
    data = client.get(API, {"q": "Steuerberaterin"}).json()
    api_ids = [r["member_id"] for r in data["results"]]
    assert data["count"] == 3 and sorted(api_ids) == sorted(u.pk for u in advisors)
    html = client.get(reverse(PAGE), {"q": "Steuerberaterin"}).content.decode()
    page_ids = [int(x.split('"')[0]) for x in html.split('data-member="')[1:]]
    assert page_ids == api_ids
    first = data["results"][0]
    assert set(first) >= {"snippet", "snippet_html", "connected", "path", "url"}
    assert not any(isinstance(v, float) for v in first.values())


def test_api_accepts_a_token(client, advisors):
    _token, secret = create_token(UserFactory(), "script")
    client.logout()
    response = client.get(API, {"q": "Steuer", "limit": "2"}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_api_needs_authentication(client, advisors):
    assert client.get(API, {"q": "Steuer"}).status_code == 401


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "Bitte sag uns, wen du suchst."),
        ({"q": "x" * 201}, "höchstens 200 Zeichen"),
        ({"q": "Steuer", "limit": "0"}, "zwischen 1 und 50"),
        ({"q": "Steuer", "limit": "51"}, "zwischen 1 und 50"),
        ({"q": "Steuer", "limit": "viele"}, "ganze Zahl"),
        ({"q": "Steuer", "topic": "gibt-es-nicht"}, "Dieses Thema kennen wir nicht."),
    ],
)
def test_api_rejects_bad_input_with_a_clear_message(client, viewer, params, message):
    response = client.get(API, params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_api_messages_follow_the_language(client, viewer):
    response = client.get(API, {"q": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Please tell us who you are looking for." in response.json()["detail"]


def test_page_reports_too_long_queries(client, viewer):
    response = client.get(reverse(PAGE), {"q": "x" * 201})
    assert response.status_code == 200
    assert "höchstens 200 Zeichen" in response.content.decode()


def test_query_count_does_not_grow_with_results(client, viewer, django_assert_max_num_queries):
    for i in range(8):
        user = member(
            display_name=f"Maler {i}", profession="Malerin", city="Essen" if i < 2 else "Ulm"
        )
        recommend(user, f"Sie hat unsere Wohnung gestrichen, Raum für Raum, Nummer {i}.")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse(PAGE), {"q": "Malerin", "city": "Essen"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse(PAGE), {"q": "Malerin"}).content.decode()
    assert html.count('data-member="') == 8


def test_result_rows_are_kept_per_viewer_kind_and_language_and_equal_a_fresh_render(
    client, advisors
):
    from goodword.accounts.models import Profile
    from goodword.search.templatetags import search_results

    Profile.objects.filter(pk=advisors[0].pk).update(visibility="public")
    search_results._rows.clear()

    def rows():
        response = client.get(reverse(PAGE), {"q": "Steuerberaterin"}, HTTP_HX_REQUEST="true")
        return response.content.decode()

    visitor = rows()
    assert "Anna Amsel" in visitor and "keine Verbindung" not in visitor
    assert len(search_results._rows) == 1
    client.force_login(member(display_name="Vera Viewer", language="de"))
    german = rows()
    # Anna's row again, now for a member: another row (with "not connected").
    assert "keine Verbindung" in german and len(search_results._rows) == 4
    assert rows() == german
    search_results._rows.clear()
    assert rows() == german  # kept rows are what a fresh render gives
    client.force_login(member(display_name="Edgar English", language="en"))
    english = rows()
    assert "not connected" in english and "keine Verbindung" not in english
    assert "recommended by" in english
    client.logout()
    assert rows() == visitor
