"""Search latency and SQL statements per search, with the queries `bench/web_load.py` uses.

Run from a project root against a seeded network (e.g. `seed_demo --members 100000 --seed 1`
on PostgreSQL): the 12 most common professions, the 8 topics with the most recommendations,
and 4 profession + city searches, each `--rounds` times after one warm-up round, through
`search_members` with the demo member as viewer. Prints JSON: p50, p95 and max in ms, the
statements per search, and on PostgreSQL the size of the search table and its indexes.
The code measured is whatever `goodword` is importable from the current directory.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--viewer", default="demo@goodword.test")
    args = parser.parse_args()
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from goodword.accounts.models import Profile
    from goodword.search.queries import search_members
    from goodword.topics.models import Topic

    professions = [
        p
        for p, _n in Counter(
            Profile.objects.exclude(profession="").values_list("profession", flat=True)[:50000]
        ).most_common(12)
    ]
    cities = [
        c
        for c, _n in Counter(
            Profile.objects.exclude(city="").values_list("city", flat=True)[:50000]
        ).most_common(4)
    ]
    topics = list(
        Topic.objects.annotate(n=Count("recommendations"))
        .order_by("-n", "name")
        .values_list("name", flat=True)[:8]
    )
    searches = [(p, None) for p in professions] + [(t, None) for t in topics]
    searches += [(professions[i], cities[i % 4]) for i in range(4)]
    viewer = get_user_model().objects.get(email=args.viewer)
    for q, city in searches:  # warm-up: caches, vocabulary, trust graph
        search_members(viewer, q, city=city)
    times, statements = [], []
    for _round in range(args.rounds):
        for q, city in searches:
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                search_members(viewer, q, city=city)
                times.append((time.perf_counter() - start) * 1000)
            statements.append(len(captured))
    times.sort()
    result = {
        "database": connection.vendor,
        "searches": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
        "max_ms": round(times[-1], 1),
        "statements_per_search": sorted(set(statements)),
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_total_relation_size('search_searchdocument'),"
                " pg_indexes_size('search_searchdocument')"
            )
            total, indexes = cursor.fetchone()
            cursor.execute(
                "SELECT indexname, pg_relation_size(indexname::regclass) FROM pg_indexes"
                " WHERE tablename = 'search_searchdocument' AND schemaname = current_schema()"
                " ORDER BY indexname"
            )
            result["table_total_mb"] = round(total / 2**20, 1)
            result["indexes_mb"] = round(indexes / 2**20, 1)
            result["index_mb"] = {name: round(size / 2**20, 1) for name, size in cursor.fetchall()}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
