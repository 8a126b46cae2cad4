"""Requests ("Gesuche"): visibility, answers, ranking, acceptance, pages and API."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token
from goodword.asks import services
from goodword.asks.models import Answer, AnswerStatus, Ask, AskStatus, Visibility
from goodword.messaging import services as messaging
from goodword.messaging.models import Intent
from goodword.messaging.tests.helpers import recommend

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TEXT = "Ich suche eine Steuerberatung, die Handwerksbetriebe kennt."
WHY = "Bernd hat meine Werkstatt drei Jahre lang betreut, sehr verlässlich."


@pytest.fixture
def people(anna, sven, maria, outsider):
    """Anna asks. Anna recommended Maria; Maria recommended Bernd. Sven and Otto are strangers."""
    bernd = UserFactory(display_name="Bernd Berater", email="bernd@goodword.test")
    recommend(anna, maria)
    recommend(maria, bernd)
    return {"anna": anna, "maria": maria, "bernd": bernd, "sven": sven, "otto": outsider}


def ask_for(author, visibility=Visibility.NETWORK, **kwargs):
    return services.post_ask(
        author,
        title="Steuerberatung gesucht",
        text=TEXT,
        topic_names=["Steuerberatung"],
        city="Köln",
        visibility=visibility,
        **kwargs,
    )


def auth(user) -> dict:
    _token, secret = create_token(user, "t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", **EN}


# Visibility ---------------------------------------------------------------------------------


def test_network_requests_reach_trusted_people_and_their_trusted_contacts(client, people):
    ask = ask_for(people["anna"])
    for name, visible in [("maria", True), ("bernd", True), ("sven", False), ("otto", False)]:
        client.force_login(people[name])
        detail = client.get(reverse("asks:detail", args=[ask.pk]))
        assert detail.status_code == (200 if visible else 404), name
        listed = "Steuerberatung gesucht" in client.get(reverse("asks:list")).content.decode()
        assert listed is visible, name
        api = client.get(f"/api/v1/requests/{ask.pk}", **auth(people[name]))
        assert api.status_code == (200 if visible else 404), name


def test_member_wide_requests_reach_everybody(client, people):
    ask = ask_for(people["anna"], Visibility.MEMBERS)
    client.force_login(people["sven"])
    assert client.get(reverse("asks:detail", args=[ask.pk])).status_code == 200


def test_closed_requests_disappear_for_others_but_not_for_the_asker(client, people):
    ask = ask_for(people["anna"], Visibility.MEMBERS)
    services.close_ask(ask, people["anna"], resolved=True)
    client.force_login(people["maria"])
    assert client.get(reverse("asks:detail", args=[ask.pk])).status_code == 404
    client.force_login(people["anna"])
    page = client.get(reverse("asks:detail", args=[ask.pk]), **EN)
    assert page.status_code == 200 and "Resolved" in page.content.decode()


def test_anonymous_is_sent_to_login_and_api_is_401(client, people):
    ask = ask_for(people["anna"], Visibility.MEMBERS)
    for url in [reverse("asks:list"), reverse("asks:new"), reverse("asks:detail", args=[ask.pk])]:
        assert reverse("account_login") in client.get(url)["Location"]
    for url in [
        reverse("asks:answer", args=[ask.pk]),
        reverse("asks:resolve", args=[ask.pk]),
        reverse("asks:withdraw", args=[ask.pk]),
        reverse("asks:accept_answer", args=[1]),
        reverse("asks:decline_answer", args=[1]),
    ]:
        assert reverse("account_login") in client.post(url)["Location"]
    for method, url in [
        ("get", "/api/v1/requests"),
        ("post", "/api/v1/requests"),
        ("get", f"/api/v1/requests/{ask.pk}"),
        ("get", f"/api/v1/requests/{ask.pk}/answers"),
        ("post", f"/api/v1/requests/{ask.pk}/answers"),
        ("post", f"/api/v1/requests/{ask.pk}/resolve"),
        ("post", "/api/v1/requests/answers/1/accept"),
    ]:
        assert getattr(client, method)(url).status_code == 401


# Posting --------------------------------------------------------------------------------------


def test_post_a_request_through_the_page(client, people):
    client.force_login(people["anna"])
    response = client.post(
        reverse("asks:new"),
        {
            "title": "Tischlerin für Einbauschrank",
            "text": "Wir suchen jemanden für einen Einbauschrank im Altbau.",
            "topics": "Tischlerei, Innenausbau",
            "city": "Bonn",
            "visibility": "members",
        },
    )
    assert response.status_code == 302
    ask = Ask.objects.get()
    assert sorted(t.name for t in ask.topics.all()) == ["Innenausbau", "Tischlerei"]
    assert ask.visibility == Visibility.MEMBERS and ask.status == AskStatus.OPEN


@pytest.mark.parametrize(
    "data,message",
    [
        ({"title": "", "text": TEXT, "city": "Köln"}, "Please say in a few words what you need."),
        ({"title": "Hilfe", "text": "kurz", "city": "Köln"}, "20 to 2000 characters"),
        ({"title": "Hilfe", "text": TEXT}, "Please give a city, or say that remote is fine."),
        ({"title": "Hilfe", "text": TEXT, "city": "Köln", "topics": "a,b,c,d,e,f"}, "At most 5"),
        ({"title": "Hilfe", "text": TEXT, "city": "Köln", "visibility": "world"}, "who may see"),
    ],
)
def test_bad_requests_are_400_and_write_nothing(client, people, data, message):
    client.force_login(people["anna"])
    response = client.post(reverse("asks:new"), {"visibility": "network", **data}, **EN)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Ask.objects.exists()


def test_bad_request_message_in_german(client, people):
    client.force_login(people["anna"])
    response = client.post(
        reverse("asks:new"), {"title": "Hilfe", "text": TEXT, "visibility": "network"}
    )
    assert response.status_code == 400
    assert "Bitte nenn eine Stadt" in response.content.decode()


def test_request_rate_limit(people):
    from goodword.messaging import privileges

    limit = privileges.RATE_LIMITS[privileges.NEW][privileges.REQUEST]
    sven = people["sven"]
    for _ in range(limit):
        ask_for(sven)
    with pytest.raises(Exception) as excinfo:
        ask_for(sven)
    assert excinfo.type.__name__ == "ValidationError"
    assert Ask.objects.filter(author=sven).count() == limit


# Answers ---------------------------------------------------------------------------------------


def test_introducing_someone_opens_the_conversation_only_after_they_agree(
    client, people, mailoutbox, django_capture_on_commit_callbacks
):
    from goodword.introductions import services as introductions
    from goodword.messaging import rules
    from goodword.messaging.models import Conversation
    from goodword.notifications.models import Notification

    anna, maria, bernd = people["anna"], people["maria"], people["bernd"]
    ask = ask_for(anna)
    client.force_login(maria)
    page = client.get(reverse("asks:detail", args=[ask.pk]), **EN).content.decode()
    assert "Bernd Berater" in page  # Maria's trusted contact is offered in the form
    response = client.post(
        reverse("asks:answer", args=[ask.pk]),
        {"kind": "introduce", "introduced": bernd.pk, "text": WHY},
    )
    assert response.status_code == 302
    answer = Answer.objects.get()
    # Suggesting Bernd tells Bernd nothing yet: only the asker hears of the answer.
    assert not Notification.objects.filter(recipient=bernd).exists()

    client.force_login(anna)
    page = client.get(reverse("asks:detail", args=[ask.pk]), **EN).content.decode()
    assert "Maria Mittler recommends Bernd Berater" in page and WHY in page
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("asks:accept_answer", args=[answer.pk]), **EN)
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.ACCEPTED
    introduction = answer.introduction
    assert response["Location"] == reverse("introductions:detail", args=[introduction.pk])
    # No conversation and no right to send Bernd an offer before Bernd agrees.
    assert answer.opened_conversation_id is None and not Conversation.objects.exists()
    assert not rules.can_contact(anna, bernd, Intent.OFFER).allowed
    assert introduction.member_a_id == anna.pk and introduction.answer_a == "accepted"
    assert introduction.member_b_id == bernd.pk and introduction.introducer_id == maria.pk
    assert Notification.objects.filter(recipient=bernd, kind="introduction_received").exists()
    assert [m.to for m in mailoutbox] == [[bernd.email]]  # Anna already said yes
    page = client.get(reverse("asks:detail", args=[ask.pk]), **EN).content.decode()
    assert "Waiting for Bernd Berater to agree" in page
    api = client.get(f"/api/v1/requests/{ask.pk}/answers", **auth(anna)).json()
    assert api[0]["introduction_id"] == introduction.pk and api[0]["conversation_id"] is None

    introductions.answer_introduction(introduction, bernd, accept=True)
    answer.refresh_from_db()
    conversation = answer.introduction.conversation
    assert answer.opened_conversation_id == conversation.pk
    assert conversation.context_note == WHY
    assert {p.user_id for p in conversation.participants.all()} == {anna.pk, maria.pk, bernd.pk}
    messaging.send_message(conversation, bernd, Intent.OFFER, "Gern mache ich dir ein Angebot.")
    # Maria answered Anna's request: she may now write to Anna directly.
    messaging.start_conversation(maria, anna, Intent.QUESTION, "Noch eine Frage zu deinem Gesuch")


def test_a_declined_request_introduction_opens_nothing(people):
    from goodword.introductions import services as introductions
    from goodword.messaging import rules
    from goodword.messaging.models import Conversation

    anna, maria, bernd = people["anna"], people["maria"], people["bernd"]
    answer = services.answer_with_introduction(ask_for(anna), maria, bernd, WHY)
    answer = services.accept_answer(answer, anna)
    introductions.answer_introduction(answer.introduction, bernd, accept=False)
    assert not Conversation.objects.exists()
    assert not rules.can_contact(anna, bernd, Intent.OFFER).allowed
    assert not rules.can_contact(bernd, anna, Intent.OFFER).allowed


def test_opening_the_request_marks_its_answer_notifications_read(client, people):
    from goodword.notifications.models import Notification

    anna, maria, bernd = people["anna"], people["maria"], people["bernd"]
    ask, other = ask_for(anna), ask_for(anna)
    services.answer_with_introduction(ask, maria, bernd, WHY)
    services.answer_with_introduction(other, maria, bernd, WHY)
    unread = Notification.objects.filter(recipient=anna, read_at__isnull=True)
    assert unread.count() == 2

    client.force_login(maria)  # someone else looking changes nothing for Anna
    assert client.get(reverse("asks:detail", args=[ask.pk])).status_code == 200
    assert unread.count() == 2
    client.force_login(anna)
    assert client.get(reverse("asks:detail", args=[ask.pk])).status_code == 200
    assert list(unread.values_list("url", flat=True)) == [reverse("asks:detail", args=[other.pk])]


def test_offering_oneself_needs_the_askers_trust(client, people):
    anna, sven, maria = people["anna"], people["sven"], people["maria"]
    ask = ask_for(anna, Visibility.MEMBERS)
    client.force_login(sven)
    page = client.get(reverse("asks:detail", args=[ask.pk]), **EN).content.decode()
    assert "ask someone you both know to introduce you" in page
    response = client.post(
        reverse("asks:answer", args=[ask.pk]), {"kind": "offer", "text": WHY}, **EN
    )
    assert response.status_code == 403
    assert "only to members who already trust you" in response.content.decode()
    assert not Answer.objects.exists()
    api = client.post(
        f"/api/v1/requests/{ask.pk}/answers",
        {"kind": "offer", "text": WHY},
        content_type="application/json",
        **auth(sven),
    )
    assert api.status_code == 403
    assert "introduce" in api.json()["detail"]
    # Maria is trusted by Anna: her offer goes through, and accepting opens a conversation.
    client.force_login(maria)
    assert (
        client.post(
            reverse("asks:answer", args=[ask.pk]), {"kind": "offer", "text": WHY}
        ).status_code
        == 302
    )
    answer = services.accept_answer(Answer.objects.get(), anna)
    assert {p.user_id for p in answer.conversation.participants.all()} == {anna.pk, maria.pk}


def test_introducing_a_stranger_is_refused(client, people):
    ask = ask_for(people["anna"], Visibility.MEMBERS)
    client.force_login(people["maria"])
    response = client.post(
        reverse("asks:answer", args=[ask.pk]),
        {"kind": "introduce", "introduced": people["otto"].pk, "text": WHY},
        **EN,
    )
    assert response.status_code == 400
    assert "Please choose one of your trusted contacts." in response.content.decode()
    response = client.post(
        f"/api/v1/requests/{ask.pk}/answers",
        {"kind": "introduce", "introduced_id": people["otto"].pk, "text": WHY},
        content_type="application/json",
        **auth(people["maria"]),
    )
    assert response.status_code == 400
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    "data,message",
    [
        ({"kind": "introduce", "text": WHY}, "Please choose whom you recommend."),
        ({"kind": "gift", "text": WHY}, "Please choose how you want to help."),
        ({"kind": "offer", "text": "kurz"}, "Please say why in 20 to 2000 characters."),
    ],
)
def test_bad_answers_are_400(client, people, data, message):
    ask = ask_for(people["anna"])
    client.force_login(people["maria"])
    response = client.post(reverse("asks:answer", args=[ask.pk]), data, **EN)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Answer.objects.exists()


def test_cannot_answer_own_or_closed_requests(people):
    anna, maria = people["anna"], people["maria"]
    ask = ask_for(anna)
    with translation.override("en"):
        with pytest.raises(ValidationError, match="own request"):
            services.answer_with_offer(ask, anna, WHY)
        services.close_ask(ask, anna, resolved=False)
        with pytest.raises(ValidationError, match="closed"):
            services.answer_with_offer(ask, maria, WHY)


def test_answers_are_ranked_by_the_askers_trust_with_paths(client, people):
    anna, maria, bernd = people["anna"], people["maria"], people["bernd"]
    ask = ask_for(anna, Visibility.MEMBERS)
    far = UserFactory(display_name="Fritz Fern")
    recommend(far, bernd)
    services.answer_with_introduction(ask, far, bernd, WHY)  # not connected to Anna
    services.answer_with_introduction(ask, bernd, maria, WHY + " (2)")  # through Maria
    services.answer_with_offer(ask, maria, WHY + " (3)")  # Anna recommended Maria
    from django.core.cache import cache

    from goodword.trust.adapter import get_network

    get_network().reset()
    cache.clear()
    ranked = client.get(f"/api/v1/requests/{ask.pk}/answers", **auth(anna)).json()
    assert [a["author_id"] for a in ranked] == [maria.pk, bernd.pk, far.pk]
    assert ranked[0]["closeness"] == "close"
    assert "Maria Mittler" in ranked[1]["path"]
    # Others see only their own answers.
    mine = client.get(f"/api/v1/requests/{ask.pk}/answers", **auth(bernd)).json()
    assert [a["author_id"] for a in mine] == [bernd.pk]


def test_only_the_asker_decides_and_closes(client, people):
    anna, maria, bernd = people["anna"], people["maria"], people["bernd"]
    ask = ask_for(anna)
    answer = services.answer_with_introduction(ask, maria, bernd, WHY)
    client.force_login(bernd)  # sees the request, is not the asker
    assert client.post(reverse("asks:accept_answer", args=[answer.pk])).status_code == 404
    assert client.post(reverse("asks:decline_answer", args=[answer.pk])).status_code == 404
    assert client.post(reverse("asks:resolve", args=[ask.pk])).status_code == 403
    assert (
        client.post(f"/api/v1/requests/answers/{answer.pk}/accept", **auth(bernd)).status_code
        == 404
    )
    assert client.post(f"/api/v1/requests/{ask.pk}/withdraw", **auth(bernd)).status_code == 403
    client.force_login(people["otto"])  # cannot even see it
    assert client.post(reverse("asks:resolve", args=[ask.pk])).status_code == 404
    assert (
        client.post(
            reverse("asks:answer", args=[ask.pk]), {"kind": "offer", "text": WHY}
        ).status_code
        == 404
    )
    ask.refresh_from_db()
    answer.refresh_from_db()
    assert ask.status == AskStatus.OPEN and answer.status == AnswerStatus.PENDING
    client.force_login(anna)
    assert client.get(reverse("asks:accept_answer", args=[answer.pk])).status_code == 405
    assert client.post(reverse("asks:decline_answer", args=[answer.pk])).status_code == 302
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.DECLINED
    assert client.post(reverse("asks:withdraw", args=[ask.pk])).status_code == 302
    ask.refresh_from_db()
    assert ask.status == AskStatus.WITHDRAWN


def test_api_post_and_bad_input(client, people):
    h = auth(people["anna"])
    response = client.post(
        "/api/v1/requests",
        {"title": "Hilfe", "text": TEXT, "remote": True, "topics": ["Recht"]},
        content_type="application/json",
        **h,
    )
    assert response.status_code == 201
    assert response.json()["topics"] == ["Recht"]
    bad = client.post(
        "/api/v1/requests", {"title": "Hilfe", "text": TEXT}, content_type="application/json", **h
    )
    assert bad.status_code == 400
    assert "remote" in bad.json()["detail"]
    assert Ask.objects.count() == 1
    assert [a["title"] for a in client.get("/api/v1/requests", **h).json()] == ["Hilfe"]


def test_request_list_query_count_is_flat(client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    anna, maria = people["anna"], people["maria"]
    client.force_login(maria)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("asks:list")).status_code == 200
        return len(ctx.captured_queries)

    ask_for(anna)
    ask_for(maria)
    few = count()
    ask_for(anna)
    ask_for(maria)
    assert count() == few


def test_the_visibility_reads_right_for_the_asker_and_for_others(client, people):
    ask = ask_for(people["anna"])
    url = reverse("asks:detail", args=[ask.pk])
    client.force_login(people["maria"])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Sichtbar für Vertraute der fragenden Person und deren Vertraute" in html
    assert "denen ich vertraue" not in html
    client.force_login(people["anna"])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Menschen, denen ich vertraue, und deren Vertraute" in html
    assert "Antworten, nach Nähe zu dir geordnet" in html
