import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from goodword.accounts.tests.factories import UserFactory
from goodword.directory.queries import PAGE_SIZE, search_members
from goodword.topics.services import get_or_create_topic

pytestmark = pytest.mark.django_db
URL = reverse("directory:list")


@pytest.fixture
def members():
    steuer = get_or_create_topic("Steuerrecht")
    holz = get_or_create_topic("Möbelbau")
    return {
        "anna": UserFactory(
            visibility="public",
            display_name="Anna Arendt",
            profession="Steuerberaterin",
            city="Köln",
            topics=[steuer],
        ),
        "bernd": UserFactory(
            visibility="public",
            display_name="Bernd Brandt",
            profession="Tischler",
            city="Köln",
            topics=[holz],
        ),
        "carla": UserFactory(
            visibility="public",
            display_name="Carla Claus",
            profession="Tischlerin",
            city="Leipzig",
            topics=[holz, steuer],
        ),
        "nameless": UserFactory(visibility="public", display_name="", city="Köln"),
        "inactive": UserFactory(
            visibility="public", display_name="Inga Inaktiv", is_active=False, city="Köln"
        ),
    }


def names(queryset):
    return [p.display_name for p in queryset]


def test_search_lists_only_named_active_members_by_name(members):
    assert names(search_members(AnonymousUser())) == ["Anna Arendt", "Bernd Brandt", "Carla Claus"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"q": "bern"}, ["Bernd Brandt"]),
        ({"city": "köln"}, ["Anna Arendt", "Bernd Brandt"]),
        ({"profession": "tischler"}, ["Bernd Brandt", "Carla Claus"]),
        ({"topic": "moebelbau"}, ["Bernd Brandt", "Carla Claus"]),
        ({"topic": "Möbelbau"}, ["Bernd Brandt", "Carla Claus"]),
        ({"topic": "steuer"}, ["Anna Arendt", "Carla Claus"]),
        ({"topic": "Möbelbau", "city": "Leipzig"}, ["Carla Claus"]),
        ({"q": "niemand"}, []),
    ],
)
def test_search_filters(members, filters, expected):
    assert names(search_members(AnonymousUser(), **filters)) == expected


def test_page_renders_filters_with_labels_and_results(client, members):
    response = client.get(URL, {"city": "Leipzig"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_city"' in html
    assert "Carla Claus" in html
    assert "Anna Arendt" not in html
    assert "1 Mitglied gefunden" in html
    assert 'hx-get="/members/"' in html


def test_htmx_request_gets_only_the_results_partial(client, members):
    response = client.get(URL, {"profession": "tischler"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Bernd Brandt" in html
    assert 'hx-swap-oob="innerHTML"' in html
    assert "2 Mitglieder gefunden" in html


def test_empty_state_is_helpful(client, members):
    html = client.get(URL, {"q": "Zacharias"}).content.decode()
    assert "Niemand passt zu diesen Filtern." in html
    english = client.get(URL, {"q": "Zacharias"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nobody matches these filters." in english


def test_overlong_or_odd_input_is_no_error(client, members):
    response = client.get(URL, {"q": "x" * 5000, "topic": "%%", "page": "abc"})
    assert response.status_code == 200


def test_pagination_keeps_filters(client):
    for i in range(PAGE_SIZE + 3):
        UserFactory(visibility="public", display_name=f"Mitglied {i:02d}", city="Bonn")
    first = client.get(URL, {"city": "Bonn"}).content.decode()
    assert first.count('class="member-card"') == PAGE_SIZE
    assert "city=Bonn&amp;page=2" in first
    second = client.get(URL, {"city": "Bonn", "page": 2}).content.decode()
    assert second.count('class="member-card"') == 3


def test_query_count_does_not_grow_with_members(client, django_assert_max_num_queries):
    topics = [get_or_create_topic(f"Thema {i}") for i in range(3)]
    for i in range(PAGE_SIZE):
        UserFactory(visibility="public", display_name=f"Person {i:02d}", topics=topics)
    # count + page + prefetched topics (+ session/user for logged-in visitors elsewhere)
    with django_assert_max_num_queries(4):
        response = client.get(URL)
    assert response.content.decode().count('class="member-card"') == PAGE_SIZE
    with django_assert_max_num_queries(5):
        client.get(URL, {"topic": "Thema 1"})


def test_topic_filter_offers_suggestions(client, members):
    html = client.get(URL).content.decode()
    assert 'aria-controls="directory-topic-list"' in html
    assert "topics/combobox.js" in html
