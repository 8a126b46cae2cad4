"""Where the time of each benchmarked page goes, in-process (no HTTP server, no load).

For every URL of `bench/web_load.py`'s scenarios (same viewer, same URLs), after one warm-up
request: median wall time over `--repeat` requests, SQL statements and their time (through a
database execute wrapper), and a cProfile of the same requests with the time split into
template rendering, SQL (driver), trust engine and adapter, and the rest (view code, Django
itself). Prints a Markdown table per page and the slowest SQL statements; `--explain` adds
`EXPLAIN ANALYZE` of each page's slowest statement.

    DATABASE_URL=postgres://…/goodword .venv/bin/python bench/web_profile.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

AREAS = [
    ("templates", ("django/template/", "django/templatetags/", "/templatetags/")),
    ("SQL driver", ("psycopg", "django/db/backends/")),
    ("ORM", ("django/db/models/",)),
    ("trust engine + adapter", ("trust_engine/", "goodword/trust/adapter.py")),
]


def area_of(filename: str) -> str:
    for name, parts in AREAS:
        if any(p in filename for p in parts):
            return name
    return "other"


def split_profile(profile: cProfile.Profile) -> dict[str, float]:
    """Own time (tottime) per area, in seconds."""
    stats = pstats.Stats(profile)
    out: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        out[area_of(filename)] += tottime
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="forget what search keeps between requests before each one (a query not asked before)",
    )
    parser.add_argument("--scenarios", default="network,profile,search,search-api")
    args = parser.parse_args()
    import web_load

    where = argparse.Namespace(database_url=os.environ["DATABASE_URL"], var_dir="")
    info = web_load.targets(where)
    os.environ.update(web_load.django_env(where))  # the same secret key signs the session
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from goodword.search.cache import forget as forget_search

    client = Client()
    name, _sep, key = info["cookie"].partition("=")
    client.cookies[name] = key
    statements: list[tuple[float, str, tuple]] = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - started, sql, params))

    print(f"{info['members']:,} members; {args.repeat} requests per URL after one warm-up")
    for scenario in args.scenarios.split(","):
        urls = info["scenarios"][scenario]
        walls: list[float] = []
        counts: list[int] = []
        sql_times: list[float] = []
        slow: list[tuple[float, str, tuple]] = []
        profile = cProfile.Profile()
        for t in urls:
            headers = {"HTTP_HX_REQUEST": "true"} if t["htmx"] else {}
            response = client.get(t["path"], **headers)
            if response.status_code != 200 or t["marker"].encode() not in response.content:
                raise SystemExit(f"{scenario}: {t['path']} is not the page it names")
        per_url = max(1, args.repeat // len(urls))
        for t in urls:
            headers = {"HTTP_HX_REQUEST": "true"} if t["htmx"] else {}
            for _ in range(per_url):
                if args.cold:
                    forget_search()
                statements.clear()
                with connection.execute_wrapper(record):
                    started = time.perf_counter()
                    profile.enable()
                    client.get(t["path"], **headers)
                    profile.disable()
                    walls.append(time.perf_counter() - started)
                counts.append(len(statements))
                sql_times.append(sum(s[0] for s in statements))
                slow.extend(statements)
        areas = split_profile(profile)
        total = sum(areas.values()) or 1.0
        n = len(walls)
        print(f"\n### {scenario} ({len(urls)} URLs, {n} requests)\n")
        print(
            f"median {statistics.median(walls) * 1000:.1f} ms per request (cProfile adds "
            f"overhead; the split below is of profiled time); SQL: median "
            f"{statistics.median(counts):.0f} statements, {statistics.median(sql_times) * 1000:.1f}"
            " ms round trips"
        )
        print("\n| part | share of profiled time | ms per request |\n| --- | ---: | ---: |")
        for area, seconds in sorted(areas.items(), key=lambda kv: -kv[1]):
            print(f"| {area} | {seconds / total:.0%} | {seconds / n * 1000:.1f} |")
        grouped: dict[str, list[float]] = defaultdict(list)
        for seconds, sql, _params in slow:
            grouped[sql[:160]].append(seconds)
        print("\nslowest statements (mean ms, count per request):")
        for sql, times in sorted(grouped.items(), key=lambda kv: -sum(kv[1]))[:6]:
            print(f"- {statistics.mean(times) * 1000:.2f} ms × {len(times) / n:.1f}: {sql}")
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative")
        top = [
            (ct / n * 1000, f"{Path(fn).name}:{line} {name}")
            for (fn, line, name), (_cc, _nc, _tt, ct, _c) in stats.stats.items()
            if "goodword/" in fn or "trust_engine" in fn
        ]
        print("\nheaviest project functions (cumulative ms per request):")
        for ms, where in sorted(top, reverse=True)[:12]:
            print(f"- {ms:.1f} {where}")
        if args.explain and slow:
            seconds, sql, params = max(slow, key=lambda s: s[0])
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN ANALYZE " + sql, params)
                plan = "\n".join(r[0] for r in cursor.fetchall())
            print(f"\nEXPLAIN ANALYZE of the slowest ({seconds * 1000:.1f} ms):\n{plan}")
    print(json.dumps({"done": True}))


if __name__ == "__main__":
    main()
