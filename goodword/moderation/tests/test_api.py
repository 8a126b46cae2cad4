"""The moderation API: the public log, the moderators' queue and actions (403 for others),
a member's decisions and appeal (404 for anybody else's), deciding an appeal."""

import pytest
from django.test import Client

from goodword.api.services import create_token
from goodword.moderation.models import Action, Appeal, ModerationAction
from goodword.moderation.services import take_action

from .factories import moderator, reported_case

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    _token, secret = create_token(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")


def test_moderator_handles_a_report_through_the_api_and_the_log_shows_it():
    first, second = moderator(), moderator()
    case = reported_case()
    queue = api(first).get("/api/v1/moderation/reports").json()
    assert [c["member_id"] for c in queue] == [case.member.pk]
    assert queue[0]["restricting"] is True and len(queue[0]["reports"]) == 3
    response = api(first).post(
        f"/api/v1/moderation/members/{case.member.pk}/actions",
        {"action": "warn", "ground": "spam", "reason": "Werbung.", "report_ids": case.report_ids},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    entry_id = response.json()["id"]
    assert api(first).get("/api/v1/moderation/reports").json() == []

    member = api(case.member)
    [decision] = member.get("/api/v1/moderation/decisions").json()
    assert decision["id"] == entry_id and decision["may_appeal"] is True
    appeal = member.post(
        f"/api/v1/moderation/decisions/{entry_id}/appeal",
        {"text": "Bitte prüfen."},
        content_type="application/json",
    )
    assert appeal.status_code == 201
    appeal_id = appeal.json()["id"]
    body = {"outcome": "confirm", "ground": "spam", "reason": "Bleibt."}
    own = api(first).post(
        f"/api/v1/moderation/appeals/{appeal_id}/decision", body, content_type="application/json"
    )
    assert own.status_code == 403
    decided = api(second).post(
        f"/api/v1/moderation/appeals/{appeal_id}/decision", body, content_type="application/json"
    )
    assert decided.status_code == 200 and decided.json()["outcome"] == "confirm"

    log = api(case.reporters[0]).get("/api/v1/moderation/log").json()
    assert [(e["action"], e["on_appeal_of"]) for e in log] == [
        ("confirm", entry_id),
        ("warn", None),
    ]
    assert "Reporter" not in str(log) and "Sven" not in str(log)


def test_non_moderators_get_403_and_nothing_is_written():
    case = reported_case()
    member = api(case.reporters[0])
    assert member.get("/api/v1/moderation/reports").status_code == 403
    response = member.post(
        f"/api/v1/moderation/members/{case.member.pk}/actions",
        {"action": "suspend", "ground": "spam", "reason": "Weg.", "report_ids": case.report_ids},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Only moderators may do this."
    assert not ModerationAction.objects.exists()
    case.member.refresh_from_db()
    assert case.member.is_active
    assert Client().get("/api/v1/moderation/log").status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "warn", "ground": "unknown", "reason": "Grund."}, "ground"),
        ({"action": "warn", "ground": "spam", "reason": ""}, "reason"),
        ({"action": "erase", "ground": "spam", "reason": "Grund."}, "action"),
    ],
)
def test_bad_input_is_400_with_the_field(body, field):
    case = reported_case(reporters=1)
    response = api(moderator()).post(
        f"/api/v1/moderation/members/{case.member.pk}/actions",
        {**body, "report_ids": case.report_ids},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not ModerationAction.objects.exists()


def test_acting_twice_is_400():
    case = reported_case(reporters=1)
    mod = api(moderator())
    url = f"/api/v1/moderation/members/{case.member.pk}/actions"
    body = {
        "action": "dismiss",
        "ground": "no_breach",
        "reason": "Ok.",
        "report_ids": case.report_ids,
    }
    assert mod.post(url, body, content_type="application/json").status_code == 201
    again = mod.post(url, body, content_type="application/json")
    assert again.status_code == 400 and "already been decided" in again.json()["detail"]


def test_appeal_by_someone_else_is_404():
    case = reported_case(reporters=1)
    entry = take_action(moderator(), case.member, Action.WARN, "spam", "Werbung.")
    response = api(case.reporters[0]).post(
        f"/api/v1/moderation/decisions/{entry.pk}/appeal",
        {"text": "Ich auch."},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Appeal.objects.exists()
    assert api(case.reporters[0]).get("/api/v1/moderation/decisions").json() == []
