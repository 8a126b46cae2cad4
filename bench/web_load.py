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

Every response is checked against the URL it answers (status 200, a marker of that URL such as
the member's name or the query, the spread of body sizes) before and during the run; a wrong
page stops the benchmark with an error instead of a figure. It also reports how long a fresh
worker takes to its first trust page and each process's memory (RSS, PSS, private).

Loopback only, bounded in time (`--duration` per scenario) and in requests (`--max-requests`
for the Python generator). Targets (issue 15): p95 ≤ 100 ms on every page at 4 connections,
≥ 200 requests/s on profile pages, ≥ 150 on the others.
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
OTHER_RPS_TARGET = 150.0

# One wrk thread per connection, so each thread's responses arrive in the order of its
# requests and every response is checked against the URL it answers: status 200, the URL's
# marker in the body, and the smallest and largest body size.
LUA = r"""
local targets = {
{TARGETS}
}
local cookie = {COOKIE}
local threads = {}
setup = function(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end
init = function(args)
  counter = offset
  current = nil
  bad, checked, min_size, max_size = 0, 0, 1e12, 0
  first_bad = ""
end
-- wrk asks for one request more than it sends (before the first), and with one connection per
-- thread it asks for the next only after the previous answer: the answer belongs to the
-- request returned last.
request = function()
  counter = counter + 1
  current = targets[(counter % #targets) + 1]
  local headers = {["Cookie"] = cookie, ["Host"] = "127.0.0.1"}
  if current[3] then headers["HX-Request"] = "true" end
  return wrk.format("GET", current[1], headers)
end
response = function(status, headers, body)
  local target = current
  checked = checked + 1
  local size = #body
  if size < min_size then min_size = size end
  if size > max_size then max_size = size end
  if target == nil or status ~= 200 or not string.find(body, target[2], 1, true) then
    bad = bad + 1
    if first_bad == "" then
      local path = target and target[1] or "?"
      first_bad = string.format("%s answered %d (%d bytes)", path, status, size)
    end
  end
end
done = function(summary, latency, requests)
  local e = summary.errors
  local bad_total, checked_total, lo, hi, why = 0, 0, 1e12, 0, ""
  for _, thread in ipairs(threads) do
    bad_total = bad_total + thread:get("bad")
    checked_total = checked_total + thread:get("checked")
    lo = math.min(lo, thread:get("min_size"))
    hi = math.max(hi, thread:get("max_size"))
    if why == "" then why = thread:get("first_bad") end
  end
  io.write(string.format(
    "RESULT {\"requests\": %d, \"duration_us\": %d, \"errors\": %d, \"non2xx\": %d, "
    .. "\"p50_us\": %d, \"p95_us\": %d, \"p99_us\": %d, \"wrong\": %d, \"checked\": %d, "
    .. "\"min_bytes\": %d, \"max_bytes\": %d}\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    bad_total, checked_total, lo, hi))
  if why ~= "" then io.write("FIRST_WRONG " .. why .. "\n") end
end
"""


def lua_string(text: str) -> str:
    """A Lua string literal for any text: bytes outside printable ASCII as decimal escapes
    (LuaJIT knows no \\u escapes; names and queries carry umlauts)."""
    out = []
    for byte in text.encode():
        char = chr(byte)
        out.append(char if 32 <= byte < 127 and char not in '"\\' else f"\\{byte:03d}")
    return '"' + "".join(out) + '"'


def render_lua(targets: list[dict], cookie: str) -> str:
    """The wrk script for one scenario: a Lua table with one {path, marker, htmx} per URL."""
    rows = []
    for t in targets:
        htmx = "true" if t.get("htmx") else "false"
        rows.append(f"  {{{lua_string(t['path'])}, {lua_string(t['marker'])}, {htmx}}}")
    return LUA.replace("{TARGETS}", ",\n".join(rows)).replace("{COOKIE}", lua_string(cookie))


class WrongPage(SystemExit):
    """A scenario's responses are not the page it names: the run is worthless, stop."""


@dataclass
class Result:
    scenario: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    min_bytes: int = 0
    max_bytes: int = 0

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
            # One member sends every request: the per-member API limit (600/min) would answer
            # most of them 429. The throttle still counts each request in the shared cache.
            "API_THROTTLE_RATE": "100000000/m",
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
from django.utils.html import escape
def page(path, marker, htmx=False):
    return {"path": path, "marker": marker, "htmx": htmx}
queries = [{"q": p} for p in professions] + [{"q": name} for name, _s in topics]
queries += [{"q": professions[i], "city": cities[i % 4]} for i in range(4)]
search = [
    page(reverse("search:search") + "?" + urlencode(q), f'name="q" value="{escape(q["q"])}"')
    for q in queries
]
search_api = [
    page("/api/v1/search?" + urlencode(q), '"snippet_html"') for q in queries
]
network = [page(reverse("trust:network"), 'value="" selected')]
network += [
    page(reverse("trust:network") + "?" + urlencode({"topic": s}), f'value="{escape(s)}" selected')
    for _n, s in topics[:4]
]
names = dict(
    Profile.objects.filter(user_id__in=profile_ids).exclude(display_name="")
    .values_list("user_id", "display_name")
)
profile = []
for i in profile_ids:
    if i in names and i != viewer.pk:
        profile.append(page(reverse("accounts:profile", args=[i]),
                            f'<h1 id="profile-name">{escape(names[i])}</h1>'))
        # The "how you are connected" fragment every profile page loads with htmx.
        profile.append(page(reverse("trust:connection", args=[i]),
                            f'hx-post="{reverse("trust:set_mark", args=[i])}"', True))
from django.db import connection
database = connection.vendor
if connection.vendor == "postgresql":  # bench/web_profile.py also runs on SQLite
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
        cursor.execute("SHOW fsync")
        fsync = cursor.fetchone()[0]
    database = f"PostgreSQL {version} (shared_buffers {buffers}, fsync {fsync})"
print(json.dumps({
    "viewer": viewer.pk,
    "postgres": database,
    "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
    "members": User.objects.count(),
    "recommendations": given.count(),
    "scenarios": {
        "network": network,
        "profile": profile,
        "search": search,
        "search-api": search_api,
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


def start_server(args) -> tuple[subprocess.Popen, float]:
    """Start gunicorn; returns the process and the monotonic time its workers answered."""
    manage(args, "collectstatic", "--noinput", "-v", "0")
    command = [str(Path(PYTHON).parent / "gunicorn")]
    if args.preload:
        # The production configuration: the master imports the app and maps the trust
        # snapshot once, workers share those pages.
        command += ["--config", str(ROOT / "config" / "gunicorn.conf.py")]
    command += [
        "config.wsgi:application",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--bind",
        f"{HOST}:{args.port}",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    if args.worker_class == "gthread":
        command += ["--threads", str(args.threads)]
    print("$", " ".join(command), flush=True)
    server = subprocess.Popen(command, cwd=ROOT, env=django_env(args), start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _body = get("/healthz", "", args.port)
            if status == 200:
                return server, time.monotonic()
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit("the server did not answer /healthz within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def get(
    path: str, cookie: str, port: int, timeout: float = 120, htmx: bool = False
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    headers = {"Cookie": cookie} if cookie else {}
    if htmx:
        headers["HX-Request"] = "true"
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def check_pages(paths: dict[str, list[dict]], cookie: str, args) -> dict[str, tuple[int, int]]:
    """Before the run: every URL answers 200 with its own marker, is not the home page or a
    login form, and a scenario's URLs do not all answer the same body. Returns the smallest
    and largest body size per scenario."""
    _status, home = get("/", cookie, args.port)
    sizes: dict[str, tuple[int, int]] = {}
    for scenario, targets in paths.items():
        if not targets:
            raise WrongPage(f"{scenario}: no URLs to measure")
        bodies = set()
        lengths = []
        for t in targets:
            status, body = get(t["path"], cookie, args.port, htmx=t["htmx"])
            where = f"{scenario}: GET {t['path']}{' (htmx)' if t['htmx'] else ''}"
            if status != 200:
                raise WrongPage(f"{where} answered {status}")
            if b'name="password"' in body or body == home:
                raise WrongPage(f"{where} shows the login form or the home page, not the page")
            if t["marker"].encode() not in body:
                raise WrongPage(f"{where}: {t['marker']!r} is not in the {len(body)}-byte answer")
            bodies.add(body)
            lengths.append(len(body))
        if len(targets) > 1 and len(bodies) == 1:
            raise WrongPage(f"{scenario}: all {len(targets)} URLs answered the same body")
        sizes[scenario] = (min(lengths), max(lengths))
        print(
            f"checked {scenario}: {len(targets)} URLs, {min(lengths):,}–{max(lengths):,} bytes "
            f"(home page {len(home):,})",
            flush=True,
        )
    return sizes


def check_run(result: Result, expected: tuple[int, int], wrong: int, why: str) -> None:
    """After the run: every response was checked and right, sizes within the checked range
    (pages with trust lists vary a little between requests: allow a quarter either way)."""
    lo, hi = expected
    if wrong or result.errors:
        raise WrongPage(
            f"{result.scenario}: {wrong} wrong pages and {result.errors} errors during the run"
            + (f"; first: {why}" if why else "")
        )
    if result.min_bytes < lo * 0.75 or result.max_bytes > hi * 1.25:
        raise WrongPage(
            f"{result.scenario}: answers of {result.min_bytes:,}–{result.max_bytes:,} bytes during "
            f"the run, {lo:,}–{hi:,} bytes when checked"
        )


def worker_pids(server: subprocess.Popen) -> list[int]:
    try:
        text = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def memory_mib(pid: int) -> dict[str, float]:
    """RSS, PSS (shared pages divided among their users) and USS (private pages: what this
    process alone adds) from /proc/<pid>/smaps_rollup, in MiB."""
    fields: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                fields[parts[0].rstrip(":")] = int(parts[1]) / 1024
    except OSError:
        return {}
    return {
        "rss": fields.get("Rss", 0.0),
        "pss": fields.get("Pss", 0.0),
        "uss": fields.get("Private_Clean", 0.0) + fields.get("Private_Dirty", 0.0),
    }


def first_requests(paths: dict[str, list[dict]], cookie: str, server, started: float, args):
    """Time of the first trust page of a fresh worker, and the time until every worker
    answered one (parallel requests reach each worker)."""
    first = paths.get("network", next(iter(paths.values())))[0]
    t0 = time.monotonic()
    status, _body = get(first["path"], cookie, args.port)
    first_s = time.monotonic() - t0
    if status != 200:
        raise WrongPage(f"first request to {first['path']} answered {status}")
    t1 = time.monotonic()
    threads = [
        threading.Thread(target=get, args=(first["path"], cookie, args.port))
        for _ in range(args.workers * 4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    all_s = time.monotonic() - t1
    print(f"first trust page: {first_s:.2f} s; all workers warm after {all_s:.2f} s", flush=True)
    return {"first_s": first_s, "warm_all_s": all_s, "since_start_s": time.monotonic() - started}


def run_wrk(scenario: str, targets: list[dict], cookie: str, args, expected) -> Result:
    lua = render_lua(targets, cookie)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua)
    try:
        out = subprocess.run(
            [
                shutil.which("wrk") or "wrk",
                "-t",
                str(args.connections),
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
    found = re.search(r"^RESULT (.*)$", out, re.M)
    if not found:
        raise WrongPage(f"{scenario}: wrk printed no result:\n{out}")
    data = json.loads(found.group(1))
    why = re.search(r"^FIRST_WRONG (.*)$", out, re.M)
    result = Result(
        scenario,
        data["requests"],
        data["duration_us"] / 1e6,
        data["p50_us"] / 1000,
        data["p95_us"] / 1000,
        data["p99_us"] / 1000,
        data["errors"] + data["non2xx"],
        data["min_bytes"],
        data["max_bytes"],
    )
    # wrk counts a response cut off at the end of the run as a request it never checked.
    wrong = data["wrong"] + max(0, data["requests"] - data["checked"] - args.connections)
    check_run(result, expected, wrong, why.group(1) if why else "")
    return result


def run_python(scenario: str, targets: list[dict], cookie: str, args, expected) -> Result:
    """Closed-loop load from `--connections` threads, bounded by time and request count;
    every response checked like wrk's."""
    latencies: list[float] = []
    errors = wrong = 0
    sizes: list[int] = []
    why: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + args.duration
    budget = [args.max_requests]

    def worker(offset: int) -> None:
        nonlocal errors, wrong
        conn = http.client.HTTPConnection(HOST, args.port, timeout=10)
        i = offset
        while time.monotonic() < stop_at:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            target = targets[i % len(targets)]
            i += 1
            headers = {"Cookie": cookie}
            if target["htmx"]:
                headers["HX-Request"] = "true"
            started = time.perf_counter()
            body = b""
            try:
                conn.request("GET", target["path"], headers=headers)
                response = conn.getresponse()
                body = response.read()
                ok = response.status == 200
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
            elapsed = time.perf_counter() - started
            right = ok and target["marker"].encode() in body
            with lock:
                latencies.append(elapsed)
                errors += not ok
                wrong += ok and not right
                sizes.append(len(body))
                if not right and not why:
                    why.append(f"{target['path']} ({len(body)} bytes)")

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - started
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    result = Result(
        scenario,
        len(latencies),
        seconds,
        q[49] * 1000,
        q[94] * 1000,
        q[98] * 1000,
        errors,
        min(sizes, default=0),
        max(sizes, default=0),
    )
    check_run(result, expected, wrong, why[0] if why else "")
    return result


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


def loadavg() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def target_of(scenario: str) -> tuple[str, float]:
    rps = PROFILE_RPS_TARGET if scenario == "profile" else OTHER_RPS_TARGET
    return f"p95 ≤ {P95_TARGET_MS:.0f} ms, ≥ {rps:.0f} req/s", rps


def markdown(runs: list[dict], info: dict, args, tool: str) -> str:
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    worker = f"{args.workers} {args.worker_class} workers" + (
        f" × {args.threads} threads" if args.worker_class == "gthread" else ""
    )
    worker += ", `config/gunicorn.conf.py` (preloaded)" if args.preload else ""
    lines = [
        "## Web",
        "",
        f"Measured {today} with `bench/web_load.py` on {machine()}.",
        f"Setup: {info['postgres']} on loopback, {info['members']:,} members and "
        f"{info['recommendations']:,} accepted recommendations (`seed_demo`), gunicorn with "
        f"{worker}, DEBUG off; load from {tool} with {args.connections} connections for "
        f"{args.duration} s per page on the same machine (server, database and load generator "
        "share the cores; the load averages below show what else ran). Logged in as one demo "
        "member; "
        "each page cycles through "
        f"{', '.join(f'{len(v)} {k} URLs' for k, v in info['scenarios'].items())} "
        "(profile: each profile page and its “how you are connected” fragment). Every response "
        "is checked during the run (status 200, the URL's own marker: the member's name, the "
        "query, the selected topic; body size within the range seen before the run); a wrong "
        "page stops the benchmark.",
        "",
    ]
    for n, run in enumerate(runs, 1):
        lines += [
            f"Run {n} of {len(runs)}: load average (1 / 5 / 15 min) {run['load_before']} before, "
            f"{run['load_after']} after.",
            "",
            "| page | requests | req/s | p50 ms | p95 ms | p99 ms | bytes | target |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for r in run["results"]:
            text, rps = target_of(r.scenario)
            ok = r.p95_ms <= P95_TARGET_MS and r.rps >= rps
            lines.append(
                f"| {r.scenario} | {r.requests} | {r.rps:.0f} | {r.p50_ms:.0f} | {r.p95_ms:.0f} "
                f"| {r.p99_ms:.0f} | {r.min_bytes:,}–{r.max_bytes:,} | {text}: "
                f"{'met' if ok else 'missed'} |"
            )
        lines.append("")
    start = runs[0]["start"]
    mem = start["memory"]
    lines += [
        f"Start (trust snapshot {'present' if start['snapshot'] else 'absent'}): the first trust "
        f"page of a fresh worker answered in {start['first_s']:.2f} s, every worker had answered "
        f"one {start['warm_all_s']:.2f} s later.",
        "",
        "| process | RSS MiB | PSS MiB | USS MiB (private: what it adds) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, m in mem:
        lines.append(f"| {name} | {m['rss']:.0f} | {m['pss']:.0f} | {m['uss']:.0f} |")
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
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=2, help="threads per gthread worker")
    parser.add_argument(
        "--no-preload",
        dest="preload",
        action="store_false",
        help="plain gunicorn instead of config/gunicorn.conf.py (app imported per worker)",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--duration", type=int, default=20, help="seconds per page (≤ 120)")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--runs", type=int, default=2, help="measure every page this often")
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
    args.runs = max(1, min(args.runs, 5))

    if args.prepare:
        prepare(args)
    info = targets(args)
    use_wrk = shutil.which("wrk") is not None and not args.python_client
    tool = "wrk" if use_wrk else "a Python thread pool"
    snapshot_path = Path(args.var_dir or ROOT / "var") / "trust-graph.snap"
    has_snapshot = snapshot_path.exists()
    server, started = start_server(args)
    runs = []
    try:
        wanted = [s for s in args.scenarios.split(",") if s in info["scenarios"]]
        paths = {s: info["scenarios"][s] for s in wanted}
        start = first_requests(paths, info["cookie"], server, started, args)
        start["snapshot"] = has_snapshot
        expected = check_pages(paths, info["cookie"], args)
        pids = worker_pids(server)
        start["memory"] = [("gunicorn master", memory_mib(server.pid))] + [
            (f"worker {n}", memory_mib(pid)) for n, pid in enumerate(pids, 1)
        ]
        for name, m in start["memory"]:
            print(f"{name}: " + ", ".join(f"{k} {v:.0f} MiB" for k, v in m.items()), flush=True)
        run = run_wrk if use_wrk else run_python
        for n in range(args.runs):
            record = {"load_before": loadavg(), "results": [], "start": start}
            for scenario in wanted:
                result = run(scenario, paths[scenario], info["cookie"], args, expected[scenario])
                record["results"].append(result)
                print(
                    f"run {n + 1} {scenario:10} {result.requests:6d} req {result.rps:7.1f} req/s "
                    f"p50 {result.p50_ms:6.1f} ms p95 {result.p95_ms:6.1f} ms "
                    f"p99 {result.p99_ms:6.1f} ms {result.min_bytes}–{result.max_bytes} bytes",
                    flush=True,
                )
            record["load_after"] = loadavg()
            runs.append(record)
    finally:
        stop_server(server)
    section = markdown(runs, info, args, tool)
    print()
    print(section)
    if args.write_docs:
        write_docs(section, args.notes)


if __name__ == "__main__":
    main()
