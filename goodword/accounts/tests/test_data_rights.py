"""GDPR: members can download their data and delete their account."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from goodword.accounts.models import Profile
from goodword.accounts.services import delete_account, export_member_data
from goodword.api.models import ApiToken
from goodword.api.services import create_token
from goodword.recommendations.models import Recommendation, Status
from goodword.recommendations.tests.factories import RecommendationFactory
from goodword.topics.models import Topic

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def network():
    """Me, a friend I recommended, a colleague who recommended me, and two strangers."""
    me = UserFactory(email="me@example.org", display_name="Mia Muster", city="Köln")
    friend = UserFactory(email="friend@example.org", display_name="Fritz Freund")
    colleague = UserFactory(email="colleague@example.org", display_name="Clara Kollegin")
    stranger_a = UserFactory(email="stranger-a@example.org", display_name="Anton Fremd")
    stranger_b = UserFactory(email="stranger-b@example.org", display_name="Berta Fremd")
    given = RecommendationFactory(author=me, subject=friend, status=Status.ACCEPTED)
    received = RecommendationFactory(
        author=colleague, subject=me, status=Status.PENDING, text="Mia rettet jedes Projekt."
    )
    unrelated = RecommendationFactory(
        author=stranger_a, subject=stranger_b, status=Status.ACCEPTED, text="Geheimnis Fremder."
    )
    create_token(me, "laptop")
    create_token(friend, "friend's token")
    return {
        "me": me,
        "friend": friend,
        "given": given,
        "received": received,
        "unrelated": unrelated,
    }


def test_export_contains_my_data(network):
    data = export_member_data(network["me"])
    assert data["account"]["email"] == "me@example.org"
    assert data["profile"]["display_name"] == "Mia Muster"
    assert data["profile"]["city"] == "Köln"
    assert [r["id"] for r in data["recommendations_given"]] == [network["given"].pk]
    assert [r["id"] for r in data["recommendations_received"]] == [network["received"].pk]
    assert data["recommendations_received"][0]["text"] == "Mia rettet jedes Projekt."
    assert [t["name"] for t in data["api_tokens"]] == ["laptop"]
    json.dumps(data)  # serialisable as it is


def test_export_contains_nothing_private_of_others(network):
    text = json.dumps(export_member_data(network["me"]), ensure_ascii=False)
    for private in ("friend@example.org", "colleague@example.org", "stranger-a@example.org"):
        assert private not in text
    assert "Geheimnis Fremder" not in text
    assert "Anton Fremd" not in text
    assert "friend's token" not in text
    assert "token_hash" not in text
    # Others appear only by id and public name.
    assert network["given"].subject.profile.display_name in text


def test_export_download_over_http(client, network):
    client.force_login(network["me"])
    assert client.get(reverse("accounts:export")).status_code == 405
    response = client.post(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["id"] == network["me"].pk


def test_export_needs_login(client):
    response = client.post(reverse("accounts:export"))
    assert response.status_code == 302


def test_delete_account_service_checks_the_password(network):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        delete_account(network["me"], password="wrong")
    assert User.objects.filter(pk=network["me"].pk).exists()


def test_delete_account_erases_the_member_and_what_is_personal_to_them(client, network):
    me = network["me"]
    client.force_login(me)
    page = client.get(reverse("accounts:delete"), HTTP_ACCEPT_LANGUAGE="de")
    assert page.status_code == 200
    assert "Art. 17 Abs. 3 DSGVO" in page.content.decode()  # what stays, and why
    response = client.post(
        reverse("accounts:delete"), {"password": DEFAULT_PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    # The row stays as an anonymous placeholder: no e-mail, no name, no login.
    ghost = User.objects.get(pk=me.pk)
    assert ghost.deleted_at is not None and not ghost.is_active
    assert "example.org" not in ghost.email and not ghost.has_usable_password()
    assert not ghost.emailaddress_set.exists()
    profile = Profile.objects.get(pk=me.pk)
    assert (profile.display_name, profile.city, list(profile.topics.all())) == ("", "", [])
    with translation.override("de"):
        assert str(ghost) == "ein gelöschtes Mitglied"
    with translation.override("en"):
        assert str(ghost) == "a deleted member"
    assert not Recommendation.objects.filter(pk__in=[network["given"].pk, network["received"].pk])
    assert not ApiToken.objects.filter(user_id=me.pk).exists()
    # Others are untouched; the shared vocabulary stays.
    assert Recommendation.objects.filter(pk=network["unrelated"].pk).exists()
    assert User.objects.filter(pk=network["friend"].pk).exists()
    assert Topic.objects.exists()
    # Logged out, the profile is gone, and nobody can log in as the placeholder.
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:profile", args=[me.pk])).status_code == 404
    assert not ghost.check_password(DEFAULT_PASSWORD)


def test_deleting_an_account_keeps_other_peoples_records(client, earned_contact):
    """Referrals, requests, answers, introductions and conversations (with everybody's
    messages) stay, attributed to a deleted member; the giver's public counts do not drop."""
    from goodword.asks.models import Answer, Ask
    from goodword.introductions.models import Introduction
    from goodword.messaging.models import Message
    from goodword.referrals.models import Referral
    from goodword.referrals.queries import get_referral_counts
    from goodword.trust.models import TrustMark

    me, friend = earned_contact["me"], earned_contact["friend"]
    counts = get_referral_counts(friend)
    answers, intros = Answer.objects.count(), Introduction.objects.count()
    messages = Message.objects.count()
    from goodword.notifications.models import Notification

    Notification.objects.create(recipient=friend, actor=me, kind="message_received", url="/")
    delete_account(me, password=DEFAULT_PASSWORD)
    assert get_referral_counts(friend) == counts  # "passed N referrals" stays N
    assert Referral.objects.filter(pk=earned_contact["received"].pk).exists()
    assert Referral.objects.filter(pk=earned_contact["given"].pk).exists()
    assert (Answer.objects.count(), Introduction.objects.count()) == (answers, intros)
    assert Message.objects.count() == messages
    assert Message.objects.filter(sender=me, text="Gern, Fritz!").exists()
    ask = Ask.objects.get(pk=earned_contact["ask"].pk)
    assert ask.status == "withdrawn"  # nobody answers into the void
    assert not Introduction.objects.filter(status="pending", introducer=me).exists()
    assert not TrustMark.objects.filter(member=me).exists()
    # Fritz still reads his conversation, with my message, from "a deleted member".
    client.force_login(friend)
    html = client.get(
        reverse("messaging:conversation", args=[earned_contact["conversation"].pk]),
        HTTP_ACCEPT_LANGUAGE="de",
    ).content.decode()
    assert "Gern, Fritz!" in html and "ein gelöschtes Mitglied" in html
    assert "Mia Muster" not in html and "me@example.org" not in html
    notices = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="de")
    assert "ein gelöschtes Mitglied" in notices.content.decode()
    # Nothing new reaches the deleted member.
    from goodword.messaging import rules
    from goodword.messaging.models import Intent

    me.refresh_from_db()
    decision = rules.can_contact(friend, me, Intent.QUESTION)
    assert not decision.allowed and decision.reason_code == rules.GONE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password": "wrong", "confirm": "on"}, "Das ist nicht dein aktuelles Passwort."),
        ({"password": DEFAULT_PASSWORD}, "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_delete_account_refuses_without_password_and_confirmation(client, network, data, message):
    client.force_login(network["me"])
    response = client.post(reverse("accounts:delete"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.filter(pk=network["me"].pk).exists()


def test_settings_page_links_everything(client):
    client.force_login(UserFactory())
    html = client.get(reverse("accounts:settings")).content.decode()
    for name in (
        "accounts:profile_edit",
        "account_email",
        "account_change_password",
        "api_tokens:list",
        "subscriptions:preferences",
        "messaging:settings",
        "accounts:export",
        "accounts:delete",
    ):
        assert f'"{reverse(name)}"' in html, name


def test_settings_need_login(client):
    for name in ("accounts:settings", "accounts:delete", "accounts:profile_edit"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


@pytest.fixture
def earned_contact(network):
    """Conversations, requests, introductions and referrals around me, and some without me."""
    from decimal import Decimal

    from goodword.asks.models import Answer, AnswerKind, Ask
    from goodword.introductions.models import Introduction
    from goodword.messaging.models import Conversation, Intent, Message, Origin, Participant
    from goodword.referrals.models import Referral, ReferralStatus
    from goodword.trust.models import MarkLevel, TrustMark

    me, friend = network["me"], network["friend"]
    stranger = UserFactory(email="stranger-c@example.org", display_name="Carl Fremd")
    other = UserFactory(email="other@example.org", display_name="Olga Anders")

    def conversation(a, b, text):
        c = Conversation.objects.create(started_by=a, origin=Origin.DIRECT)
        Participant.objects.bulk_create(
            [Participant(conversation=c, user=a), Participant(conversation=c, user=b)]
        )
        Message.objects.create(conversation=c, sender=a, intent=Intent.QUESTION, text=text)
        return c

    mine = conversation(friend, me, "Hallo Mia, eine Frage zur Werkstatt.")
    Message.objects.create(conversation=mine, sender=me, intent=Intent.ADVICE, text="Gern, Fritz!")
    conversation(friend, stranger, "Geheimes Gespräch ohne Mia.")
    ask = Ask.objects.create(author=me, title="Steuerberaterin gesucht", text="x" * 30, city="Köln")
    Answer.objects.create(ask=ask, author=friend, kind=AnswerKind.OFFER, text="Ich helfe dir gern!")
    their_ask = Ask.objects.create(author=friend, title="Fritz sucht", text="y" * 30, remote=True)
    Answer.objects.create(
        ask=their_ask, author=me, kind=AnswerKind.INTRODUCE, introduced=other, text="Olga kann das."
    )
    Answer.objects.create(
        ask=their_ask, author=stranger, kind=AnswerKind.OFFER, text="Fremde Hilfe"
    )
    Introduction.objects.create(introducer=me, member_a=friend, member_b=other, note="n" * 25)
    Introduction.objects.create(introducer=friend, member_a=me, member_b=other, note="m" * 25)
    Introduction.objects.create(
        introducer=friend, member_a=stranger, member_b=other, note="Fremde Vorstellung ohne Mia"
    )
    need = "Ein Bäcker sucht eine neue Werkstatt."
    given = Referral.objects.create(
        giver=me,
        receiver=friend,
        need=need,
        contact_name="Bernd",
        status=ReferralStatus.WON,
        amount=Decimal("77777.00"),
    )
    received = Referral.objects.create(
        giver=friend,
        receiver=me,
        need=need,
        contact_name="Berta",
        status=ReferralStatus.WON,
        amount=Decimal("4321.00"),
    )
    Referral.objects.create(giver=friend, receiver=stranger, need=need, contact_name="Geheim-Kunde")
    # Others' private marks about me, and mine about others, are never part of my export.
    TrustMark.objects.create(marker=friend, member=me, level=MarkLevel.WOULD_NOT_RECOMMEND)
    TrustMark.objects.create(marker=stranger, member=me, level=MarkLevel.VOUCH)
    return {**network, "conversation": mine, "ask": ask, "given": given, "received": received}


def test_export_contains_my_conversations_requests_introductions_and_referrals(earned_contact):
    me = earned_contact["me"]
    data = export_member_data(me)
    [conversation] = data["conversations"]
    assert conversation["id"] == earned_contact["conversation"].pk
    assert [m["text"] for m in conversation["messages"]] == [
        "Hallo Mia, eine Frage zur Werkstatt.",
        "Gern, Fritz!",
    ]
    [ask] = data["requests"]
    assert ask["title"] == "Steuerberaterin gesucht"
    assert [a["text"] for a in ask["answers"]] == ["Ich helfe dir gern!"]
    assert [a["text"] for a in data["answers_given"]] == ["Olga kann das."]
    assert len(data["introductions"]) == 2
    assert {i["introducer"]["id"] for i in data["introductions"]} == {
        me.pk,
        earned_contact["friend"].pk,
    }
    [given] = data["referrals_given"]
    assert given["id"] == earned_contact["given"].pk
    assert "amount" not in given  # the amount belongs to the receiver
    [received] = data["referrals_received"]
    assert received["amount"] == "4321.00"
    json.dumps(data)


def test_export_never_contains_others_private_marks_or_conversations(earned_contact):
    from goodword.trust.models import MarkLevel

    data = export_member_data(earned_contact["me"])
    assert data["trust_marks"] == []  # marks *about* me are not mine to see
    del data["trust_marks"]
    text = json.dumps(data, ensure_ascii=False)
    for secret in (
        "Geheimes Gespräch ohne Mia",
        "Fremde Hilfe",
        "Fremde Vorstellung ohne Mia",
        "Geheim-Kunde",
        "77777",
        "stranger-c@example.org",
        "other@example.org",
    ):
        assert secret not in text, secret
    for value, label in MarkLevel.choices:
        assert value not in text and str(label) not in text
    assert "trust_mark" not in text and "marker" not in text


def test_export_contains_my_own_trust_marks(earned_contact):
    from goodword.trust.models import MarkLevel, TrustMark

    me, friend = earned_contact["me"], earned_contact["friend"]
    TrustMark.objects.create(marker=me, member=friend, level=MarkLevel.VOUCH)
    data = export_member_data(me)
    assert [(m["member_id"], m["level"]) for m in data["trust_marks"]] == [
        (friend.pk, MarkLevel.VOUCH)
    ]
    json.dumps(data)


def test_deleting_an_account_drops_its_trust_edges(client, django_capture_on_commit_callbacks):
    from goodword.trust.models import TrustEdgeChange
    from goodword.trust.services import set_trust_mark

    member = UserFactory()
    other = UserFactory()
    set_trust_mark(member, other, "vouch")
    before = TrustEdgeChange.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(member, password=DEFAULT_PASSWORD)
    assert TrustEdgeChange.objects.count() > before
