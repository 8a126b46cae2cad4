"""Reporting a member's profile and hiding its "looking for" text: the member still reads it,
nobody else does (profile, directory, API), until a lift shows it again."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from goodword.accounts.services import export_member_data
from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token
from goodword.messaging.models import Block, Report
from goodword.moderation import services
from goodword.moderation.models import Action, Ground, ModerationAction

from .factories import moderator, old_member

pytestmark = pytest.mark.django_db

WANTED = "Suche KUNDENLISTEN mit privaten Telefonnummern, zahle bar"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def member():
    user = UserFactory(display_name="Paul Profil")
    user.profile.looking_for = WANTED
    user.profile.save()
    return user


def client_for(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def auth(user) -> dict:
    _token, secret = create_token(user, "t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


def url(member) -> str:
    return f"/moderation/report/member/{member.pk}/"


def test_a_member_reports_a_profile(member):
    reporter = old_member()
    profile = client_for(reporter).get(f"/members/{member.pk}/").content.decode()
    assert url(member) in profile
    assert url(member) not in client_for(member).get(f"/members/{member.pk}/").content.decode()
    response = client_for(reporter).post(url(member), {"reason": "privacy", "note": "Daten."})
    assert response.status_code == 302
    made = Report.objects.get()
    assert (made.reported, made.about_profile, made.reason) == (member, True, "privacy")
    assert Block.objects.filter(blocker=reporter, blocked=member).exists()
    body = client_for(moderator()).get(f"/moderation/members/{member.pk}/").content.decode()
    assert "The reported profile" in body and "KUNDENLISTEN" in body


def test_profile_report_bad_input_and_wrong_users(member):
    reporter = old_member()
    assert client_for(reporter).post(url(member), {"reason": "x"}).status_code == 400
    own = client_for(member).post(url(member), {"reason": "spam"})
    assert own.status_code == 400 and "You cannot report yourself." in own.content.decode()
    assert client_for(reporter).get("/moderation/report/member/999999/").status_code == 404
    assert client_for().get(url(member)).status_code == 302  # log in first
    both = {"recommendation_id": 1, "member_id": member.pk, "reason": "spam"}
    response = client_for().post(
        "/api/v1/moderation/reports", both, content_type="application/json", **auth(reporter)
    )
    assert response.status_code == 400
    assert not Report.objects.exists()
    ok = client_for().post(
        "/api/v1/moderation/reports",
        {"member_id": member.pk, "reason": "spam"},
        content_type="application/json",
        **auth(reporter),
    )
    assert ok.status_code == 201 and Report.objects.get().about_profile


def test_hide_hides_the_looking_for_text_from_everybody_but_the_member(member):
    other = UserFactory()
    assert "KUNDENLISTEN" in client_for(other).get("/members/").content.decode()
    report = services.report_profile(old_member(), member, "privacy")
    entry = services.take_action(
        moderator(), member, Action.HIDE, Ground.PRIVACY, "Daten Dritter.", report_ids=[report.pk]
    )
    assert (entry.content_kind, entry.hidden_profile_text) == ("profile_text", True)
    body = client_for(other).get(f"/members/{member.pk}/").content.decode()
    assert "KUNDENLISTEN" not in body and "This text was hidden by the moderators." in body
    assert "KUNDENLISTEN" not in client_for(other).get("/members/").content.decode()
    data = client_for().get(f"/api/v1/members/{member.pk}", **auth(other)).json()
    assert data["looking_for"] == "" and data["looking_for_hidden_by_moderators"] is True
    own = client_for(member).get(f"/members/{member.pk}/").content.decode()
    assert "KUNDENLISTEN" in own and "only you see this text" in own
    assert client_for().get("/api/v1/members/me", **auth(member)).json()["looking_for"] == WANTED
    assert export_member_data(member)["profile"]["looking_for"] == WANTED
    services.lift_action(moderator(), entry, Ground.NOT_ENOUGH, "Unklar.")
    assert "KUNDENLISTEN" in client_for(other).get(f"/members/{member.pk}/").content.decode()


def test_hiding_an_empty_profile_text_is_refused(member):
    member.profile.looking_for = ""
    member.profile.save()
    report = services.report_profile(old_member(), member, "abuse")
    with pytest.raises(ValidationError, match="nothing to hide"):
        services.take_action(
            moderator(), member, Action.HIDE, Ground.RULES, "Name.", report_ids=[report.pk]
        )
    assert not ModerationAction.objects.exists()
