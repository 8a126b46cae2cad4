"""The unread badge goes down when the member acts on what a notice points to, on whichever page
they acted; nobody else's notices change."""

import pytest
from django.utils import timezone

from goodword.asks import services as asks
from goodword.asks.models import Visibility
from goodword.introductions import services as introductions
from goodword.messaging.tests.helpers import recommend
from goodword.notifications.models import Kind, Notification
from goodword.notifications.queries import count_unread
from goodword.notifications.services import notify
from goodword.recommendations import services as recommendations
from goodword.referrals import services as referrals
from goodword.referrals.models import ReferralStatus

pytestmark = pytest.mark.django_db

TEXT = "Ich kenne mich mit Versicherungen für Handwerksbetriebe gut aus."


def unread(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def test_deciding_on_a_recommendation_reads_its_notice(anna, sven, maria):
    rec = recommendations.give_recommendation(
        sven,
        anna,
        "Hat unsere Buchhaltung mit großer Sorgfalt umgestellt.",
        ["Buchhaltung"],
        "worked_together",
        2019,
    )
    other = recommendations.give_recommendation(
        maria,
        anna,
        "Hat unser Lager mit viel Ruhe neu geordnet und dokumentiert.",
        ["Logistik"],
        "worked_together",
        2018,
    )
    assert unread(anna) == 2
    recommendations.accept_recommendation(anna, rec)
    assert unread(anna) == 1  # the notice about Maria's recommendation still waits
    recommendations.decline_recommendation(anna, other)
    assert unread(anna) == 0


def test_a_wrong_user_cannot_read_someone_elses_notice(anna, sven, maria):
    rec = recommendations.give_recommendation(
        sven,
        anna,
        "Hat unsere Buchhaltung mit großer Sorgfalt umgestellt.",
        ["Buchhaltung"],
        "worked_together",
        2019,
    )
    with pytest.raises(Exception):  # noqa: B017 - 404 for not-yours, whatever the class
        recommendations.accept_recommendation(maria, rec)
    assert unread(anna) == 1


def test_answering_an_introduction_reads_its_notice(anna, sven, maria):
    recommend(maria, anna)
    recommend(maria, sven)
    intro = introductions.introduce(maria, anna, sven, "Anna sucht, Sven kann helfen.")
    assert (unread(anna), unread(sven)) == (1, 1)
    introductions.answer_introduction(intro, anna, accept=True)
    assert (unread(anna), unread(sven)) == (0, 1)


def test_updating_a_referral_reads_its_notice(anna, sven):
    recommend(anna, sven)
    referral = referrals.pass_referral(
        sven,
        anna,
        need="Ein Bäcker sucht eine Werkstatt.",
        contact_name="Bernd Bäcker",
        contact_details="bernd@baecker.test",
    )
    notify(anna, "message_received", sven, "/messages/1/")  # unrelated: stays unread
    assert unread(anna) == 2
    referrals.update_referral(referral, anna, status=ReferralStatus.CONTACTED)
    assert unread(anna) == 1
    assert Notification.objects.get(recipient=anna, read_at__isnull=True).url == "/messages/1/"


@pytest.mark.parametrize("accept", [True, False])
def test_deciding_on_an_answer_reads_the_requests_notices(anna, sven, accept):
    recommend(anna, sven)
    ask = asks.post_ask(
        anna,
        title="Versicherung für die Werkstatt",
        text="Wer kennt sich mit Betriebshaftpflicht aus?",
        remote=True,
        visibility=Visibility.MEMBERS,
    )
    answer = asks.answer_with_offer(ask, sven, TEXT)
    assert unread(anna) == 1
    if accept:
        asks.accept_answer(answer, anna)
    else:
        asks.decline_answer(answer, anna)
    assert unread(anna) == 0


def test_the_badge_counts_only_the_members_own_unread_notices(anna, sven, maria):
    assert count_unread(anna) == 0
    first = notify(anna, Kind.MESSAGE_RECEIVED, actor=sven)
    notify(anna, Kind.MESSAGE_RECEIVED, actor=maria)
    notify(sven, Kind.MESSAGE_RECEIVED, actor=anna)
    assert count_unread(anna) == 2 == unread(anna)
    Notification.objects.filter(pk=first.pk).update(read_at=timezone.now())
    assert count_unread(anna) == 1 == unread(anna)
    assert count_unread(sven) == 1
    assert count_unread(maria) == 0
