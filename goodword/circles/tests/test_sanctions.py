"""A member a site moderator restricted or suspended starts nothing new in circles and meetings:
founding, asking to join, posting, proposing a one-to-one, scheduling. The page says why (403),
the API answers 403 with the reason, nothing is written."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token
from goodword.circles import services
from goodword.circles.models import Circle, EmailInvitation, JoinRequest, Post
from goodword.invitations.models import Invitation
from goodword.meetings.models import Meeting, OneToOne
from goodword.meetings.tests.factories import circle_with, tomorrow_at
from goodword.meetings.tests.test_meetings import form_data as meeting_data
from goodword.meetings.tests.test_one_to_ones import post_data as one_to_one_data
from goodword.moderation.models import Action, Ground, ModerationAction
from goodword.moderation.services import grant_moderator, take_action

from .factories import VALUES, established, found

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
RESTRICTED = "has restricted your account"
CIRCLE_FORM = {
    "name": "Frauen in Führung Köln",
    "purpose": "Wir coachen uns gegenseitig auf dem Weg in die erste Führungsrolle.",
    "values": "Vertraulichkeit\nWir helfen, bevor wir fragen",
    "city": "Köln",
    "access": "open",
    "topics": "",
}


def sanction(member, action=Action.RESTRICT):
    moderator = UserFactory()
    grant_moderator(moderator)
    take_action(moderator, member, action, Ground.SPAM, "Werbung in mehreren Kreisen.")
    member.refresh_from_db()
    return member


def api(client, user):
    _token, secret = create_token(user, "t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", **EN}


def test_a_restricted_member_cannot_found_a_circle(client):
    member = sanction(established(UserFactory()))
    client.force_login(member)
    page = client.get(reverse("circles:new"), **EN)
    assert RESTRICTED in page.content.decode()
    response = client.post(reverse("circles:new"), CIRCLE_FORM, **EN)
    assert response.status_code == 403
    assert RESTRICTED in response.content.decode()
    body = {"name": "Kreis", "purpose": CIRCLE_FORM["purpose"], "values": VALUES, "city": "Köln"}
    response = client.post(
        "/api/v1/circles", body, content_type="application/json", **api(client, member)
    )
    assert response.status_code == 403
    assert RESTRICTED in response.json()["detail"]
    assert not Circle.objects.exists()


def test_a_suspended_member_cannot_found_a_circle():
    member = sanction(established(UserFactory()), Action.SUSPEND)
    with pytest.raises(PermissionDenied):
        found(member)
    assert not Circle.objects.exists()


def test_a_restricted_member_cannot_ask_to_join(client):
    circle = found(UserFactory())
    applicant = sanction(UserFactory())
    client.force_login(applicant)
    response = client.post(reverse("circles:join", args=[circle.pk]), {"agree": "on"}, **EN)
    assert response.status_code == 403
    assert RESTRICTED in response.content.decode()
    response = client.post(
        f"/api/v1/circles/{circle.pk}/join",
        {"agree": True},
        content_type="application/json",
        **api(client, applicant),
    )
    assert response.status_code == 403
    assert not JoinRequest.objects.exists()


def test_a_restricted_member_cannot_post_on_the_board(client):
    circle, _founder, (member,) = circle_with(1)
    sanction(member)
    client.force_login(member)
    url = reverse("circles:post", args=[circle.pk])
    response = client.post(url, {"intent": "question", "text": "Wer kennt gute Steuerberater?"})
    assert response.status_code == 403
    assert RESTRICTED in response.content.decode() or "eingeschränkt" in response.content.decode()
    response = client.post(
        f"/api/v1/circles/{circle.pk}/posts",
        {"intent": "question", "text": "Wer kennt gute Steuerberater?"},
        content_type="application/json",
        **api(client, member),
    )
    assert response.status_code == 403
    assert not Post.objects.exists()
    # Reading stays open: a restricted member may read everything.
    assert client.get(reverse("circles:detail", args=[circle.pk])).status_code == 200


def test_a_restricted_member_cannot_propose_a_one_to_one(client):
    _circle, founder, (member,) = circle_with(1)
    sanction(member)
    client.force_login(member)
    url = reverse("meetings:one_to_one_new", args=[founder.pk])
    page = client.get(url, **EN)
    assert page.status_code == 403 and RESTRICTED in page.content.decode()
    response = client.post(url, one_to_one_data(), **EN)
    assert response.status_code == 403
    assert not OneToOne.objects.exists()


def test_a_restricted_organiser_cannot_schedule_through_the_page(client):
    circle, founder, _members = circle_with(1)
    sanction(founder)
    client.force_login(founder)
    response = client.post(reverse("meetings:new", args=[circle.pk]), meeting_data(), **EN)
    assert response.status_code == 403
    assert RESTRICTED in response.content.decode()
    assert not Meeting.objects.exists()


def test_once_the_restriction_ends_the_member_may_found_again():
    member = sanction(established(UserFactory()))
    assert services.standing_refusal(member)
    ModerationAction.objects.filter(member=member).update(ends_at=timezone.now())
    assert services.standing_refusal(member) is None
    assert found(member).founder == member


def test_a_restricted_moderator_cannot_invite(client):
    circle, founder, _members = circle_with(1)
    founder.date_joined = timezone.now() - timezone.timedelta(days=200)  # may invite otherwise
    founder.save(update_fields=["date_joined"])
    sanction(founder)
    outsider = UserFactory(email="olga@example.org")
    client.force_login(founder)
    url = reverse("circles:invite_email", args=[circle.pk])
    for email in ("olga@example.org", "neu@example.org"):
        response = client.post(url, {"email": email, "note": "Wir kennen uns vom Markt."}, **EN)
        assert response.status_code == 403
        assert RESTRICTED in response.content.decode()
    assert not outsider.circle_invitations.exists()
    assert not EmailInvitation.objects.exists() and not Invitation.objects.exists()


def test_the_api_refuses_a_restricted_member_meetings_and_one_to_ones(client):
    circle, founder, (member,) = circle_with(1)
    sanction(member)
    sanction(founder)
    start = tomorrow_at(18)
    response = client.post(
        f"/api/v1/meetings/circles/{circle.pk}",
        {
            "title": "Wachstumsrunde",
            "starts_at": start.isoformat(),
            "ends_at": (start + timezone.timedelta(hours=2)).isoformat(),
            "place": "Köln",
        },
        content_type="application/json",
        **api(client, founder),
    )
    assert response.status_code == 403 and RESTRICTED in response.json()["detail"]
    response = client.post(
        "/api/v1/one-to-ones",
        {
            "invitee_id": founder.pk,
            "note": "Lass uns über Akquise sprechen.",
            "times": [tomorrow_at(9).isoformat()],
        },
        content_type="application/json",
        **api(client, member),
    )
    assert response.status_code == 403 and RESTRICTED in response.json()["detail"]
    assert not Meeting.objects.exists() and not OneToOne.objects.exists()
