"""The two full-text backends behind `queries.search_members`, chosen by database vendor.

Both answer the same question for a list of probes (one part of the request in one field of
the document, see `queries`): which members match each probe, within the topic and city
filters. They only match; the ranking is computed from the answers in `queries`, the same for
both databases. All probes go to the database in one statement; each returns at most `cap`
members, and probes that hit the cap can be asked again for chosen members only (`only_ids`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import connection

from goodword.accounts.models import Profile
from goodword.recommendations.models import Recommendation, Status

from .models import SearchDocument
from .text import PREFIX_MIN

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
            f" WHERE r.subject_id = {id_column} AND r.status = %s"
            f" AND r.hidden_by_moderators_at IS NULL AND rt.topic_id = %s))"
        )
        params += [topic_id, Status.ACCEPTED.value, topic_id]
    if only_ids is not None:
        # One parameter however many ids: a list of placeholders per probe made building
        # the statement cost more than running it.
        if connection.vendor == "sqlite":
            sql.append(f"{id_column} IN (SELECT value FROM json_each(%s))")  # noqa: S608
            params.append(json.dumps([int(i) for i in only_ids]))
        else:
            sql.append(f"{id_column} = ANY(%s)")
            params.append([int(i) for i in only_ids])
    if exclude_id is not None:
        sql.append(f"{id_column} <> %s")
        params.append(exclude_id)
    return "".join(f" AND {s}" for s in sql), params


# Document fields: the FTS5 column filter and the PostgreSQL vector(s) behind each. The
# PostgreSQL vectors carry no weights, so their GIN indexes answer without reading the rows.
FIELDS = {
    "profession": ("{profession}", ("profession_vector",)),
    "topics": ("{topics}", ("topics_vector",)),
    "profession_prefix": ("{profession}", ("profession_vector",)),
    "topics_prefix": ("{topics}", ("topics_vector",)),
    "related": ("{profession topics}", ("profession_vector", "topics_vector")),
    "parts": ("{parts}", ("parts_vector",)),
    "name": ("{name}", ("name_vector",)),
    "body": ("{body}", ("body_vector",)),
}


@dataclass(frozen=True)
class Probe:
    """Does a member have one of `words` (stems, matched as prefixes), `exact` (compound parts)
    or `tokens` (concept tokens) in `field`?"""

    field: str
    words: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.exact or self.tokens)


def _fts5_match(probe: Probe) -> str:
    # Stems and tokens contain only word characters, so quoting keeps FTS5 syntax out.
    options = [f'"{w}"' + ("*" if len(w) >= PREFIX_MIN else "") for w in probe.words]
    options += [f'"{w}"' for w in (*probe.exact, *probe.tokens)]
    return f"{FIELDS[probe.field][0]} : (" + " OR ".join(options) + ")"


def _tsquery(probe: Probe) -> str:
    options = [f"'{w}':*" if len(w) >= PREFIX_MIN else f"'{w}'" for w in probe.words]
    options += [f"'{w}'" for w in (*probe.exact, *probe.tokens)]
    return " | ".join(options)


def _statement(probes: list[Probe], *, cap: int, only_ids, **filters) -> tuple[str, list]:
    sqlite = connection.vendor == "sqlite"
    parts, params = [], []
    for i, probe in enumerate(probes):
        if sqlite:
            where, where_params = _filters("f.rowid", only_ids=only_ids, **filters)
            parts.append(
                f"SELECT * FROM (SELECT {i} AS probe, f.rowid AS uid FROM search_fts f"  # noqa: S608
                f" JOIN {DOC} d ON d.user_id = f.rowid"
                f" WHERE search_fts MATCH %s{where} LIMIT %s)"
            )
            params += [_fts5_match(probe), *where_params, cap]
        else:
            where, where_params = _filters("d.user_id", only_ids=only_ids, **filters)
            vectors = FIELDS[probe.field][1]
            match = " OR ".join(f"d.{v} @@ to_tsquery('simple', %s)" for v in vectors)
            parts.append(
                f"(SELECT {i} AS probe, d.user_id AS uid FROM {DOC} d"  # noqa: S608
                f" WHERE ({match}){where} LIMIT %s)"
            )
            params += [_tsquery(probe)] * len(vectors) + [*where_params, cap]
    return " UNION ALL ".join(parts), params


def _text_cursor():
    """A PostgreSQL cursor that pastes the parameters into the text: the only kind that may
    send several statements at once (a statement PostgreSQL binds is one statement)."""
    from django.db.backends.postgresql.base import Cursor

    connection.ensure_connection()
    cursor = Cursor(connection.connection)
    if connection.queries_logged:  # as connection.cursor() does (CaptureQueriesContext, DEBUG)
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)


def match_probes(
    probes: list[Probe],
    *,
    cap: int,
    only_ids=None,
    topic_id: int | None = None,
    city_key: str = "",
    exclude_id: int | None = None,
) -> list[list[int]]:
    """For each probe, the ids of the members it matches (at most `cap`, in no useful order).
    One SQL statement."""
    found: list[list[int]] = [[] for _ in probes]
    if not probes or connection.vendor not in ("sqlite", "postgresql"):
        return found
    if only_ids is not None and not only_ids:
        return found
    filters = {"topic_id": topic_id, "city_key": city_key, "exclude_id": exclude_id}
    sql, params = _statement(probes, cap=cap, only_ids=only_ids, **filters)
    if connection.vendor == "postgresql":
        with _text_cursor() as cursor:
            # With LIMIT the planner expects a sequential scan to stop early, but it reads
            # every row's vectors first: the GIN indexes are always the safer way in. One
            # round trip: the statements run as one (implicit) transaction, and the setting
            # is reset for whatever transaction we may be inside.
            # For a list of members, their rows by primary key are cheaper than a bitmap of
            # every match of a common word (3 ms instead of 30 for "python" at 100,000).
            plans = (
                ("enable_seqscan",) if only_ids is None else ("enable_seqscan", "enable_bitmapscan")
            )
            off = "".join(f"SET LOCAL {plan} = off; " for plan in plans)
            reset = "".join(f"; RESET {plan}" for plan in plans)
            cursor.execute(f"{off}{sql}{reset}", params)
            while cursor.description is None and cursor.nextset():
                pass
            rows = cursor.fetchall()
    else:  # a read: no transaction (SQLite's would take the write lock)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    for probe, uid in rows:
        found[probe].append(int(uid))
    return found
