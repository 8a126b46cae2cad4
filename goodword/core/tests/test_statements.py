"""Kept statements: compiled once per shape, then the same rows and instances as the queryset."""

import itertools
import threading
from unittest import mock

import pytest
from django.db import connection
from django.db.models import F, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from goodword.accounts.models import Profile
from goodword.accounts.tests.factories import UserFactory
from goodword.core.statements import KeptStatement
from goodword.recommendations.models import Recommendation, Status
from goodword.recommendations.tests.factories import RecommendationFactory


def _recommendations(limit, status, member, other):
    return (
        Recommendation.objects.select_related("author__profile", "subject__profile")
        .filter(subject_id=member, status=status)
        .exclude(author_id=other)
        .annotate(shown=Concat(F("author__profile__display_name"), Value(" → ")))
        .order_by("-created_at", "-id")[:limit]
    )


def _same(kept, plain):
    assert [r.pk for r in kept] == [r.pk for r in plain]
    for a, b in zip(kept, plain, strict=True):
        assert a.__dict__.keys() == b.__dict__.keys()
        for name in ("status", "created_at", "text_html", "shown", "known_since"):
            assert getattr(a, name) == getattr(b, name)
        assert a.author.profile.display_name == b.author.profile.display_name
        assert a.subject.profile.visibility == b.subject.profile.visibility
        assert a._state.db == b._state.db and not a._state.adding


@pytest.mark.django_db
def test_a_kept_statement_gives_what_its_queryset_gives_for_any_ids():
    members = [UserFactory() for _ in range(4)]
    for i, subject in enumerate(members):
        for j, author in enumerate(members):
            if i != j:
                status = Status.ACCEPTED if (i + j) % 3 else Status.PENDING
                RecommendationFactory(author=author, subject=subject, status=status)
    kept = KeptStatement(_recommendations)
    for member in members:
        for other in members:
            for shape in ((5, Status.ACCEPTED), (1, Status.PENDING)):
                got = kept(shape, member=member.pk, other=other.pk)
                _same(got, list(_recommendations(*shape, member=member.pk, other=other.pk)))
    assert kept((5, Status.ACCEPTED), member=10**9, other=members[0].pk) == []

    def outcome(run):
        try:
            return [r.pk for r in run()]
        except Exception as error:  # whichever Django raises, both must raise it
            return type(error)

    # Beyond 64 bits (last: an error may end the transaction): what Django does, on each database.
    huge = {"member": 2**64, "other": members[0].pk}
    assert outcome(lambda: kept((5, Status.ACCEPTED), **huge)) == outcome(
        lambda: _recommendations(5, Status.ACCEPTED, **huge)
    )


@pytest.mark.django_db
def test_values_and_lists_of_ids_give_what_the_queryset_gives():
    members = [UserFactory() for _ in range(5)]
    for author, subject in itertools.pairwise(members):
        RecommendationFactory(author=author, subject=subject, status=Status.ACCEPTED)

    def build(fields, flat, authors, member):
        qs = Recommendation.objects.filter(author_id__in=authors).exclude(subject_id=member)
        qs = qs.annotate(name=F("subject__profile__display_name")).order_by("id")
        return qs.values_list(*fields, flat=flat) if flat is not None else qs.values(*fields)

    kept = KeptStatement(build)
    ids = [m.pk for m in members]
    for fields, flat in (
        (("subject_id", "name", "author_id"), False),
        (("name",), True),
        (("author_id", "name"), None),
        ((), None),
    ):
        for authors in (ids[:1], ids[:3], ids[1:4], [ids[0], ids[0]], ids[::-1], []):
            for member in ids[:3]:
                got = kept((fields, flat), authors=authors, member=member)
                assert got == list(build(fields, flat, authors, member)), (fields, authors)


@pytest.mark.django_db
def test_a_kept_statement_is_compiled_once_per_shape():
    member, other = UserFactory(), UserFactory()
    kept = KeptStatement(_recommendations)
    with mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
    ) as compiled:
        for _ in range(3):
            kept((5, Status.ACCEPTED), member=member.pk, other=other.pk)
            kept((5, Status.ACCEPTED), member=other.pk, other=member.pk)
        assert compiled.call_count == 1
        kept((2, Status.ACCEPTED), member=member.pk, other=other.pk)
        assert compiled.call_count == 2

    by_list = KeptStatement(lambda members: Profile.objects.filter(user_id__in=members))
    with mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
    ) as compiled:
        assert len(by_list(members=[member.pk, other.pk, 10**9])) == 2
        assert len(by_list(members=[other.pk, 10**9, other.pk, member.pk])) == 2
        assert len(by_list(members=[other.pk, 10**9, 10**9 + 1])) == 1
        assert compiled.call_count == 1  # one statement for 3 and 4 ids
        assert len(by_list(members=[other.pk])) == 1
        assert len(by_list(members=[member.pk] * 5)) == 1
        assert compiled.call_count == 3


@pytest.mark.django_db
def test_a_kept_statement_runs_through_djangos_cursor(django_assert_num_queries):
    member = UserFactory()
    kept = KeptStatement(lambda member: Profile.objects.filter(user_id=member))
    with django_assert_num_queries(1):
        [profile] = kept(member=member.pk)
    assert profile.pk == member.pk


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda member: Profile.objects.all(), ValueError),  # the id is not used
        (lambda member: Profile.objects.extra(where=[f"user_id = {member}"]), ValueError),  # noqa: S610
        (lambda member: Profile.objects.filter(user_id=RawSQL(str(member), ())), ValueError),  # noqa: S611
        (lambda member: Profile.objects.filter(user_id=member).values_list(named=True), TypeError),
        (
            lambda member: Profile.objects.filter(user_id=member).prefetch_related("topics"),
            TypeError,
        ),
    ],
)
def test_a_statement_that_cannot_be_kept_is_refused(db, build, error):
    with pytest.raises(error):
        KeptStatement(build)(member=1)


@pytest.mark.django_db(transaction=True)
def test_another_thread_runs_it_on_its_own_connection():
    member = UserFactory()
    kept = KeptStatement(lambda member: Profile.objects.filter(user_id=member))
    kept(member=member.pk)  # compiled on this thread's connection
    found, statements = [], []

    def other_thread():
        try:
            with CaptureQueriesContext(connection) as queries:  # this thread's connection
                found.extend(kept(member=member.pk))
            statements.extend(queries.captured_queries)
        finally:
            connection.close()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert [p.pk for p in found] == [member.pk]
    assert len(statements) == 1


@pytest.mark.django_db
def test_kept_prefetch_gives_what_djangos_prefetch_gives(django_assert_num_queries):
    from django.db.models import prefetch_related_objects

    from goodword.core.statements import prefetch_kept

    names = ["Zimmerei", "Akustik", "Bauphysik", "Möbelbau", "Ökobilanz"]
    recs = [RecommendationFactory(topics=names[i : i + 3]) for i in range(4)]
    recs.append(RecommendationFactory(topics=[]))
    recs.append(RecommendationFactory(topics=names))
    for limit in (1, 3, len(recs)):
        kept = list(Recommendation.objects.filter(pk__in=[r.pk for r in recs[:limit]]))
        plain = list(Recommendation.objects.filter(pk__in=[r.pk for r in recs[:limit]]))
        with django_assert_num_queries(1):
            prefetch_kept(kept, "topics", ("id", "name"))
        prefetch_related_objects(plain, "topics")
        with django_assert_num_queries(0):
            got = {r.pk: [(t.pk, t.name) for t in r.topics.all()] for r in kept}
        assert got == {r.pk: [(t.pk, t.name) for t in r.topics.all()] for r in plain}
    with django_assert_num_queries(0):
        prefetch_kept([], "topics", ("id", "name"))
