"""The branch rule counts only sanctions that stand: a sanction lifted on appeal or by a
moderator no longer counts, and lifting it gives the rights back when the rule no longer
applies. Through the moderation services, as in the product."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from goodword.invitations import queries
from goodword.invitations.models import BranchSanction, InvitationStatus
from goodword.invitations.tests.factories import established, invite, joined
from goodword.messaging import privileges
from goodword.messaging.models import ReportReason
from goodword.messaging.services import report_member
from goodword.moderation import services as moderation
from goodword.moderation.models import Action, Ground
from goodword.moderation.tests.factories import conversation_with, moderator, old_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def mods():
    return moderator(), moderator()


def sanction(mod, member, action=Action.RESTRICT):
    return moderation.take_action(mod, member, action, Ground.SPAM, "Werbung an Fremde.")


def test_a_sanction_lifted_on_appeal_gives_the_rights_back(mods):
    deciding, reviewing = mods
    root = established()
    first, second = joined(root), joined(root)
    sanction(deciding, first)
    entry = sanction(deciding, second, Action.SUSPEND)
    assert queries.has_lost_rights(root)
    assert BranchSanction.objects.get(member=second).action_id == entry.pk
    appeal = moderation.file_appeal(second, entry, "Ich war das nicht.")
    moderation.decide_appeal(reviewing, appeal, Action.LIFT, Ground.NO_BREACH, "Verwechslung.")
    assert BranchSanction.objects.get(member=second).lifted_at is not None
    assert queries.count_branch_sanctioned(root) == 1
    assert not queries.has_lost_rights(root)
    assert queries.get_quota(root).total > 0
    invitation, _token = invite(root)
    assert invitation.status == InvitationStatus.PENDING


def test_a_sanction_confirmed_on_appeal_still_counts(mods):
    deciding, reviewing = mods
    root = established()
    first, second = joined(root), joined(root)
    sanction(deciding, first)
    entry = sanction(deciding, second)
    appeal = moderation.file_appeal(second, entry, "Zu hart.")
    moderation.decide_appeal(reviewing, appeal, Action.CONFIRM, Ground.SPAM, "Bleibt.")
    assert queries.has_lost_rights(root)
    with pytest.raises(ValidationError):
        invite(root)


def test_a_lift_gives_no_rights_back_while_the_rule_still_applies(mods):
    deciding, reviewing = mods
    root = established()
    members = [joined(root) for _ in range(3)]
    entries = [sanction(deciding, m) for m in members]
    moderation.lift_action(reviewing, entries[0], Ground.NO_BREACH, "Kein Verstoß.")
    assert queries.count_branch_sanctioned(root) == 2
    assert queries.has_lost_rights(root)  # two sanctions still stand


def test_a_lifted_sanction_does_not_count_towards_a_later_loss(mods):
    deciding, reviewing = mods
    root = established()
    first, second = joined(root), joined(root)
    lifted = sanction(deciding, first)
    moderation.lift_action(reviewing, lifted, Ground.NOT_ENOUGH, "Zu wenig.")
    sanction(deciding, second)
    assert queries.count_branch_sanctioned(root) == 1
    assert not queries.has_lost_rights(root)


def test_a_moderators_lift_gives_the_grand_inviters_rights_back_too(mods):
    deciding, reviewing = mods
    root = established()
    anna = joined(root, date_joined=root.date_joined)
    below_anna, below_root = joined(anna), joined(root)
    entry = sanction(deciding, below_anna)
    sanction(deciding, below_root)
    assert queries.has_lost_rights(root) and not queries.has_lost_rights(anna)
    moderation.lift_action(reviewing, entry, Ground.DISPROPORTIONATE, "Zu hart.")
    assert not queries.has_lost_rights(root)


def test_the_inviter_is_told_when_the_sanction_is_lifted(
    mods, client, django_capture_on_commit_callbacks
):
    deciding, reviewing = mods
    anna = established(display_name="Anna Adler")
    bernd = joined(anna, display_name="Bernd Berger")
    entry = sanction(deciding, bernd)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.lift_action(reviewing, entry, Ground.NO_BREACH, "Verwechslung.")
    [told] = [m for m in mail.outbox if anna.email in m.to]
    assert "Bernd Berger" in told.subject and "lifted" in told.subject
    assert "List-Unsubscribe" in told.extra_headers  # she may switch these off
    client.force_login(anna)
    page = client.get("/invitations/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Bernd Berger" in page and "lifted: it no longer counts" in page


def test_reporters_from_one_invitation_branch_count_once():
    old = timezone.now() - timedelta(days=settings.NEW_ACCOUNT_DAYS + 5)
    root = established()
    pitcher = established()
    siblings = [joined(root, date_joined=old) for _ in range(2)]
    child_of_first = joined(siblings[0], date_joined=old)  # first is established enough

    def report(reporter):
        conversation = conversation_with(pitcher, reporter)
        report_member(reporter, pitcher, ReportReason.SPAM, "", conversation=conversation)

    for reporter in (*siblings, child_of_first):
        report(reporter)
    # Three reports, one branch: no automatic restriction.
    assert privileges.get_tier(pitcher) != privileges.RESTRICTED
    open_reports = pitcher.reports_received.all()
    assert privileges.count_independent_reporters(pitcher, open_reports) == 1
    report(old_member())
    report(old_member())
    assert privileges.count_independent_reporters(pitcher, pitcher.reports_received.all()) == 3
    assert privileges.get_tier(pitcher) == privileges.RESTRICTED
