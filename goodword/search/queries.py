"""Trusted search: "Wen suchst du? / Who are you looking for?".

`search_members` is the one read behind the search page and `GET /api/v1/search`. It combines
the full-text relevance of a member's search document (SQLite FTS5 or PostgreSQL, see
`backends`) with the viewer's trust in them (from `goodword.trust.queries`, the one adapter to
the trust engine). Members the viewer is connected to come first; the rest follow, marked as
not connected. Each result says why it is there: the matching recommendation snippet and the
trust path. No numbers leave this module.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

from goodword.accounts.models import Profile, ProfileVisibility
from goodword.accounts.queries import visible_profiles
from goodword.recommendations.models import Recommendation, Status
from goodword.topics.models import Topic
from goodword.trust import queries as trust_queries

from .backends import full_text_search
from .text import Term, fold, highlight, matched_terms, parse_query

CANDIDATES = 200  # text matches considered before trust re-ranks them
TRUSTED_POOL = 500  # the viewer's most trusted members searched separately, so none is missed
TRUST_WEIGHT = 0.6  # share of trust (vs. text relevance) in the order of connected members
MAX_LIMIT = 50


@dataclass(frozen=True)
class SearchResult:
    member_id: int
    display_name: str
    profession: str
    city: str
    snippet: SafeString  # escaped text with the matched words in <mark>
    snippet_source: str  # "recommendation" or "profile"
    snippet_author: str  # who wrote the matched recommendation ("" for profile facts)
    recommendation_id: int | None
    connected: bool
    path: str  # "via Anna → Bernd"; "" when not connected
    closeness: str  # the trust adapter's words, e.g. "close"; never a number

    @property
    def snippet_text(self) -> str:
        return html.unescape(strip_tags(self.snippet))


def _trust():
    """The trust adapter's reads; the tests replace this to search without trust."""
    return trust_queries


def _order(
    relevance: dict[int, float],
    trust: dict[int, float],
    topic_trust: dict[int, float],
    limit: int,
) -> list[tuple[int, bool]]:
    """Connected members first, by their trust (general and, if given, for the topic) blended
    with text relevance; then the others by relevance; members distrusted last."""
    best_rel = max(relevance.values(), default=0.0) or 1.0
    best_trust = max(trust.values(), default=0.0) or 1.0
    best_topic = max(topic_trust.values(), default=0.0)

    def key(uid: int):
        rel = relevance[uid] / best_rel
        score = trust.get(uid, 0.0)
        if score > 0:
            closeness = score / best_trust
            if best_topic > 0:
                closeness = (closeness + max(topic_trust.get(uid, 0.0), 0.0) / best_topic) / 2
            return (0, -(TRUST_WEIGHT * closeness + (1 - TRUST_WEIGHT) * rel), uid)
        return (1 if score == 0 else 2, -rel, uid)

    ordered = sorted(relevance, key=key)[:limit]
    return [(uid, trust.get(uid, 0.0) > 0) for uid in ordered]


def _path_lines(trust, viewer, profiles: list[Profile]) -> dict[int, tuple[str, str]]:
    """The strongest path in one line and the closeness in words, per connected member.

    The adapter anonymises steps that rest on someone else's private trust mark ("someone you
    trust"); we only join the names it gives us."""
    entries = getattr(trust, "get_network_entries", None)
    line = getattr(trust, "path_line", None)
    if entries is not None and line is not None:  # a constant number of queries
        return {
            e.profile.user_id: (str(line(e.path)), str(e.closeness or ""))
            for e in entries(viewer, profiles)
        }
    lines = {}
    for profile in profiles:
        paths = trust.get_connection_paths(viewer, profile.user_id, max_paths=1)
        path = ""
        if paths:
            via = getattr(paths[0], "via", paths[0])
            names = [str(getattr(m, "name", m)) for m in via]
            path = (
                pgettext("search trust path", "via %(path)s") % {"path": " → ".join(names)}
                if names
                else pgettext("search trust path", "directly")
            )
        lines[profile.user_id] = (path, str(trust.describe_closeness(viewer, profile.user_id)))
    return lines


def _best_snippet(texts: list[Recommendation], terms: list[Term]):
    best, best_count = None, 0
    for rec in texts:
        count = len(matched_terms(rec.text, terms))
        if count > best_count:
            best, best_count = rec, count
            if count == len(terms):
                break
    return best


def _present(viewer, trust, ordered: list[tuple[int, bool]], terms) -> list[SearchResult]:
    ids = [uid for uid, _connected in ordered]
    visitor_is_member = bool(getattr(viewer, "is_authenticated", False))
    profiles = {
        p.user_id: p
        # Visitors who are not logged in find only members who made their profile public.
        for p in visible_profiles(viewer)
        .filter(user_id__in=ids)
        .select_related("user__search_document")
        .only(
            "user_id",
            "display_name",
            "profession",
            "city",
            "user__id",
            "user__search_document__facts",
        )
    }
    recs: dict[int, list[Recommendation]] = {uid: [] for uid in ids}
    for rec in (
        Recommendation.objects.filter(subject_id__in=ids, status=Status.ACCEPTED)
        .select_related("author__profile")
        .only(
            "pk",
            "subject_id",
            "text",
            "author__profile__display_name",
            "author__profile__visibility",
            "author__email",
        )
        .order_by("-accepted_at", "-pk")
    ):
        recs[rec.subject_id].append(rec)

    lines: dict[int, tuple[str, str]] = {}
    if trust is not None:
        connected = [
            profiles[uid] for uid, is_connected in ordered if is_connected and uid in profiles
        ]
        if connected:
            lines = _path_lines(trust, viewer, connected)

    results = []
    for uid, connected in ordered:
        profile = profiles.get(uid)
        if profile is None:  # removed since it was indexed
            continue
        rec = _best_snippet(recs[uid], terms)
        if rec is not None:
            snippet = highlight(rec.text, terms)
            author = getattr(rec.author, "profile", None)
            author_name = author.display_name if author else ""
            if not visitor_is_member and author and author.visibility != ProfileVisibility.PUBLIC:
                author_name = ""  # a members-only author stays unnamed to visitors
            source, rec_id = "recommendation", rec.pk
        else:
            # Found through the profile: profession, city and topics, with the match marked.
            document = getattr(profile.user, "search_document", None)
            facts = document.facts if document else profile.profession
            facts = " · ".join(line for line in facts.splitlines() if line)
            snippet, author_name, source, rec_id = highlight(facts, terms), "", "profile", None
        path, closeness = lines.get(uid, ("", "")) if connected else ("", "")
        results.append(
            SearchResult(
                member_id=uid,
                display_name=profile.display_name,
                profession=profile.profession,
                city=profile.city,
                snippet=snippet,
                snippet_source=source,
                snippet_author=author_name,
                recommendation_id=rec_id,
                connected=connected,
                path=path,
                closeness=closeness,
            )
        )
    return results


def search_members(viewer, q: str, *, topic=None, city=None, limit: int = 20) -> list[SearchResult]:
    """Members matching every word of `q` in their profile facts, topics or accepted
    recommendations, ranked for `viewer`: trust-connected members first.

    `topic` (a Topic) and `city` narrow the results and `topic` also selects the topic trust.
    Anonymous viewers get text relevance only. At most `limit` (≤ 50) results."""
    terms = parse_query(q or "")
    if not terms:
        return []
    limit = max(1, min(int(limit), MAX_LIMIT))
    authenticated = bool(viewer is not None and getattr(viewer, "is_authenticated", False))
    viewer_id = viewer.pk if authenticated else None
    filters = {
        "topic_id": topic.pk if topic is not None else None,
        "city_key": fold(re.sub(r"\s+", " ", (city or "").strip()))[:100],
        "exclude_id": viewer_id,
    }
    trust = _trust() if authenticated else None
    scores: dict[int, float] = {}
    topic_scores: dict[int, float] = {}
    pool: dict[int, float] = {}
    if trust is not None:
        # Whether someone is connected follows the viewer's overall trust (as the paths do).
        ranked = trust.get_ranked_members(viewer, limit=TRUSTED_POOL)
        pool = {uid: float(score) for uid, score in ranked if score > 0 and uid != viewer_id}
    # The best text matches, plus trusted members who match but are not among them.
    relevance = full_text_search(terms, limit=CANDIDATES, also_ids=list(pool), **filters)
    if trust is not None:
        scores = {uid: s for uid, s in pool.items() if uid in relevance}
        rest = [uid for uid in relevance if uid not in scores]
        if rest:  # beyond the pool, and members the viewer distrusts (negative scores)
            extra = trust.get_trust_scores(viewer, rest)
            scores.update({uid: float(s) for uid, s in extra.items() if s})
        # One closeness everywhere: a member who publicly recommended the viewer is close
        # (as on the connection page and in the request form), unless the viewer distrusts them.
        recommenders = getattr(trust, "recommenders_among", None)
        if recommenders is not None:
            for uid in recommenders(viewer, [u for u in relevance if scores.get(u, 0.0) == 0]):
                scores[uid] = trust.TRUSTED_CONTACT_THRESHOLD
        # Topic trust orders the connected: for the topic filtered by, or the one the query
        # names ("Buchhaltung").
        trust_topic = topic or Topic.objects.filter(name__iexact=" ".join(q.split())).first()
        connected = [uid for uid, s in scores.items() if s > 0]
        if trust_topic is not None and connected:
            topic_scores = {
                uid: float(s)
                for uid, s in trust.get_trust_scores(viewer, connected, topic=trust_topic).items()
            }
    if not relevance:
        return []
    return _present(viewer, trust, _order(relevance, scores, topic_scores, limit), terms)
