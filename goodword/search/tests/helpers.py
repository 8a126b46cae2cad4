"""Small helpers for the search tests: members with accepted recommendations, indexed."""

import itertools

from goodword.accounts.tests.factories import UserFactory
from goodword.recommendations.models import Relationship
from goodword.recommendations.services import accept_recommendation, give_recommendation
from goodword.search.services import refresh_search_document

_n = itertools.count()


def recommend(subject, text, *, topics=("Steuerrecht",), author=None, accept=True, index=True):
    """A recommendation for `subject` by a new (or the given) author, accepted unless told."""
    author = author or UserFactory(display_name=f"Autorin {next(_n)}")
    rec = give_recommendation(
        author, subject, text, list(topics), Relationship.WORKED_TOGETHER, 2019
    )
    if accept:
        rec = accept_recommendation(subject, rec)
    if index:
        refresh_search_document(subject.pk)
    return rec


def member(**facts):
    """A listed member whose search document is current."""
    user = UserFactory(**facts)
    refresh_search_document(user.pk)
    return user
