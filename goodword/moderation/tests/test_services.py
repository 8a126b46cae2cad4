"""The moderation services: each action's effect, the audit log, the hook, the notices, appeals,
and bad input that writes nothing."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from goodword.accounts.services import delete_account, export_member_data
from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from goodword.asks.services import post_ask
from goodword.core import hooks, members
from goodword.messaging import privileges, rules
from goodword.messaging.models import Intent, Message, ReportStatus
from goodword.moderation import services
from goodword.moderation.models import Action, Appeal, Ground, ModerationAction
from goodword.notifications.models import Kind, Notification

from .factories import SPAM_TEXT, moderator, reported_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages matched below are the English msgids."""
    with translation.override("en"):
        yield


@pytest.fixture
def sanctions():
    """Records what `MEMBER_SANCTIONED` is told, like the invitations app does."""
    seen = []

    def listener(member, action, ground, action_id=None):
        seen.append((member.pk, action, ground))

    hooks.register(hooks.MEMBER_SANCTIONED)(listener)
    yield seen
    hooks._registry[hooks.MEMBER_SANCTIONED].remove(listener)


def act(mod, case, action, ground=Ground.SPAM, reason="Werbung an Fremde."):
    return services.take_action(
        mod, case.member, action, ground, reason, report_ids=case.report_ids
    )


def test_warn_decides_the_reports_logs_tells_everybody_and_fires_the_hook(
    sanctions, django_capture_on_commit_callbacks
):
    mod, case = moderator(), reported_case()
    assert privileges.get_tier(case.member) == privileges.RESTRICTED  # three reporters
    with django_capture_on_commit_callbacks(execute=True):
        entry = act(mod, case, Action.WARN)
    assert (entry.action, entry.ground, entry.moderator, entry.member) == (
        Action.WARN,
        Ground.SPAM,
        mod,
        case.member,
    )
    assert set(entry.reports.values_list("pk", flat=True)) == set(case.report_ids)
    assert {r.status for r in entry.reports.all()} == {ReportStatus.UPHELD}
    assert sanctions == [(case.member.pk, "warn", "spam")]
    notice = Notification.objects.get(recipient=case.member)
    assert notice.kind == Kind.MODERATION_DECISION and notice.actor is None
    told = Notification.objects.filter(kind=Kind.REPORT_DECIDED)
    assert {n.recipient_id for n in told} == {r.pk for r in case.reporters}
    [email] = [m for m in mail.outbox if case.member.email in m.to]
    assert "Werbung an Fremde." in email.body and f"/moderation/decisions/{entry.pk}/" in email.body
    assert "List-Unsubscribe" not in email.extra_headers  # a required notice


def test_dismiss_lifts_the_automatic_restriction_and_tells_only_the_reporters(sanctions):
    mod, case = moderator(), reported_case()
    entry = act(mod, case, Action.DISMISS, Ground.NO_BREACH, "Eine normale Anfrage.")
    assert privileges.get_tier(case.member) == privileges.NEW
    assert sanctions == []
    assert not Notification.objects.filter(recipient=case.member).exists()
    assert Notification.objects.filter(kind=Kind.REPORT_DECIDED).count() == 3
    assert entry.reports.first().resolution_reason == "Eine normale Anfrage."


def test_hide_hides_the_members_messages_from_the_others_only():
    mod, case = moderator(), reported_case(reporters=1)
    entry = act(mod, case, Action.HIDE)
    hidden = Message.objects.get(sender=case.member)
    assert hidden.hidden_at is not None and entry.hidden_message_ids == [hidden.pk]
    assert not Message.objects.filter(hidden_at__isnull=False).exclude(sender=case.member)
    reporter = case.reporters[0]
    assert hidden.text_for(reporter) == "" and hidden.text_for(case.member) == SPAM_TEXT
    page = Client(HTTP_ACCEPT_LANGUAGE="en")
    page.force_login(reporter)
    body = page.get(f"/messages/{case.conversations[0].pk}/").content.decode()
    assert SPAM_TEXT not in body and "hidden by the moderators" in body
    page.force_login(case.member)
    assert SPAM_TEXT in page.get(f"/messages/{case.conversations[0].pk}/").content.decode()


def test_restrict_stops_contact_messages_and_posts_until_lifted(anna):
    mod, case = moderator(), reported_case(reporters=1)
    entry = act(mod, case, Action.RESTRICT, Ground.HARASSMENT)
    member = case.member
    assert entry.ends_at is not None
    refusal = members.reach_refusal(member, anna)
    assert refusal and "restricted your account" in refusal
    decision = rules.can_send_in(case.conversations[0], member, Intent.QUESTION)
    assert not decision.allowed and decision.reason_code == rules.RESTRICTED
    assert rules.can_contact(member, anna, Intent.QUESTION).reason_code == rules.RESTRICTED
    with pytest.raises(ValidationError, match="restricted"):
        post_ask(member, title="Suche", text="Eine lange genug beschriebene Anfrage.", city="Köln")
    appeal = services.file_appeal(member, entry, "Das war ein Missverständnis.")
    services.decide_appeal(moderator(), appeal, Action.LIFT, Ground.NOT_ENOUGH, "Unklar.")
    assert members.reach_refusal(member, anna) is None
    assert privileges.get_tier(member) == privileges.NEW  # its report no longer counts


def test_suspend_closes_the_account_and_an_appeal_by_link_reopens_it(
    django_capture_on_commit_callbacks,
):
    first, second = moderator(), moderator()
    case = reported_case(reporters=1)
    session = Client()
    session.force_login(case.member)
    with django_capture_on_commit_callbacks(execute=True):
        entry = act(first, case, Action.SUSPEND, Ground.DECEPTION)
    case.member.refresh_from_db()
    assert not case.member.is_active
    assert session.get("/notifications/").status_code == 302  # the open session is over
    login = Client()
    login.post("/accounts/login/", {"login": case.member.email, "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in login.session
    [email] = [m for m in mail.outbox if case.member.email in m.to]
    assert "/moderation/decision/" in email.body  # the signed link: they cannot log in
    link = re.search(r"/moderation/decision/\S+/", email.body).group(0)
    response = Client().post(link, {"text": "Ich bin es wirklich."})
    assert response.status_code == 302
    appeal = Appeal.objects.get(action=entry)
    assert appeal.assigned_to == second  # not the moderator who decided
    services.decide_appeal(second, appeal, Action.LIFT, Ground.DISPROPORTIONATE, "Zu hart.")
    case.member.refresh_from_db()
    assert case.member.is_active
    assert ModerationAction.objects.get(pk=entry.pk).lifted_at is not None


def test_the_deciding_moderator_may_not_decide_the_appeal_while_another_exists():
    first, second = moderator(), moderator()
    case = reported_case(reporters=1)
    entry = act(first, case, Action.WARN)
    appeal = services.file_appeal(case.member, entry, "Bitte prüfen.")
    with pytest.raises(PermissionDenied):
        services.decide_appeal(first, appeal, Action.CONFIRM, Ground.SPAM, "Bleibt.")
    services.decide_appeal(second, appeal, Action.CONFIRM, Ground.SPAM, "Bleibt so.")
    appeal.refresh_from_db()
    assert appeal.decision.action == Action.CONFIRM and appeal.decision.reviews == entry
    assert Notification.objects.filter(recipient=case.member, kind=Kind.APPEAL_DECIDED).exists()
    with pytest.raises(ValidationError, match="already been decided"):
        services.decide_appeal(second, appeal, Action.LIFT, Ground.NO_BREACH, "Doch nicht.")


def test_a_lone_moderator_decides_the_appeal_on_their_own_decision():
    mod, case = moderator(), reported_case(reporters=1)
    entry = act(mod, case, Action.WARN)
    appeal = services.file_appeal(case.member, entry, "Bitte prüfen.")
    assert appeal.assigned_to == mod
    services.decide_appeal(mod, appeal, Action.LIFT, Ground.NO_BREACH, "Geprüft: kein Verstoß.")


@pytest.mark.parametrize(
    ("action", "ground", "reason", "field"),
    [
        ("warn", "made_up", "Grund.", "ground"),
        ("warn", "no_breach", "Grund.", "ground"),  # a ground that does not fit the action
        ("dismiss", "spam", "Grund.", "ground"),
        ("warn", "spam", "   ", "reason"),
        ("warn", "spam", "x" * (services.MAX_REASON_LENGTH + 1), "reason"),
        ("ban", "spam", "Grund.", "action"),
        ("lift", "no_breach", "Grund.", "action"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(sanctions, action, ground, reason, field):
    mod, case = moderator(), reported_case()
    with pytest.raises(ValidationError) as info:
        services.take_action(mod, case.member, action, ground, reason, report_ids=case.report_ids)
    assert field in info.value.message_dict
    assert not ModerationAction.objects.exists() and sanctions == []
    assert {r.status for r in case.reports[0].__class__.objects.all()} == {ReportStatus.OPEN}


def test_acting_twice_on_the_same_reports_is_refused():
    mod, case = moderator(), reported_case()
    act(mod, case, Action.DISMISS, Ground.NO_BREACH, "Kein Verstoß.")
    with pytest.raises(ValidationError, match="already been decided"):
        act(mod, case, Action.WARN)
    with pytest.raises(ValidationError, match="no open report"):
        services.take_action(mod, case.member, Action.DISMISS, Ground.NO_BREACH, "Nochmal.")
    act_ = services.take_action(mod, case.member, Action.RESTRICT, Ground.SPAM, "Eigeninitiative.")
    assert act_.reports.count() == 0
    with pytest.raises(ValidationError, match="already restricted"):
        services.take_action(mod, case.member, Action.RESTRICT, Ground.SPAM, "Nochmal.")
    assert ModerationAction.objects.count() == 2


def test_a_failed_effect_writes_no_log_entry():
    mod, case = moderator(), reported_case(reporters=1)
    Message.objects.filter(sender=case.member).delete()
    with pytest.raises(ValidationError, match="nothing to hide"):
        act(mod, case, Action.HIDE)
    assert not ModerationAction.objects.exists()
    assert case.reports[0].__class__.objects.get().status == ReportStatus.OPEN


def test_only_moderators_act_and_never_about_themselves():
    case = reported_case(reporters=1)
    with pytest.raises(PermissionDenied):
        act(case.reporters[0], case, Action.WARN)
    mod = moderator()
    with pytest.raises(ValidationError, match="yourself"):
        services.take_action(mod, mod, Action.WARN, Ground.SPAM, "Selbst.")
    assert not ModerationAction.objects.exists()


def test_appeals_only_by_the_member_once_and_with_a_text():
    mod, case = moderator(), reported_case(reporters=1)
    entry = act(mod, case, Action.WARN)
    with pytest.raises(PermissionDenied):
        services.file_appeal(case.reporters[0], entry, "Ich auch.")
    with pytest.raises(ValidationError):
        services.file_appeal(case.member, entry, "  ")
    services.file_appeal(case.member, entry, "Einspruch.")
    with pytest.raises(ValidationError, match="already appealed"):
        services.file_appeal(case.member, entry, "Nochmal.")
    dismissed = act(mod, reported_case(reporters=1), Action.DISMISS, Ground.NO_BREACH, "Ok.")
    with pytest.raises(ValidationError, match="no longer be appealed"):
        services.file_appeal(dismissed.member, dismissed, "Danke.")


def test_record_action_for_the_apps_above(sanctions):
    circle_moderator, member = UserFactory(), UserFactory()
    entry = services.record_action(
        circle_moderator,
        Action.REMOVE,
        Ground.HARASSMENT,
        "Aus dem Kreis entfernt: Beleidigungen.",
        member,
        content_kind="circle_membership",
        content_id=7,
        source="circles",
    )
    assert (entry.source, entry.content_kind, entry.content_id) == (
        "circles",
        "circle_membership",
        7,
    )
    assert sanctions == []  # a removal from a circle is the circle's, not a site sanction
    services.record_action(
        circle_moderator,
        Action.HIDE,
        Ground.SPAM,
        "Beitrag verborgen.",
        member,
        "circle_post",
        source="circles",
    )
    assert sanctions == [(member.pk, "hide", "spam")]
    with pytest.raises(ValueError):
        services.record_action(
            circle_moderator, Action.SUSPEND, Ground.SPAM, "Nein.", member, source="circles"
        )
    with pytest.raises(ValidationError):
        services.record_action(
            circle_moderator, Action.REMOVE, "unknown", "Grund.", member, source="circles"
        )


def test_export_has_own_reports_and_actions_but_no_reporter_and_erase_keeps_the_log():
    mod, case = moderator(), reported_case(reporters=1)
    entry = act(mod, case, Action.WARN)
    services.file_appeal(case.member, entry, "Mein Einspruch APPEALTEXT")
    exported = export_member_data(case.member)["moderation"]
    assert [a["action"] for a in exported["actions_about_me"]] == ["warn"]
    assert exported["appeals"][0]["text"] == "Mein Einspruch APPEALTEXT"
    assert "REPORTNOTE" not in str(exported) and "Reporter" not in str(exported)
    reporter_export = export_member_data(case.reporters[0])["moderation"]
    assert reporter_export["reports_made"][0]["note"] == "REPORTNOTE 0"
    delete_account(case.member, password=DEFAULT_PASSWORD)
    assert ModerationAction.objects.filter(pk=entry.pk).exists()
    assert Appeal.objects.get().text == ""
    delete_account(mod, password=DEFAULT_PASSWORD)
    assert not services.Moderator.objects.filter(user=mod).exists()
