"""The invitations API beyond sending: the invitee asks for a recommendation, and sign-up
requests are listed, approved and declined by members who may, with the wrong member and
decided requests refused."""

import pytest
from django.core import mail
from django.test import Client

from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token
from goodword.invitations import queries, services
from goodword.invitations.models import JoinRequestStatus
from goodword.invitations.tests.factories import established, joined, recommended
from goodword.moderation.tests.factories import moderator

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    _token, secret = create_token(user, "t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")


def test_the_invitee_asks_for_a_recommendation_once(django_capture_on_commit_callbacks):
    anna = established(display_name="Anna Adler")
    bernd = joined(anna, display_name="Bernd Berger")
    invitation = queries.get_received_invitation(bernd)
    url = f"/api/v1/invitations/{invitation.pk}/ask"
    assert api(anna).post(url).status_code == 404  # not the invited member
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api(bernd).post(url)
    assert response.status_code == 200 and response.json()["recommendation_asked_at"]
    assert [m.to for m in mail.outbox] == [[anna.email]]
    again = api(bernd).post(url)
    assert again.status_code == 400 and "already asked" in again.json()["detail"]
    assert len(mail.outbox) == 1


def test_sign_up_requests_through_the_api(settings, django_capture_on_commit_callbacks):
    settings.SIGNUP_MODE = "request"
    first = services.request_to_join(
        email="jo@example.org", name="Jo Neu", note="I build furniture in Köln."
    )
    second = services.request_to_join(
        email="max@example.org", name="Max Neu", note="I repair bicycles in Bonn."
    )
    assert api(UserFactory()).get("/api/v1/invitations/requests").status_code == 404
    approver = recommended()
    listed = api(approver).get("/api/v1/invitations/requests").json()
    assert [r["name"] for r in listed] == ["Jo Neu", "Max Neu"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approved = api(approver).post(f"/api/v1/invitations/requests/{first.pk}/approve")
    assert approved.status_code == 201 and approved.json()["link"] is None
    assert [m.to for m in mail.outbox] == [["jo@example.org"]]
    twice = api(approver).post(f"/api/v1/invitations/requests/{first.pk}/approve")
    assert twice.status_code == 404  # decided: no longer waiting
    declined = api(moderator()).post(f"/api/v1/invitations/requests/{second.pk}/decline")
    assert declined.status_code == 200
    second.refresh_from_db()
    assert second.status == JoinRequestStatus.DECLINED
    settings.SIGNUP_MODE = "open"
    assert api(approver).get("/api/v1/invitations/requests").status_code == 404
