"""How recommendations and private marks become trust edges. Pure functions, no database.

The rules (documented for members in docs/trust-in-product.md):

* An accepted recommendation is a public trust edge. Its weight comes from how the two know
  each other (`RELATIONSHIP_WEIGHT`) times how long they have known each other
  (`duration_factor`: 0.6 for "met this year" rising to 1.0 after five years). It fades with
  age: the engine halves it every `half_life_days` (the engine's, 1,095 days) counted from
  when it was last accepted, so a recommendation that is renewed (edited and accepted again)
  regains its weight.
* A private mark is an edge of fixed weight (`MARK_WEIGHT`) that does not fade: the marker sees
  it on the profile and changes or clears it there.
* Both on the same pair: "would not recommend" always wins (-1, distrust): a private judgement
  that contradicts one's own public recommendation is the more recent and more honest signal.
  Otherwise the stronger of the two positive signals counts (the recommendation with its
  fading applied), so a mark can keep an old recommendation alive but never adds to it.
* A referral that led to business (status "won", either direction between the two) adds
  `REFERRAL_BONUS` per referral, at most `REFERRAL_BONUS_CAP` in all, to the positive edge of
  *both* directions, never above 1.0 and never to a distrust edge. Alone (no recommendation,
  no mark) it is a modest edge of the bonus itself. The referral's amount plays no part.
  An edge with a bonus is handed to the engine already faded (no timestamp); every rebuild
  (at least every `TRUST_GRAPH_MAX_AGE`) recomputes it.
* Other public edges contributed through `core.hooks.TRUST_EDGES` (an accepted invitation,
  `invitations.trust.INVITATION_EDGE_WEIGHT`) have a fixed weight, below any recommendation,
  and do not fade. On a pair with a recommendation the stronger of the two counts (the
  recommendation with its fading applied), like a mark: they never add up. Marks and won
  referrals then combine with that public edge as above.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from goodword.recommendations.models import Relationship

from .models import MarkLevel

RELATIONSHIP_WEIGHT: dict[str, float] = {
    Relationship.WORKED_TOGETHER.value: 1.0,
    Relationship.WAS_CLIENT.value: 0.9,  # the author experienced the member's work first-hand
    Relationship.COLLEAGUE.value: 0.85,
    Relationship.WAS_MY_CLIENT.value: 0.7,
    Relationship.CIRCLE.value: 0.6,
    Relationship.OTHER.value: 0.5,
}

MARK_WEIGHT: dict[str, float] = {
    MarkLevel.KNOW_PERSONALLY.value: 0.5,
    MarkLevel.WORKED_WITH.value: 0.75,
    MarkLevel.VOUCH.value: 1.0,
    MarkLevel.WOULD_NOT_RECOMMEND.value: -1.0,
}

# A won referral is evidence of trust *acted on*, in both directions: the receiver's work won
# the giver's contact, the giver sent real business. Modest on purpose: one alone is weaker
# than any recommendation, so that passing leads back and forth cannot build trust cheaply.
REFERRAL_BONUS = 0.15
REFERRAL_BONUS_CAP = 0.3  # two won referrals; more do not add

FULL_DURATION_YEARS = 5


def duration_factor(known_since: int | None, this_year: int) -> float:
    """0.6 for people who met this year, rising linearly to 1.0 after five years."""
    if not known_since:
        return 0.6
    years = max(0, min(FULL_DURATION_YEARS, this_year - int(known_since)))
    return 0.6 + 0.4 * years / FULL_DURATION_YEARS


@lru_cache(maxsize=1024)
def recommendation_weight(relationship: str, known_since: int | None, this_year: int) -> float:
    """The unfaded weight in (0, 1] of an accepted recommendation."""
    base = RELATIONSHIP_WEIGHT.get(str(relationship), RELATIONSHIP_WEIGHT["other"])
    return round(base * duration_factor(known_since, this_year), 6)


def fade_factor(timestamp: float | None, now: float, half_life_days: float | None) -> float:
    """2 ** (-age / half-life), the same fading the engine applies to timestamped edges."""
    if timestamp is None or not half_life_days:
        return 1.0
    age_days = max(0.0, (now - timestamp) / 86400.0)
    return math.exp2(-age_days / half_life_days)


def referral_bonus(won_referrals: int) -> float:
    """The bonus for `won_referrals` referrals that led to business between two members."""
    if won_referrals <= 0:
        return 0.0
    return min(REFERRAL_BONUS * won_referrals, REFERRAL_BONUS_CAP)


@dataclass(frozen=True)
class Edge:
    """A trust edge as handed to the engine: the engine fades `weight` by `timestamp`."""

    weight: float
    timestamp: float | None


def public_signal(
    recommendation: tuple[float, float | None] | None,
    extra: float | None,
    *,
    now: float,
    half_life_days: float | None,
) -> tuple[float, float | None] | None:
    """The public edge of a pair from its accepted recommendation and the strongest extra
    public edge (`TRUST_EDGES`, unfaded): the stronger of the two, never their sum."""
    if not extra or extra <= 0:
        return recommendation
    if recommendation is None:
        return (float(extra), None)
    weight, timestamp = recommendation
    if extra >= weight * fade_factor(timestamp, now, half_life_days):
        return (float(extra), None)
    return recommendation


def combine(
    recommendation: tuple[float, float | None] | None,
    mark_level: str | None,
    *,
    now: float,
    half_life_days: float | None,
    won_referrals: int = 0,
    extra: float | None = None,
) -> Edge | None:
    """The edge for one ordered pair from its accepted recommendation, the marker's mark,
    the number of referrals between the two (either direction) that led to business and the
    strongest extra public edge (`extra`, from `core.hooks.TRUST_EDGES`).

    `recommendation` is `(unfaded weight, timestamp)` or None; returns None when there is no
    edge at all.
    """
    recommendation = public_signal(recommendation, extra, now=now, half_life_days=half_life_days)
    edge = _combine_signals(recommendation, mark_level, now=now, half_life_days=half_life_days)
    bonus = referral_bonus(won_referrals)
    if not bonus:
        return edge
    if edge is None:
        return Edge(bonus, None)
    if edge.weight < 0:
        return edge  # distrust stays distrust, whatever business happened
    faded = edge.weight * fade_factor(edge.timestamp, now, half_life_days)
    return Edge(min(1.0, round(faded + bonus, 6)), None)


def _combine_signals(
    recommendation: tuple[float, float | None] | None,
    mark_level: str | None,
    *,
    now: float,
    half_life_days: float | None,
) -> Edge | None:
    mark = MARK_WEIGHT.get(str(mark_level)) if mark_level else None
    if mark is not None and mark < 0:
        return Edge(mark, None)
    if recommendation is None:
        return Edge(mark, None) if mark is not None else None
    weight, timestamp = recommendation
    if mark is None:
        return Edge(weight, timestamp)
    faded = weight * fade_factor(timestamp, now, half_life_days)
    if mark >= faded:
        return Edge(mark, None)
    return Edge(weight, timestamp)
