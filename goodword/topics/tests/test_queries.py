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
