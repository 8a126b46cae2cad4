"""The contact rules, in one place. HTML views, the API and other apps all ask `can_contact`
(new conversation) or `can_send_in` (a message in an existing one) and nothing else.

Documented in docs/contact-rules.md. Privacy: no decision depends on a private trust mark.
Permissions come only from public or explicit facts (accepted recommendations, trust through
them, introductions, answered requests, "offers welcome"), so no member can learn another's
mark by trying to write, offer or pass a lead (docs/trust-in-product.md, "Privacy model").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from goodword.core import hooks, members
from goodword.recommendations.models import Recommendation, Status
from goodword.trust.queries import get_trust_scores

from . import privileges
from .models import Block, ContactGrant, Conversation, Intent, OfferWelcome, Origin

# The recipient's personalised trust in the sender (trust engine scores run from 0 to 1) above
# which a member may start a conversation that is not an offer. With the default engine a member
# the recipient recommended directly scores about 0.8, a member recommended by one of those about
# 0.13 (more with several paths), and three steps away stays below 0.03: so 0.1 admits friends of
# friends who are vouched for, and nobody further away.
CONTACT_TRUST_THRESHOLD = 0.1

# Reason codes. Allowed: the first four; refused: the rest.
RECOMMENDED = "recommended"  # the recipient publicly recommended the sender
TRUSTED = "trusted"  # trust above the threshold through public recommendations
GRANTED = "granted"  # an accepted introduction or an answer to the recipient's request
OFFERS_WELCOME = "offers_welcome"  # the recipient welcomes offers from the sender
IN_CONVERSATION = "in_conversation"  # a reply in a conversation the sender is part of
SELF = "self"
BLOCKED = "blocked"  # the recipient blocked the sender
YOU_BLOCKED = "you_blocked"  # the sender blocked the recipient
RATE_LIMITED = "rate_limited"
NOT_CONNECTED = "not_connected"
OFFER_NOT_EARNED = "offer_not_earned"
GONE = "gone"  # the recipient deleted their account
RESTRICTED = "restricted"  # a moderator restricted the sender (core.members.restriction)
GROUND = "ground"  # an app above grants this first intent (hooks.CONTACT_GROUND)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason_code: str
    explanation: str


def _name(user) -> str:
    return str(user)


def _has_public_recommendation(recipient, sender) -> bool:
    return Recommendation.objects.filter(
        author=recipient, subject=sender, status=Status.ACCEPTED
    ).exists()


def _has_public_trust(recipient, sender) -> bool:
    """The recipient's trust in the sender above the threshold, computed from public
    recommendations alone (`public=True`: none of the recipient's private marks or referrals),
    so that neither an answer nor a refusal can tell the sender what the recipient marked.
    """
    scores = get_trust_scores(recipient, [sender.pk], public=True)
    return scores.get(sender.pk, 0.0) > CONTACT_TRUST_THRESHOLD


def trusts(viewer, member) -> bool:
    """Whether `viewer` publicly trusts `member`: a public recommendation, or trust above the
    threshold through public recommendations. Public facts only, because the answer decides
    what `member` may do (offer on `viewer`'s request) and so is observable by `member`. Other
    apps ask `goodword.core.members.trusts`, to which `messaging/hooks.py` contributes this."""
    return _has_public_recommendation(viewer, member) or _has_public_trust(viewer, member)


def _has_grant(recipient, sender) -> bool:
    return ContactGrant.objects.filter(grantor=recipient, grantee=sender).exists()


def _welcomes_offers(recipient, sender) -> bool:
    return OfferWelcome.objects.filter(owner=recipient, sender=sender).exists()


def block_decision(sender, recipient) -> Decision | None:
    if Block.objects.filter(blocker=recipient, blocked=sender).exists():
        return Decision(
            False,
            BLOCKED,
            _("%(name)s has blocked you. You cannot contact them on Goodword.")
            % {"name": _name(recipient)},
        )
    if Block.objects.filter(blocker=sender, blocked=recipient).exists():
        return Decision(
            False,
            YOU_BLOCKED,
            _("You have blocked %(name)s. Unblock them first if you want to write to them.")
            % {"name": _name(recipient)},
        )
    return None


def _rate_decision(sender, action: str) -> Decision | None:
    allowed, limit = privileges.within_limit(sender, action)
    if allowed:
        return None
    if action == privileges.CONVERSATION:
        text = ngettext(
            "You have started %(limit)s conversation in the last 24 hours, the most your "
            "account can start for now. Limits grow as members recommend you.",
            "You have started %(limit)s conversations in the last 24 hours, the most your "
            "account can start for now. Limits grow as members recommend you.",
            limit,
        )
    else:
        text = ngettext(
            "You have sent %(limit)s message in the last 24 hours, the most your account can "
            "send for now. Limits grow as members recommend you.",
            "You have sent %(limit)s messages in the last 24 hours, the most your account can "
            "send for now. Limits grow as members recommend you.",
            limit,
        )
    return Decision(False, RATE_LIMITED, text % {"limit": limit})


def _offer_refusal(recipient) -> Decision:
    return Decision(
        False,
        OFFER_NOT_EARNED,
        _(
            "You cannot send %(name)s an offer yet. An offer needs an introduction by someone "
            "you both know, an answer to one of %(name)s’s own requests, or %(name)s’s "
            "permission to send offers. Ask a mutual contact to introduce you."
        )
        % {"name": _name(recipient)},
    )


class ContactRefused(PermissionDenied):
    """The contact rules said no; carries the `Decision` with its explanation."""

    def __init__(self, decision: Decision):
        super().__init__(decision.explanation)
        self.decision = decision

    @property
    def status_code(self) -> int:
        """429 when the sender reached a limit (later it works), 403 for every other rule."""
        return 429 if self.decision.reason_code == RATE_LIMITED else 403


def _gone_decision(recipient) -> Decision | None:
    if recipient.is_active:
        return None
    return Decision(False, GONE, _("This member is no longer on Goodword."))


def restriction_decision(sender) -> Decision | None:
    """A moderator's restriction or suspension of the sender (`core.members.restriction`)."""
    reason = members.restriction(sender)
    return Decision(False, RESTRICTED, reason) if reason else None


def _reach_decision(sender, recipient) -> Decision | None:
    """`core.members.reach_refusal` as a `Decision`: a sender a moderator restricted, a
    recipient who left, or a block either way (the blocks are what messaging contributes to it
    through `hooks.py`)."""
    return (
        restriction_decision(sender)
        or _gone_decision(recipient)
        or block_decision(sender, recipient)
    )


def can_contact(sender, recipient, intent: str) -> Decision:
    """May `sender` start a conversation with `recipient` whose first message has `intent`?

    Allowed when the recipient publicly recommended the sender, trusts them through public
    recommendations above `CONTACT_TRUST_THRESHOLD`, accepted an introduction to them, or had
    their open request answered by them (a `ContactGrant`), or an app above grants the intent
    (`hooks.CONTACT_GROUND`, e.g. thanks to someone who helped the sender at a meeting). An
    offer needs a grant or the recipient's "offers welcome from" setting. Blocks and rate
    limits come first.
    """
    if intent not in Intent.values:
        raise ValueError(f"unknown intent {intent!r}")
    if sender.pk == recipient.pk:
        return Decision(False, SELF, _("You cannot start a conversation with yourself."))
    refusal = _reach_decision(sender, recipient)
    if refusal is None:
        refusal = _rate_decision(sender, privileges.CONVERSATION)
    if refusal is not None:
        return refusal
    if _has_grant(recipient, sender):
        return Decision(
            True,
            GRANTED,
            _("%(name)s agreed to hear from you through an introduction or a request.")
            % {"name": _name(recipient)},
        )
    if _welcomes_offers(recipient, sender):
        return Decision(
            True,
            OFFERS_WELCOME,
            _("%(name)s welcomes offers from you.") % {"name": _name(recipient)},
        )
    if intent == Intent.OFFER:
        return _offer_refusal(recipient)
    if _has_public_recommendation(recipient, sender):
        return Decision(
            True, RECOMMENDED, _("%(name)s recommended you.") % {"name": _name(recipient)}
        )
    if _has_public_trust(recipient, sender):
        return Decision(
            True,
            TRUSTED,
            _("You and %(name)s are closely connected.") % {"name": _name(recipient)},
        )
    for ground in hooks.get_hooks(hooks.CONTACT_GROUND):
        explanation = ground(sender, recipient, intent)
        if explanation:
            return Decision(True, GROUND, explanation)
    return Decision(
        False,
        NOT_CONNECTED,
        _(
            "You cannot write to %(name)s yet: on Goodword, contact is earned. Ask someone you "
            "both know to introduce you, or answer one of %(name)s’s open requests."
        )
        % {"name": _name(recipient)},
    )


def can_send_in(conversation: Conversation, sender, intent: str) -> Decision:
    """May `sender`, a participant, add a message with `intent` to `conversation`?

    Any intent may follow once a conversation exists, except that an offer needs what it needs
    for a new conversation, unless another participant started the conversation or it rests on
    an introduction or a request. A block by any other participant refuses everything.
    """
    if intent not in Intent.values:
        raise ValueError(f"unknown intent {intent!r}")
    others = [p.user for p in conversation.participants.select_related("user__profile")]
    others = [u for u in others if u.pk != sender.pk]
    refusal = restriction_decision(sender)
    if refusal is not None:
        return refusal
    for other in others:
        refusal = block_decision(sender, other)
        if refusal is not None:
            return refusal
    refusal = _rate_decision(sender, privileges.MESSAGE)
    if refusal is not None:
        return refusal
    if intent == Intent.OFFER:
        invited = conversation.origin != Origin.DIRECT or conversation.started_by_id != sender.pk
        if not invited:
            for other in others:
                if not (_has_grant(other, sender) or _welcomes_offers(other, sender)):
                    return _offer_refusal(other)
    return Decision(True, IN_CONVERSATION, "")
