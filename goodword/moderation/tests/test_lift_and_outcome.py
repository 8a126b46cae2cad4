"""A moderator lifts a sanction outside an appeal (pages and API, with bad input and the wrong
user), and the reporters hear the outcome in the app and by e-mail unless they opted out."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token
from goodword.core import members
from goodword.messaging.models import Report, ReportStatus
from goodword.moderation import services
from goodword.moderation.models import Action, Ground, ModerationAction
from goodword.moderation.tasks import send_report_outcome_email_task
from goodword.notifications.models import Kind, Notification
from goodword.subscriptions.models import MailKind
from goodword.subscriptions.services import opt_out

from .factories import moderator, reported_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def client_for(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def auth(user) -> dict:
    _token, secret = create_token(user, "t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


def restricted():
    mod, case = moderator(), reported_case(reporters=1)
    entry = services.take_action(
        mod, case.member, Action.RESTRICT, Ground.SPAM, "Werbung.", report_ids=case.report_ids
    )
    return mod, case, entry


LIFT = {"ground": "disproportionate", "reason": "Hat sich entschuldigt; 30 Tage sind zu viel."}


# -- lifting ----------------------------------------------------------------------------------
def test_a_moderator_ends_a_restriction_early_in_the_product(
    anna, django_capture_on_commit_callbacks
):
    _mod, case, entry = restricted()
    other = moderator()
    page = client_for(other).get(f"/moderation/members/{case.member.pk}/").content.decode()
    assert f"/moderation/actions/{entry.pk}/lift/" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(other).post(f"/moderation/actions/{entry.pk}/lift/", LIFT)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.lifted_at is not None
    assert members.reach_refusal(case.member, anna) is None  # the restriction is over
    assert Report.objects.get(pk=case.report_ids[0]).status == ReportStatus.DISMISSED
    lift = ModerationAction.objects.get(action=Action.LIFT)
    assert (lift.reviews, lift.moderator, lift.ground) == (entry, other, "disproportionate")
    assert Notification.objects.filter(
        recipient=case.member, kind=Kind.MODERATION_DECISION
    ).count() == 2  # fmt: skip
    [email] = [m for m in mail.outbox if case.member.email in m.to]
    assert "lifted" in email.subject and "30 Tage sind zu viel" in email.body
    log = client_for().get("/moderation/log/").content.decode()
    assert "by a moderator" in log and "30 Tage sind zu viel" in log
    decision = client_for(case.member).get(f"/moderation/decisions/{entry.pk}/").content.decode()
    assert "A moderator lifted this decision" in decision


def test_lifting_a_suspension_reopens_the_account():
    mod, case = moderator(), reported_case(reporters=1)
    entry = services.take_action(mod, case.member, Action.SUSPEND, Ground.SPAM, "Spam.")
    services.lift_action(moderator(), entry, Ground.NO_BREACH, "Verwechslung.")
    case.member.refresh_from_db()
    assert case.member.is_active


def test_lift_bad_input_and_wrong_users_write_nothing():
    mod, case, entry = restricted()
    url = f"/moderation/actions/{entry.pk}/lift/"
    assert client_for(case.reporters[0]).post(url, LIFT).status_code == 403
    assert client_for(case.member).post(url, LIFT).status_code == 403
    assert client_for(mod).get(url).status_code == 405
    assert client_for(mod).post("/moderation/actions/999999/lift/", LIFT).status_code == 404
    # A ground that does not fit lifting, and a missing reason: 400, told on the case page.
    response = client_for(mod).post(url, {"ground": "spam", "reason": "x"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    response = client_for(mod).post(url, {"ground": "no_breach", "reason": " "})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    # The deciding moderator may lift, but not while an appeal waits: told, 400.
    services.file_appeal(case.member, entry, "Bitte prüfen.")
    response = client_for(moderator()).post(url, LIFT)
    assert response.status_code == 400
    assert "An appeal against it is waiting" in response.content.decode()
    entry.refresh_from_db()
    assert entry.lifted_at is None and not ModerationAction.objects.filter(action=Action.LIFT)


def test_lift_refuses_self_twice_and_while_an_appeal_waits():
    mod, case, entry = restricted()
    services.file_appeal(case.member, entry, "Bitte prüfen.")
    with pytest.raises(ValidationError, match="appeal against this decision is waiting"):
        services.lift_action(moderator(), entry, Ground.NO_BREACH, "Kein Verstoß.")
    other_case = reported_case(reporters=1)
    warned = services.take_action(mod, other_case.member, Action.WARN, Ground.SPAM, "Warnung.")
    services.lift_action(moderator(), warned, Ground.NO_BREACH, "Kein Verstoß.")
    with pytest.raises(ValidationError, match="cannot be lifted"):
        services.lift_action(moderator(), warned, Ground.NO_BREACH, "Noch einmal.")
    colleague = moderator()
    about_colleague = services.take_action(mod, colleague, Action.WARN, Ground.SPAM, "Warnung.")
    with pytest.raises(ValidationError, match="yourself"):
        services.lift_action(colleague, about_colleague, Ground.NO_BREACH, "Ich war es nicht.")
    with pytest.raises(PermissionDenied):
        services.lift_action(UserFactory(), about_colleague, Ground.NO_BREACH, "Kein Verstoß.")
    assert ModerationAction.objects.filter(action=Action.LIFT).count() == 1


def test_lift_api():
    _mod, case, entry = restricted()
    url = f"/api/v1/moderation/actions/{entry.pk}/lift"
    member = client_for().post(url, LIFT, content_type="application/json", **auth(case.member))
    assert member.status_code == 403
    bad = client_for().post(
        url, {**LIFT, "ground": "spam"}, content_type="application/json", **auth(moderator())
    )
    assert bad.status_code == 400 and "ground" in bad.json()["errors"]
    ok = client_for().post(url, LIFT, content_type="application/json", **auth(moderator()))
    assert ok.status_code == 201 and ok.json()["action"] == "lift"
    assert ok.json()["reviews"] == entry.pk and ok.json()["on_appeal_of"] is None


# -- the reporters hear the outcome -----------------------------------------------------------
def test_reporters_get_the_outcome_by_email_unless_they_opted_out(
    django_capture_on_commit_callbacks,
):
    case = reported_case(reporters=2)
    keen, quiet = case.reporters
    opt_out(quiet, MailKind.REPORTS)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.take_action(
            moderator(), case.member, Action.WARN, Ground.SPAM, "Werbung an Fremde.",
            report_ids=case.report_ids,
        )  # fmt: skip
    told = Notification.objects.filter(kind=Kind.REPORT_DECIDED)
    assert {n.recipient_id for n in told} == {keen.pk, quiet.pk}  # in the app: everybody
    [email] = [m for m in mail.outbox if keen.email in m.to]
    assert not [m for m in mail.outbox if quiet.email in m.to]
    assert "decided on your report" in email.subject
    assert "Werbung an Fremde." in email.body and f"/moderation/log/#entry-{entry.pk}" in email.body
    assert str(case.member) not in email.body  # the log's words, no names
    assert "List-Unsubscribe" in email.extra_headers
    # A retried task never mails twice.
    assert send_report_outcome_email_task.call(case.report_ids[0], entry.pk) == 0


def test_the_reports_mail_can_be_switched_off_in_the_settings():
    member = UserFactory()
    page = client_for(member).get("/settings/email/").content.decode()
    assert "What the moderators decided on your reports" in page
