"""The moderation pages: who may see what, the decision form with bad input, the member's
decision and appeal, the appeal decided by another moderator, and the public log."""

import pytest
from django.test import Client

from goodword.accounts.tests.factories import UserFactory
from goodword.moderation import services
from goodword.moderation.models import Action, Appeal, Ground, ModerationAction

from .factories import SPAM_TEXT, moderator, reported_case

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_queue_and_case_are_for_moderators_only():
    case = reported_case()
    assert Client().get("/moderation/").status_code == 302  # log in first
    member = client_for(case.reporters[0])
    assert member.get("/moderation/").status_code == 403
    response = member.get(f"/moderation/members/{case.member.pk}/")
    assert response.status_code == 403 and b"REPORTNOTE" not in response.content
    assert member.post(f"/moderation/members/{case.member.pk}/", {}).status_code == 403
    mod = client_for(moderator())
    queue = mod.get("/moderation/").content.decode()
    assert "Sven Seller" in queue and "Restricted automatically" in queue
    assert mod.get("/moderation/members/999999/").status_code == 404


def test_the_case_shows_reports_reporters_content_and_history():
    case = reported_case()
    mod = moderator()
    earlier = services.take_action(mod, case.member, Action.WARN, Ground.SPAM, "Erste Warnung.")
    body = client_for(mod).get(f"/moderation/members/{case.member.pk}/").content.decode()
    assert "REPORTNOTE 0" in body and "Reporter 0" in body  # reporters: moderators only
    assert SPAM_TEXT in body and "Wer sind Sie?" not in body  # only the member's own words
    assert "Erste Warnung." in body and earlier.get_action_display() in body


def test_deciding_in_the_form_and_bad_input_in_the_users_language():
    case = reported_case()
    mod = client_for(moderator())
    url = f"/moderation/members/{case.member.pk}/"
    data = {"reports": case.report_ids, "action": "hide", "ground": "made_up", "reason": "x"}
    response = mod.post(url, data)
    assert response.status_code == 400 and b"Select a valid choice" in response.content
    response = mod.post(url, {**data, "ground": "spam", "reason": ""})
    assert response.status_code == 400 and b"This field is required" in response.content
    response = mod.post(url, {**data, "action": "dismiss", "ground": "spam", "reason": "x"})
    assert response.status_code == 400
    assert b"Please choose one of the grounds for this action." in response.content
    german = Client(HTTP_ACCEPT_LANGUAGE="de")
    german.force_login(moderator())
    response = german.post(url, {**data, "action": "dismiss", "ground": "spam", "reason": "x"})
    assert "Bitte wähle einen der Gründe für diese Maßnahme." in response.content.decode()
    assert not ModerationAction.objects.exists()
    response = mod.post(url, {**data, "ground": "spam", "reason": "Werbung."}, follow=True)
    assert b"Decided: Content hidden." in response.content
    assert ModerationAction.objects.get().action == Action.HIDE
    again = mod.post(url, {**data, "ground": "spam", "reason": "Werbung."})
    assert again.status_code == 400 and ModerationAction.objects.count() == 1


def test_member_sees_the_decision_appeals_and_nobody_else_can():
    first, second = moderator(), moderator()
    case = reported_case(reporters=1)
    entry = services.take_action(
        first,
        case.member,
        Action.WARN,
        Ground.SPAM,
        "Werbung an Fremde.",
        report_ids=case.report_ids,
    )
    url = f"/moderation/decisions/{entry.pk}/"
    stranger = client_for(case.reporters[0])
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, {"text": "Ich will auch."}).status_code == 404
    member = client_for(case.member)
    page = member.get(url).content.decode()
    assert "Werbung an Fremde." in page and "Spam or unwanted sales pitch" in page
    assert "Reporter 0" not in page and "REPORTNOTE" not in page
    assert member.post(url, {"text": ""}).status_code == 400
    response = member.post(url, {"text": "Ich habe nur geantwortet."}, follow=True)
    assert b"Your appeal was sent" in response.content
    appeal = Appeal.objects.get()
    assert appeal.assigned_to == second
    assert member.get("/moderation/notices/").status_code == 200

    appeal_url = f"/moderation/appeals/{appeal.pk}/"
    assert client_for(case.member).get(appeal_url).status_code == 403
    deciding = client_for(first)
    assert b"another moderator decides" in deciding.get(appeal_url).content
    refused = deciding.post(
        appeal_url, {"outcome": "lift", "ground": "no_breach", "reason": "Eigene Sache."}
    )
    assert refused.status_code == 403 and Appeal.objects.get().decided_at is None
    other = client_for(second)
    assert b"Ich habe nur geantwortet." in other.get(appeal_url).content
    response = other.post(
        appeal_url, {"outcome": "lift", "ground": "no_breach", "reason": "Nur geantwortet."}
    )
    assert response.status_code == 302
    assert b"Nur geantwortet." in member.get(url).content


def test_public_log_shows_decisions_without_names_and_is_in_the_footer():
    case = reported_case()
    mod = moderator(display_name="Mona Moderatorin")
    services.take_action(
        mod,
        case.member,
        Action.SUSPEND,
        Ground.DECEPTION,
        "Falsche Identität.",
        report_ids=case.report_ids,
    )
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/moderation/log/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Falsche Identität." in body and "Suspended" in body
    for private in ("Sven Seller", "Mona Moderatorin", "Reporter 0", "REPORTNOTE", SPAM_TEXT):
        assert private not in body
    assert 'href="/moderation/log/"' in Client().get("/").content.decode()
    empty = Client(HTTP_ACCEPT_LANGUAGE="en")
    ModerationAction.objects.all().delete()
    assert b"No moderation decisions yet" in empty.get("/moderation/log/").content


def test_public_log_pages_without_n_plus_one(django_assert_max_num_queries):
    member = UserFactory()
    for i in range(60):
        services.record_action(None, Action.WARN, Ground.SPAM, f"Grund {i}", member)
    with django_assert_max_num_queries(8):
        response = Client().get("/moderation/log/?page=2", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"Grund 0" in response.content
    assert b"<html" not in response.content  # the htmx fragment


def test_grounds_page_lists_every_ground():
    body = Client(HTTP_ACCEPT_LANGUAGE="de").get("/moderation/grounds/").content.decode()
    assert "Spam oder unerwünschte Verkaufsmasche" in body
    assert body.count("<dt>") >= 9


def test_the_public_log_links_moderators_to_the_queue():
    assert b'href="/moderation/"' in client_for(moderator()).get("/moderation/log/").content
    assert b'href="/moderation/"' not in client_for(UserFactory()).get("/moderation/log/").content
