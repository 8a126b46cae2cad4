"""Time `manage.py seed_demo --members N` on a temporary SQLite database (not run by make test).

    .venv/bin/python bench/seed_speed.py                 # 100,000 members
    .venv/bin/python bench/seed_speed.py --members 20000 --keep /tmp/seed.sqlite3

Prints one JSON line: members, rows created, seconds for migrate and seed, machine load.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(env: dict, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def count_rows(db: Path) -> dict:
    import sqlite3

    tables = {
        "users": "accounts_user",
        "recommendations": "recommendations_recommendation",
        "recommendation_topics": "recommendations_recommendation_topics",
        "profile_topics": "accounts_profile_topics",
    }
    with sqlite3.connect(db) as conn:
        counts = {}
        for key, table in tables.items():
            sql = f"SELECT COUNT(*) FROM {table}"  # noqa: S608 - fixed table names
            counts[key] = conn.execute(sql).fetchone()[0]
        return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the database here and keep it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="goodword-seed-") as tmp:
        db = args.keep or Path(tmp) / "seed.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{db}",
            "GOODWORD_VAR_DIR": tmp,
        }
        migrate_s = manage(env, "migrate", "--noinput", "-v", "0")
        seed_s = manage(
            env,
            "seed_demo",
            "--members",
            str(args.members),
            "--seed",
            str(args.seed),
            "--no-progress",
        )
        result = {
            "members": args.members,
            "seed": args.seed,
            "migrate_seconds": round(migrate_s, 1),
            "seed_seconds": round(seed_s, 1),
            "rows": count_rows(db),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "cpus": os.cpu_count(),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
