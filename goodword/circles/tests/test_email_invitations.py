"""Inviting into a circle by e-mail: a member's address becomes their circle invitation;
anyone else gets an invitation to Goodword from the moderator (the invitations app's quota,
expiry and trust edge) that names the circle, and finds the circle invitation waiting once
they sign up with it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from goodword.accounts.services import export_member_data
from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from goodword.api.services import create_token
from goodword.circles import services
from goodword.circles.models import CircleInvitation, EmailInvitation, InvitationStatus
from goodword.invitations import queries as invitation_queries
from goodword.invitations.models import Invitation
from goodword.messaging.services import block_member
from goodword.notifications.models import Kind, Notification

from .factories import found, join

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NOTE = "Wir haben zusammen den Marktstand organisiert."


@pytest.fixture
def anna():
    anna = UserFactory(display_name="Anna Adler")
    anna.date_joined = timezone.now() - timedelta(days=200)  # may invite (docs/invitations.md)
    anna.save(update_fields=["date_joined"])
    return anna


@pytest.fixture
def circle(anna):
    circle = found(anna)
    anna.date_joined = timezone.now() - timedelta(days=200)
    anna.save(update_fields=["date_joined"])
    return circle


def test_a_newcomer_invited_by_email_finds_the_circle_invitation_after_sign_up(
    client, anna, circle, django_capture_on_commit_callbacks
):
    client.force_login(anna)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("circles:invite_email", args=[circle.pk]),
            {"email": "bernd@example.org", "note": NOTE},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="bernd@example.org")
    assert invitation.inviter == anna
    assert EmailInvitation.objects.get().invitation == invitation
    (message,) = mail.outbox
    assert "Coaching-Kreis Köln" in message.body
    assert NOTE in message.body

    client.logout()
    token = invitation_queries.invitation_token(invitation)
    client.get(reverse("invitations:join", args=[token]), **EN)
    client.post(
        reverse("account_signup"),
        {
            "email": "bernd@example.org",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
        **EN,
    )
    invitation.refresh_from_db()
    bernd = invitation.invitee
    assert bernd is not None
    waiting = CircleInvitation.objects.get(circle=circle, invitee=bernd)
    assert waiting.status == InvitationStatus.PENDING and waiting.invited_by == anna
    assert waiting.note == NOTE
    assert Notification.objects.filter(recipient=bernd, kind=Kind.CIRCLE_INVITED).exists()
    assert not EmailInvitation.objects.exists()
    # Bernd accepts by agreeing to the values, like every member.
    page = client.get(reverse("circles:detail", args=[circle.pk]), **EN)
    assert page.status_code == 200


def test_a_members_address_becomes_their_circle_invitation(client, anna, circle):
    maria = UserFactory(email="maria@example.org", display_name="Maria Mittler")
    client.force_login(anna)
    response = client.post(
        reverse("circles:invite_email", args=[circle.pk]),
        {"email": "Maria@Example.org", "note": NOTE},
        **EN,
    )
    assert response.status_code == 302
    assert CircleInvitation.objects.filter(circle=circle, invitee=maria).exists()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("email", "note", "message"),
    [
        ("not-an-address", NOTE, "valid e-mail address"),
        ("bernd@example.org", "", "how you know each other"),
        ("bernd@example.org", "x" * 400, "At most"),
    ],
)
def test_bad_input_is_400_and_writes_nothing(client, anna, circle, email, note, message):
    client.force_login(anna)
    response = client.post(
        reverse("circles:invite_email", args=[circle.pk]), {"email": email, "note": note}, **EN
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Invitation.objects.exists() and not EmailInvitation.objects.exists()


def test_no_quota_left_is_a_clear_400(client, anna, circle):
    anna.date_joined = timezone.now() - timedelta(days=1)  # a new account has no invitations
    anna.save(update_fields=["date_joined"])
    client.force_login(anna)
    response = client.post(
        reverse("circles:invite_email", args=[circle.pk]),
        {"email": "bernd@example.org", "note": NOTE},
        **EN,
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists() and not EmailInvitation.objects.exists()


def test_only_moderators_invite_and_blocks_hold(client, anna, circle):
    maria = UserFactory(email="maria@example.org")
    join(circle, maria)
    client.force_login(maria)
    url = reverse("circles:invite_email", args=[circle.pk])
    assert client.post(url, {"email": "x@example.org", "note": NOTE}).status_code == 403
    sven = UserFactory(email="sven@example.org")
    block_member(sven, anna)
    client.force_login(anna)
    assert client.post(url, {"email": "sven@example.org", "note": NOTE}, **EN).status_code == 403
    assert not CircleInvitation.objects.filter(invitee=sven).exists()


def test_the_api_invites_by_email_and_the_export_lists_it(client, anna, circle):
    _token, secret = create_token(anna, "t")
    response = client.post(
        f"/api/v1/circles/{circle.pk}/invitations/email",
        {"email": "bernd@example.org", "note": NOTE},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["member_invited"] is False and body["signup_invitation_id"]
    exported = export_member_data(anna)
    assert exported["circle_invitations_sent_by_email"][0]["circle"]["id"] == circle.pk
    with pytest.raises(ValidationError, match="wartet noch auf Antwort"):  # one waiting per address
        services.invite_by_email(circle, anna, "bernd@example.org", note=NOTE)
