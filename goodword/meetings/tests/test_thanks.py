"""After a meeting, "who helped you?" prompts a thank-you: a member who noted a helper may send
them a thank-you (and only that) even where contact is not yet earned (`hooks.CONTACT_GROUND`);
blocks and a moderator's restriction still come first, and the note works one way only."""

import pytest
from django.urls import reverse

from goodword.accounts.tests.factories import UserFactory
from goodword.meetings import services
from goodword.messaging import rules
from goodword.messaging.models import Conversation, Intent
from goodword.messaging.services import block_member
from goodword.moderation.models import Action, Ground
from goodword.moderation.services import grant_moderator, take_action

from .factories import circle_with, held, schedule

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def met():
    """Mara attended a held meeting with Frida, who helped her; no other contact."""
    circle, frida, (mara,) = circle_with(1)
    meeting = schedule(frida, circle)
    for member in (frida, mara):
        services.answer_meeting(meeting, member, "yes")
    held(meeting)
    return meeting, frida, mara


def test_only_a_noted_helper_may_be_thanked_and_only_thanked(client, met):
    meeting, frida, mara = met
    assert not rules.can_contact(mara, frida, Intent.THANKS).allowed
    services.note_helper(meeting, mara, frida)

    assert rules.can_contact(mara, frida, Intent.THANKS).allowed
    assert not rules.can_contact(mara, frida, Intent.QUESTION).allowed
    assert not rules.can_contact(mara, frida, Intent.OFFER).allowed
    assert not rules.can_contact(frida, mara, Intent.THANKS).allowed  # one way only

    client.force_login(mara)
    url = reverse("messaging:compose", args=[frida.pk])
    page = client.get(f"{url}?intent=thanks", **EN).content.decode()
    assert "helped you at" in page and 'value="thanks"' in page
    assert 'value="question"' not in page and 'value="offer"' not in page
    plain = client.get(url, **EN).content.decode()
    assert "contact is earned" in plain and "<textarea" not in plain

    response = client.post(url, {"intent": "question", "text": "Hast du Zeit für ein Projekt?"})
    assert response.status_code == 403
    assert not Conversation.objects.exists()
    response = client.post(url, {"intent": "thanks", "text": "Danke für deinen Tipp!"})
    assert response.status_code == 302
    assert Conversation.objects.get().messages.get().intent == Intent.THANKS


@pytest.mark.parametrize("who_blocks", ["mara", "frida"])
def test_blocks_hold_for_the_thank_you(client, met, who_blocks):
    meeting, frida, mara = met
    services.note_helper(meeting, mara, frida)
    if who_blocks == "mara":
        block_member(mara, frida)
    else:
        block_member(frida, mara)
    assert not rules.can_contact(mara, frida, Intent.THANKS).allowed
    client.force_login(mara)
    url = reverse("messaging:compose", args=[frida.pk])
    assert client.post(url, {"intent": "thanks", "text": "Danke!"}).status_code == 403
    assert not Conversation.objects.exists()


def test_a_restricted_member_cannot_send_the_thank_you(met):
    meeting, frida, mara = met
    services.note_helper(meeting, mara, frida)
    moderator = UserFactory()
    grant_moderator(moderator)
    take_action(moderator, mara, Action.RESTRICT, Ground.SPAM, "Werbung in mehreren Kreisen.")
    decision = rules.can_contact(mara, frida, Intent.THANKS)
    assert not decision.allowed and decision.reason_code == rules.RESTRICTED
