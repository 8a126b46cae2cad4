import re
from collections import Counter
from datetime import UTC, datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F
from django.urls import reverse

from goodword.accounts.models import Profile
from goodword.demo.data import CITIES, DEMO_EMAIL, DEMO_PASSWORD
from goodword.demo.seed import seed_demo
from goodword.recommendations.models import ACTIVE_STATUSES, Recommendation, Status
from goodword.topics.models import Topic

pytestmark = pytest.mark.django_db

User = get_user_model()
MEMBERS = 40


def seed(members=MEMBERS, seed=7, **options):
    call_command("seed_demo", members=members, seed=seed, no_progress=True, verbosity=0, **options)


def snapshot() -> dict:
    profiles = list(
        Profile.objects.order_by("user__email").values_list(
            "user__email", "display_name", "city", "profession", "looking_for"
        )
    )
    recommendations = list(
        Recommendation.objects.order_by("author__email", "subject__email").values_list(
            "author__email", "subject__email", "text", "text_html", "status", "relationship"
        )
    )
    return {"profiles": profiles, "recommendations": recommendations}


def wipe():
    User.objects.all().delete()
    Topic.objects.all().delete()


def test_same_seed_gives_the_same_network():
    seed()
    first = snapshot()
    wipe()
    seed()
    assert snapshot() == first
    wipe()
    seed(seed=8)
    assert snapshot()["profiles"] != first["profiles"]


def test_the_network_does_not_depend_on_the_day_it_is_seeded():
    def masked() -> dict:
        data = snapshot()
        data["recommendations"] = [
            tuple(re.sub(r"\b\d{4}\b", "YEAR", str(v)) for v in row)
            for row in data["recommendations"]
        ]
        return data

    seed_demo(MEMBERS, 7, progress=False, now=datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    first = masked()
    wipe()
    seed_demo(MEMBERS, 7, progress=False, now=datetime(2026, 9, 17, 18, 5, 41, tzinfo=UTC))
    assert masked() == first


def test_seed_creates_members_with_profiles_and_verified_addresses():
    seed()
    assert User.objects.count() == MEMBERS
    assert Profile.objects.count() == MEMBERS
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == MEMBERS
    cities = {name for name, _country, _weight in CITIES}
    for profile in Profile.objects.prefetch_related("topics"):
        assert profile.display_name
        assert profile.city in cities
        assert profile.profession
        assert profile.topics.exists()
        assert "de" in profile.languages
        assert len(profile.looking_for) <= 280
    # Some profiles are public (visitors see a directory), most stay with the members.
    public = Profile.objects.filter(visibility="public").count()
    assert 0 < public < MEMBERS / 2


def test_seed_creates_accepted_and_pending_recommendations_within_the_rules():
    seed()
    statuses = Counter(Recommendation.objects.values_list("status", flat=True))
    assert statuses[Status.ACCEPTED] > statuses[Status.PENDING] > 0
    assert not Recommendation.objects.filter(author=F("subject")).exists()
    duplicates = (
        Recommendation.objects.filter(status__in=ACTIVE_STATUSES)
        .values("author", "subject")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not duplicates.exists()
    for rec in Recommendation.objects.prefetch_related("topics"):
        topics = list(rec.topics.all())
        assert 1 <= len(topics) <= 5
        assert 20 <= len(rec.text) <= 2000
        assert rec.text_html.startswith("<p>")
        assert topics[0].name in rec.text or any(t.name in rec.text for t in topics)
        assert (rec.accepted_at is not None) == (rec.status == Status.ACCEPTED)
    texts = set(Recommendation.objects.values_list("text", flat=True))
    assert len(texts) > 0.9 * Recommendation.objects.count()


def test_demo_account_is_complete_and_has_something_to_review():
    seed()
    demo = User.objects.get(email=DEMO_EMAIL)
    assert EmailAddress.objects.filter(user=demo, verified=True, primary=True).exists()
    profile = demo.profile
    assert profile.display_name and profile.city and profile.profession and profile.looking_for
    assert profile.topics.count() >= 3
    received = Recommendation.objects.filter(subject=demo)
    given = Recommendation.objects.filter(author=demo)
    assert received.filter(status=Status.ACCEPTED).count() >= 5
    assert received.filter(status=Status.PENDING).exists()
    assert given.filter(status=Status.ACCEPTED).exists()


def test_if_empty_is_idempotent():
    seed(if_empty=True)
    counts = (User.objects.count(), Recommendation.objects.count())
    seed(if_empty=True)
    seed(seed=99, if_empty=True)
    assert (User.objects.count(), Recommendation.objects.count()) == counts


def test_seeding_twice_without_if_empty_is_refused():
    seed(members=5)
    with pytest.raises(CommandError, match="exists already"):
        seed(members=5)
    assert User.objects.count() == 5


def test_a_single_member_network_is_just_the_demo_account():
    seed(members=1)
    assert list(User.objects.values_list("email", flat=True)) == [DEMO_EMAIL]
    assert not Recommendation.objects.exists()


def test_demo_login_prints_the_line_make_run_shows(capsys):
    call_command("demo_login")
    assert capsys.readouterr().out == f"Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}\n"


def test_demo_login_works_through_the_login_page(client):
    seed(members=10)
    response = client.post(
        reverse("account_login"), {"login": DEMO_EMAIL, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    demo = User.objects.get(email=DEMO_EMAIL)
    assert int(client.session["_auth_user_id"]) == demo.pk


def test_seed_refreshes_the_search_index():
    from goodword.search.models import SearchDocument

    seed(members=12)
    assert SearchDocument.objects.count() == 12


def test_seed_links_its_topics_to_the_search_vocabulary():
    from goodword.topics.models import Topic

    seed(members=12)
    linked = Topic.objects.filter(concept__isnull=False)
    assert linked.exists()
    assert all(t.concept.name for t in linked[:5])
