"""The contact rules and the messaging services, below HTTP."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from goodword.accounts.tests.factories import UserFactory
from goodword.core.members import is_new_account
from goodword.messaging import privileges, rules, services
from goodword.messaging.models import (
    Block,
    Conversation,
    Intent,
    Message,
    Origin,
    Report,
    ReportReason,
    ReportStatus,
)

from .helpers import recommend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Service-level texts are checked in English; the pages and API test German too."""
    with translation.override("en"):
        yield


def test_stranger_may_not_write_and_is_told_what_would_earn_contact(anna, sven):
    decision = rules.can_contact(sven, anna, Intent.QUESTION)
    assert not decision.allowed
    assert decision.reason_code == rules.NOT_CONNECTED
    assert "introduce" in decision.explanation
    assert "Anna Adler" in decision.explanation


def test_stranger_may_not_send_an_offer(anna, sven):
    decision = rules.can_contact(sven, anna, Intent.OFFER)
    assert not decision.allowed
    assert decision.reason_code == rules.OFFER_NOT_EARNED
    assert "introduce" in decision.explanation


def test_refused_start_writes_nothing(anna, sven):
    with pytest.raises(services.ContactRefused) as excinfo:
        services.start_conversation(sven, anna, Intent.OFFER, "Ich habe da eine Versicherung…")
    assert excinfo.value.decision.reason_code == rules.OFFER_NOT_EARNED
    assert not Conversation.objects.exists()
    assert not Message.objects.exists()


def test_recommendation_by_the_recipient_allows_questions_but_not_offers(anna, sven):
    recommend(anna, sven)
    assert rules.can_contact(sven, anna, Intent.QUESTION).reason_code == rules.RECOMMENDED
    assert rules.can_contact(sven, anna, Intent.THANKS).allowed
    assert rules.can_contact(sven, anna, Intent.OFFER).reason_code == rules.OFFER_NOT_EARNED


def test_recommendation_by_the_sender_does_not_help(anna, sven):
    recommend(sven, anna)  # praising someone earns nothing from them
    assert not rules.can_contact(sven, anna, Intent.QUESTION).allowed


def test_pending_recommendation_does_not_count(anna, sven):
    from goodword.recommendations.tests.factories import RecommendationFactory

    RecommendationFactory(author=anna, subject=sven)
    assert not rules.can_contact(sven, anna, Intent.QUESTION).allowed


def test_grant_allows_offers(anna, sven):
    services.grant_contact(anna, sven, source="introduction")
    decision = rules.can_contact(sven, anna, Intent.OFFER)
    assert decision.allowed and decision.reason_code == rules.GRANTED


def test_offers_welcome_allows_offers(anna, sven):
    services.welcome_offers(anna, sven)
    assert rules.can_contact(sven, anna, Intent.OFFER).reason_code == rules.OFFERS_WELCOME
    services.stop_welcoming_offers(anna, sven)
    assert not rules.can_contact(sven, anna, Intent.OFFER).allowed


def test_block_refuses_and_says_so_plainly(anna, sven):
    services.grant_contact(anna, sven, source="introduction")
    services.block_member(anna, sven)
    decision = rules.can_contact(sven, anna, Intent.QUESTION)
    assert decision.reason_code == rules.BLOCKED
    assert "Anna Adler has blocked you" in decision.explanation
    # The blocker cannot write either until they unblock.
    assert rules.can_contact(anna, sven, Intent.QUESTION).reason_code == rules.YOU_BLOCKED
    services.unblock_member(anna, sven)
    assert rules.can_contact(sven, anna, Intent.QUESTION).allowed


def test_block_also_withdraws_an_offer_welcome(anna, sven):
    services.welcome_offers(anna, sven)
    services.block_member(anna, sven)
    with pytest.raises(ValidationError):
        services.welcome_offers(anna, sven)
    assert not rules.can_contact(sven, anna, Intent.OFFER).allowed


def test_cannot_contact_or_block_oneself(anna):
    assert rules.can_contact(anna, anna, Intent.QUESTION).reason_code == rules.SELF
    with pytest.raises(ValidationError):
        services.block_member(anna, anna)


def test_unknown_intent_is_rejected(anna, sven):
    recommend(anna, sven)
    with pytest.raises(ValidationError):
        services.start_conversation(sven, anna, "sales", "Hallo")
    with pytest.raises(ValidationError):
        services.start_conversation(sven, anna, Intent.QUESTION, "   ")
    with pytest.raises(ValidationError):
        services.start_conversation(sven, anna, Intent.QUESTION, "x" * 5001)
    assert not Conversation.objects.exists()


@pytest.mark.parametrize("level", ["know_personally", "worked_with", "vouch"])
def test_a_positive_private_mark_changes_no_decision(anna, sven, level):
    """Privacy model: permissions rest on public facts only, so a mark never shows in one."""
    from goodword.trust.models import TrustMark
    from goodword.trust.services import request_trust_refresh

    before = [rules.can_contact(sven, anna, intent) for intent in Intent.values]
    TrustMark.objects.create(marker=anna, member=sven, level=level)
    request_trust_refresh(anna.pk, sven.pk)
    after = [rules.can_contact(sven, anna, intent) for intent in Intent.values]
    assert after == before
    assert not after[0].allowed


@pytest.mark.parametrize("intent", [Intent.QUESTION, Intent.OFFER])
def test_a_refusal_reads_the_same_with_or_without_a_distrust_mark(anna, sven, outsider, intent):
    from goodword.trust.models import MarkLevel, TrustMark

    UserFactory(display_name="Anna Adler")  # same name, to compare explanations verbatim
    without = rules.can_contact(sven, anna, intent)
    TrustMark.objects.create(marker=anna, member=sven, level=MarkLevel.WOULD_NOT_RECOMMEND)
    with_mark = rules.can_contact(sven, anna, intent)
    assert with_mark == without


def test_trust_above_the_threshold_allows_contact(anna, sven, monkeypatch):
    monkeypatch.setattr(rules, "_has_public_trust", lambda r, s: True)
    assert rules.can_contact(sven, anna, Intent.QUESTION).reason_code == rules.TRUSTED


def test_threshold_is_documented():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[3] / "docs" / "contact-rules.md").read_text()
    assert str(rules.CONTACT_TRUST_THRESHOLD) in doc
    for tier, limits in privileges.RATE_LIMITS.items():
        row = next(line for line in doc.splitlines() if line.startswith(f"| {tier} "))
        for action in (
            privileges.CONVERSATION,
            privileges.MESSAGE,
            privileges.REQUEST,
            privileges.ANSWER,
            privileges.REPORT,
        ):
            assert f" {limits[action]} " in row, (tier, action)


# Conversations -----------------------------------------------------------------------------


def test_started_conversation_has_both_members_and_the_first_message(anna, sven):
    recommend(anna, sven)
    conversation = services.start_conversation(sven, anna, Intent.QUESTION, "Kurze Frage …")
    assert {p.user_id for p in conversation.participants.all()} == {anna.pk, sven.pk}
    message = conversation.messages.get()
    assert message.intent == Intent.QUESTION and message.sender == sven
    assert conversation.last_message_at == message.created_at


def test_replies_flow_but_the_starter_may_not_slip_in_an_offer(anna, sven):
    recommend(anna, sven)
    conversation = services.start_conversation(sven, anna, Intent.QUESTION, "Kurze Frage …")
    services.send_message(conversation, anna, Intent.ADVICE, "Gern, so geht’s …")
    services.send_message(conversation, sven, Intent.THANKS, "Danke!")
    with pytest.raises(services.ContactRefused) as excinfo:
        services.send_message(conversation, sven, Intent.OFFER, "Übrigens: Versicherung?")
    assert excinfo.value.decision.reason_code == rules.OFFER_NOT_EARNED
    assert conversation.messages.count() == 3
    # The member who was written to may make an offer in return.
    services.send_message(conversation, anna, Intent.OFFER, "Ich könnte dir helfen.")


def test_a_block_stops_an_existing_conversation(anna, sven):
    recommend(anna, sven)
    conversation = services.start_conversation(sven, anna, Intent.QUESTION, "Frage")
    services.block_member(anna, sven)
    with pytest.raises(services.ContactRefused) as excinfo:
        services.send_message(conversation, sven, Intent.QUESTION, "Hallo?")
    assert excinfo.value.decision.reason_code == rules.BLOCKED


def test_open_conversation_records_grants_and_the_note(anna, sven, maria):
    conversation = services.open_conversation(
        [anna, sven, maria],
        origin=Origin.INTRODUCTION,
        started_by=maria,
        note="Anna, Sven kennt sich mit Versicherungen für Handwerker aus.",
        note_author=maria,
    )
    assert conversation.participants.count() == 3
    assert rules.can_contact(sven, anna, Intent.OFFER).reason_code == rules.GRANTED
    assert rules.can_contact(anna, sven, Intent.QUESTION).reason_code == rules.GRANTED
    # The introducer earns nothing from the introduction itself.
    assert not rules.can_contact(maria, anna, Intent.OFFER).allowed
    services.send_message(conversation, sven, Intent.OFFER, "Darf ich dir ein Angebot machen?")


# Rate limits and privileges ----------------------------------------------------------------


def test_new_members_hit_the_conversation_limit(sven):
    limit = privileges.RATE_LIMITS[privileges.NEW][privileges.CONVERSATION]
    recipients = [UserFactory() for _ in range(limit + 1)]
    for recipient in recipients:
        services.welcome_offers(recipient, sven)
    for recipient in recipients[:limit]:
        services.start_conversation(sven, recipient, Intent.QUESTION, "Hallo")
    decision = rules.can_contact(sven, recipients[-1], Intent.QUESTION)
    assert decision.reason_code == rules.RATE_LIMITED
    assert str(limit) in decision.explanation
    with pytest.raises(services.ContactRefused):
        services.start_conversation(sven, recipients[-1], Intent.QUESTION, "Hallo")
    assert Conversation.objects.count() == limit


def test_message_limit(anna, sven, monkeypatch):
    recommend(anna, sven)
    conversation = services.start_conversation(sven, anna, Intent.QUESTION, "Frage")
    monkeypatch.setitem(privileges.RATE_LIMITS[privileges.ESTABLISHED], privileges.MESSAGE, 2)
    monkeypatch.setitem(privileges.RATE_LIMITS[privileges.NEW], privileges.MESSAGE, 2)
    services.send_message(conversation, sven, Intent.QUESTION, "Noch eine")
    with pytest.raises(services.ContactRefused) as excinfo:
        services.send_message(conversation, sven, Intent.QUESTION, "Und noch eine")
    assert excinfo.value.decision.reason_code == rules.RATE_LIMITED


def test_tiers_follow_recommendations_age_and_reports(anna, sven, maria, outsider):
    assert privileges.get_tier(sven) == privileges.NEW
    recommend(anna, sven)
    assert privileges.get_tier(sven) == privileges.ESTABLISHED
    recommend(maria, sven)
    recommend(outsider, sven)
    assert privileges.get_tier(sven) == privileges.ESTABLISHED  # still a new account
    sven.date_joined = timezone.now() - timedelta(days=settings.NEW_ACCOUNT_DAYS + 1)
    sven.save()
    assert privileges.get_tier(sven) == privileges.TRUSTED


def _old_account(**kwargs):
    user = UserFactory(**kwargs)
    user.date_joined = timezone.now() - timedelta(days=settings.NEW_ACCOUNT_DAYS + 1)
    user.save(update_fields=["date_joined"])
    return user


def test_a_single_report_blocks_for_the_reporter_but_restricts_nobody(anna, sven):
    recommend(anna, sven)
    conversation = services.start_conversation(sven, anna, Intent.QUESTION, "Kauf was!")
    report = services.report_member(anna, sven, ReportReason.SPAM, "Werbung", conversation)
    assert report.status == ReportStatus.OPEN
    assert Block.objects.filter(blocker=anna, blocked=sven).exists()
    assert privileges.get_tier(sven) == privileges.ESTABLISHED
    outcome = services.describe_report_outcome(sven)
    assert "moderators" in outcome and "single report" in outcome
    with pytest.raises(ValidationError):
        services.report_member(anna, sven, ReportReason.SPAM)


def test_independent_reporters_in_good_standing_restrict_until_dismissed_with_a_reason(sven):
    moderator = UserFactory(is_staff=True)
    reporters = [_old_account() for _ in range(privileges.AUTO_RESTRICT_REPORTERS)]
    reports = [services.report_member(r, sven, ReportReason.ABUSE) for r in reporters[:-1]]
    assert privileges.get_tier(sven) == privileges.NEW  # two are not enough
    reports.append(services.report_member(reporters[-1], sven, ReportReason.ABUSE))
    assert privileges.get_tier(sven) == privileges.RESTRICTED
    with pytest.raises(ValidationError):  # undoing needs a reason
        services.resolve_report(reports[0], moderator, upheld=False)
    assert Report.objects.get(pk=reports[0].pk).status == ReportStatus.OPEN
    services.resolve_report(reports[0], moderator, upheld=False, reason="Kein Spam: Rückfrage.")
    assert Report.objects.get(pk=reports[0].pk).resolution_reason == "Kein Spam: Rückfrage."
    assert privileges.get_tier(sven) == privileges.NEW
    with pytest.raises(ValidationError):  # decided once
        services.resolve_report(reports[0], moderator, upheld=True)


@pytest.mark.parametrize("weakness", ["new_account", "blocked_by_target", "inactive", "upheld"])
def test_reporters_not_in_good_standing_do_not_count(sven, weakness):
    strong = [_old_account() for _ in range(privileges.AUTO_RESTRICT_REPORTERS - 1)]
    weak = UserFactory() if weakness == "new_account" else _old_account()
    for reporter in [*strong, weak]:
        services.report_member(reporter, sven, ReportReason.SPAM)
    if weakness == "blocked_by_target":
        Block.objects.create(blocker=sven, blocked=weak)
    elif weakness == "inactive":
        type(weak).objects.filter(pk=weak.pk).update(is_active=False)
    elif weakness == "upheld":
        report = services.report_member(_old_account(), weak, ReportReason.SPAM)
        services.resolve_report(report, UserFactory(is_staff=True), upheld=True)
    assert privileges.get_tier(sven) == privileges.NEW


def test_a_reporter_is_old_enough_when_no_longer_a_new_account(sven, settings):
    """One age for both: a reporter counts once `NEW_ACCOUNT_DAYS` have passed, the age at
    which `core.members.is_new_account` stops calling them new."""
    joined = timezone.now() - timedelta(days=20)
    reporters = [UserFactory(date_joined=joined) for _ in range(privileges.AUTO_RESTRICT_REPORTERS)]
    for reporter in reporters:
        services.report_member(reporter, sven, ReportReason.SPAM)
    settings.NEW_ACCOUNT_DAYS = 30
    assert is_new_account(reporters[0])
    assert privileges.get_tier(sven) == privileges.NEW
    settings.NEW_ACCOUNT_DAYS = 14
    assert not is_new_account(reporters[0])
    assert privileges.get_tier(sven) == privileges.RESTRICTED


def test_one_reporter_reporting_again_counts_once(sven):
    moderator = UserFactory(is_staff=True)
    reporter = _old_account()
    for _ in range(privileges.AUTO_RESTRICT_REPORTERS):
        report = services.report_member(reporter, sven, ReportReason.SPAM)
        services.resolve_report(report, moderator, upheld=False, reason="Doppelt.")
    services.report_member(reporter, sven, ReportReason.SPAM)
    assert privileges.get_tier(sven) == privileges.NEW


def test_upheld_report_keeps_the_restriction(anna, sven):
    report = services.report_member(anna, sven, ReportReason.ABUSE)
    services.resolve_report(report, UserFactory(is_staff=True), upheld=True)
    assert privileges.get_tier(sven) == privileges.RESTRICTED
    Report.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - timedelta(days=privileges.REPORT_WINDOW_DAYS + 1)
    )
    assert privileges.get_tier(sven) == privileges.NEW


def test_report_validation(anna, sven):
    with pytest.raises(ValidationError):
        services.report_member(anna, sven, "boring")
    with pytest.raises(ValidationError):
        services.report_member(anna, sven, ReportReason.SPAM, "x" * 1001)
    with pytest.raises(ValidationError):
        services.report_member(anna, anna, ReportReason.SPAM)
    assert not Report.objects.exists()
    assert not Block.objects.exists()


def test_a_trust_path_above_the_threshold_allows_questions_not_offers(anna, sven, maria, outsider):
    from django.core.cache import cache

    from goodword.trust.adapter import get_network

    recommend(anna, maria)
    recommend(maria, sven)
    get_network().reset()
    cache.clear()
    decision = rules.can_contact(sven, anna, Intent.QUESTION)
    assert decision.allowed and decision.reason_code == rules.TRUSTED
    assert not rules.can_contact(sven, anna, Intent.OFFER).allowed
    # Trust is directional: Anna trusting Sven does not let Anna's contacts reach Sven.
    assert not rules.can_contact(outsider, anna, Intent.QUESTION).allowed
    assert not rules.can_contact(anna, sven, Intent.QUESTION).allowed
