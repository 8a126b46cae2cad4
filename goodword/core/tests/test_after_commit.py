"""A write that committed is never answered with a 500: when the work queued after commit cannot
be enqueued (the database busy or gone for a moment), the failure is logged and the member is
told what is true, that their write was saved."""

import pytest
from django.db import OperationalError
from django.test import Client

from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token
from goodword.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db(transaction=True)  # real commits, so on_commit work runs


class UnreachableQueue:
    """Stands in for a task whose queue cannot be written to right now."""

    def enqueue(self, *args, **kwargs):
        raise OperationalError("database is locked")


def test_a_saved_recommendation_is_201_even_when_its_follow_up_work_cannot_be_queued(
    monkeypatch, caplog
):
    from django_tasks.backends.immediate import ImmediateBackend

    monkeypatch.setattr(ImmediateBackend, "enqueue", UnreachableQueue().enqueue)
    author = UserFactory(display_name="Anna Adler")
    subject = UserFactory(display_name="Bernd Berg", email="bernd@goodword.test")
    _, secret = create_token(author, "after-commit")
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.post(
        "/api/v1/recommendations",
        {
            "subject_id": subject.pk,
            "text": "Bernd hat unsere Heizung schnell und sauber repariert, sehr zu empfehlen.",
            "topics": ["Heizungsbau"],
            "relationship": "was_client",
            "known_since": 2019,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Recommendation.objects.filter(author=author, subject=subject).exists()
    assert "database is locked" in caplog.text
