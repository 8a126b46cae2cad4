"""Reads from the shared topic vocabulary."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import connection
from django.db.models import Q, QuerySet

from .models import Topic
from .vocabulary import get_vocabulary, phrase_key

TOPIC_CHOICES_KEY = "topics:choices"
CHOICES_KEPT_SECONDS = 30

_kept_choices: tuple[float, list[tuple[str, str]]] | None = None


def topic_choices() -> list[tuple[str, str]]:
    """(slug, name) of every topic, for the topic filters of search and the network page. The
    list changes rarely and the forms check a chosen slug themselves, so a list a little old is
    fine: the shared cache keeps it five minutes, and each process keeps what it read for
    `CHOICES_KEPT_SECONDS` (reading the shared cache, a database table, cost 0.5 ms a page).
    A topic saved or deleted in this process is offered here at once, in others within that
    time. Callers must not change the list."""
    global _kept_choices
    kept = _kept_choices
    now = time.monotonic()
    if kept is not None and now - kept[0] < CHOICES_KEPT_SECONDS:
        return kept[1]
    choices = cache.get_or_set(
        TOPIC_CHOICES_KEY, lambda: list(Topic.objects.values_list("slug", "name")), 300
    )
    _kept_choices = (now, choices)
    return choices


def forget_topic_choices() -> None:
    """Topics changed: read the list anew (this process at once, the others within
    `CHOICES_KEPT_SECONDS`)."""
    global _kept_choices
    _kept_choices = None
    cache.delete(TOPIC_CHOICES_KEY)


def split_topic_names(value: str) -> list[str]:
    """`"Möbelbau, Tischlerei ,"` → `["Möbelbau", "Tischlerei"]` (comma or semicolon separated)."""
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


def suggest_topics(q: str, *, exclude: list[str] | None = None, limit: int = 8) -> list[Topic]:
    """Topics whose name starts with `q` first, then those containing it; skips `exclude`d names."""
    q = q.strip()
    if not q:
        return []
    excluded = Q()
    for name in exclude or []:
        excluded |= Q(name__iexact=name)
    base: QuerySet[Topic] = Topic.objects.exclude(excluded) if exclude else Topic.objects.all()
    starting = list(base.filter(name__istartswith=q).order_by("name")[:limit])
    if len(starting) < limit:
        starting += list(
            base.filter(name__icontains=q)
            .exclude(pk__in=[t.pk for t in starting])
            .order_by("name")[: limit - len(starting)]
        )
    return starting


def suggest_concepts(q: str, *, limit: int = 3) -> list[str]:
    """Names of vocabulary concepts with an expression starting like `q` ("Homepa" →
    "Website-Erstellung"), so that a topic typed in everyday words can be linked to the words
    professionals and seekers use. No query: the vocabulary is kept in memory."""
    key = phrase_key(q)
    if not key or len(q.strip()) < 3:
        return []
    vocab = get_vocabulary()
    head, last = key[:-1], key[-1]
    found: dict[str, None] = {}
    for phrase, concepts in vocab.phrases.items():
        if len(phrase) == len(key) and phrase[:-1] == head and phrase[-1].startswith(last):
            for concept in sorted(concepts):
                found.setdefault(vocab.names[concept], None)
    return sorted(found, key=lambda name: (len(name), name))[:limit]


def get_topic_by_slug_or_name(value: str) -> Topic | None:
    value = value.strip()
    if not value:
        return None
    return Topic.objects.filter(Q(slug=value) | Q(name__iexact=value)).first()


def topic_id_named(name: str) -> int | None:
    """The id of the topic called `name`, as `Topic.objects.filter(name__iexact=name).first()`
    finds it (upper case on both sides; on SQLite for ASCII letters only), or None. One plain
    statement: building the ORM's cost five times as much, and search asks on every request."""
    row = _first_topic_row(("id",), "UPPER({name}) = UPPER(%s) ORDER BY {id}", name)
    return None if row is None else row[0]


_BY_SLUG_FIELDS = ("id", "name", "slug", "concept_id")


def topic_by_slug(slug: str) -> Topic | None:
    """`Topic.objects.filter(slug=slug).first()` with one plain statement (the topic filters
    look the chosen slug up on every page). `created_at` is left deferred."""
    row = _first_topic_row(_BY_SLUG_FIELDS, "{slug} = %s", slug)
    return None if row is None else Topic.from_db(connection.alias, _BY_SLUG_FIELDS, row)


def _first_topic_row(columns: tuple[str, ...], where: str, value: str):
    """The first row of `columns` of the topics `where` (columns named in braces) holds for
    `value`."""
    quote = connection.ops.quote_name
    names = {column: quote(column) for column in ("id", "name", "slug")}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(map(quote, columns))} "  # noqa: S608 - names only
            f"FROM {quote(Topic._meta.db_table)} WHERE {where.format(**names)} LIMIT 1",
            [value],
        )
        return cursor.fetchone()
