"""Introductions: services, pages and API, including the cold-pitch scenario end to end."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from goodword.api.services import create_token
from goodword.introductions import services
from goodword.introductions.models import Introduction, Status
from goodword.messaging import services as messaging
from goodword.messaging.models import Conversation, Intent, Message, Origin
from goodword.messaging.tests.helpers import recommend

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NOTE = "Anna sucht Hilfe bei Versicherungen für ihre Werkstatt, Sven kennt sich da aus."


@pytest.fixture
def network(anna, sven, maria):
    """Maria knows both and recommended both; Anna and Sven have no trust path to each other."""
    recommend(maria, anna)
    recommend(maria, sven)
    return anna, sven, maria


# Services ----------------------------------------------------------------------------------


def test_both_accepting_opens_a_conversation_with_the_note(network):
    anna, sven, maria = network
    intro = services.introduce(maria, anna, sven, NOTE)
    assert intro.status == Status.PENDING
    intro = services.answer_introduction(intro, anna, accept=True)
    assert intro.status == Status.PENDING and intro.conversation is None
    intro = services.answer_introduction(intro, sven, accept=True)
    assert intro.status == Status.ACCEPTED
    conversation = intro.conversation
    assert conversation.origin == Origin.INTRODUCTION
    assert conversation.context_note == NOTE
    assert conversation.context_author == maria
    assert {p.user_id for p in conversation.participants.all()} == {anna.pk, sven.pk, maria.pk}
    messaging.send_message(conversation, sven, Intent.OFFER, "Darf ich dir was anbieten?")


def test_a_decline_closes_it_and_opens_nothing(network):
    anna, sven, maria = network
    intro = services.introduce(maria, anna, sven, NOTE)
    services.answer_introduction(intro, sven, accept=True)
    intro = services.answer_introduction(intro, anna, accept=False)
    assert intro.status == Status.DECLINED
    assert not Conversation.objects.exists()
    with pytest.raises(ValidationError):
        services.answer_introduction(intro, anna, accept=True)
    with pytest.raises(messaging.ContactRefused):
        messaging.start_conversation(sven, anna, Intent.QUESTION, "Trotzdem?")


def test_only_trusted_contacts_can_be_introduced(anna, sven, maria, outsider):
    recommend(maria, sven)
    with pytest.raises(ValidationError) as excinfo:
        services.introduce(maria, anna, sven, NOTE)
    assert "member_a" in excinfo.value.message_dict
    # An outsider cannot introduce anybody to anybody.
    with pytest.raises(ValidationError):
        services.introduce(outsider, anna, sven, NOTE)
    assert not Introduction.objects.exists()


def test_being_recommended_by_someone_makes_them_a_contact(anna, sven, maria):
    recommend(anna, maria)  # Anna recommended Maria: Anna is Maria's contact
    recommend(sven, maria)
    assert services.introduce(maria, anna, sven, NOTE)


@pytest.mark.parametrize(
    "note,fragment", [("zu kurz", "at least 20"), ("x" * 2001, "at most 2000")]
)
def test_note_length(network, note, fragment):
    anna, sven, maria = network
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.introduce(maria, anna, sven, note)
    assert fragment in str(excinfo.value)


def test_same_member_twice_self_and_duplicates_are_refused(network):
    anna, sven, maria = network
    with pytest.raises(ValidationError):
        services.introduce(maria, anna, anna, NOTE)
    with pytest.raises(ValidationError):
        services.introduce(maria, maria, anna, NOTE)
    services.introduce(maria, anna, sven, NOTE)
    with pytest.raises(ValidationError):
        services.introduce(maria, sven, anna, NOTE)
    assert Introduction.objects.count() == 1


def test_a_block_between_them_refuses_without_saying_who(network):
    anna, sven, maria = network
    messaging.block_member(anna, sven)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.introduce(maria, anna, sven, NOTE)
    text = " ".join(excinfo.value.messages)
    assert "block" not in text.lower()
    assert "Anna" not in text and "Sven" not in text


def test_only_the_right_people_answer_or_withdraw(network, outsider):
    anna, sven, maria = network
    intro = services.introduce(maria, anna, sven, NOTE)
    with pytest.raises(PermissionDenied):
        services.answer_introduction(intro, maria, accept=True)
    with pytest.raises(PermissionDenied):
        services.answer_introduction(intro, outsider, accept=True)
    with pytest.raises(PermissionDenied):
        services.withdraw_introduction(intro, anna)
    intro = services.withdraw_introduction(intro, maria)
    assert intro.status == Status.WITHDRAWN
    with pytest.raises(ValidationError):
        services.answer_introduction(intro, anna, accept=True)


# Pages: the cold-pitch scenario -------------------------------------------------------------


def test_cold_pitch_then_introduction_through_the_pages(client, network):
    anna, sven, maria = network
    compose = reverse("messaging:compose", args=[anna.pk])
    client.force_login(sven)
    for intent in ("question", "offer"):
        refused = client.post(compose, {"intent": intent, "text": "Versicherung?"}, **EN)
        assert refused.status_code == 403
        assert "introduce" in refused.content.decode()
    assert not Message.objects.exists()

    client.force_login(maria)
    page = client.get(reverse("introductions:new") + f"?a={anna.pk}&b={sven.pk}", **EN)
    assert page.status_code == 200
    assert "Anna Adler" in page.content.decode() and "Sven Seller" in page.content.decode()
    response = client.post(
        reverse("introductions:new"),
        {"member_a": anna.pk, "member_b": sven.pk, "note": NOTE},
    )
    assert response.status_code == 302
    intro = Introduction.objects.get()

    client.force_login(anna)
    listing = client.get(reverse("introductions:list"), **EN).content.decode()
    assert "Maria Mittler introduces you to Sven Seller" in listing
    assert client.post(reverse("introductions:accept", args=[intro.pk])).status_code == 302
    client.force_login(sven)
    response = client.post(reverse("introductions:accept", args=[intro.pk]))
    intro.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:conversation", args=[intro.conversation_id])
    thread = client.get(response["Location"], **EN).content.decode()
    assert "Maria Mittler introduced you" in thread and NOTE in thread

    # Now the message, and even the offer, go through.
    response = client.post(compose, {"intent": "offer", "text": "Mein Angebot für dich"})
    assert response.status_code == 302
    assert Message.objects.filter(sender=sven, intent="offer").exists()


def test_htmx_accept_returns_the_card(client, network):
    anna, sven, maria = network
    intro = services.introduce(maria, anna, sven, NOTE)
    client.force_login(anna)
    response = client.post(
        reverse("introductions:accept", args=[intro.pk]), HTTP_HX_REQUEST="true", **EN
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<article")
    assert "You accepted. Waiting for the other member." in html


def test_opening_the_introduction_marks_its_notification_read(client, network):
    from goodword.notifications.models import Notification

    anna, sven, maria = network
    intro = services.introduce(maria, anna, sven, NOTE)
    detail = reverse("introductions:detail", args=[intro.pk])
    unread = Notification.objects.filter(read_at__isnull=True, url=detail)
    assert set(unread.values_list("recipient", flat=True)) == {anna.pk, sven.pk}
    client.force_login(anna)
    assert client.get(detail).status_code == 200
    assert set(unread.values_list("recipient", flat=True)) == {sven.pk}  # only Anna has looked


def test_form_bad_input_is_400_with_messages(client, network, outsider):
    anna, sven, maria = network
    client.force_login(maria)
    url = reverse("introductions:new")
    response = client.post(url, {"member_a": anna.pk, "member_b": outsider.pk, "note": NOTE}, **EN)
    assert response.status_code == 400
    assert "Please choose one of your trusted contacts." in response.content.decode()
    response = client.post(url, {"member_a": anna.pk, "member_b": sven.pk, "note": "kurz"})
    assert response.status_code == 400
    assert "mindestens 20 Zeichen" in response.content.decode()
    response = client.post(url, {"member_a": anna.pk, "member_b": anna.pk, "note": NOTE}, **EN)
    assert response.status_code == 400
    assert "two different members" in response.content.decode()
    assert not Introduction.objects.exists()


def test_permission_matrix_pages(client, network, outsider):
    anna, sven, maria = network
    intro = services.introduce(maria, anna, sven, NOTE)
    detail = reverse("introductions:detail", args=[intro.pk])
    posts = [
        reverse("introductions:accept", args=[intro.pk]),
        reverse("introductions:decline", args=[intro.pk]),
        reverse("introductions:withdraw", args=[intro.pk]),
    ]
    # Anonymous: to the login page.
    for url in [reverse("introductions:list"), reverse("introductions:new"), detail]:
        assert reverse("account_login") in client.get(url)["Location"]
    for url in posts:
        assert reverse("account_login") in client.post(url)["Location"]
    # Outsider: 404 everywhere, and nothing in their list.
    client.force_login(outsider)
    assert client.get(detail).status_code == 404
    for url in posts:
        assert client.post(url).status_code == 404
    assert NOTE not in client.get(reverse("introductions:list")).content.decode()
    # GET on actions is not allowed.
    client.force_login(anna)
    for url in posts:
        assert client.get(url).status_code == 405
    # The introducer cannot accept for them; an introduced member cannot withdraw.
    client.force_login(maria)
    assert client.post(posts[0]).status_code == 403
    client.force_login(anna)
    assert client.post(posts[2]).status_code == 403
    assert client.get(detail).status_code == 200
    intro.refresh_from_db()
    assert intro.status == Status.PENDING and intro.answer_a == "pending"
    assert client.get(reverse("introductions:detail", args=[999999])).status_code == 404


# API -------------------------------------------------------------------------------------


def auth(user) -> dict:
    _token, secret = create_token(user, "t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_cold_pitch_then_introduction_through_the_api(client, network):
    anna, sven, maria = network
    first = {"recipient_id": anna.pk, "intent": "offer", "text": "Versicherung?"}
    refused = client.post(
        "/api/v1/messaging/conversations", first, content_type="application/json", **auth(sven)
    )
    assert refused.status_code == 403
    assert refused.json()["reason_code"] == "offer_not_earned"

    response = client.post(
        "/api/v1/introductions",
        {"member_a_id": anna.pk, "member_b_id": sven.pk, "note": NOTE},
        content_type="application/json",
        **auth(maria),
    )
    assert response.status_code == 201, response.content
    intro_id = response.json()["id"]
    assert client.post(f"/api/v1/introductions/{intro_id}/accept", **auth(anna)).status_code == 200
    accepted = client.post(f"/api/v1/introductions/{intro_id}/accept", **auth(sven)).json()
    assert accepted["status"] == "accepted" and accepted["conversation_id"]

    sent = client.post(
        "/api/v1/messaging/conversations", first, content_type="application/json", **auth(sven)
    )
    assert sent.status_code == 201


def test_api_permission_matrix_and_bad_input(client, network, outsider):
    anna, sven, maria = network
    intro = services.introduce(maria, anna, sven, NOTE)
    base = f"/api/v1/introductions/{intro.pk}"
    for method, url in [
        ("get", "/api/v1/introductions"),
        ("post", "/api/v1/introductions"),
        ("get", base),
        ("post", f"{base}/accept"),
        ("post", f"{base}/decline"),
        ("post", f"{base}/withdraw"),
    ]:
        assert getattr(client, method)(url).status_code == 401
    h = auth(outsider)
    assert client.get(base, **h).status_code == 404
    for action in ("accept", "decline", "withdraw"):
        assert client.post(f"{base}/{action}", **h).status_code == 404
    assert client.get("/api/v1/introductions", **h).json() == []
    assert client.post(f"{base}/accept", **auth(maria)).status_code == 403
    assert client.post(f"{base}/withdraw", **auth(anna)).status_code == 403
    bad = client.post(
        "/api/v1/introductions",
        {"member_a_id": anna.pk, "member_b_id": sven.pk, "note": "kurz"},
        content_type="application/json",
        **auth(maria),
    )
    assert bad.status_code == 400
    assert "at least 20 characters" in bad.json()["detail"]
    missing = client.post(
        "/api/v1/introductions",
        {"member_a_id": 999999, "member_b_id": sven.pk, "note": NOTE},
        content_type="application/json",
        **auth(maria),
    )
    assert missing.status_code == 404
    assert Introduction.objects.count() == 1


def test_introduction_list_query_count_is_flat(client, network):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from goodword.accounts.tests.factories import UserFactory

    anna, sven, maria = network
    client.force_login(maria)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("introductions:list")).status_code == 200
        return len(ctx.captured_queries)

    services.introduce(maria, anna, sven, NOTE)
    few = count()
    for _ in range(3):
        other = UserFactory()
        recommend(maria, other)
        services.introduce(maria, anna, other, NOTE)
    assert count() == few
