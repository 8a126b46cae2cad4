"""Write load: many members writing at once must not see 5xx, lose a write, or get a 500 for a
write that was saved.

Starts its own server on loopback against a fresh database and runs `--writers` concurrent
clients, each authenticated with its own personal access token, for at most `--duration`
seconds and at most `--writes` writes per client. Each client cycles through four writes:

- `PUT /api/v1/trust/marks/{id}`      a private mark on a member it has not marked yet
- `PATCH /api/v1/members/me`          its own profile, with a text unique to the request
- `POST /api/v1/recommendations`      a recommendation of a member, text unique to the request
- `POST /api/v1/notifications/read`   marking its notifications read

Afterwards it compares what the clients were told with the database:

- 5xx:             answers with a status of 500 or more (or no answer at all)
- lost writes:     acknowledged (2xx) writes that are not in the database
- saved but 5xx:   writes answered with 5xx (or not at all) that are in the database anyway
- marks without trust refresh: saved marks whose trust-graph refresh never reached the change
  log once the background worker has drained the queue

Setups (`--setup`):

- `runserver-sqlite`: `manage.py runserver` on a fresh SQLite file, DEBUG on, and the
  `db_worker`, as `make run` starts them
- `gunicorn-postgres`: gunicorn (`--workers` sync workers, DEBUG off) and the `db_worker` on the
  PostgreSQL database named by `DATABASE_URL`, which is emptied first (`flush`)

Usage:

    .venv/bin/python bench/write_load.py --setup runserver-sqlite [--writers 50] [--write-docs]
    DATABASE_URL=postgres://…/gw_bench .venv/bin/python bench/write_load.py \\
        --setup gunicorn-postgres [--writers 50] [--write-docs]

Target (issue 8): 0 5xx, 0 lost writes, 0 saved but 5xx at 50 writers on both databases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
SETUPS = ("runserver-sqlite", "gunicorn-postgres")
LEVELS = ("know_personally", "worked_with", "vouch", "would_not_recommend")


@dataclass
class Outcome:
    """One request as the client saw it."""

    kind: str
    status: int  # 0: no answer (connection error or timeout)
    writer: int
    target: int = 0
    value: str = ""
    seconds: float = 0.0


@dataclass
class Report:
    setup: str
    writers: int
    duration: float
    outcomes: list[Outcome] = field(default_factory=list)
    lost: int = 0
    saved_but_5xx: int = 0
    missing_refresh: int = 0
    queue_drained: bool = True
    details: list[str] = field(default_factory=list)

    @property
    def server_errors(self) -> int:
        return sum(1 for o in self.outcomes if o.status == 0 or o.status >= 500)

    def by_status(self) -> dict[str, int]:
        return dict(sorted(Counter(f"{o.kind} {o.status}" for o in self.outcomes).items()))

    def percentile_ms(self, q: float) -> float:
        times = sorted(o.seconds for o in self.outcomes)
        if not times:
            return 0.0
        return 1000 * times[min(len(times) - 1, int(q * len(times)))]


def django_env(args, var_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "GOODWORD_VAR_DIR": var_dir})
    if args.setup == "runserver-sqlite":
        env["DATABASE_URL"] = f"sqlite:///{var_dir}/write_load.sqlite3"
        env["DEBUG"] = "1"
    else:
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            raise SystemExit("gunicorn-postgres needs DATABASE_URL=postgres://… (it is emptied)")
        env.update(
            {
                "DEBUG": "0",
                "SECRET_KEY": "bench-write-load-not-a-real-secret-" + "x" * 20,
                "ALLOWED_HOSTS": HOST,
            }
        )
    env["SITE_URL"] = f"http://{HOST}:{args.port}"
    env["LOG_LEVEL"] = "ERROR"
    env["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    return env


def manage(env: dict, *command: str) -> None:
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)


def prepare(env: dict, args) -> list[dict]:
    """Migrate (and for PostgreSQL empty) the database, then create the writers and the members
    they write about. Runs in this process with the server's settings; returns the writers."""
    manage(env, "migrate", "--noinput", "-v", "0")
    if args.setup == "gunicorn-postgres":
        manage(env, "flush", "--noinput", "-v", "0")
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections
    from django.utils import timezone

    from goodword.accounts.models import Profile, User
    from goodword.accounts.services import create_profile
    from goodword.api.services import create_token

    members = []
    joined = timezone.now() - dt.timedelta(days=400)  # past the new-account limits
    for i in range(args.members):
        user = User.objects.create_user(email=f"load{i}@goodword.test", password=None)
        User.objects.filter(pk=user.pk).update(date_joined=joined)
        create_profile(user)
        Profile.objects.filter(user=user).update(
            display_name=f"Last Tester {i}", city="Köln", profession="Testerin"
        )
        members.append(user)
    writers = []
    for user in members[: args.writers]:
        _token, secret = create_token(user, "write load")
        writers.append({"id": user.pk, "secret": secret})
    connections.close_all()
    return writers


def start(env: dict, args) -> list[subprocess.Popen]:
    if args.setup == "runserver-sqlite":
        server_cmd = [PYTHON, "manage.py", "runserver", f"{HOST}:{args.port}", "--noreload"]
    else:
        manage(env, "collectstatic", "--noinput", "-v", "0")
        server_cmd = [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi:application",
            "--workers",
            str(args.gunicorn_workers),
            "--bind",
            f"{HOST}:{args.port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ]
    worker_cmd = [PYTHON, "manage.py", "db_worker", "--interval", "0.2"]
    processes = [
        subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL)
        for cmd in (server_cmd, worker_cmd)
    ]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if request("GET", "/healthz", None, "", args.port, timeout=5)[0] == 200:
                return processes
        except OSError:
            pass
        time.sleep(0.3)
    stop(processes)
    raise SystemExit("the server did not answer /healthz within 60 s")


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def request(method, path, body, secret, port, timeout=60.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Host": HOST}
        if secret:
            headers["Authorization"] = f"Bearer {secret}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def run_writers(writers: list[dict], member_ids: list[int], args) -> list[Outcome]:
    outcomes: list[Outcome] = []
    errors: Counter = Counter()
    lock = threading.Lock()
    deadline = [0.0]

    def set_deadline() -> None:
        deadline[0] = time.monotonic() + args.duration

    start_gate = threading.Barrier(len(writers), action=set_deadline)

    def client(index: int, writer: dict) -> None:
        rng = random.Random(args.seed * 1000 + index)
        me = writer["id"]
        # Each client marks and recommends members in its own order, each member at most once,
        # so that every (client, member) row has exactly one request behind it.
        targets = [m for m in member_ids if m != me]
        rng.shuffle(targets)
        mine: list[Outcome] = []
        start_gate.wait()
        for seq in range(args.writes):
            if time.monotonic() > deadline[0] or not targets:
                break
            kind = ("mark", "profile", "recommendation", "read")[seq % 4]
            value = f"wl-{me}-{seq}"
            target = 0
            if kind == "mark":
                target = targets.pop()
                value = rng.choice(LEVELS)
                call = ("PUT", f"/api/v1/trust/marks/{target}", {"level": value})
            elif kind == "profile":
                call = ("PATCH", "/api/v1/members/me", {"looking_for": f"Auftrag {value}"})
            elif kind == "recommendation":
                target = targets.pop()
                text = f"Verlässlich und gründlich, Probe {value}, gerne wieder."
                call = (
                    "POST",
                    "/api/v1/recommendations",
                    {
                        "subject_id": target,
                        "text": text,
                        "topics": ["Lasttest"],
                        "relationship": "colleague",
                        "known_since": 2020,
                    },
                )
            else:
                call = ("POST", "/api/v1/notifications/read", {})
            began = time.monotonic()
            try:
                status, _body = request(*call, writer["secret"], args.port)
            except OSError as exc:
                status = 0
                errors[type(exc).__name__] += 1
            mine.append(Outcome(kind, status, me, target, value, seconds=time.monotonic() - began))
        with lock:
            outcomes.extend(mine)

    threads = [
        threading.Thread(target=client, args=(i, w), daemon=True) for i, w in enumerate(writers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(args.duration + 180)
    if errors:
        print("connection errors:", dict(errors), flush=True)
    return outcomes


def verify(report: Report, args) -> None:
    """Compare what the clients were told with the database (this process, same settings)."""
    from django.db import connections

    from goodword.accounts.models import Profile
    from goodword.recommendations.models import Recommendation
    from goodword.trust.models import TrustEdgeChange, TrustMark

    connections.close_all()
    marks = {
        (a, b): level for a, b, level in TrustMark.objects.values_list("marker", "member", "level")
    }
    texts = set(Recommendation.objects.values_list("text", flat=True))
    looking = dict(Profile.objects.values_list("user", "looking_for"))

    def note(line: str) -> None:
        if len(report.details) < 20:
            report.details.append(line)

    last_profile: dict[int, Outcome] = {}
    for o in report.outcomes:
        ok, failed = 200 <= o.status < 300, o.status == 0 or o.status >= 500
        if o.kind == "mark":
            saved = marks.get((o.writer, o.target)) == o.value
        elif o.kind == "recommendation":
            saved = f"Verlässlich und gründlich, Probe {o.value}, gerne wieder." in texts
        elif o.kind == "profile":
            saved = None  # judged below from the last answer per writer
            if ok or failed:
                last_profile[o.writer] = o
        else:
            saved = None
        if saved is None:
            continue
        if ok and not saved:
            report.lost += 1
            note(f"lost: {o.kind} by {o.writer} on {o.target} ({o.status})")
        if failed and saved:
            report.saved_but_5xx += 1
            note(f"saved but {o.status or 'no answer'}: {o.kind} by {o.writer} on {o.target}")
    for writer, o in last_profile.items():
        saved = looking.get(writer) == f"Auftrag {o.value}"
        if 200 <= o.status < 300 and not saved:
            report.lost += 1
            note(f"lost: profile of {writer}")
        elif (o.status == 0 or o.status >= 500) and saved:
            report.saved_but_5xx += 1
            note(f"saved but {o.status or 'no answer'}: profile of {writer}")

    # Every saved mark must reach the trust change log once the worker has drained the queue.
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + args.drain_timeout
    while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
        if time.monotonic() > deadline:
            report.queue_drained = False
            break
        time.sleep(0.5)
    changed = set(TrustEdgeChange.objects.values_list("source_id", "target_id"))
    for o in report.outcomes:
        saved_mark = o.kind == "mark" and marks.get((o.writer, o.target)) == o.value
        if saved_mark and (o.writer, o.target) not in changed:
            report.missing_refresh += 1
            note(f"mark without trust refresh: {o.writer} → {o.target}")


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpu = model or platform.processor()
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def markdown(report: Report, args) -> str:
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    n = len(report.outcomes)
    met = report.server_errors == 0 and report.lost == 0 and report.saved_but_5xx == 0
    server = (
        "`manage.py runserver` (threaded, DEBUG on) and `db_worker` on SQLite (WAL), as `make run`"
        if report.setup == "runserver-sqlite"
        else f"gunicorn ({args.gunicorn_workers} sync workers, DEBUG off) and `db_worker` on "
        "PostgreSQL"
    )
    statuses = ", ".join(f"{k}: {v}" for k, v in report.by_status().items())
    return "\n".join(
        [
            f"### {report.setup}",
            "",
            f"Measured {today} with `bench/write_load.py --setup {report.setup} --writers "
            f"{report.writers} --duration {args.duration:g} --writes {args.writes}` on "
            f"{machine()}: {server}, on loopback, {args.members} members, load generator on the "
            "same machine.",
            "",
            "| writers | writes | s | writes/s | p50 ms | p95 ms | 5xx | lost writes | "
            "saved but 5xx | marks without trust refresh | target |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
            f"| {report.writers} | {n} | {report.duration:.1f} | {n / report.duration:.0f} | "
            f"{report.percentile_ms(0.5):.0f} | {report.percentile_ms(0.95):.0f} | "
            f"{report.server_errors} | {report.lost} | {report.saved_but_5xx} | "
            f"{report.missing_refresh}{'' if report.queue_drained else ' (queue not drained)'} | "
            f"0 / 0 / 0: {'met' if met else 'missed'} |",
            "",
            f"Answers by write and status: {statuses}.",
            "",
        ]
    )


def write_docs(section: str, setup: str, path: Path) -> None:
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    intro = (
        "## Write load\n\n"
        "Concurrent writers through the API, each with its own token (`bench/write_load.py`; "
        "the smoke version runs in `make test` as `bench/tests/test_write_load_smoke.py`). "
        "*Lost writes* were acknowledged but are not in the database; *saved but 5xx* were "
        "answered with an error (or not at all) but are in the database. 429 answers are the "
        "daily recommendation limit working, not errors.\n\n"
    )
    match = re.search(r"^## Write load\n.*?(?=^## |\Z)", text, re.M | re.S)
    block = match.group(0) if match else intro
    sub = re.search(rf"^### {re.escape(setup)}\n.*?(?=^### |\Z)", block, re.M | re.S)
    if sub:
        block = block[: sub.start()] + section + "\n" + block[sub.end() :]
    else:
        block = block.rstrip("\n") + "\n\n" + section
    block = block.rstrip("\n") + "\n\n"
    if match:
        text = text[: match.start()] + block + text[match.end() :]
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text.rstrip("\n") + "\n")


def main(argv: list[str] | None = None) -> Report:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", choices=SETUPS, default="runserver-sqlite")
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load at most")
    parser.add_argument("--writes", type=int, default=60, help="writes per writer at most")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--gunicorn-workers", type=int, default=4)
    parser.add_argument("--drain-timeout", type=float, default=120.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="write the report as JSON to this file")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--docs", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args(argv)
    if args.members <= args.writers:
        parser.error("--members must be larger than --writers")

    with tempfile.TemporaryDirectory(prefix="goodword-write-load-") as var_dir:
        env = django_env(args, var_dir)
        writers = prepare(env, args)
        from goodword.accounts.models import User

        member_ids = list(User.objects.values_list("pk", flat=True))
        from django.db import connections

        connections.close_all()
        processes = start(env, args)
        try:
            began = time.monotonic()
            outcomes = run_writers(writers, member_ids, args)
            report = Report(args.setup, len(writers), time.monotonic() - began, outcomes)
            verify(report, args)
        finally:
            stop(processes)

    section = markdown(report, args)
    print(section)
    for line in report.details:
        print("  ", line)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "setup": report.setup,
                    "writers": report.writers,
                    "writes": len(report.outcomes),
                    "server_errors": report.server_errors,
                    "lost": report.lost,
                    "saved_but_5xx": report.saved_but_5xx,
                    "missing_refresh": report.missing_refresh,
                    "queue_drained": report.queue_drained,
                    "by_status": report.by_status(),
                },
                indent=2,
            )
        )
    if args.write_docs:
        write_docs(section, args.setup, Path(args.docs))
    return report


if __name__ == "__main__":
    main()
