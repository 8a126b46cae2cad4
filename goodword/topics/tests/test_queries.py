import pytest


def test_a_new_topic_is_offered_in_the_filters_once_committed(
    db, django_capture_on_commit_callbacks
):
    from goodword.topics.queries import topic_choices
    from goodword.topics.services import get_or_create_topic

    before = topic_choices()  # the shared list is kept now
    with django_capture_on_commit_callbacks(execute=True):
        topic = get_or_create_topic("Orgelbau")
    assert (topic.slug, "Orgelbau") not in before
    assert (topic.slug, "Orgelbau") in topic_choices()


NAMES = ["Steuerberatung", "Öko-Landbau", "Straße", "a_c", "100%", "back\\slash", "IT Sicherheit"]
ASKED = [
    *NAMES,
    "steuerberatung",
    "STEUERBERATUNG",
    "öko-landbau",
    "ÖKO-LANDBAU",
    "strasse",
    "STRASSE",
    "straße",
    "abc",
    "A_C",
    "1000",
    "100%",
    "back\\\\slash",
    "BACK\\SLASH",
    "it sicherheit",
    "IT  Sicherheit",
    "IT_Sicherheit",
    "IT%",
    "%",
    "_",
    "",
    "Unbekannt",
]


@pytest.mark.django_db
def test_a_topic_by_name_is_the_one_the_orm_finds_by_iexact():
    from goodword.topics.models import Topic
    from goodword.topics.queries import topic_id_named

    for i, name in enumerate(NAMES):
        Topic.objects.create(name=name, slug=f"t{i}")
    for name in ASKED:
        expected = Topic.objects.filter(name__iexact=name).first()
        assert topic_id_named(name) == (expected.pk if expected else None), name


@pytest.mark.django_db
def test_a_topic_by_slug_is_the_one_the_orm_finds():
    from goodword.topics.models import Topic
    from goodword.topics.queries import topic_by_slug

    for i, name in enumerate(["Python", "Yoga", "Öko"]):
        Topic.objects.create(name=name, slug=["python", "yoga", "oeko"][i])
    for slug in ["python", "Python", "PYTHON", "yoga", "oeko", "öko", "pyth%", "_", "", "x" * 90]:
        expected = Topic.objects.filter(slug=slug).first()
        found = topic_by_slug(slug)
        assert (found and (found.pk, found.name, found.slug, found.concept_id)) == (
            expected and (expected.pk, expected.name, expected.slug, expected.concept_id)
        ), slug
    assert topic_by_slug("python").created_at == Topic.objects.get(slug="python").created_at


@pytest.mark.django_db
def test_the_network_filter_takes_a_topic_by_slug_and_refuses_others_as_before():
    from django import forms

    from goodword.topics.models import Topic
    from goodword.trust.forms import NetworkFilterForm

    python = Topic.objects.create(name="Python", slug="python")

    class Before(forms.Form):
        topic = forms.ModelChoiceField(queryset=Topic.objects.all(), to_field_name="slug")

    for value in ["python", "Python", "nope", "py\x00thon", python]:
        ours = NetworkFilterForm({"topic": value})
        theirs = Before({"topic": value})
        assert ours.is_valid() == theirs.is_valid(), value
        assert ours.errors.get("topic") == theirs.errors.get("topic"), value
        if theirs.is_valid():
            assert ours.cleaned_data["topic"] == theirs.cleaned_data["topic"] == python
    assert NetworkFilterForm({"topic": ""}).is_valid()


def test_a_topic_saved_or_deleted_anywhere_is_offered_at_once_in_this_process(
    db, django_capture_on_commit_callbacks
):
    from goodword.topics.models import Topic
    from goodword.topics.queries import topic_choices

    assert topic_choices() is topic_choices()  # kept in the process between reads
    with django_capture_on_commit_callbacks(execute=True):
        topic = Topic.objects.create(name="Glockenguss", slug="glockenguss")
    assert ("glockenguss", "Glockenguss") in topic_choices()
    with django_capture_on_commit_callbacks(execute=True):
        Topic.objects.filter(pk=topic.pk).first().delete()
    assert ("glockenguss", "Glockenguss") not in topic_choices()


def test_another_process_offers_a_new_topic_within_the_kept_time(db, monkeypatch):
    from django.core.cache import cache

    from goodword.topics import queries
    from goodword.topics.models import Topic

    before = queries.topic_choices()
    # Another process created it: this one's signal never ran, the shared list was dropped.
    Topic.objects.bulk_create([Topic(name="Orgelbau", slug="orgelbau")])
    cache.delete(queries.TOPIC_CHOICES_KEY)
    assert queries.topic_choices() is before
    kept_at, kept = queries._kept_choices
    monkeypatch.setattr(
        queries, "_kept_choices", (kept_at - queries.CHOICES_KEPT_SECONDS - 1, kept)
    )
    assert ("orgelbau", "Orgelbau") in queries.topic_choices()
