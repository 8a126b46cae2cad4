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
import math
import re
from array import array
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

from goodword.accounts.models import Profile, ProfileVisibility
from goodword.accounts.queries import visible_profiles_for
from goodword.core.statements import KeptStatement
from goodword.recommendations.models import Recommendation, Status
from goodword.topics import queries as topic_queries
from goodword.topics.vocabulary import Vocabulary, get_vocabulary, token
from goodword.topics.vocabulary import words as vocabulary_words
from goodword.trust import queries as trust_queries

from .backends import Probe, match_probes
from .cache import Matches, index_version, matches_cache, snippets_cache
from .text import (
    PART_MIN,
    PREFIX_MIN,
    Term,
    Unit,
    analyse_query,
    fold,
    highlight,
    matched_terms,
    unit_terms,
)

CANDIDATES = 200  # text matches considered before trust re-ranks them
TRUSTED_POOL = 500  # the viewer's most trusted members searched separately, so none is missed
TRUST_WEIGHT = 0.6  # share of trust (vs. text relevance) in the order of connected members
MAX_LIMIT = 50

# How much a match in each field of a member's document counts towards answering one part of
# the request: what they do (profession, topics) before what others wrote, the name last.
FIELD_WEIGHTS = {
    "profession": 1.0,
    "topics": 0.85,
    # A word that only begins a member's word ("Dach" in "Dachbegrünung") says less.
    "profession_prefix": 0.8,
    "topics_prefix": 0.68,
    "related": 0.6,  # a related concept ("Steuererklärung" → the tax advisor's profession)
    "parts": 0.5,  # a compound part ("Berater" in "Steuerberater")
    "body": 0.35,  # recommendation texts
    "name": 0.3,
}
NAME_WEIGHT = 1.5  # the name's weight when the query looks like a name
EXTRA_FIELD = 0.03  # a part matched in several fields counts a little more
PROBE_CAP = 1500  # members one probe returns; beyond it, only the best candidates are checked
RELATED_BELOW = 3  # related concepts count for a part of the request found fewer times
MIN_SHARE = 0.5  # members answering less than this share of the best match's score are left out


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
    snippet_text: str = ""  # the snippet as plain text


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


def _marked_words(facts: str, units: list[Unit], vocab: Vocabulary) -> set[str]:
    """Words of a member's profession and topics that answered the query through the
    vocabulary (the query said "Homepage", the topic says "WordPress")."""
    wanted = set()
    for unit in units:
        wanted |= unit.concepts | unit.related
    marked: set[str] = set()
    if not wanted:
        return marked
    for line in facts.splitlines():
        for phrase in line.split(", "):
            if vocab.concepts_of_phrase(phrase) & wanted:
                marked |= {w.lower() for w in vocabulary_words(phrase)}
    return marked


class _Text(NamedTuple):
    """An accepted recommendation's text and its author, as search shows them."""

    pk: int
    subject_id: int
    text: str
    author_name: str | None
    author_visibility: str | None


def _best_snippet(texts: list[_Text], terms: list[Term], marked: set[str], cache):
    best, best_count = None, 0
    for rec in texts:
        count = len(matched_terms(rec.text, terms, marked, cache))
        if count > best_count:
            best, best_count = rec, count
            if count >= len(terms):
                break
    return best, best_count


class _Snippet(NamedTuple):
    snippet: SafeString
    source: str  # "recommendation" or "profile"
    author_name: str
    recommendation_id: int | None
    text: str = ""  # the snippet as plain text

    def with_text(self) -> _Snippet:
        return self._replace(text=html.unescape(strip_tags(self.snippet)))


def _snippet(
    texts: list[_Text],
    facts: str,
    units: list[Unit],
    terms: list[Term],
    vocab: Vocabulary,
    visitor_is_member: bool,
    word_hits: dict,
) -> _Snippet:
    """Why a member answers the request: the best matching recommendation text, or else their
    facts, with the matched words marked."""
    marked = _marked_words(facts, units, vocab)
    rec, _count = _best_snippet(texts, terms, marked, word_hits)
    if rec is not None:  # what someone wrote says most about why
        author_name = rec.author_name or ""
        if not visitor_is_member and rec.author_visibility != ProfileVisibility.PUBLIC:
            author_name = ""  # a members-only author stays unnamed to visitors
        snippet = highlight(rec.text, terms, marked)
        return _Snippet(snippet, "recommendation", author_name, rec.pk).with_text()
    # Found through the profile: profession, city and topics, with the match marked.
    facts = " · ".join(line for line in facts.splitlines() if line)
    return _Snippet(highlight(facts, terms, marked), "profile", "", None).with_text()


_PROFILES = KeptStatement(
    lambda signed_in, members: (
        visible_profiles_for(signed_in)
        .filter(user_id__in=members)
        .select_related("user__search_document")
        .only(
            "user_id",
            "display_name",
            "profession",
            "city",
            "user__id",
            "user__search_document__facts",
        )
    )
)
_TEXTS = KeptStatement(
    lambda members: (
        Recommendation.objects.filter(
            subject_id__in=members, status=Status.ACCEPTED, hidden_by_moderators_at__isnull=True
        )
        .order_by("-accepted_at", "-pk")
        .values_list(
            "pk",
            "subject_id",
            "text",
            "author__profile__display_name",
            "author__profile__visibility",
        )
    )
)


def _present(
    viewer,
    trust,
    ordered: list[tuple[int, bool]],
    units: list[Unit],
    vocab: Vocabulary,
    version: str,
) -> list[SearchResult]:
    terms = unit_terms(units)
    ids = [uid for uid, _connected in ordered]
    visitor_is_member = bool(getattr(viewer, "is_authenticated", False))
    # Visitors who are not logged in find only members who made their profile public.
    profiles = {p.user_id: p for p in _PROFILES((visitor_is_member,), members=ids)}
    # Why each member answers the request is the same for every member viewing (the words
    # of the request, their accepted texts, their facts): kept under the index version, which
    # moves whenever a text, a name or a fact of theirs or of an author changes.
    snippets: dict[int, _Snippet] = {}
    key = (tuple(units), visitor_is_member)
    for uid in ids:
        hit = snippets_cache.get((uid, *key), version)
        if hit is not None and hit[1] is vocab:  # the vocabulary decides which words are marked
            snippets[uid] = hit[0]
    missing = [uid for uid in ids if uid not in snippets and uid in profiles]
    recs: dict[int, list[_Text]] = {uid: [] for uid in missing}
    if missing:
        # Plain rows, not model instances: these are all accepted texts of up to 50 members.
        for row in _TEXTS(members=missing):
            recs[row[1]].append(_Text(*row))
    word_hits: dict[str, tuple[int, ...]] = {}
    for uid in missing:
        document = getattr(profiles[uid].user, "search_document", None)
        facts = document.facts if document else profiles[uid].profession
        snippets[uid] = _snippet(
            recs[uid], facts, units, terms, vocab, visitor_is_member, word_hits
        )
        snippets_cache.put((uid, *key), (snippets[uid], vocab), version)

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
        snippet, source, author_name, rec_id, text = snippets[uid]
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
                snippet_text=text,
            )
        )
    return results


def _probes(units: list[Unit]) -> list[tuple[int, Probe]]:
    probes = []
    for i, unit in enumerate(units):
        stems = tuple(dict.fromkeys(s for t in unit.terms for s in t.stems))
        tokens = tuple(token(c) for c in sorted(unit.concepts))
        parts = tuple(dict.fromkeys(t.part for t in unit.terms if len(t.part) >= PART_MIN))
        if unit.concepts and len(unit.terms) > 1:
            # "garden design" means the concept, not any garden or any design.
            stems, parts = (), ()
        prefixes = tuple(s for s in stems if len(s) >= PREFIX_MIN)
        for probe in (
            Probe("profession", (), stems, tokens),
            Probe("topics", (), stems, tokens),
            Probe("profession_prefix", prefixes),
            Probe("topics_prefix", prefixes),
            Probe("related", tokens=tuple(token(c) for c in sorted(unit.related))),
            Probe("parts", exact=parts),
            Probe("body", stems, (), tokens),
            Probe("name", stems),
        ):
            if probe:
                probes.append((i, probe))
    return probes


def _looks_like_name(units: list[Unit], probes, found) -> bool:
    """A query looks like a name when one member's name holds all of its words ("Lena
    Hoffmann", "Stefan Steuer"), or, for one word the vocabulary does not know, when names
    answer it at least as well as professions and topics do ("Hoffmann"; not "Steuer")."""
    names: list[set[int]] = [set() for _ in units]
    others: list[set[int]] = [set() for _ in units]
    for (i, probe), ids in zip(probes, found, strict=True):
        if probe.field == "name":
            names[i].update(ids)
        elif probe.field != "body":
            others[i].update(ids)
    if not all(names):
        return False
    if len(units) > 1:
        return bool(set.intersection(*names))
    return not units[0].concepts and len(names[0]) >= len(others[0])


def _scores(units: list[Unit], probes, found, capped: set[int]) -> dict[int, float]:
    """Member → how well they answer the whole request: for every part of it, the weight of
    the best field it was found in, counted more for rarer parts, summed over the parts."""
    weights = dict(FIELD_WEIGHTS)
    if _looks_like_name(units, probes, found):
        weights["name"] = NAME_WEIGHT
    per_unit: list[dict[int, float]] = [{} for _ in units]
    unit_capped = [False] * len(units)
    direct = [0] * len(units)
    for (i, probe), ids in zip(probes, found, strict=True):
        if probe.field.startswith(("profession", "topics")):
            direct[i] += len(ids)
    for n, ((i, probe), ids) in enumerate(zip(probes, found, strict=True)):
        if probe.field == "related" and direct[i] >= RELATED_BELOW:
            continue  # related concepts only stand in where the concept itself is (almost) absent
        unit_capped[i] = unit_capped[i] or n in capped
        weight, hits = weights[probe.field], per_unit[i]
        for uid in ids:
            before = hits.get(uid)
            hits[uid] = weight if before is None else max(before, weight) + EXTRA_FIELD
    scores: dict[int, float] = {}
    for unit, hits, was_capped in zip(units, per_unit, unit_capped, strict=True):
        found_by = max(len(hits), PROBE_CAP) if was_capped else max(len(hits), 1)
        rarity = 1 + math.log(1 + PROBE_CAP / found_by) / math.log(1 + PROBE_CAP)
        for uid, weight in hits.items():
            scores[uid] = scores.get(uid, 0.0) + unit.weight * rarity * weight
    return scores


def _shared_matches(units: list[Unit], probes, filters: dict, version: str) -> Matches:
    """What the request matches for everyone (no viewer in it): each probe's members, which
    probes hit the cap, and those probes asked again about the best candidates. Kept in the
    process under the index version (`matches_cache`), so a query asked before costs no
    full-text statement."""
    key = (tuple(p for _i, p in probes), filters["topic_id"], filters["city_key"])
    hit = matches_cache.get(key, version)
    if hit is not None:
        return hit
    found = match_probes([p for _i, p in probes], cap=PROBE_CAP, **filters)
    capped = frozenset(n for n, ids in enumerate(found) if len(ids) >= PROBE_CAP)
    best: tuple[int, ...] = ()
    if capped:
        # The capped probes saw an arbitrary part of their matches: ask them again about the
        # best candidates so far, so no one is ranked on half a match.
        scores = _scores(units, probes, found, capped)
        best = tuple(sorted(scores, key=lambda uid: (-scores[uid], uid))[: 2 * CANDIDATES])
        again = match_probes(
            [probes[n][1] for n in sorted(capped)], cap=len(best), only_ids=best, **filters
        )
        for n, ids in zip(sorted(capped), again, strict=True):
            found[n] = list(dict.fromkeys(found[n] + ids))
    matches = Matches(tuple(array("q", ids) for ids in found), capped, frozenset(best))
    matches_cache.put(key, matches, version)
    return matches


def _relevance(
    units: list[Unit], pool: list[int], filters: dict, version: str, viewer_id: int | None = None
) -> dict[int, float]:
    """The members answering the request best (and the trusted `pool` members who answer it
    well enough) → relevance. No SQL statement for a request asked before, at most one for
    the viewer's trusted members beyond it."""
    probes = _probes(units)
    shared = _shared_matches(units, probes, filters, version)
    found = [[uid for uid in ids if uid != viewer_id] for ids in shared.found]
    unchecked = [uid for uid in pool if uid not in shared.checked]
    if shared.capped and unchecked:
        # The viewer's trusted members among the capped probes' other matches.
        capped = sorted(shared.capped)
        again = match_probes(
            [probes[n][1] for n in capped], cap=len(unchecked), only_ids=unchecked, **filters
        )
        for n, ids in zip(capped, again, strict=True):
            found[n] = list(dict.fromkeys(found[n] + ids))
    scores = _scores(units, probes, found, shared.capped)
    if not scores:
        return {}
    floor = MIN_SHARE * max(scores.values())
    ranked = sorted((uid for uid, s in scores.items() if s >= floor), key=lambda u: (-scores[u], u))
    keep = set(ranked[:CANDIDATES]) | {
        uid for uid in pool if uid in scores and scores[uid] >= floor
    }
    return {uid: scores[uid] for uid in ranked if uid in keep}


def search_members(viewer, q: str, *, topic=None, city=None, limit: int = 20) -> list[SearchResult]:
    """Members answering `q` through their profession, topics, name or accepted
    recommendations, ranked for `viewer`: trust-connected members first.

    Every word is optional: members are ranked by how much of the request they answer, rarer
    words counting more, and the vocabulary (`goodword.topics`) connects everyday words with
    the words on profiles. `topic` (a Topic) and `city` narrow the results and `topic` also
    selects the topic trust. Anonymous viewers get text relevance only. At most `limit` (≤ 50)
    results."""
    vocab = get_vocabulary()
    units = analyse_query(q or "", vocab)
    if not units:
        return []
    limit = max(1, min(int(limit), MAX_LIMIT))
    authenticated = bool(viewer is not None and getattr(viewer, "is_authenticated", False))
    viewer_id = viewer.pk if authenticated else None
    filters = {
        "topic_id": topic.pk if topic is not None else None,
        "city_key": fold(re.sub(r"\s+", " ", (city or "").strip()))[:100],
    }
    trust = _trust() if authenticated else None
    scores: dict[int, float] = {}
    topic_scores: dict[int, float] = {}
    pool: dict[int, float] = {}
    if trust is not None:
        # Whether someone is connected follows the viewer's overall trust (as the paths do).
        ranked = trust.get_ranked_members(viewer, limit=TRUSTED_POOL)
        pool = {uid: float(score) for uid, score in ranked if score > 0 and uid != viewer_id}
    version = index_version()  # one read of the shared cache per search
    relevance = _relevance(units, list(pool), filters, version, viewer_id)
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
        trust_topic = topic or topic_queries.topic_id_named(" ".join(q.split()))
        connected = [uid for uid, s in scores.items() if s > 0]
        if trust_topic is not None and connected:
            topic_scores = {
                uid: float(s)
                for uid, s in trust.get_trust_scores(viewer, connected, topic=trust_topic).items()
            }
    if not relevance:
        return []
    ordered = _order(relevance, scores, topic_scores, limit)
    return _present(viewer, trust, ordered, units, vocab, version)
