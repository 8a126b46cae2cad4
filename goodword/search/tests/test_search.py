import pytest
from django.core.management import call_command
from django.urls import reverse

from goodword.accounts.tests.factories import UserFactory
from goodword.recommendations.services import hide_recommendation
from goodword.search import queries
from goodword.search.models import SearchDocument
from goodword.search.queries import search_members
from goodword.search.services import refresh_search_document
from goodword.topics.services import get_or_create_topic
from goodword.trust.adapter import get_network

from .helpers import member, recommend

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/search"


def ids(results):
    return [r.member_id for r in results]


@pytest.fixture
def viewer():
    return member(display_name="Vera Viewer")


@pytest.fixture
def no_trust(monkeypatch):
    """Text relevance only: search without the trust adapter."""
    monkeypatch.setattr(queries, "_trust", lambda: None)


@pytest.fixture
def tax_advisor():
    user = member(display_name="Tanja Thal", profession="Steuerberaterin", city="Köln")
    recommend(user, "Tanja hat unsere Steuerberatung mit viel Geduld neu aufgestellt.")
    return user


def test_german_word_forms_find_the_member(viewer, tax_advisor, no_trust):
    for q in ("Steuerberaterin", "Steuerberater", "Steuerberatung", "steuer", "Berater"):
        assert ids(search_members(viewer, q)) == [tax_advisor.pk], q
    assert search_members(viewer, "Erbe") == []


def test_feminine_form_finds_the_masculine_one(viewer, no_trust):
    """PostgreSQL's German stemmer keeps "-in" ("steuerberaterin"): the query must still find a
    member who is only called "Steuerberater"."""
    only_masculine = member(display_name="Udo Lindner", profession="Steuerberater", city="Bonn")
    assert ids(search_members(viewer, "Steuerberaterin")) == [only_masculine.pk]


def test_more_of_the_request_ranks_first_and_filters_narrow(viewer, tax_advisor, no_trust):
    other = member(display_name="Otto Ohm", profession="Steuerberater", city="Berlin")
    assert set(ids(search_members(viewer, "Steuerberater"))) == {tax_advisor.pk, other.pk}
    # Every word is optional: the tax advisor in Köln answers all of it, the other one part.
    assert ids(search_members(viewer, "Steuerberater Köln")) == [tax_advisor.pk, other.pk]
    assert ids(search_members(viewer, "Steuerberater Köln Zahnarztpraxis")) == [
        tax_advisor.pk,
        other.pk,
    ]
    assert ids(search_members(viewer, "Steuerberater", city="berlin")) == [other.pk]
    assert ids(search_members(viewer, "Steuerberater", city=" KÖLN ")) == [tax_advisor.pk]


def test_topic_filter_uses_profile_and_recommendation_topics(viewer, no_trust):
    topic = get_or_create_topic("Holzbau")
    by_profile = member(display_name="Paula Holz", profession="Tischlerin", topics=[topic])
    by_rec = member(display_name="Rudi Span", profession="Tischler")
    recommend(
        by_rec, "Rudi hat unsere Treppe aus Eiche gebaut, sauber und pünktlich.", topics=["Holzbau"]
    )
    member(display_name="Nina Nagel", profession="Tischlerin")
    found = search_members(viewer, "Tischler", topic=topic)
    assert set(ids(found)) == {by_profile.pk, by_rec.pk}


def test_english_query_finds_english_recommendation(viewer, no_trust):
    photographer = member(display_name="Paul Licht")
    recommend(
        photographer,
        "Paul photographed our wedding: a brilliant, calm photographer.",
        topics=["Photography"],
    )
    assert ids(search_members(viewer, "photographers")) == [photographer.pk]
    assert ids(search_members(viewer, "wedding photos")) == [photographer.pk]


def test_name_is_found_by_prefix(viewer, tax_advisor, no_trust):
    assert ids(search_members(viewer, "Tanj")) == [tax_advisor.pk]


def test_pending_hidden_declined_texts_are_never_searchable(viewer, no_trust):
    subject = member(display_name="Hanna Hell")
    recommend(
        subject, "Hanna kennt sich hervorragend mit Zauberflöten aus, wirklich.", accept=False
    )
    hidden = recommend(subject, "Hanna erklärt Quantenphysik so, dass jeder sie versteht.")
    assert ids(search_members(viewer, "Quantenphysik")) == [subject.pk]
    hide_recommendation(subject, hidden)
    refresh_search_document(subject.pk)
    assert search_members(viewer, "Zauberflöten") == []
    assert search_members(viewer, "Quantenphysik") == []
    assert "quanten" not in SearchDocument.objects.get(pk=subject.pk).body_terms


def test_unlisted_and_inactive_members_are_not_indexed(viewer, no_trust):
    user = member(display_name="Ina Aktiv", profession="Imkerin")
    assert ids(search_members(viewer, "Imkerin")) == [user.pk]
    user.is_active = False
    user.save()
    refresh_search_document(user.pk)
    assert search_members(viewer, "Imkerin") == []
    assert not SearchDocument.objects.filter(pk=user.pk).exists()


def test_viewer_is_not_in_their_own_results(tax_advisor, no_trust):
    assert search_members(tax_advisor, "Steuerberaterin") == []


def test_rebuild_command_indexes_everyone(viewer, no_trust):
    subject = UserFactory(display_name="Bruno Bau", profession="Bauingenieur")
    recommend(subject, "Bruno hat die Statik unseres Anbaus geprüft und gerettet.", index=False)
    assert search_members(viewer, "Statik") == []
    call_command("rebuild_search_index", verbosity=0)
    assert ids(search_members(viewer, "Statik")) == [subject.pk]
    assert ids(search_members(viewer, "Bauingenieur")) == [subject.pk]


class FakeTrust:
    """Stands in for goodword.trust.queries: `trusted` maps member id → (score, path names);
    `topical` maps member id → trust for any topic."""

    def __init__(self, trusted, topical=None):
        self.trusted = trusted
        self.topical = topical or {}

    def get_ranked_members(self, viewer, *, topic=None, limit=100):
        ranked = sorted(((uid, s) for uid, (s, _p) in self.trusted.items()), key=lambda x: -x[1])
        return [(uid, s) for uid, s in ranked if s > 0][:limit]

    def get_trust_scores(self, viewer, member_ids, *, topic=None):
        if topic is not None:
            return {uid: self.topical.get(uid, 0.0) for uid in member_ids}
        return {uid: self.trusted.get(uid, (0.0, None))[0] for uid in member_ids}

    def get_connection_paths(self, viewer, member_id, max_paths=3):
        return [self.trusted[member_id][1]]

    def describe_closeness(self, viewer, member_id):
        return "nah"


def test_connected_members_come_first_with_their_path(client, viewer, monkeypatch):
    strong = member(display_name="Stefan Stark", profession="Tischler")
    recommend(strong, "Stefan ist ein Tischler, Tischler, Tischler aus Leidenschaft.")
    weak = member(display_name="Wanda Weit", profession="Tischlerin")
    fake = FakeTrust({weak.pk: (0.2, ["Anna", "Bernd"])})
    monkeypatch.setattr(queries, "_trust", lambda: fake)

    results = search_members(viewer, "Tischler")
    assert ids(results) == [weak.pk, strong.pk]
    assert results[0].connected and results[0].path == "über Anna → Bernd"
    assert not results[1].connected and results[1].path == ""

    client.force_login(viewer)
    html = client.get(reverse("search:search"), {"q": "Tischler"}).content.decode()
    assert "über Anna → Bernd" in html
    assert "keine Verbindung" in html
    assert html.index("Wanda Weit") < html.index("Stefan Stark")
    assert "0.2" not in html


def test_real_trust_adapter_puts_connected_members_first(viewer):
    friend = member(display_name="Frida Freund", profession="Fotografin")
    stranger = member(display_name="Sara Fremd", profession="Fotografin")
    recommend(
        stranger,
        "Sara ist die beste Fotografin, Fotografin mit Herz, Fotografin!",
        topics=["Fotografie"],
    )
    recommend(
        friend,
        "Frida hat unsere Hochzeit fotografiert, ganz wunderbar.",
        author=viewer,
        topics=["Fotografie"],
    )
    get_network().reset()  # the engine reads the database afresh on the next query
    results = search_members(viewer, "Fotografin")
    assert ids(results) == [friend.pk, stranger.pk]
    assert results[0].connected and (results[0].path or results[0].closeness)
    assert not results[1].connected and results[1].path == ""


def test_topic_trust_orders_the_connected_and_distrusted_come_last(viewer, monkeypatch):
    topic = get_or_create_topic("Trockenbau")
    general = member(display_name="Gero Gut", profession="Trockenbauer", topics=[topic])
    expert = member(display_name="Erik Experte", profession="Trockenbauer", topics=[topic])
    stranger = member(display_name="Fritz Fremd", profession="Trockenbauer", topics=[topic])
    distrusted = member(display_name="Dora Distanz", profession="Trockenbauer", topics=[topic])
    fake = FakeTrust(
        {general.pk: (0.5, ["Anna"]), expert.pk: (0.4, ["Bernd"]), distrusted.pk: (-0.3, [])},
        topical={expert.pk: 0.9},
    )
    monkeypatch.setattr(queries, "_trust", lambda: fake)

    plain = ids(search_members(viewer, "Trockenbauer"))
    assert plain == [general.pk, expert.pk, stranger.pk, distrusted.pk]
    by_topic = search_members(viewer, "Trockenbauer", topic=topic)
    assert ids(by_topic) == [expert.pk, general.pk, stranger.pk, distrusted.pk]
    assert ids(search_members(viewer, "trockenbau"))[0] == expert.pk  # the query names it
    assert [r.connected for r in by_topic] == [True, True, False, False]


def test_query_count_with_the_trust_adapter_does_not_grow(viewer, django_assert_max_num_queries):
    hub = member(display_name="Hanne Hub")
    glaziers = [
        member(
            display_name=f"Glaserin {i}", profession="Glaserin", city="Jena" if i % 3 else "Gera"
        )
        for i in range(6)
    ]
    recommend(hub, "Hanne kennt in der Stadt wirklich jede Handwerkerin.", author=viewer)
    for i, glazier in enumerate(glaziers):
        author = viewer if i < 2 else hub
        recommend(
            glazier,
            f"Sie hat unsere Fenster ersetzt, sauber und schnell, Nummer {i}.",
            author=author,
            topics=["Glas"],
        )
    get_network().reset()
    search_members(viewer, "Glaserin")  # builds the graph
    with django_assert_max_num_queries(30) as few:
        small = search_members(viewer, "Glaserin", city="Gera")
    with django_assert_max_num_queries(len(few.captured_queries)):
        everyone = search_members(viewer, "Glaserin")
    assert len(small) == 2 and len(everyone) == 6
    assert all(r.connected and (r.path or r.closeness) for r in everyone)


@pytest.mark.parametrize(
    "q", ['NEAR("x" AND * OR -- ; DROP', "_ __ ___", "'\"", "a:b & c | !d", "ümlaut*", "42"]
)
def test_query_syntax_of_the_backends_never_leaks_through(viewer, tax_advisor, no_trust, q):
    assert isinstance(search_members(viewer, q), list)
