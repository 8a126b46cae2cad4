"""The two full-text backends behind `queries.search_members`, chosen by database vendor.

Each answers the same question: which members match every query term (and the topic and city
filters), best text relevance first, as `(user_id, relevance)` with larger = better. Several
searches with different filters share one round of set-up (`searches`).
"""

from __future__ import annotations

from django.db import connection, transaction

from goodword.accounts.models import Profile
from goodword.recommendations.models import Recommendation, Status

from .models import SearchDocument
from .text import PART_MIN, PREFIX_MIN, Term

Hit = tuple[int, float]

DOC = SearchDocument._meta.db_table


def _filters(id_column: str, *, topic_id, city_key, only_ids, exclude_id) -> tuple[str, list]:
    """SQL conditions shared by both backends (they differ only in the text match)."""
    sql: list[str] = []
    params: list = []
    if city_key:
        sql.append("d.city_key = %s")
        params.append(city_key)
    if topic_id is not None:
        profile_topics = Profile.topics.through._meta.db_table
        rec = Recommendation._meta.db_table
        rec_topics = Recommendation.topics.through._meta.db_table
        sql.append(
            f"(EXISTS (SELECT 1 FROM {profile_topics} pt"  # noqa: S608 - table names from models
            f" WHERE pt.profile_id = {id_column} AND pt.topic_id = %s)"
            f" OR EXISTS (SELECT 1 FROM {rec} r JOIN {rec_topics} rt"
            f" ON rt.recommendation_id = r.id"
            f" WHERE r.subject_id = {id_column} AND r.status = %s AND rt.topic_id = %s))"
        )
        params += [topic_id, Status.ACCEPTED.value, topic_id]
    if only_ids is not None:
        sql.append(f"{id_column} IN ({', '.join(['%s'] * len(only_ids))})")
        params += list(only_ids)
    if exclude_id is not None:
        sql.append(f"{id_column} <> %s")
        params.append(exclude_id)
    return "".join(f" AND {s}" for s in sql), params


def _fts5_term(term: Term) -> str:
    # Stems contain only word characters, so quoting them is enough to keep FTS5 syntax out.
    options = []
    for stem in term.stems:
        star = "*" if len(stem) >= PREFIX_MIN else ""
        options.append(f'{{name facts body}} : "{stem}"{star}')
    if len(term.part) >= PART_MIN:
        options.append(f'parts : "{term.part}"')
    return "(" + " OR ".join(options) + ")"


def sqlite_search(terms: list[Term], *, limit: int, searches: list[dict]) -> list[Hit]:
    match = " AND ".join(_fts5_term(t) for t in terms)
    hits: list[Hit] = []
    with connection.cursor() as cursor:
        for filters in searches:
            where, params = _filters("f.rowid", **filters)
            # bm25 is "lower is better"; weights: name, facts, body, compound parts.
            sql = (
                "SELECT f.rowid, -bm25(search_fts, 8.0, 4.0, 1.0, 0.5) AS relevance"  # noqa: S608
                f" FROM search_fts f JOIN {DOC} d ON d.user_id = f.rowid"
                f" WHERE search_fts MATCH %s{where}"
                " ORDER BY relevance DESC, f.rowid LIMIT %s"
            )
            cursor.execute(sql, [match, *params, limit])
            hits += [(int(uid), float(rel)) for uid, rel in cursor.fetchall()]
    return hits


def _postgres_match(terms: list[Term]) -> tuple[str, list, str]:
    """WHERE conditions (every term matches) and the ranking query, for migration 0003's
    vectors. Words contain only word characters, so quoted they are one lexeme: `:*` makes a
    prefix of the German (and English) stem in `document`; compound parts match exactly in
    `parts_vector`.
    No weight restrictions: those force PostgreSQL to re-read every matching vector."""
    conditions, params = [], []
    for term in terms:
        words = "to_tsquery('german', %s)"
        params.append(f"'{term.word.lower()}':*")
        # The English stem, unless the German one already covers it ("photos" → "photo").
        extra = [s for s in term.stems[1:] if not s.startswith(term.stems[0])]
        # PostgreSQL's older German Snowball keeps the feminine "-in" ("steuerberaterin"), which
        # as a prefix misses "Steuerberater"; our stemmer's stem ("steuerberat") finds both.
        if len(term.stems[0]) >= PART_MIN and term.stems[0] != term.word.lower():
            extra.insert(0, term.stems[0])
        if extra:
            words = f"({words} || to_tsquery('simple', %s))"
            params.append(" | ".join(f"'{s}':*" for s in extra))
        condition = f"d.document @@ {words}"
        if len(term.part) >= PART_MIN:
            condition = f"({condition} OR d.parts_vector @@ to_tsquery('simple', %s))"
            params.append(f"'{term.part}'")
        conditions.append(condition)
    rank_query = " | ".join(f"'{t.word.lower()}':*" for t in terms)
    return " AND ".join(conditions), params, rank_query


# Matches ranked per query on PostgreSQL. Ranking reads each matching vector from TOAST, so a
# very common word (in a third of all documents) would cost hundreds of milliseconds; beyond
# this many matches the ranking sees an arbitrary subset (trusted members are searched
# separately with `only_ids`, so they are never lost).
POSTGRES_RANK_POOL = 1000


def postgres_search(terms: list[Term], *, limit: int, searches: list[dict]) -> list[Hit]:
    match, match_params, rank_query = _postgres_match(terms)
    hits: list[Hit] = []
    with transaction.atomic(), connection.cursor() as cursor:
        # The planner underestimates what a sequential scan costs here (every row's vector
        # is de-toasted; over a second for a rare word at 100k members): the GIN indexes are
        # always the safer way in.
        cursor.execute("SET LOCAL enable_seqscan = off")
        for filters in searches:
            where, params = _filters("d.user_id", **filters)
            sql = (
                "SELECT m.user_id, ts_rank(m.document, to_tsquery('german', %s))"  # noqa: S608
                f" AS relevance FROM (SELECT d.user_id, d.document FROM {DOC} d"
                f" WHERE {match}{where} LIMIT %s) m"
                " ORDER BY relevance DESC, m.user_id LIMIT %s"
            )
            params = [rank_query, *match_params, *params, POSTGRES_RANK_POOL, limit]
            cursor.execute(sql, params)
            hits += [(int(uid), float(rel)) for uid, rel in cursor.fetchall()]
    return hits


def full_text_search(
    terms: list[Term],
    *,
    limit: int,
    topic_id: int | None = None,
    city_key: str = "",
    also_ids=None,
    exclude_id: int | None = None,
) -> dict[int, float]:
    """Members matching all `terms` → relevance: the `limit` most relevant, and also the
    most relevant of `also_ids` (the viewer's trusted members, who must not be missed)."""
    if not terms:
        return {}
    base = {"topic_id": topic_id, "city_key": city_key, "exclude_id": exclude_id}
    searches = [{**base, "only_ids": None}]
    if also_ids:
        searches.append({**base, "only_ids": list(also_ids)})
    if connection.vendor == "sqlite":
        return dict(sqlite_search(terms, limit=limit, searches=searches))
    if connection.vendor == "postgresql":
        return dict(postgres_search(terms, limit=limit, searches=searches))
    return {}
