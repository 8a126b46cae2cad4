"""Before and after on a noisy machine: two checkouts, the same pages, in turn, in-process.

One Python process per checkout imports that checkout's code and requests the pages of
`bench/web_load.py` (the same member, the same URLs) through Django's test client. After one
warm-up request per URL, the processes take turns: each requests every URL of a page once (a
pass), and the one that goes first alternates. Printed per page and checkout: the median wall
and CPU (process time) milliseconds per request, the CPU the PostgreSQL session used per
request (from /proc: the database on the same machine), and the SQL statements per request.
Every answer is checked (status 200 and the URL's marker), so a broken page stops the run
instead of giving a figure. The machine's speed drifts by up to 1.5× within minutes; that hits
both checkouts alike here, and single wrk runs minutes apart do not show a change of 10 %.

    DATABASE_URL=postgres://…/gw_perf .venv/bin/python bench/web_ab.py BEFORE_CHECKOUT \\
        [--after .] [--rounds 12] [--scenarios profile,network,search,search-api]

Server, HTTP and gunicorn are not part of it: `bench/web_load.py` measures those.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def serve(root: str, targets_path: str) -> None:
    """The worker: answer "page name" lines with one pass over that page's URLs."""
    sys.path.insert(0, root)
    os.chdir(root)
    info = json.loads(Path(targets_path).read_text())
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    # One database session for the whole run, so that its CPU time can be read from /proc.
    connection.settings_dict["CONN_MAX_AGE"] = None
    client = Client()
    name, _sep, key = info["cookie"].partition("=")
    client.cookies[name] = key
    statements = [0]

    def count(execute, sql, params, many, context):
        statements[0] += 1
        return execute(sql, params, many, context)

    def request(target: dict) -> None:
        headers = {"HTTP_HX_REQUEST": "true"} if target["htmx"] else {}
        response = client.get(target["path"], **headers)
        if response.status_code != 200 or target["marker"].encode() not in response.content:
            raise SystemExit(f"{root}: {target['path']} is not the page it names")

    for urls in info["scenarios"].values():
        for target in urls:
            request(target)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    print("ready", flush=True)
    with connection.execute_wrapper(count):
        for line in sys.stdin:
            urls = info["scenarios"][line.strip()]
            statements[0] = 0
            wall, cpu = time.perf_counter(), time.process_time()
            database = database_cpu(backend)
            for target in urls:
                request(target)
            n = len(urls)
            print(
                json.dumps(
                    {
                        "wall": (time.perf_counter() - wall) / n * 1000,
                        "cpu": (time.process_time() - cpu) / n * 1000,
                        "database": database_cpu(backend) - database,
                        "requests": n,
                        "statements": statements[0] / n,
                    }
                ),
                flush=True,
            )


def database_cpu(pid: int) -> float:
    """Seconds of CPU the PostgreSQL backend `pid` has used (user and system; 0 if not local)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before", help="checkout of the code before the change")
    parser.add_argument("--after", default=str(ROOT), help="checkout of the code after it")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--scenarios", default="profile,network,search,search-api")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--var-dir", default=os.environ.get("GOODWORD_VAR_DIR", ""))
    parser.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(*args.serve)
        return
    sys.path.insert(0, str(ROOT / "bench"))
    import web_load

    if not args.database_url.startswith("postgres"):
        raise SystemExit("DATABASE_URL: a seeded PostgreSQL database (bench/web_load.py --prepare)")
    info = web_load.targets(args)
    env = web_load.django_env(args)
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    checkouts = {
        "before": str(Path(args.before).resolve()),
        "after": str(Path(args.after).resolve()),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(info, handle)
    workers = {}
    try:
        for label, root in checkouts.items():
            worker = subprocess.Popen(
                [sys.executable, __file__, "x", "--serve", root, handle.name],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            if worker.stdout.readline().strip() != "ready":
                raise SystemExit(f"{root}: did not start (see above)")
            workers[label] = worker
        scenarios = args.scenarios.split(",")
        passes = {(s, label): [] for s in scenarios for label in checkouts}
        for round_ in range(args.rounds):
            for scenario in scenarios:
                order = list(checkouts) if round_ % 2 == 0 else list(reversed(checkouts))
                for label in order:
                    worker = workers[label]
                    worker.stdin.write(scenario + "\n")
                    worker.stdin.flush()
                    line = worker.stdout.readline()
                    if not line:
                        raise SystemExit(f"{checkouts[label]}: stopped (see above)")
                    passes[(scenario, label)].append(json.loads(line))
    finally:
        for worker in workers.values():
            worker.stdin.close()
            worker.wait()
        os.unlink(handle.name)
    print(
        f"{info['members']:,} members; {args.rounds} passes per page and checkout, medians\n\n"
        "database CPU: the PostgreSQL session's CPU over all passes per request (clock ticks)\n\n"
        "| page | wall ms before | wall ms after | CPU ms before | CPU ms after | CPU | "
        "database CPU ms before | after | statements before | statements after |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    for scenario in scenarios:
        med = {
            (label, what): statistics.median(p[what] for p in passes[(scenario, label)])
            for label in checkouts
            for what in ("wall", "cpu", "statements")
        }
        database = {
            label: sum(p["database"] for p in passes[(scenario, label)])
            / sum(p["requests"] for p in passes[(scenario, label)])
            * 1000
            for label in checkouts
        }
        change = med[("after", "cpu")] / med[("before", "cpu")] - 1
        print(
            f"| {scenario} | {med[('before', 'wall')]:.1f} | {med[('after', 'wall')]:.1f} | "
            f"{med[('before', 'cpu')]:.1f} | {med[('after', 'cpu')]:.1f} | {change:+.0%} | "
            f"{database['before']:.2f} | {database['after']:.2f} | "
            f"{med[('before', 'statements')]:.1f} | {med[('after', 'statements')]:.1f} |"
        )


if __name__ == "__main__":
    main()
