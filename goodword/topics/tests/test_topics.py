import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from goodword.topics.models import Topic
from goodword.topics.queries import split_topic_names, suggest_topics
from goodword.topics.services import get_or_create_topic, get_or_create_topics, topic_slug

pytestmark = pytest.mark.django_db


def test_get_or_create_topic_normalises_and_slugifies():
    topic = get_or_create_topic("  Möbel   Bau ")
    assert topic.name == "Möbel Bau"
    assert topic.slug == "moebel-bau"
    assert get_or_create_topic("möbel bau") == topic
    assert Topic.objects.count() == 1


def test_slug_collisions_get_a_suffix():
    first = get_or_create_topic("C++")
    second = get_or_create_topic("C")
    assert first.slug == "c"
    assert second.slug == "c-2"


def test_names_without_letters_still_get_a_slug():
    assert topic_slug("++") == "topic"
    assert get_or_create_topic("++").slug == "topic"


@pytest.mark.parametrize("bad", ["", "   ", ",", "x" * 61])
def test_bad_names_are_refused(bad):
    with pytest.raises(ValidationError):
        get_or_create_topic(bad)
    assert not Topic.objects.exists()


def test_get_or_create_topics_deduplicates_case_insensitively():
    topics = get_or_create_topics(["Steuerrecht", "steuerrecht", "Erbrecht"])
    assert [t.name for t in topics] == ["Steuerrecht", "Erbrecht"]


def test_split_topic_names():
    assert split_topic_names(" a, b ;c,, ") == ["a", "b", "c"]


def test_suggestions_prefer_prefix_matches_and_skip_chosen():
    for name in ["Steuerrecht", "Erbschaftsteuer", "Steuerberatung", "Statik"]:
        get_or_create_topic(name)
    names = [t.name for t in suggest_topics("steuer")]
    assert names == ["Steuerberatung", "Steuerrecht", "Erbschaftsteuer"]
    names = [t.name for t in suggest_topics("steuer", exclude=["steuerrecht"])]
    assert "Steuerrecht" not in names
    assert suggest_topics("  ") == []


def test_suggest_view_returns_an_accessible_listbox(client):
    get_or_create_topic("Möbelbau")
    response = client.get(reverse("topics:suggest"), {"topics": "Innenausbau, möb"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="listbox"' in html
    assert 'role="option"' in html
    assert 'data-value="Möbelbau"' in html
    assert "Neues Thema" in html  # "möb" is not a topic yet: offer it as new
    assert 'hx-swap-oob="innerHTML"' in html  # screen-reader status


def test_suggest_view_offers_nothing_for_empty_input(client):
    response = client.get(reverse("topics:suggest"), {"topics": "Möbelbau, "})
    assert 'role="listbox"' not in response.content.decode()


def test_suggest_view_with_q_and_a_bad_listbox_id(client):
    get_or_create_topic("Statik")
    response = client.get(reverse("topics:suggest"), {"q": "Stat", "listbox": '"><script>'})
    html = response.content.decode()
    assert 'id="topic-suggestions-list"' in html
    assert "<script>" not in html
    assert "Neues Thema" in html


def test_suggest_view_exact_match_offers_no_new_topic(client):
    get_or_create_topic("Statik")
    html = client.get(reverse("topics:suggest"), {"q": "statik"}).content.decode()
    assert "Neues Thema" not in html


def test_directory_filter_gets_suggestions_without_a_new_topic_offer(client):
    get_or_create_topic("Statik")
    html = client.get(
        reverse("topics:suggest"), {"topic": "sta", "listbox": "directory-topic-list"}
    ).content.decode()
    assert 'id="directory-topic-list"' in html
    assert 'data-value="Statik"' in html
    assert "Neues Thema" not in html
