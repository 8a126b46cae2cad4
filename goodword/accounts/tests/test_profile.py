"""Profile page and profile editing over HTTP: facts only, bad input, the wrong user."""

import pytest
from django.urls import reverse

from goodword.accounts.models import Profile
from goodword.topics.models import Topic

from .factories import UserFactory

pytestmark = pytest.mark.django_db

EDIT = "accounts:profile_edit"


def valid_data(**overrides):
    data = {
        "display_name": "Berta Holz",
        "profession": "Tischlerin",
        "city": "Köln",
        "country": "DE",
        "topics": "Möbelbau, Innenausbau",
        "languages": ["de", "en"],
        "website": "https://berta.example",
        "impressum_url": "",
        "looking_for": "Eine Steuerberaterin für mein Handwerk.",
    }
    data.update(overrides)
    return data


def test_profile_page_shows_facts_and_both_voices_with_equal_weight(client):
    member = UserFactory(
        display_name="Berta Holz", city="Köln", profession="Tischlerin", visibility="public"
    )
    html = client.get(reverse("accounts:profile", args=[member.pk])).content.decode()
    assert "Berta Holz" in html
    assert "Tischlerin" in html
    assert "Was andere über Berta Holz sagen" in html
    assert "Was Berta Holz über andere sagt" in html
    # Both sections are drawn the same way.
    assert html.count('<section class="voice"') == 2
    for word in ("Follower", "Score", "Punkte"):
        assert word not in html


def test_profile_page_in_english(client):
    member = UserFactory(display_name="Berta Holz", visibility="public")
    url = reverse("accounts:profile", args=[member.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What others say about Berta Holz" in html
    assert "What Berta Holz says about others" in html


def test_own_profile_speaks_to_me(client):
    me = UserFactory()
    client.force_login(me)
    html = client.get(reverse("accounts:profile", args=[me.pk])).content.decode()
    assert "Was andere über dich sagen" in html
    assert reverse(EDIT) in html


def test_anonymous_visitor_sees_public_facts_but_no_email(client):
    member = UserFactory(email="secret@example.org", display_name="Carla", visibility="public")
    response = client.get(reverse("accounts:profile", args=[member.pk]))
    assert response.status_code == 200
    assert "secret@example.org" not in response.content.decode()


def test_unknown_and_inactive_members_are_404(client):
    gone = UserFactory(is_active=False)
    assert client.get(reverse("accounts:profile", args=[gone.pk])).status_code == 404
    assert client.get(reverse("accounts:profile", args=[999999])).status_code == 404


def test_write_recommendation_button_for_other_members_only(client):
    me, other = UserFactory(), UserFactory()
    client.force_login(me)
    write_url = reverse("recommendations:create")
    html = client.get(reverse("accounts:profile", args=[other.pk])).content.decode()
    assert f"{write_url}?subject={other.pk}" in html
    own = client.get(reverse("accounts:profile", args=[me.pk])).content.decode()
    assert f"{write_url}?subject=" not in own


def test_edit_page_needs_login(client):
    response = client.get(reverse(EDIT))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_edit_saves_facts_and_creates_new_topics(client):
    Topic.objects.create(name="Möbelbau", slug="moebelbau")
    me = UserFactory()
    client.force_login(me)
    response = client.post(reverse(EDIT), valid_data(topics="möbelbau, Innenausbau, "))
    assert response.status_code == 302
    profile = Profile.objects.get(pk=me.pk)
    assert profile.display_name == "Berta Holz"
    assert profile.languages == ["de", "en"]
    assert sorted(t.name for t in profile.topics.all()) == ["Innenausbau", "Möbelbau"]
    assert Topic.objects.filter(slug="innenausbau").exists()
    assert Topic.objects.count() == 2


def test_edit_form_shows_current_topics(client):
    me = UserFactory()
    me.profile.topics.set([Topic.objects.create(name="Steuerrecht", slug="steuerrecht")])
    client.force_login(me)
    html = client.get(reverse(EDIT)).content.decode()
    assert 'value="Steuerrecht, "' in html
    assert 'hx-get="/topics/suggest/"' in html
    assert "<label" in html and "about" not in html.lower()


@pytest.mark.parametrize(
    ("overrides", "german", "english"),
    [
        (
            {"looking_for": "x" * 281},
            "höchstens 280 Zeichen",
            "at most 280 characters",
        ),
        (
            {"website": "not a url"},
            "gültige",
            "valid URL",
        ),
        (
            {"display_name": ""},
            "Dieses Feld ist zwingend erforderlich",
            "This field is required",
        ),
        (
            {"topics": "Gut, " + "y" * 61},
            "zu lang für ein Thema",
            "too long for a topic",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    client, overrides, german, english
):
    me = UserFactory(display_name="Original", city="Bonn")
    client.force_login(me)
    response = client.post(reverse(EDIT), valid_data(**overrides))
    assert response.status_code == 400
    assert german in response.content.decode()
    response = client.post(reverse(EDIT), valid_data(**overrides), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert english in response.content.decode()
    profile = Profile.objects.get(pk=me.pk)
    assert (profile.display_name, profile.city) == ("Original", "Bonn")
    assert not profile.topics.exists()
    assert not Topic.objects.exists()


def test_unknown_language_is_refused(client):
    me = UserFactory()
    client.force_login(me)
    response = client.post(reverse(EDIT), valid_data(languages=["de", "xx"]))
    assert response.status_code == 400
    assert Profile.objects.get(pk=me.pk).languages == []


def test_edit_only_ever_changes_my_own_profile(client):
    me, other = UserFactory(), UserFactory(display_name="Other Person")
    client.force_login(me)
    # There is no way to address another profile: extra ids are ignored.
    client.post(reverse(EDIT), {**valid_data(display_name="Hacked"), "user": other.pk})
    assert Profile.objects.get(pk=other.pk).display_name == "Other Person"
    assert Profile.objects.get(pk=me.pk).display_name == "Hacked"


def test_member_without_profile_gets_one_on_first_visit(client):
    from goodword.accounts.models import User

    admin = User.objects.create_user(email="admin@example.org", password="x-long-password")
    client.force_login(admin)
    assert client.get(reverse("accounts:profile", args=[admin.pk])).status_code == 200
    assert client.get(reverse(EDIT)).status_code == 200


def test_profile_lists_recommendations_and_counts_public_ones(client):
    from goodword.recommendations.models import Status
    from goodword.recommendations.tests.factories import RecommendationFactory

    member = UserFactory(display_name="Erna", visibility="public")
    RecommendationFactory(subject=member, status=Status.ACCEPTED, text="Erna ist großartig.")
    pending = RecommendationFactory(subject=member, status=Status.PENDING, text="Noch geheim hier.")
    RecommendationFactory(author=member, status=Status.ACCEPTED, text="Von Erna geschrieben.")
    url = reverse("accounts:profile", args=[member.pk])

    html = client.get(url).content.decode()
    assert "Erna ist großartig." in html
    assert "Von Erna geschrieben." in html
    assert "Noch geheim hier." not in html  # anonymous: pending stays private
    assert "1 Empfehlung erhalten" in html
    assert "1 Empfehlung geschrieben" in html

    client.force_login(UserFactory())
    assert "Noch geheim hier." not in client.get(url).content.decode()  # another member
    for party in (pending.author, member):
        client.force_login(party)
        assert "Noch geheim hier." in client.get(url).content.decode()


def test_profile_page_query_count_does_not_grow_with_recommendations(
    client, django_assert_max_num_queries
):
    from goodword.recommendations.models import Status
    from goodword.recommendations.tests.factories import RecommendationFactory

    member = UserFactory(visibility="public")
    for _ in range(12):
        RecommendationFactory(subject=member, status=Status.ACCEPTED)
        RecommendationFactory(author=member, status=Status.ACCEPTED)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("accounts:profile", args=[member.pk])).status_code == 200


def test_profile_page_reads_each_card_without_a_query_of_its_own(client):
    """The lists load only the columns a card shows (`CARD_FIELDS`): a card that read another
    field would cost a query per card. Every kind of card (accepted, pending, hidden, hidden by
    the moderators; the viewer's own and others') and every kind of viewer, with one and with
    four of each kind: the number of queries must not change."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from goodword.recommendations.models import Status
    from goodword.recommendations.tests.factories import RecommendationFactory

    def page_queries(per_kind: int) -> dict[str, int]:
        member = UserFactory(visibility="public")
        friend = UserFactory()  # wrote one of the cards: sees its buttons
        RecommendationFactory(subject=member, author=friend, status=Status.PENDING)
        for _ in range(per_kind):
            for status in (Status.ACCEPTED, Status.PENDING, Status.HIDDEN):
                RecommendationFactory(subject=member, status=status)
                RecommendationFactory(author=member, status=status)
            RecommendationFactory(
                subject=member, status=Status.ACCEPTED, hidden_by_moderators_at=timezone.now()
            )
        url = reverse("accounts:profile", args=[member.pk])
        counts = {}
        for name, viewer in (
            ("visitor", None),
            ("member", member),
            ("author", friend),
            ("other", UserFactory()),
        ):
            client.logout()
            if viewer is not None:
                client.force_login(viewer)
            client.get(url)  # a first request may set up the session
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200
            counts[name] = len(queries)
        return counts

    few, more = page_queries(1), page_queries(4)
    assert few == more


def test_the_counts_on_the_profile_are_the_public_ones_for_every_viewer(client, monkeypatch):
    """The page counts from the lists it shows while they are shorter than their limit; the
    counts are the same as the query's whoever looks (own pending ones are listed, not
    counted), and a list at its limit is counted by the query."""
    from goodword.accounts import queries, views
    from goodword.recommendations.models import Relationship
    from goodword.recommendations.services import accept_recommendation, give_recommendation

    berta = UserFactory(display_name="Berta Holz")
    berta.profile.visibility = "public"  # visitors who are not logged in may look too
    berta.profile.save()
    writers = [UserFactory(display_name=f"Autor {n}") for n in range(4)]
    for writer in writers[:3]:
        rec = give_recommendation(
            writer,
            berta,
            "Sehr gute Arbeit, immer wieder gern.",
            ["Möbelbau"],
            Relationship.WORKED_TOGETHER,
            2019,
        )
        accept_recommendation(berta, rec)
    give_recommendation(
        writers[3],
        berta,
        "Noch offen, aber sehr gut gemacht.",
        ["Möbelbau"],
        Relationship.WORKED_TOGETHER,
        2019,
    )  # pending: not public
    given = give_recommendation(
        berta,
        writers[0],
        "Danke für die schöne Zusammenarbeit!",
        ["Möbelbau"],
        Relationship.WORKED_TOGETHER,
        2019,
    )
    accept_recommendation(writers[0], given)
    writers[1].is_active = False  # a deactivated author's words are not counted
    writers[1].save()
    expected = queries.get_recommendation_counts(berta)
    assert expected == {"received": 2, "given": 1}
    url = reverse("accounts:profile", args=[berta.pk])
    for viewer in (None, berta, writers[3], writers[2], UserFactory()):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        assert client.get(url).context["counts"] == expected, viewer
    monkeypatch.setattr(views, "PROFILE_LIST_LIMIT", 1)  # lists cut short: counted by query
    assert client.get(url).context["counts"] == expected
