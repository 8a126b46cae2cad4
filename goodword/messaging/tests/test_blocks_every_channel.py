"""Blocks hold on every channel (issue 8, point 2): after a block either way nothing new from
one member reaches the other, through any service, page or API operation. What already
exists stays as it was and produces no new notice or e-mail.

Scene: Anna asked for help; Sven (recommended by Anna, and Maria's contact) could answer,
introduce, recommend and pass leads. Then a block between Anna and Sven, in either direction.
"""

import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from goodword.api.services import create_token
from goodword.asks import services as asks
from goodword.asks.models import Answer, Visibility
from goodword.core.members import may_reach
from goodword.introductions import services as introductions
from goodword.introductions.models import Introduction
from goodword.messaging import services
from goodword.notifications.models import Notification
from goodword.recommendations.models import Recommendation, Relationship, Status
from goodword.recommendations.tests.factories import RecommendationFactory
from goodword.referrals import services as referrals

from .helpers import recommend

pytestmark = pytest.mark.django_db

TEXT = "Ich kenne mich mit Betriebshaftpflicht für Werkstätten sehr gut aus."
NOTE = "Ihr solltet euch kennenlernen, ihr arbeitet beide mit Handwerksbetrieben."


def auth(user) -> dict:
    _token, secret = create_token(user, "t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(params=["recipient_blocked", "sender_blocked"])
def scene(request, anna, sven, maria, outsider):
    recommend(anna, sven)
    recommend(sven, maria)
    recommend(maria, sven)
    recommend(sven, outsider)
    recommend(anna, maria)
    ask = asks.post_ask(
        anna,
        title="Versicherung für die Werkstatt",
        text="Wer kennt sich mit Betriebshaftpflicht aus?",
        city="Köln",
        visibility=Visibility.MEMBERS,
    )
    # Sven's earlier recommendation of Anna: existing content that must stay as it is.
    rec = RecommendationFactory(
        author=sven, subject=anna, status=Status.ACCEPTED, topics=["Werkstatt"]
    )
    if request.param == "recipient_blocked":
        services.block_member(anna, sven)
    else:
        services.block_member(sven, anna)
    Notification.objects.all().delete()
    mail.outbox.clear()
    return {"ask": ask, "rec": rec, "anna": anna, "sven": sven, "maria": maria, "otto": outsider}


def nothing_reached(anna):
    assert not Notification.objects.filter(recipient=anna).exists()
    assert not any(anna.email in m.to for m in mail.outbox)


def test_one_function_decides(scene):
    anna, sven, maria = scene["anna"], scene["sven"], scene["maria"]
    assert not may_reach(sven, anna) and not may_reach(anna, sven)
    assert may_reach(sven, maria) and may_reach(maria, anna)


def test_no_offer_and_no_introduction_on_a_request(client, scene):
    ask, anna, sven, maria = scene["ask"], scene["anna"], scene["sven"], scene["maria"]
    url = f"/api/v1/requests/{ask.pk}/answers"
    offer = client.post(
        url, json.dumps({"kind": "offer", "text": TEXT}), "application/json", **auth(sven)
    )
    assert offer.status_code == 403
    intro = client.post(
        url,
        json.dumps({"kind": "introduce", "introduced_id": maria.pk, "text": TEXT}),
        "application/json",
        **auth(sven),
    )
    assert intro.status_code == 403
    assert "block" in intro.json()["detail"].lower()
    client.force_login(sven)
    page = client.get(reverse("asks:detail", args=[ask.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("asks:answer", args=[ask.pk]) not in html  # no answer form
    assert "blocked" in html
    for data in ({"kind": "offer", "text": TEXT}, {"kind": "introduce", "introduced": maria.pk}):
        response = client.post(
            reverse("asks:answer", args=[ask.pk]),
            {"text": TEXT, **data},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code in (400, 403)
    assert not Answer.objects.exists()
    nothing_reached(anna)


def test_an_earlier_answer_cannot_be_accepted_across_a_block(scene, anna, sven):
    ask = scene["ask"]
    Answer.objects.create(ask=ask, author=sven, kind="offer", text=TEXT)  # from before
    answer = Answer.objects.get()
    with pytest.raises(PermissionDenied):
        asks.accept_answer(answer, anna)
    answer.refresh_from_db()
    assert answer.status == "pending" and answer.opened_conversation_id is None
    assert not Notification.objects.exists()


def test_no_introduction_of_a_blocked_member(client, scene):
    anna, sven, maria = scene["anna"], scene["sven"], scene["maria"]
    response = client.post(
        "/api/v1/introductions",
        json.dumps({"member_a_id": anna.pk, "member_b_id": maria.pk, "note": NOTE}),
        "application/json",
        **auth(sven),
    )
    assert response.status_code == 403
    client.force_login(sven)
    response = client.post(
        reverse("introductions:new"),
        {"member_a": anna.pk, "member_b": maria.pk, "note": NOTE},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code in (400, 403)
    assert not Introduction.objects.exists()
    nothing_reached(anna)


def test_no_new_or_edited_recommendation(client, scene):
    anna, sven, rec = scene["anna"], scene["sven"], scene["rec"]
    before = Recommendation.objects.values().get(pk=rec.pk)
    patch = client.patch(
        f"/api/v1/recommendations/{rec.pk}",
        json.dumps({"text": "Anna ist großartig, ich empfehle sie wärmstens weiter."}),
        "application/json",
        **auth(sven),
    )
    assert patch.status_code == 403
    client.force_login(sven)
    edit = client.post(
        reverse("recommendations:edit", args=[rec.pk]),
        {
            "text": "Anna ist großartig, ich empfehle sie wärmstens weiter.",
            "topics": "Werkstatt",
            "relationship": Relationship.WORKED_TOGETHER,
            "known_since": 2015,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert edit.status_code == 403
    # The existing recommendation stays exactly as it was (no silent deletion).
    assert Recommendation.objects.values().get(pk=rec.pk) == before
    rec.status = Status.WITHDRAWN
    Recommendation.objects.filter(pk=rec.pk).update(status=Status.WITHDRAWN)
    create = client.post(
        "/api/v1/recommendations",
        json.dumps(
            {
                "subject_id": anna.pk,
                "text": "Anna ist großartig, ich empfehle sie wärmstens weiter.",
                "topics": ["Werkstatt"],
                "relationship": Relationship.WORKED_TOGETHER,
                "known_since": 2015,
            }
        ),
        "application/json",
        **auth(sven),
    )
    assert create.status_code == 403
    nothing_reached(anna)


def test_no_lead_and_no_news_of_an_old_lead(scene, anna, sven, django_capture_on_commit_callbacks):
    with pytest.raises(services.ContactRefused):
        referrals.pass_referral(sven, anna, need=TEXT, contact_name="Herr Ofen")
    # A lead Sven passed Anna before the block: Anna keeps her records, Sven hears nothing.
    from goodword.referrals.models import Referral

    old = Referral.objects.create(giver=sven, receiver=anna, need=TEXT, contact_name="Herr Ofen")
    with django_capture_on_commit_callbacks(execute=True):
        referrals.update_referral(old, anna, status="contacted")
    old.refresh_from_db()
    assert old.status == "contacted"
    assert not Notification.objects.filter(recipient=sven).exists()
    assert not any(sven.email in m.to for m in mail.outbox)
    with pytest.raises(PermissionDenied):  # a thank-you note would reach him
        referrals.update_referral(old, anna, status="won", thanks="Danke dir!")


def test_accepting_an_old_recommendation_tells_the_author_nothing(scene, anna, sven):
    from goodword.recommendations.services import accept_recommendation

    Recommendation.objects.filter(pk=scene["rec"].pk).delete()
    pending = RecommendationFactory(author=sven, subject=anna, status=Status.PENDING)
    accept_recommendation(anna, pending)
    assert Recommendation.objects.get(pk=pending.pk).status == Status.ACCEPTED
    assert not Notification.objects.filter(recipient=sven).exists()


def test_an_open_introduction_tells_a_blocked_introducer_nothing(anna, sven, maria):
    recommend(maria, anna)
    recommend(maria, sven)
    intro = introductions.introduce(maria, anna, sven, NOTE)
    introductions.answer_introduction(intro, anna, accept=True)
    services.block_member(anna, sven)
    Notification.objects.all().delete()
    with pytest.raises(Exception) as excinfo:  # the two blocked each other: nothing opens
        introductions.answer_introduction(intro, sven, accept=True)
    assert "cannot introduce" in str(excinfo.value) or "kannst" in str(excinfo.value)
    intro.refresh_from_db()
    assert intro.conversation_id is None
    assert not Notification.objects.exists()


def test_the_digest_leaves_out_requests_across_a_block(scene, anna, sven):
    from datetime import timedelta

    from django.utils import timezone

    from goodword.asks.queries import get_digest_asks

    since = timezone.now() - timedelta(days=1)
    assert scene["ask"] not in get_digest_asks(sven, since=since)
    services.unblock_member(anna, sven)
    services.unblock_member(sven, anna)
    assert scene["ask"] in get_digest_asks(sven, since=since)
