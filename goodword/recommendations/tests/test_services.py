from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import override_settings
from django.utils import timezone, translation

from goodword.accounts.tests.factories import UserFactory
from goodword.notifications.models import Kind, Notification
from goodword.recommendations import services
from goodword.recommendations.models import Recommendation, Status

from .factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def give(author, subject, **overrides):
    data = {
        "text": "Anna hat unsere Buchhaltung in drei Wochen aufgeräumt. **Sehr** gründlich.",
        "topic_names": ["Buchhaltung", "Steuern"],
        "relationship": "was_client",
        "known_since": 2019,
    }
    data.update(overrides)
    return services.give_recommendation(author, subject, **data)


def messages_of(exc_info, field=None):
    exc = exc_info.value
    if field is None:
        return " ".join(exc.messages)
    return " ".join(exc.message_dict[field])


# --- give -----------------------------------------------------------------------------------


def test_give_creates_a_pending_recommendation_and_notifies_after_commit(
    author, subject, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rec = give(author, subject)
    assert rec.status == Status.PENDING
    assert rec.accepted_at is None
    assert "<strong>Sehr</strong>" in rec.text_html
    assert sorted(t.name for t in rec.topics.all()) == ["Buchhaltung", "Steuern"]
    notification = Notification.objects.get(recipient=subject)
    assert notification.kind == Kind.RECOMMENDATION_RECEIVED
    assert notification.actor == author
    assert f"#recommendation-{rec.pk}" in notification.url
    assert len(mail_callbacks(callbacks)) == 1  # (new topics also refresh the topic list)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [subject.email]
    assert notification.url in mail.outbox[0].body


def test_no_mail_before_commit(author, subject, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        give(author, subject)
    assert len(mail_callbacks(callbacks)) == 1  # (new topics also refresh the topic list)
    assert mail.outbox == []


def test_topics_are_reused_case_insensitively_and_deduplicated(author, subject, stranger):
    first = give(author, subject, topic_names=["Steuern", "steuern ", "#Buchhaltung"])
    second = give(author, stranger, topic_names=["STEUERN"])
    assert first.topics.count() == 2
    assert second.topics.get().pk in first.topics.values_list("pk", flat=True)


def test_topics_may_be_a_comma_separated_string(author, subject):
    rec = give(author, subject, topic_names="Holzbau, Möbel; Treppen")
    assert sorted(t.name for t in rec.topics.all()) == ["Holzbau", "Möbel", "Treppen"]


@pytest.mark.parametrize(
    ("field", "overrides", "german"),
    [
        ("text", {"text": "zu kurz"}, "mindestens 20 Zeichen"),
        ("text", {"text": "x" * 2001}, "höchstens 2000 Zeichen"),
        ("text", {"text": "   "}, "mindestens 20 Zeichen"),
        ("topics", {"topic_names": []}, "mindestens ein Thema"),
        ("topics", {"topic_names": [" ", ","]}, "mindestens ein Thema"),
        ("topics", {"topic_names": ["a", "b", "c", "d", "e", "f"]}, "höchstens 5 Themen"),
        ("topics", {"topic_names": ["x" * 61]}, "höchstens 60 Zeichen"),
        ("relationship", {"relationship": "lover"}, "woher ihr euch kennt"),
        ("known_since", {"known_since": 1949}, "zwischen 1950 und"),
        # Next year in Berlin (the site's calendar), also on 31 December after 23:00 UTC.
        ("known_since", {"known_since": timezone.localdate().year + 1}, "zwischen 1950 und"),
        ("known_since", {"known_since": None}, "zwischen 1950 und"),
        ("known_since", {"known_since": "abc"}, "zwischen 1950 und"),
    ],
)
def test_bad_input_gives_a_german_message_and_writes_nothing(
    author, subject, field, overrides, german
):
    with pytest.raises(ValidationError) as exc_info:
        give(author, subject, **overrides)
    assert german in messages_of(exc_info, field)
    assert not Recommendation.objects.exists()
    assert not Notification.objects.exists()


def test_all_problems_are_reported_at_once(author, subject):
    with pytest.raises(ValidationError) as exc_info:
        give(author, subject, text="", topic_names=[], relationship="", known_since=None)
    assert set(exc_info.value.message_dict) == {"text", "topics", "relationship", "known_since"}


def test_messages_follow_the_active_language(author, subject):
    with translation.override("en"), pytest.raises(ValidationError) as exc_info:
        give(author, subject, text="short")
    assert "at least 20 characters" in messages_of(exc_info, "text")


def test_boundaries_are_accepted(author, subject, stranger):
    give(author, subject, text="x" * 20, topic_names=["a", "b", "c", "d", "e"], known_since=1950)
    give(author, stranger, text="y" * 2000, known_since=timezone.localdate().year)
    assert Recommendation.objects.count() == 2


def test_no_self_recommendation(author):
    with pytest.raises(ValidationError) as exc_info:
        give(author, author)
    assert "dich nicht selbst" in messages_of(exc_info)


def test_author_needs_a_display_name(subject):
    nameless = UserFactory(display_name="")
    with pytest.raises(ValidationError) as exc_info:
        give(nameless, subject)
    assert exc_info.value.code == "author_incomplete"


@pytest.mark.parametrize("kwargs", [{"display_name": ""}, {"is_active": False}])
def test_subject_must_be_an_active_member_with_a_name(author, kwargs):
    target = UserFactory(**kwargs)
    with pytest.raises(ValidationError) as exc_info:
        give(author, target)
    assert exc_info.value.code == "subject_invalid"


def test_inactive_author_cannot_give(subject):
    gone = UserFactory(is_active=False)
    with pytest.raises(ValidationError):
        give(gone, subject)


@pytest.mark.parametrize("status", [Status.PENDING, Status.ACCEPTED, Status.HIDDEN])
def test_one_active_recommendation_per_pair(author, subject, status):
    RecommendationFactory(author=author, subject=subject, status=status)
    with pytest.raises(ValidationError) as exc_info:
        give(author, subject)
    assert "bereits eine Empfehlung" in messages_of(exc_info)
    assert Recommendation.objects.count() == 1


@pytest.mark.parametrize("status", [Status.DECLINED, Status.WITHDRAWN])
def test_a_new_recommendation_after_decline_or_withdrawal(author, subject, status):
    RecommendationFactory(author=author, subject=subject, status=status)
    give(author, subject)
    assert Recommendation.objects.count() == 2


def test_the_database_catches_the_pair_race(author, subject, monkeypatch):
    """Two requests pass the check at the same time: the constraint answers, not a 500."""
    RecommendationFactory(author=author, subject=subject)
    monkeypatch.setattr(services, "_active_pair_exists", lambda a, s: False)
    with pytest.raises(ValidationError) as exc_info:
        give(author, subject)
    assert exc_info.value.code == "duplicate"
    assert "bereits eine Empfehlung" in messages_of(exc_info)
    assert Recommendation.objects.count() == 1
    assert not Notification.objects.exists()


# --- rate limit -----------------------------------------------------------------------------


@override_settings(RECOMMENDATION_NEW_ACCOUNT_PER_DAY=2, RECOMMENDATION_PER_DAY=3)
def test_new_accounts_have_a_lower_daily_limit(author):
    give(author, UserFactory())
    give(author, UserFactory())
    with pytest.raises(services.RateLimited) as exc_info:
        give(author, UserFactory())
    assert "höchstens 2 Empfehlungen pro Tag" in messages_of(exc_info)
    assert Recommendation.objects.count() == 2


@override_settings(RECOMMENDATION_NEW_ACCOUNT_PER_DAY=1, RECOMMENDATION_PER_DAY=2)
def test_older_accounts_have_the_normal_limit_which_counts_24_hours(author):
    author.date_joined = timezone.now() - timedelta(days=30)
    author.save()
    old = RecommendationFactory(author=author, status=Status.WITHDRAWN)
    Recommendation.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    give(author, UserFactory())
    give(author, UserFactory())
    with pytest.raises(services.RateLimited):
        give(author, UserFactory())


@override_settings(RECOMMENDATION_NEW_ACCOUNT_PER_DAY=1)
def test_withdrawn_recommendations_still_count_towards_the_limit(author, subject):
    rec = give(author, subject)
    services.withdraw_recommendation(author, rec)
    with pytest.raises(services.RateLimited):
        give(author, subject)


# --- markdown -------------------------------------------------------------------------------


def test_markdown_is_sanitised(author, subject):
    text = (
        "Sehr gut <script>alert('x')</script> und <img src=x onerror=alert(1)>\n\n"
        "[klick](javascript:alert(1)) [Website](https://example.org)\n\n"
        "# Überschrift\n\n![Bild](https://example.org/a.png)\n\n- eins\n- zwei"
    )
    rec = give(author, subject, text=text)
    html = rec.text_html
    assert "<script" not in html
    assert "<img" not in html
    assert "javascript:" not in html
    assert "<h1" not in html
    assert '<a href="https://example.org" rel="nofollow noopener">Website</a>' in html
    assert "<li>eins</li>" in html
    assert rec.text == text.strip()


# --- edit -----------------------------------------------------------------------------------


def test_author_edit_needs_consent_again(author, subject, django_capture_on_commit_callbacks):
    rec = RecommendationFactory(author=author, subject=subject, status=Status.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        rec = services.edit_recommendation(
            author, rec, "Ein ganz neuer Text mit *Betonung*.", ["Holzbau"], "colleague", 2001
        )
    rec.refresh_from_db()
    assert rec.status == Status.PENDING
    assert rec.accepted_at is None
    assert rec.text_html == "<p>Ein ganz neuer Text mit <em>Betonung</em>.</p>"
    assert [t.name for t in rec.topics.all()] == ["Holzbau"]
    assert (rec.relationship, rec.known_since) == ("colleague", 2001)
    notification = Notification.objects.get(recipient=subject)
    assert notification.kind == Kind.RECOMMENDATION_EDITED
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("who", ["subject", "stranger"])
def test_only_the_author_can_edit(author, subject, stranger, who):
    rec = RecommendationFactory(author=author, subject=subject, status=Status.ACCEPTED)
    editor = {"subject": subject, "stranger": stranger}[who]
    with pytest.raises(Http404):
        services.edit_recommendation(
            editor, rec, "Geänderter Text ist lang genug.", ["A"], "other", 2000
        )
    rec.refresh_from_db()
    assert rec.status == Status.ACCEPTED


def test_invalid_edit_changes_nothing(author, subject):
    rec = RecommendationFactory(author=author, subject=subject, status=Status.ACCEPTED)
    with pytest.raises(ValidationError):
        services.edit_recommendation(author, rec, "kurz", ["A"], "other", 2000)
    rec.refresh_from_db()
    assert rec.status == Status.ACCEPTED
    assert not Notification.objects.exists()


@pytest.mark.parametrize("status", [Status.DECLINED, Status.WITHDRAWN])
def test_closed_recommendations_cannot_be_edited(author, subject, status):
    rec = RecommendationFactory(author=author, subject=subject, status=status)
    with pytest.raises(ValidationError):
        services.edit_recommendation(
            author, rec, "Ein neuer Text, lang genug.", ["A"], "other", 2000
        )


# --- status changes -------------------------------------------------------------------------


def test_accept_publishes_and_tells_the_author(author, subject):
    rec = RecommendationFactory(author=author, subject=subject)
    rec = services.accept_recommendation(subject, rec)
    assert rec.status == Status.ACCEPTED
    assert rec.accepted_at is not None
    note = Notification.objects.get(recipient=author)
    assert note.kind == Kind.RECOMMENDATION_ACCEPTED
    assert mail.outbox == []  # no e-mail for this kind: no engagement mail


@pytest.mark.parametrize(
    ("service", "role", "from_status", "to_status"),
    [
        ("accept_recommendation", "subject", Status.PENDING, Status.ACCEPTED),
        ("decline_recommendation", "subject", Status.PENDING, Status.DECLINED),
        ("hide_recommendation", "subject", Status.ACCEPTED, Status.HIDDEN),
        ("unhide_recommendation", "subject", Status.HIDDEN, Status.ACCEPTED),
        ("withdraw_recommendation", "author", Status.PENDING, Status.WITHDRAWN),
        ("withdraw_recommendation", "author", Status.ACCEPTED, Status.WITHDRAWN),
        ("withdraw_recommendation", "author", Status.HIDDEN, Status.WITHDRAWN),
    ],
)
def test_permission_matrix_of_status_changes(
    author, subject, stranger, service, role, from_status, to_status
):
    fn = getattr(services, service)
    rec = RecommendationFactory(author=author, subject=subject, status=from_status)
    people = {"author": author, "subject": subject}
    wrong = [stranger, people["subject" if role == "author" else "author"]]
    for person in wrong:
        with pytest.raises(Http404):
            fn(person, rec)
        rec.refresh_from_db()
        assert rec.status == from_status
    assert fn(people[role], rec).status == to_status


@pytest.mark.parametrize(
    ("service", "status"),
    [
        ("accept_recommendation", Status.ACCEPTED),
        ("accept_recommendation", Status.WITHDRAWN),
        ("decline_recommendation", Status.ACCEPTED),
        ("hide_recommendation", Status.PENDING),
        ("unhide_recommendation", Status.ACCEPTED),
    ],
)
def test_status_changes_from_the_wrong_state_are_refused(author, subject, service, status):
    rec = RecommendationFactory(author=author, subject=subject, status=status)
    with pytest.raises(ValidationError) as exc_info:
        getattr(services, service)(subject, rec)
    assert "inzwischen geändert" in messages_of(exc_info)


def test_withdraw_twice_is_refused(author, subject):
    rec = RecommendationFactory(author=author, subject=subject)
    services.withdraw_recommendation(author, rec)
    with pytest.raises(ValidationError):
        services.withdraw_recommendation(author, rec)


# --- trust graph ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "role", "from_status", "refreshes"),
    [
        ("accept_recommendation", "subject", Status.PENDING, True),
        ("decline_recommendation", "subject", Status.PENDING, False),
        ("hide_recommendation", "subject", Status.ACCEPTED, True),
        ("unhide_recommendation", "subject", Status.HIDDEN, True),
        ("withdraw_recommendation", "author", Status.ACCEPTED, True),
        ("withdraw_recommendation", "author", Status.PENDING, False),
    ],
)
def test_trust_change_log_is_written_with_the_change_when_an_accepted_edge_changes(
    author, subject, service, role, from_status, refreshes
):
    from goodword.trust.models import TrustEdgeChange

    rec = RecommendationFactory(author=author, subject=subject, status=from_status)
    getattr(services, service)(author if role == "author" else subject, rec)
    pairs = list(TrustEdgeChange.objects.values_list("source_id", "target_id"))
    assert pairs == ([(author.pk, subject.pk)] if refreshes else [])


def test_trust_change_log_rolls_back_with_the_change(author, subject):
    from django.db import transaction

    from goodword.trust.models import TrustEdgeChange

    rec = RecommendationFactory(author=author, subject=subject, status=Status.PENDING)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.accept_recommendation(subject, rec)
        raise RuntimeError
    assert not TrustEdgeChange.objects.exists()


def test_editing_an_accepted_recommendation_refreshes_trust(author, subject):
    from goodword.trust.models import TrustEdgeChange

    rec = RecommendationFactory(author=author, subject=subject, status=Status.ACCEPTED)
    services.edit_recommendation(author, rec, "Ein neuer Text, lang genug.", ["A"], "other", 2000)
    pairs = list(TrustEdgeChange.objects.values_list("source_id", "target_id"))
    assert pairs == [(author.pk, subject.pk)]


def mail_callbacks(callbacks):
    """The deferred mails among the on-commit callbacks."""
    return [c for c in callbacks if c.__qualname__.startswith("notify.")]
