"""Reporting a public recommendation and hiding its words: the report rules, the moderator's
case, and a hidden text that only its author reads, in pages, API, search and export, until a
lift shows it again."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from goodword.accounts.services import export_member_data
from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token
from goodword.messaging import privileges
from goodword.messaging.models import Block, Report, ReportReason, ReportStatus
from goodword.moderation import services
from goodword.moderation.models import Action, Ground, ModerationAction
from goodword.recommendations import services as recommendation_services
from goodword.recommendations.models import Relationship, Status
from goodword.search import queries as search_queries
from goodword.search.queries import search_members
from goodword.search.tests.helpers import recommend as indexed_recommendation
from goodword.trust import bulk
from goodword.trust.adapter import load_pairs
from goodword.trust.models import TrustEdgeChange

from .factories import moderator, old_member

pytestmark = pytest.mark.django_db

WORDS = "Zauberhafte Schwindelfirma verkauft ZAUBERWORT Mitgliedschaften an jeden"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def rec():
    """A public recommendation by Rolf about Susi (whose profile visitors may see), in the
    search index."""
    author = UserFactory(display_name="Rolf Rater")
    subject = UserFactory(display_name="Susi Subject")
    subject.profile.visibility = "public"
    subject.profile.save()
    return indexed_recommendation(subject, WORDS, topics=("Zauberei",), author=author)


def client_for(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def auth(user) -> dict:
    _token, secret = create_token(user, "t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


def report_url(rec) -> str:
    return f"/moderation/report/recommendation/{rec.pk}/"


def report(reporter, rec, reason=ReportReason.DECEPTION, note="Das stimmt so nicht."):
    return services.report_recommendation(reporter, rec, reason, note)


def hide(rec, reporter=None):
    reporter = reporter or old_member()
    made = report(reporter, rec)
    return services.take_action(
        moderator(), rec.author, Action.HIDE, Ground.DECEPTION, "Falsche Angaben.",
        report_ids=[made.pk],
    )  # fmt: skip


# -- reporting --------------------------------------------------------------------------------
def test_the_profile_offers_report_to_other_members_only(rec):
    url = f"/members/{rec.subject_id}/"
    assert report_url(rec) in client_for(UserFactory()).get(url).content.decode()
    assert report_url(rec) in client_for(rec.subject).get(url).content.decode()
    assert report_url(rec) not in client_for(rec.author).get(url).content.decode()
    assert report_url(rec) not in client_for().get(url).content.decode()


def test_a_member_reports_a_recommendation_with_reason_and_note(rec):
    reporter = old_member(display_name="Rita Reporter")
    client = client_for(reporter)
    page = client.get(report_url(rec)).content.decode()
    assert "ZAUBERWORT" in page and "Rolf Rater" in page
    response = client.post(report_url(rec), {"reason": "deception", "note": "Erfunden."})
    assert response.status_code == 302 and response.url == f"/members/{rec.subject_id}/"
    made = Report.objects.get()
    assert (made.reporter, made.reported, made.recommendation, made.reason, made.note) == (
        reporter,
        rec.author,
        rec,
        "deception",
        "Erfunden.",
    )
    assert Block.objects.filter(blocker=reporter, blocked=rec.author).exists()
    # One report penalises nobody: the author's limits and the text stay as they were.
    assert privileges.get_tier(rec.author) != privileges.RESTRICTED
    rec.refresh_from_db()
    assert rec.hidden_by_moderators_at is None


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"reason": "", "note": ""}, "Please choose why you are reporting."),
        ({"reason": "nonsense", "note": ""}, "Please choose why you are reporting."),
        ({"reason": "spam", "note": "x" * 1001}, "at most 1000 characters"),
    ],
)
def test_bad_report_input_is_refused_and_writes_nothing(rec, data, field_error):
    response = client_for(old_member()).post(report_url(rec), data)
    assert response.status_code == 400
    assert field_error in response.content.decode()
    assert not Report.objects.exists() and not Block.objects.exists()


def test_nobody_reports_their_own_recommendation(rec):
    response = client_for(rec.author).post(report_url(rec), {"reason": "spam", "note": ""})
    assert response.status_code == 400
    assert "You cannot report yourself." in response.content.decode()
    assert not Report.objects.exists()


def test_only_visible_public_recommendations_can_be_reported():
    pending = recommendation_services.give_recommendation(
        UserFactory(), UserFactory(), WORDS, ["Zauberei"], Relationship.COLLEAGUE, 2019
    )
    stranger = client_for(UserFactory())
    assert stranger.get(report_url(pending)).status_code == 404  # not public: not visible
    # The subject sees the pending one but declines it instead of reporting it.
    assert client_for(pending.subject).get(report_url(pending)).status_code == 404
    assert stranger.get("/moderation/report/recommendation/999999/").status_code == 404
    assert client_for().get(report_url(pending)).status_code == 302  # log in first
    assert not Report.objects.exists()


def test_a_second_open_report_and_the_daily_limit_are_refused(rec, monkeypatch):
    reporter = old_member()
    report(reporter, rec)
    with pytest.raises(ValidationError, match="already reported"):
        report(reporter, rec)
    monkeypatch.setitem(privileges.RATE_LIMITS[privileges.NEW], privileges.REPORT, 1)
    other = indexed_recommendation(UserFactory(), WORDS, author=UserFactory())
    response = client_for(reporter).post(report_url(other), {"reason": "spam", "note": ""})
    assert response.status_code == 400
    assert "1 reports in the last 24 hours" in response.content.decode()
    assert Report.objects.count() == 1


def test_report_api(rec):
    reporter = old_member()
    body = {"recommendation_id": rec.pk, "reason": "privacy", "note": ""}
    response = client_for().post(
        "/api/v1/moderation/reports", body, content_type="application/json", **auth(reporter)
    )
    assert response.status_code == 201, response.content
    assert Report.objects.get().recommendation == rec
    again = client_for().post(
        "/api/v1/moderation/reports", body, content_type="application/json", **auth(reporter)
    )
    assert again.status_code == 400 and "already reported" in again.json()["detail"]
    own = client_for().post(
        "/api/v1/moderation/reports", body, content_type="application/json", **auth(rec.author)
    )
    assert own.status_code == 400
    missing = {**body, "recommendation_id": 999999}
    assert (
        client_for()
        .post(
            "/api/v1/moderation/reports", missing, content_type="application/json", **auth(reporter)
        )
        .status_code
        == 404
    )
    assert Report.objects.count() == 1


# -- the case and hiding ----------------------------------------------------------------------
def test_the_case_shows_the_reported_recommendation(rec):
    reporter = old_member(display_name="Rita Reporter")
    report(reporter, rec)
    body = client_for(moderator()).get(f"/moderation/members/{rec.author_id}/").content.decode()
    assert "ZAUBERWORT" in body and "About a recommendation" in body and "Susi Subject" in body
    assert "Rita Reporter" in body  # moderators see who reported
    api = client_for().get("/api/v1/moderation/reports", **auth(moderator()))
    [case] = api.json()
    assert case["reports"][0]["recommendation_id"] == rec.pk


def test_hide_hides_the_words_from_everybody_but_the_author(rec):
    entry = hide(rec)
    rec.refresh_from_db()
    assert rec.hidden_by_moderators_at is not None
    assert (entry.content_kind, entry.content_id, entry.hidden_recommendation_ids) == (
        "recommendation",
        rec.pk,
        [rec.pk],
    )
    assert rec.reports.get().status == ReportStatus.UPHELD
    profile = f"/members/{rec.subject_id}/"
    for viewer in (None, UserFactory(), rec.subject):
        body = client_for(viewer).get(profile).content.decode()
        assert "ZAUBERWORT" not in body and "Zauberei" not in body
        assert "hidden by the moderators" in body
        assert report_url(rec) not in body
    own = client_for(rec.author).get(profile).content.decode()
    assert "ZAUBERWORT" in own and "Hidden by the moderators: only you see this text." in own
    # API: the same for every reader.
    for viewer, words in ((UserFactory(), False), (rec.subject, False), (rec.author, True)):
        data = client_for().get(f"/api/v1/recommendations/{rec.pk}", **auth(viewer)).json()
        assert data["hidden_by_moderators"] is True
        assert ("ZAUBERWORT" in data["text"]) is words and bool(data["topics"]) is words
        assert ("ZAUBERWORT" in data["text_html"]) is words
    # Export: the author keeps the words, the subject's copy has them no more.
    given = export_member_data(rec.author)["recommendations_given"][0]
    assert "ZAUBERWORT" in given["text"] and given["hidden_by_moderators_at"]
    received = export_member_data(rec.subject)["recommendations_received"][0]
    assert received["text"] == "" and received["topics"] == []


def test_hidden_words_are_out_of_search_but_the_trust_edge_stays(
    rec, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(search_queries, "_trust", lambda: None)
    viewer = UserFactory()
    pair = (rec.author_id, rec.subject_id)
    assert [r.member_id for r in search_members(viewer, "ZAUBERWORT")] == [rec.subject_id]
    assert load_pairs([pair])[pair].topics and bulk.load_all(now=0, half_life_days=None).topic.size
    with django_capture_on_commit_callbacks(execute=True):
        hide(rec)
    assert search_members(viewer, "ZAUBERWORT") == []  # the hook refreshed the document
    # The edge stays; its topics are hidden words, so they carry no topic trust any more, in
    # the pair replay and in the full build alike, and the hiding wrote a change-log row.
    state = load_pairs([pair])[pair]
    assert state.recommendation is not None and state.topics == frozenset()
    assert bulk.load_all(now=0, half_life_days=None).topic.size == 0
    assert TrustEdgeChange.objects.filter(source_id=pair[0], target_id=pair[1]).exists()


def test_the_author_cannot_edit_hidden_words(rec):
    hide(rec)
    with pytest.raises(ValidationError, match="moderators hid the text"):
        recommendation_services.edit_recommendation(
            rec.author, rec, WORDS + " neu", ["Zauberei"], Relationship.COLLEAGUE, 2019
        )
    rec.refresh_from_db()
    assert rec.status == Status.ACCEPTED and "neu" not in rec.text


def test_a_lift_on_appeal_shows_the_words_again(rec):
    entry = hide(rec)
    appeal = services.file_appeal(rec.author, entry, "Es stimmt alles.")
    services.decide_appeal(moderator(), appeal, Action.LIFT, Ground.NOT_ENOUGH, "Belegt.")
    rec.refresh_from_db()
    assert rec.hidden_by_moderators_at is None
    assert "ZAUBERWORT" in client_for().get(f"/members/{rec.subject_id}/").content.decode()


def test_hide_refuses_when_nothing_named_is_shown(rec):
    with pytest.raises(ValidationError, match="nothing to hide"):
        services.take_action(
            moderator(), rec.author, Action.HIDE, Ground.SPAM, "Noch einmal.", report_ids=[]
        )
    assert not ModerationAction.objects.exists()
    hide(rec)
    with pytest.raises(ValidationError, match="already hidden"):
        report(old_member(), rec)
