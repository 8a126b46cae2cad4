"""Test data for recommendations. Factories write rows directly; tests of behaviour call the
services.

    rec = RecommendationFactory()                               # pending, two topics
    rec = RecommendationFactory(author=a, subject=b, status=Status.ACCEPTED)
    rec = RecommendationFactory(topics=["Steuerrecht"])
"""

import factory
from django.utils import timezone

from goodword.accounts.tests.factories import UserFactory
from goodword.recommendations.markdown import render_markdown
from goodword.recommendations.models import Recommendation, Relationship, Status
from goodword.topics.services import get_or_create_topic


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    author = factory.SubFactory(UserFactory)
    subject = factory.SubFactory(UserFactory)
    text = factory.Sequence(
        lambda n: f"Hat unser Projekt Nummer {n} mit **großer Sorgfalt** und viel Ruhe begleitet."
    )
    text_html = factory.LazyAttribute(lambda o: render_markdown(o.text))
    relationship = Relationship.WORKED_TOGETHER
    known_since = 2015
    status = Status.PENDING
    accepted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in (Status.ACCEPTED, Status.HIDDEN) else None
    )

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if not create:
            return
        names = extracted if extracted is not None else ["Buchhaltung", "Steuerberatung"]
        self.topics.set([get_or_create_topic(name) for name in names])
