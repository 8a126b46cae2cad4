"""Ranking by how well a member answers the whole request, with the shipped vocabulary.

Runs on whichever database the suite uses (SQLite by default, PostgreSQL with DATABASE_URL)."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from goodword.api.services import create_token
from goodword.search import queries
from goodword.search.queries import search_members
from goodword.topics.models import Concept, Topic
from goodword.topics.services import get_or_create_topic, get_or_create_topics, import_vocabulary
from goodword.topics.vocabulary import forget_vocabulary

from .helpers import member, recommend

pytestmark = pytest.mark.django_db


def ids(results):
    return [r.member_id for r in results]


def person(name, profession="", city="", topics=()):
    return member(
        display_name=name,
        profession=profession,
        city=city,
        topics=get_or_create_topics(list(topics)) if topics else None,
    )


@pytest.fixture(autouse=True)
def no_trust(monkeypatch):
    monkeypatch.setattr(queries, "_trust", lambda: None)
    forget_vocabulary()


@pytest.fixture
def viewer():
    return member(display_name="Vera Viewer")


def test_members_answering_more_of_the_request_come_first(viewer):
    both = person("Ada Licht", "Fotografin", "Leipzig")
    one = person("Bea Blende", "Fotografin", "Berlin")
    city_only = person("Cem Hobel", "Tischler", "Leipzig")
    found = ids(search_members(viewer, "Fotografin Leipzig"))
    assert found[:2] == [both.pk, one.pk]
    assert city_only.pk not in found[:2]


def test_rare_words_count_more_than_common_ones(viewer):
    for i in range(6):
        person(f"Koch Nummer {i}", "Koch", "Hamburg")
    rare = person("Rita Rahm", "Konditorin", "Bremen")
    common = person("Karl Kelle", "Koch", "Bremen")
    # Both answer one word and "Bremen"; "Konditorin" is rarer than "Koch".
    assert ids(search_members(viewer, "Konditorin Koch Bremen"))[:2] == [rare.pk, common.pk]


def test_stop_words_and_filler_words_are_ignored(viewer):
    advisor = person("Tanja Thal", "Steuerberaterin", "Köln", ["Steuererklärung"])
    person("Suse Suche", "Gärtnerin", "Bonn")
    found = ids(search_members(viewer, "Ich suche jemanden für meine Steuererklärung"))
    assert found == [advisor.pk]
    assert ids(search_members(viewer, "Steuererklärung machen lassen")) == [advisor.pk]
    assert search_members(viewer, "die und für") == []


def test_profession_outranks_a_name_unless_the_query_is_a_name(viewer):
    web = person("Stefan Steuer", "Webentwickler", "Köln")
    tax = person("Tanja Thal", "Steuerberaterin", "Köln")
    assert ids(search_members(viewer, "Steuer"))[0] == tax.pk
    assert ids(search_members(viewer, "Stefan Steuer"))[0] == web.pk
    assert ids(search_members(viewer, "Thal")) == [tax.pk]


def test_english_queries_find_german_profiles(viewer):
    tax = person("Tanja Thal", "Steuerberaterin", "Köln", ["Lohnabrechnung"])
    photo = person("Paula Pixel", "Fotografin", "Bonn", ["Hochzeitsfotografie"])
    solar = person("Emil Ohm", "Elektromeister", "Kiel", ["Photovoltaik"])
    assert ids(search_members(viewer, "tax advisor"))[0] == tax.pk
    assert ids(search_members(viewer, "payroll"))[0] == tax.pk
    assert ids(search_members(viewer, "wedding photographer"))[0] == photo.pk
    assert ids(search_members(viewer, "solar panels")) == [solar.pk]


def test_everyday_words_find_the_professional_words(viewer):
    web = person("Wanda Web", "Webentwicklerin", "Köln", ["WordPress"])
    hair = person("Fritz Fön", "Friseurmeister", "Köln", ["Coloration"])
    assert ids(search_members(viewer, "Homepage erstellen"))[0] == web.pk
    assert ids(search_members(viewer, "Haare färben")) == [hair.pk]


def test_compounds_are_split_against_the_vocabulary(viewer):
    books = person("Bernd Beleg", "Buchhalter", "Köln", ["Lohnabrechnung", "Buchhaltung"])
    photo = person("Paula Pixel", "Fotografin", "Bonn", ["Businessporträts"])
    assert ids(search_members(viewer, "Lohnbuchhaltung"))[0] == books.pk
    assert ids(search_members(viewer, "Bewerbungsfotos"))[0] == photo.pk
    # An unknown compound whose tail the vocabulary knows.
    assert ids(search_members(viewer, "Kinderfotografin"))[0] == photo.pk


def test_snippet_marks_the_members_words_that_answered(viewer):
    person("Wanda Web", "Webentwicklerin", "Köln", ["WordPress"])
    [result] = search_members(viewer, "Homepage")
    assert result.snippet_source == "profile"
    assert "<mark>WordPress</mark>" in result.snippet
    assert "<mark>Köln</mark>" not in result.snippet


def test_snippet_of_a_recommendation_marks_the_concept_words(viewer):
    web = person("Wanda Web", "Webentwicklerin", "Köln", ["WordPress"])
    recommend(web, "Wanda hat unsere WordPress-Seite schnell gemacht.", topics=["WordPress"])
    [result] = search_members(viewer, "Homepage")
    assert result.snippet_source == "recommendation"
    assert "<mark>WordPress</mark>" in result.snippet


# Professions of the demo network with two of their topics each.
EXACT = {
    "Steuerberaterin": ["Steuererklärung", "Buchhaltung"],
    "Webentwickler": ["Django", "Barrierefreiheit"],
    "Coach": ["Karriereberatung", "Work-Life-Balance"],
    "Fotografin": ["Porträtfotografie", "Businessporträts"],
    "Tischler": ["Möbelbau", "Massivholz"],
    "Rechtsanwältin": ["Arbeitsrecht", "Datenschutz (DSGVO)"],
    "UX-Designerin": ["Nutzerforschung", "Usability-Tests"],
    "Elektromeister": ["Photovoltaik", "E-Check"],
    "Übersetzerin": ["Dolmetschen", "Lektorat"],
    "Friseurmeisterin": ["Coloration", "Naturfriseur"],
    "Finanzberater": ["Altersvorsorge", "Versicherungen"],
    "Köchin": ["Catering", "Regionale Küche"],
}


def test_exact_profession_and_topic_queries_find_every_holder(viewer):
    """Every member carrying the profession or topic asked for by its exact name is found,
    as before the vocabulary."""
    holders = {
        profession: person(f"Mitglied {n}", profession, "Köln", topics)
        for n, (profession, topics) in enumerate(EXACT.items())
    }
    for profession, user in holders.items():
        assert user.pk in ids(search_members(viewer, profession, limit=50)), profession
        for topic in EXACT[profession]:
            assert user.pk in ids(search_members(viewer, topic, limit=50)), topic


def test_page_and_api_agree(client, viewer):
    for n in range(4):
        person(f"Fotografin {n}", "Fotografin", ["Leipzig", "Bonn"][n % 2], ["Porträtfotografie"])
    person("Wanda Web", "Webentwicklerin", "Leipzig", ["WordPress"])
    client.force_login(viewer)
    html = client.get(reverse("search:search"), {"q": "Bewerbungsfotos Leipzig"}).content
    token = create_token(viewer, "test")[1]
    api = client.get(
        "/api/v1/search",
        {"q": "Bewerbungsfotos Leipzig"},
        headers={"authorization": f"Bearer {token}"},
    ).json()
    page_names = re.findall(r'href="/members/\d+/"[^>]*>([^<]+)<', html.decode())
    api_names = [r["display_name"] for r in api["results"]]
    assert api_names and api_names[0].startswith("Fotografin")
    assert [n for n in page_names if n in api_names] == api_names


def test_a_new_topic_is_linked_to_the_vocabulary(viewer):
    topic = get_or_create_topic("Solaranlagen")
    assert topic.concept is not None and topic.concept.name == "Photovoltaik"
    assert get_or_create_topic("Zwirbelkunst").concept is None
    solar = person("Emil Ohm", "Elektriker", "Kiel", ["Solaranlagen"])
    assert ids(search_members(viewer, "Photovoltaik")) == [solar.pk]


def test_a_concept_deleted_since_the_vocabulary_was_read_is_not_linked():
    from goodword.topics.vocabulary import get_vocabulary

    get_vocabulary()  # this process keeps it for a minute
    Concept.objects.filter(name="Photovoltaik").delete()
    topic = get_or_create_topic("Solaranlagen")
    topic.refresh_from_db()
    assert topic.concept is None


def test_an_operator_linked_topic_is_found_by_the_concepts_words(viewer):
    topic = get_or_create_topic("Zahlenfee")
    topic.concept = Concept.objects.get(name="Buchhaltung")
    topic.save()
    fee = person("Zora Zahl", "Selbstständig", "Köln", ["Zahlenfee"])
    assert ids(search_members(viewer, "bookkeeping")) == [fee.pk]


def test_topic_suggestions_offer_the_vocabulary_while_typing(client):
    response = client.get(reverse("topics:suggest"), {"topics": "Webdesign, Homepag"})
    html = response.content.decode()
    assert 'data-value="Website-Erstellung"' in html
    assert client.get(reverse("topics:suggest"), {"topics": "Zwirbel"}).status_code == 200


def test_vocabulary_import_is_repeatable_and_keeps_operator_words():
    concept = Concept.objects.get(name="Photovoltaik")
    concept.expressions += "\nSonnendach"
    concept.save()
    before = Concept.objects.count()
    import_vocabulary(
        [{"name": "Photovoltaik", "kind": "topic", "expressions": ["Solaranlage", "PV-Dach"]}]
    )
    concept.refresh_from_db()
    assert Concept.objects.count() == before
    assert "Sonnendach" in concept.expressions and "PV-Dach" in concept.expressions


def test_load_vocabulary_command_links_new_topics(tmp_path):
    topic = Topic.objects.create(name="Sonnendach", slug="sonnendach")
    data = tmp_path / "vocabulary.json"
    data.write_text(
        '[{"name": "Photovoltaik", "kind": "topic", "expressions": ["Sonnendach"]}]',
        encoding="utf-8",
    )
    call_command("load_vocabulary", file=data, verbosity=0)
    topic.refresh_from_db()
    assert topic.concept.name == "Photovoltaik"


def test_probes_that_hit_their_cap_are_asked_again_about_the_best_candidates(viewer, monkeypatch):
    from goodword.search.backends import Probe, match_probes

    monkeypatch.setattr(queries, "PROBE_CAP", 2)
    architects = [person(f"Arno Bau{i}", "Architekt", "Kiel") for i in range(5)]
    both = person("Paula Passiv", "Architektin", "Kiel", ["Passivhaus"])
    assert ids(search_members(viewer, "Architekt Passivhaus"))[0] == both.pk
    two = [architects[1].pk, architects[3].pk]
    only = match_probes([Probe("profession", exact=("architekt",))], cap=10, only_ids=two)
    assert sorted(only[0]) == sorted(two)
