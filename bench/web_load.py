"""Web load benchmark: p50/p95 latency and requests/s of the pages that use the trust engine.

Runs the production setup on loopback (gunicorn, 2 sync workers, DEBUG off, PostgreSQL) and
drives it with wrk (or, without wrk, a small bounded Python load generator) for a fixed time
per scenario:

- network: "Your network" (`trust:network`), with and without a topic filter
- profile: member profiles with "How you are connected" (members 1–2 hops from the viewer)
- search:  "Wen suchst du?" (`search:search`) with professions, topics and cities as queries
- search-api: the same queries through `GET /api/v1/search`

Usage (the database must already hold the demo network; `--prepare` builds it):

    DATABASE_URL=postgres://…/goodword .venv/bin/python bench/web_load.py \\
        [--prepare --members 100000 --seed 1] [--duration 20] [--connections 4] [--write-docs]

Loopback only, bounded in time (`--duration` per scenario) and in requests (`--max-requests`
for the Python generator). Targets (issue 4): p95 ≤ 100 ms on every page, ≥ 200 requests/s on
profile pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
P95_TARGET_MS = 100.0
PROFILE_RPS_TARGET = 200.0

LUA = r"""
local paths = {PATHS}
local cookie = "{COOKIE}"
local counter = 0
request = function()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  return wrk.format("GET", path, {["Cookie"] = cookie, ["Host"] = "127.0.0.1"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\"requests\": %d, \"duration_us\": %d, \"errors\": %d, \"non2xx\": %d, "
    .. "\"p50_us\": %d, \"p95_us\": %d, \"p99_us\": %d}\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass
class Result:
    scenario: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def django_env(args) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": args.database_url,
            "DEBUG": "0",
            "SECRET_KEY": "bench-web-load-not-a-real-secret-" + "x" * 20,
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": f"http://{HOST}",
            "LOG_LEVEL": "ERROR",
        }
    )
    if args.var_dir:
        env["GOODWORD_VAR_DIR"] = args.var_dir
    return env


def manage(args, *command: str) -> None:
    print("$ manage.py", " ".join(command), flush=True)
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=django_env(args), check=True)


def prepare(args) -> None:
    manage(args, "migrate", "--noinput", "-v", "0")
    manage(
        args,
        "seed_demo",
        "--members",
        str(args.members),
        "--seed",
        str(args.seed),
        "--allow-production",
    )
    manage(args, "rebuild_search_index")
    manage(args, "rebuild_trust")


TARGETS_SCRIPT = r"""
import json, django
django.setup()
from collections import Counter
from django.conf import settings
from django.db.models import Count
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from goodword.accounts.models import Profile, User
from goodword.recommendations.models import Recommendation, Status
from goodword.topics.models import Topic

viewer = User.objects.filter(email__iexact="demo@goodword.test").first()
given = Recommendation.objects.filter(status=Status.ACCEPTED)
if viewer is None or given.filter(author=viewer).count() < 3:
    top = Counter(given.values_list("author_id", flat=True)[:200000]).most_common(1)
    viewer = User.objects.get(pk=top[0][0])
session = SessionStore()
session[SESSION_KEY] = str(viewer.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = viewer.get_session_auth_hash()
session.create()

first = list(given.filter(author=viewer).values_list("subject_id", flat=True)[:20])
second = list(
    given.filter(author_id__in=first).exclude(subject=viewer)
    .values_list("subject_id", flat=True)[:60]
)
profile_ids = list(dict.fromkeys(first[:10] + second))[:50]
professions = [
    p for p, _n in Counter(
        Profile.objects.exclude(profession="").values_list("profession", flat=True)[:50000]
    ).most_common(12)
]
cities = [
    c for c, _n in Counter(
        Profile.objects.exclude(city="").values_list("city", flat=True)[:50000]
    ).most_common(4)
]
topics = list(
    Topic.objects.annotate(n=Count("recommendations")).order_by("-n", "name")
    .values_list("name", "slug")[:8]
)
search = [reverse("search:search") + "?" + urlencode({"q": p}) for p in professions]
search += [reverse("search:search") + "?" + urlencode({"q": name}) for name, _s in topics]
search += [
    reverse("search:search") + "?" + urlencode({"q": professions[i], "city": cities[i % 4]})
    for i in range(4)
]
network = [reverse("trust:network")]
network += [reverse("trust:network") + "?" + urlencode({"topic": s}) for _n, s in topics[:4]]
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SHOW server_version")
    version = cursor.fetchone()[0].split()[0]
    cursor.execute("SHOW shared_buffers")
    buffers = cursor.fetchone()[0]
    cursor.execute("SHOW fsync")
    fsync = cursor.fetchone()[0]
print(json.dumps({
    "viewer": viewer.pk,
    "postgres": f"PostgreSQL {version} (shared_buffers {buffers}, fsync {fsync})",
    "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
    "members": User.objects.count(),
    "recommendations": given.count(),
    "scenarios": {
        "network": network,
        "profile": [reverse("accounts:profile", args=[i]) for i in profile_ids],
        "search": search,
        "search-api": [u.replace(reverse("search:search"), "/api/v1/search") for u in search],
    },
}))
""".replace("import json, django", "import json, django\nfrom urllib.parse import urlencode")


def targets(args) -> dict:
    out = subprocess.run(
        [PYTHON, "-c", TARGETS_SCRIPT],
        cwd=ROOT,
        env=django_env(args),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def start_server(args) -> subprocess.Popen:
    manage(args, "collectstatic", "--noinput", "-v", "0")
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "config.wsgi:application",
        "--workers",
        str(args.workers),
        "--bind",
        f"{HOST}:{args.port}",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    print("$", " ".join(command), flush=True)
    server = subprocess.Popen(command, cwd=ROOT, env=django_env(args), start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _body = get("/healthz", "", args.port)
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit("the server did not answer /healthz within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def get(path: str, cookie: str, port: int, timeout: float = 120) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def check_and_warm(paths: dict[str, list[str]], cookie: str, args) -> None:
    """Every URL answers 200 for the logged-in viewer; both workers build their trust graph."""
    for scenario, urls in paths.items():
        for path in urls:
            status, body = get(path, cookie, args.port)
            if status != 200:
                raise SystemExit(f"{scenario}: GET {path} answered {status}")
            if b'name="password"' in body:
                raise SystemExit(f"{scenario}: GET {path} shows a login form, not the page")
    # Each worker builds its own graph on first use: warm both with parallel requests.
    started = time.monotonic()
    first = next(iter(paths.values()))[0]
    threads = [
        threading.Thread(target=get, args=(first, cookie, args.port))
        for _ in range(args.workers * 4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"warm-up: {time.monotonic() - started:.1f} s", flush=True)


def run_wrk(scenario: str, urls: list[str], cookie: str, args) -> Result:
    lua = LUA.replace("{PATHS}", ", ".join(json.dumps(u) for u in urls)).replace("{COOKIE}", cookie)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua)
    try:
        out = subprocess.run(
            [
                shutil.which("wrk") or "wrk",
                "-t",
                str(min(2, args.connections)),
                "-c",
                str(args.connections),
                "-d",
                f"{args.duration}s",
                "--timeout",
                "10s",
                "-s",
                f.name,
                f"http://{HOST}:{args.port}",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=args.duration + 60,
        ).stdout
    finally:
        os.unlink(f.name)
    data = json.loads(re.search(r"^RESULT (.*)$", out, re.M).group(1))
    return Result(
        scenario,
        data["requests"],
        data["duration_us"] / 1e6,
        data["p50_us"] / 1000,
        data["p95_us"] / 1000,
        data["p99_us"] / 1000,
        data["errors"] + data["non2xx"],
    )


def run_python(scenario: str, urls: list[str], cookie: str, args) -> Result:
    """Closed-loop load from `--connections` threads, bounded by time and request count."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + args.duration
    budget = [args.max_requests]

    def worker(offset: int) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(HOST, args.port, timeout=10)
        i = offset
        while time.monotonic() < stop_at:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            path = urls[i % len(urls)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors += not ok

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - started
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return Result(
        scenario, len(latencies), seconds, q[49] * 1000, q[94] * 1000, q[98] * 1000, errors
    )


def machine() -> str:
    cpus = os.cpu_count()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpus} cores ({model or platform.processor()}), Python {platform.python_version()}"


def markdown(results: list[Result], info: dict, args, tool: str) -> str:
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = info.get("load_before", "")
    lines = [
        "## Web",
        "",
        f"Measured {today} with `bench/web_load.py` on {machine()}.",
        f"Setup: {info['postgres']} on loopback, {info['members']:,} members and "
        f"{info['recommendations']:,} accepted recommendations (`seed_demo`), "
        f"gunicorn with {args.workers} sync workers, "
        f"DEBUG off; load from {tool} with {args.connections} connections for "
        f"{args.duration} s per page on the same machine (server, database and load generator "
        f"share the cores; load average {load} just before the run). Logged in as one demo "
        "member; each page cycles through "
        f"{', '.join(f'{len(v)} {k} URLs' for k, v in info['scenarios'].items())}.",
        "",
        "| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        ok = r.p95_ms <= P95_TARGET_MS and (r.scenario != "profile" or r.rps >= PROFILE_RPS_TARGET)
        target = "p95 ≤ 100 ms" + (", ≥ 200 req/s" if r.scenario == "profile" else "")
        lines.append(
            f"| {r.scenario} | {r.requests} | {r.rps:.0f} | {r.p50_ms:.0f} | {r.p95_ms:.0f} | "
            f"{r.p99_ms:.0f} | {r.errors} | {target}: {'met' if ok else 'missed'} |"
        )
    return "\n".join(lines) + "\n"


def write_docs(section: str, notes: str) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    body = section + ("\n" + notes.strip() + "\n" if notes.strip() else "")
    match = re.search(r"^## Web\n.*?(?=^## |\Z)", text, re.M | re.S)
    if match:
        text = text[: match.start()] + body + "\n" + text[match.end() :]
    else:
        text = text.rstrip("\n") + "\n\n" + body
    path.write_text(text.rstrip("\n") + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--var-dir", default=os.environ.get("GOODWORD_VAR_DIR", ""))
    parser.add_argument("--prepare", action="store_true", help="migrate, seed and index first")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--duration", type=int, default=20, help="seconds per page (≤ 120)")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=50_000, help="Python generator cap")
    parser.add_argument("--scenarios", default="network,profile,search,search-api")
    parser.add_argument("--python-client", action="store_true", help="do not use wrk")
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--notes", default="", help="text added under the table")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database (the production setup)")
    if urllib.parse.urlparse(args.database_url).hostname not in {"127.0.0.1", "localhost", None}:
        raise SystemExit("loopback only: DATABASE_URL must point at 127.0.0.1")
    args.duration = max(1, min(args.duration, 120))
    args.connections = max(1, min(args.connections, 64))

    if args.prepare:
        prepare(args)
    info = targets(args)
    info["load_before"] = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    use_wrk = shutil.which("wrk") is not None and not args.python_client
    tool = "wrk" if use_wrk else "a Python thread pool"
    server = start_server(args)
    results = []
    try:
        wanted = [s for s in args.scenarios.split(",") if s in info["scenarios"]]
        paths = {s: info["scenarios"][s] for s in wanted}
        check_and_warm(paths, info["cookie"], args)
        for scenario in wanted:
            run = run_wrk if use_wrk else run_python
            result = run(scenario, paths[scenario], info["cookie"], args)
            results.append(result)
            print(
                f"{scenario:10} {result.requests:6d} req {result.rps:7.1f} req/s "
                f"p50 {result.p50_ms:6.1f} ms p95 {result.p95_ms:6.1f} ms "
                f"p99 {result.p99_ms:6.1f} ms errors {result.errors}",
                flush=True,
            )
    finally:
        stop_server(server)
    section = markdown(results, info, args, tool)
    print()
    print(section)
    if args.write_docs:
        write_docs(section, args.notes)


if __name__ == "__main__":
    main()
