"""The numbers behind invitations, in one place (documented in docs/invitations.md and in the
privilege table of docs/contact-rules.md; change both together)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The trust edge of an accepted invitation, both ways (inviter→invitee: the first good word;
# invitee→inviter: the newcomer's way into the network). Below the weakest accepted
# recommendation ("other", met this year: 0.5 × 0.6 = 0.3), and it does not fade.
INVITATION_EDGE_WEIGHT = 0.25

# Quota: how many invitations a member may have in use (waiting, or accepted within the last
# QUOTA_WINDOW_DAYS). New accounts (`core.members.is_new_account`) have none.
QUOTA_BASE = 1
QUOTA_RECOMMENDERS_MAX = 3  # +1 per member who publicly recommended you, up to 3
QUOTA_QUARTER_DAYS = 90
QUOTA_QUARTERS_MAX = 4  # +1 per full 90 days of membership, up to 4
QUOTA_WINDOW_DAYS = 365

# The branch rule: when this many distinct members invited by you, or by someone you invited,
# were hidden, restricted or suspended within BRANCH_WINDOW_DAYS, you lose invitation rights.
BRANCH_SANCTION_LIMIT = 2
BRANCH_WINDOW_DAYS = 365
# Sanctions that count for the branch rule; a warning is only told to the inviter.
COUNTED_ACTIONS = frozenset({"hide", "restrict", "suspend"})

NOTE_MAX = 300
JOIN_NOTE_MIN = 20
JOIN_NOTE_MAX = 1000
# Sign-up requests the instance takes per day in all (the form is open to anyone; one request
# per address may wait at a time).
JOIN_REQUESTS_PER_DAY = 200

# Words for what moderation reports through `core.hooks.MEMBER_SANCTIONED` (the moderation
# app's documented actions and grounds, docs/moderation.md); an unknown code is shown as is.
ACTION_WORDS = {
    "warn": _("a warning"),
    "hide": _("content hidden"),
    "restrict": _("restricted"),
    "suspend": _("suspended"),
}
GROUND_WORDS = {
    "spam": _("spam or unwanted sales pitch"),
    "harassment": _("harassment, threats or abuse"),
    "deception": _("deception: false identity, false claims or fraud"),
    "privacy": _("personal data of others made public"),
    "illegal": _("illegal content"),
    "rules": _("other breach of the rules for members"),
}
