"""Extension points: where a lower app needs something from the apps above it, each of those
apps contributes its own part here instead of being imported (like Wagtail's `wagtail_hooks`).

An app registers in its own `hooks.py`, which `CoreConfig.ready` imports for every installed
app (as the admin's `autodiscover` does). Hooks run in `INSTALLED_APPS` order.

The hooks (name: who calls it; what each function takes and returns; who contributes):

- `MEMBER_EXPORT`: `accounts.services.export_member_data`; `(user) -> dict` of export
  sections (sections of the same name are merged); every app that stores member data.
- `MEMBER_DELETING`: `accounts.services.delete_account`, inside its transaction, first;
  `(user) -> None`; trust (records the member's edges before anything is erased).
- `MEMBER_ERASING`: `accounts.services.delete_account`, inside its transaction, after
  `MEMBER_DELETING`; `(user) -> None`; every app that stores something personal to the member
  erases it and keeps what other members need (what stays and why: the deletion page,
  `accounts/delete_account.html`).
- `PROFILE_CHANGED`: `accounts.services.update_profile`, inside its transaction;
  `(user_id) -> None`; search.
- `RECOMMENDATION_CHANGED`: `recommendations.services`, inside the transaction of each change;
  `(recommendation, old_status) -> None`; search, trust.
- `MEMBER_TRUSTS`: `core.members.trusts`; `(viewer, member) -> bool`; messaging.
- `REACH_REFUSAL`: `core.members.reach_refusal`; `(sender, recipient) -> str | None`, the
  reason in the sender's language; messaging (blocks).
- `WON_REFERRAL_COUNTS`: `trust.bulk.won_referral_counts`; `(pairs or None) ->
  {(giver_id, receiver_id): n}`; referrals.
- `WON_REFERRAL_PAIRS_OF`: `trust.services.request_member_trust_refresh`; `(user) ->
  set of (giver_id, receiver_id)`; referrals.
- `TRUST_EDGES`: the trust adapter (`trust.bulk.load_all`, `trust.adapter.load_pairs`,
  `trust.queries.annotate_paths`, `trust.services.request_member_trust_refresh`) when it
  builds the graph, replays a pair or explains a path; `(pairs=None, member_id=None) ->
  iterable of (source_id, target_id, weight, kind)`: extra *public* edges of fixed weight in
  (0, 1) that do not fade (`pairs`: only these ordered pairs are needed; `member_id`: only
  edges touching that member; returning more is harmless, the adapter filters). The
  contributor writes `trust.services.request_trust_refresh` in the transaction that changes
  one; invitations (an accepted invitation, see docs/invitations.md).
- `MEMBER_SANCTIONED`: `moderation.services`, inside the transaction of a sanction (warn,
  hide, restrict, suspend); `(member, action: str, ground: str, action_id: int | None = None)
  -> None` (`action_id`: the moderation log entry); invitations (tells the inviter, counts the
  branch's sanctions).
- `MEMBER_SANCTION_LIFTED`: `moderation.services`, inside the transaction that overturns a
  sanction (lifted on appeal or by a moderator, not a restriction ended early);
  `(member, action_id: int) -> None`; invitations (the sanction no longer counts for the
  branch rule, which may give the rights back).
- `INVITERS`: `messaging.privileges.count_independent_reporters`; `(member_ids) ->
  {member_id: inviter_id}` for those of `member_ids` who came in by invitation;
  invitations (reporters from one invitation branch count once).
- `SIGNUP_REFUSAL`: `accounts.adapter.AccountAdapter.is_open_for_signup`; `(request) ->
  dict | None`: why this visitor may not sign up now, `{"message", "url", "label"}` in their
  language (url and label: where to go instead, may be empty; None: nothing stands in the
  way); invitations (the instance's sign-up mode).
- `MEMBER_SIGNED_UP`: `accounts.adapter.AccountAdapter.save_user`, in the sign-up's
  transaction, after the profile is created; `(request, user) -> None`; invitations (accepts
  the invitation the visitor came with).
- `MEMBER_RESTRICTION`: `core.members.restriction` (and so `reach_refusal` for the sender);
  `(member) -> str | None`, why a moderator's decision stops the member from starting
  anything new (contact, posts), in their language; moderation (restrict, suspend).
- `MEMBER_MODERATES`: `invitations.queries.is_in_good_standing` (who may approve sign-up
  requests); `(user) -> bool`; moderation (its moderators).
- `CONTACT_GROUND`: `messaging.rules.can_contact`, after blocks, restrictions and rate limits
  and before "contact is earned" refuses; `(sender, recipient, intent: str) -> str | None`:
  why an app above lets `sender` start a conversation with this first intent (never an
  offer), in the sender's language; meetings (thanks to a member the sender noted helped
  them at a meeting).
- `START_SECTIONS`: `core.views.start`, the member's start page; `(member) ->
  core.start.StartSection` (what waits for the member in that app: a template and its
  context, placed by `order`); recommendations, introductions, asks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

MEMBER_EXPORT = "member_export"
MEMBER_DELETING = "member_deleting"
MEMBER_ERASING = "member_erasing"
PROFILE_CHANGED = "profile_changed"
RECOMMENDATION_CHANGED = "recommendation_changed"
MEMBER_TRUSTS = "member_trusts"
REACH_REFUSAL = "reach_refusal"
WON_REFERRAL_COUNTS = "won_referral_counts"
WON_REFERRAL_PAIRS_OF = "won_referral_pairs_of"
TRUST_EDGES = "trust_edges"
MEMBER_SANCTIONED = "member_sanctioned"
MEMBER_SANCTION_LIFTED = "member_sanction_lifted"
INVITERS = "inviters"
MEMBER_RESTRICTION = "member_restriction"
SIGNUP_REFUSAL = "signup_refusal"
MEMBER_SIGNED_UP = "member_signed_up"
MEMBER_MODERATES = "member_moderates"
START_SECTIONS = "start_sections"
CONTACT_GROUND = "contact_ground"

NAMES = frozenset(
    {
        MEMBER_EXPORT,
        MEMBER_DELETING,
        MEMBER_ERASING,
        PROFILE_CHANGED,
        RECOMMENDATION_CHANGED,
        MEMBER_TRUSTS,
        REACH_REFUSAL,
        WON_REFERRAL_COUNTS,
        WON_REFERRAL_PAIRS_OF,
        TRUST_EDGES,
        MEMBER_SANCTIONED,
        MEMBER_SANCTION_LIFTED,
        INVITERS,
        MEMBER_RESTRICTION,
        SIGNUP_REFUSAL,
        MEMBER_SIGNED_UP,
        MEMBER_MODERATES,
        START_SECTIONS,
        CONTACT_GROUND,
    }
)

_registry: dict[str, list[Callable]] = defaultdict(list)


def register(name: str):
    """Decorator: `@hooks.register(hooks.MEMBER_EXPORT)` adds the function to hook `name`.
    Registering the same function twice has no effect."""
    if name not in NAMES:
        raise ValueError(f"unknown hook {name!r}")

    def decorator(fn: Callable) -> Callable:
        if fn not in _registry[name]:
            _registry[name].append(fn)
        return fn

    return decorator


def get_hooks(name: str) -> list[Callable]:
    """The functions registered for `name`, in `INSTALLED_APPS` order."""
    if name not in NAMES:
        raise ValueError(f"unknown hook {name!r}")
    return list(_registry[name])


def run(name: str, *args, **kwargs) -> list:
    """Call every function of hook `name` and return their results in order."""
    return [fn(*args, **kwargs) for fn in get_hooks(name)]
