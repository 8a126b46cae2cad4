import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.template.loader import render_to_string
from django.test import RequestFactory

from goodword.accounts.tests.factories import UserFactory
from goodword.recommendations.models import Status
from goodword.recommendations.queries import (
    access_recommendation,
    get_given_for_profile,
    get_received_for_profile,
    get_recommendation,
)

from .factories import RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_each(author, subject):
    """One recommendation author → subject per status (pairs differ to respect the constraint)."""
    recs = {}
    for status in Status.values:
        other = UserFactory()
        recs[status] = {
            "received": RecommendationFactory(author=other, subject=subject, status=status),
            "given": RecommendationFactory(author=author, subject=other, status=status),
        }
    return recs


def statuses(qs):
    return sorted(r.status for r in qs)


def test_anonymous_and_strangers_see_only_accepted(subject, author, stranger, one_of_each):
    for viewer in (AnonymousUser(), stranger):
        assert statuses(get_received_for_profile(subject, viewer)) == ["accepted"]
        assert statuses(get_given_for_profile(author, viewer)) == ["accepted"]


def test_the_subject_sees_everything_received_except_withdrawn(subject, one_of_each):
    assert statuses(get_received_for_profile(subject, subject)) == sorted(
        ["accepted", "declined", "hidden", "pending"]
    )


def test_the_author_sees_everything_given_except_withdrawn(author, one_of_each):
    assert statuses(get_given_for_profile(author, author)) == sorted(
        ["accepted", "declined", "hidden", "pending"]
    )


def test_the_other_party_sees_the_shared_non_public_one(author, subject, stranger):
    rec = RecommendationFactory(author=author, subject=subject, status=Status.PENDING)
    assert list(get_given_for_profile(author, subject)) == [rec]
    assert list(get_received_for_profile(subject, author)) == [rec]
    assert list(get_received_for_profile(subject, stranger)) == []


def test_inactive_authors_disappear_from_public_lists(subject):
    gone = UserFactory(is_active=False)
    RecommendationFactory(author=gone, subject=subject, status=Status.ACCEPTED)
    assert list(get_received_for_profile(subject, AnonymousUser())) == []


def test_get_recommendation_follows_the_same_rules(author, subject, stranger):
    pending = RecommendationFactory(author=author, subject=subject)
    assert get_recommendation(author, pending.pk) == pending
    assert get_recommendation(subject, pending.pk) == pending
    for viewer in (stranger, AnonymousUser()):
        with pytest.raises(Http404):
            get_recommendation(viewer, pending.pk)
    with pytest.raises(Http404):
        get_recommendation(author, 999_999)


def test_access_recommendation_checks_the_role(author, subject, stranger):
    rec = RecommendationFactory(author=author, subject=subject, status=Status.ACCEPTED)
    assert access_recommendation(author, rec.pk, role="author") == rec
    assert access_recommendation(subject, rec.pk, role="subject") == rec
    for viewer, role in [
        (subject, "author"),
        (author, "subject"),
        (stranger, "party"),
        (AnonymousUser(), "party"),
    ]:
        with pytest.raises(Http404):
            access_recommendation(viewer, rec.pk, role=role)
    with pytest.raises(Http404):
        access_recommendation(author, "nonsense")


def _render_list(recs, viewer) -> str:
    request = RequestFactory().get("/")
    request.user = viewer
    return "".join(
        render_to_string(
            "recommendations/_recommendation.html",
            {"recommendation": rec, "viewer": viewer},
            request=request,
        )
        for rec in recs
    )


@pytest.mark.parametrize("count", [1, 12])
def test_profile_lists_take_a_constant_number_of_queries(
    subject, author, count, django_assert_max_num_queries
):
    for _ in range(count):
        RecommendationFactory(subject=subject, status=Status.ACCEPTED, topics=["A", "B", "C"])
        RecommendationFactory(author=author, status=Status.ACCEPTED)
    RecommendationFactory(author=author, subject=subject, status=Status.PENDING)
    for viewer in (AnonymousUser(), subject):
        with django_assert_max_num_queries(4):
            html = _render_list(get_received_for_profile(subject, viewer), viewer)
            html += _render_list(get_given_for_profile(author, viewer), viewer)
        assert html.count('class="recommendation') >= 2 * count


def test_the_profile_lists_are_the_querysets_rows_for_every_viewer(author, subject, stranger):
    """`get_profile_lists` runs kept statements: for every kind of viewer, both lists hold
    exactly the rows (order, limit, columns and names) the plain querysets give."""
    from django.utils import timezone

    from goodword.recommendations.queries import CARD_FIELDS, get_profile_lists

    others = []
    for status in Status.values * 2:
        others += [UserFactory(), UserFactory()]
        RecommendationFactory(author=others[-2], subject=subject, status=status)
        RecommendationFactory(author=subject, subject=others[-1], status=status)
    RecommendationFactory(author=author, subject=subject, status=Status.PENDING)
    RecommendationFactory(
        author=stranger,
        subject=subject,
        status=Status.ACCEPTED,
        hidden_by_moderators_at=timezone.now(),
    )
    others[0].is_active = False
    others[0].save()
    columns = [f.replace("__", ".") for f in CARD_FIELDS]

    def seen(recs):
        out = []
        for rec in recs:
            row = []
            for path in columns:
                value = rec
                for part in path.split("."):
                    value = getattr(value, part)
                row.append(value)
            out.append((rec.pk, row, sorted(t.name for t in rec.topics.all())))
        return out

    for viewer in (AnonymousUser(), subject, author, stranger, others[1]):
        for limit in (3, 50):
            received, given = get_profile_lists(subject, viewer, limit)
            assert seen(received) == seen(
                get_received_for_profile(subject, viewer).only(*CARD_FIELDS)[:limit]
            )
            assert seen(given) == seen(
                get_given_for_profile(subject, viewer).only(*CARD_FIELDS)[:limit]
            )
            assert len(received) == min(limit, len(get_received_for_profile(subject, viewer)))
