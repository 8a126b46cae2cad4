"""Search quality on the demo network: hit@3 and hit@10 of everyday and exact queries.

Run from a project root (the code under test is whatever `goodword` is importable from the
current directory, so the same script measures an older checkout too):

    .venv/bin/python bench/search_eval.py --prepare --out var/search_eval_sqlite.json
    DATABASE_URL=postgres://… .venv/bin/python bench/search_eval.py --prepare --out …_pg.json
    .venv/bin/python bench/search_eval.py --report before_sqlite.json after_sqlite.json \
        before_pg.json after_pg.json --write-docs

`--prepare` migrates, seeds `seed_demo --seed 1` when the database is empty and rebuilds the
search index. Queries run through `search_members` with the demo member as viewer, as the
search page and `GET /api/v1/search` do. A query is a hit@k when one of the first k results
has a profession that answers it (`bench/configs/search_eval.json`, or `--config`, e.g. the
held-out `bench/configs/search_eval_heldout.json`). Exact queries are every
demo profession and topic, answered by the professions that carry them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "configs" / "search_eval.json"


def _django():
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _prepare():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not get_user_model().objects.exists():
        call_command("seed_demo", seed=1, no_progress=True, verbosity=0)
    call_command("rebuild_search_index", verbosity=0)


def _professions():
    try:
        from goodword.demo.data import PROFESSIONS
    except ImportError:  # older checkouts kept the demo inside core
        from goodword.core.demo.data import PROFESSIONS
    return PROFESSIONS


def _canonical():
    """Female and male profession forms → the male form used in the config."""
    professions = _professions()
    forms = {}
    for female, male, *_rest in professions:
        forms[female] = male
        forms[male] = male
    return forms


def _exact_queries() -> list[dict]:
    professions = _professions()
    queries = [{"q": male, "answers": [male]} for _f, male, *_r in professions]
    by_topic: dict[str, list[str]] = {}
    for _f, male, _w, topics, *_r in professions:
        for topic in topics:
            by_topic.setdefault(topic, []).append(male)
    queries += [{"q": t, "answers": answers} for t, answers in by_topic.items()]
    return queries


def _run(queries: list[dict], viewer, limit: int, forms: dict[str, str]) -> list[dict]:
    from goodword.search.queries import search_members

    rows = []
    for query in queries:
        start = time.perf_counter()
        results = search_members(viewer, query["q"], limit=limit)
        elapsed = time.perf_counter() - start
        professions = [forms.get(r.profession, r.profession) for r in results]
        fitting = [p in query["answers"] for p in professions]
        rows.append(
            {
                "q": query["q"],
                "lang": query.get("lang", "de"),
                "answers": query["answers"],
                "top": professions,
                "hit3": any(fitting[:3]),
                "hit10": any(fitting[:10]),
                "fitting10": sum(fitting[:10]),
                "ms": round(elapsed * 1000, 2),
            }
        )
    return rows


def _summary(rows: list[dict]) -> dict:
    n = len(rows) or 1
    times = sorted(r["ms"] for r in rows)
    return {
        "queries": len(rows),
        "hit@3": round(sum(r["hit3"] for r in rows) / n, 3),
        "hit@10": round(sum(r["hit10"] for r in rows) / n, 3),
        "p50_ms": round(statistics.median(times), 1) if times else 0,
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1) if times else 0,
    }


def evaluate(out: Path, prepare: bool, config_path: Path = CONFIG) -> dict:
    _django()
    if prepare:
        _prepare()
    from django.contrib.auth import get_user_model
    from django.db import connection

    config = json.loads(config_path.read_text())
    viewer = get_user_model().objects.get(email=config["viewer"])
    forms = _canonical()
    limit = config["limit"]
    _run(config["queries"][:5], viewer, limit, forms)  # warm caches (vocabulary, stemmers)
    everyday = _run(config["queries"], viewer, limit, forms)
    exact = _run(_exact_queries(), viewer, limit, forms)
    result = {
        "database": connection.vendor,
        "everyday": {"summary": _summary(everyday), "rows": everyday},
        "everyday_de": _summary([r for r in everyday if r["lang"] == "de"]),
        "everyday_en": _summary([r for r in everyday if r["lang"] == "en"]),
        "exact": {"summary": _summary(exact), "rows": exact},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    print(
        json.dumps(
            {k: v.get("summary", v) for k, v in result.items() if k != "database"},
            indent=1,
        )
    )
    return result


def _lost_exact_hits(before: dict, after: dict) -> list[str]:
    lost = []
    after_rows = {r["q"]: r for r in after["exact"]["rows"]}
    for row in before["exact"]["rows"]:
        now = after_rows.get(row["q"])
        if now is None or (row["hit3"] and not now["hit3"]) or (row["hit10"] and not now["hit10"]):
            lost.append(row["q"])
    return lost


def report(paths: list[Path], write_docs: bool) -> str:
    runs = [json.loads(p.read_text()) for p in paths]
    pairs = [(runs[i], runs[i + 1]) for i in range(0, len(runs), 2)]
    lines = [
        "## Results",
        "",
        "| database | queries | set | hit@3 before | hit@3 after | hit@10 before | hit@10 after "
        "| p95 ms before | p95 ms after |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for before, after in pairs:
        for key, label in (
            ("everyday", "everyday, all"),
            ("everyday_de", "everyday, German"),
            ("everyday_en", "everyday, English"),
            ("exact", "exact professions and topics"),
        ):
            b = before[key].get("summary", before[key])
            a = after[key].get("summary", after[key])
            lines.append(
                f"| {after['database']} | {a['queries']} | {label} | {b['hit@3']:.2f} "
                f"| {a['hit@3']:.2f} | {b['hit@10']:.2f} | {a['hit@10']:.2f} "
                f"| {b['p95_ms']} | {a['p95_ms']} |"
            )
    lines.append("")
    for before, after in pairs:
        lost = _lost_exact_hits(before, after)
        lines.append(
            f"- {after['database']}: exact queries that lost a hit@3 or hit@10: "
            + (", ".join(lost) if lost else "none")
        )
    lines += ["", "### Everyday queries still missed in the top 10 (after)", ""]
    for _before, after in pairs:
        missed = [r for r in after["everyday"]["rows"] if not r["hit10"]]
        lines.append(
            f"- {after['database']}: "
            + ("; ".join(f"“{r['q']}” (wants {', '.join(r['answers'])})" for r in missed) or "none")
        )
    lines += ["", "### Missed in the top 3 (after)", ""]
    for _before, after in pairs:
        missed = [r for r in after["everyday"]["rows"] if r["hit10"] and not r["hit3"]]
        lines.append(
            f"- {after['database']}: "
            + (
                "; ".join(f"“{r['q']}” (top 3: {', '.join(r['top'][:3])})" for r in missed)
                or "none"
            )
        )
    text = "\n".join(lines) + "\n"
    if write_docs:
        doc = Path("docs/search-evaluation.md")
        current = doc.read_text() if doc.exists() else "# Search evaluation\n\n"
        head = current.split("## Results")[0]
        doc.write_text(head + text)
    print(text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("var/search_eval.json"))
    parser.add_argument("--report", type=Path, nargs="+", help="before/after result pairs")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--config", type=Path, default=CONFIG, help="everyday queries")
    args = parser.parse_args()
    if args.report:
        report(args.report, args.write_docs)
    else:
        evaluate(args.out, args.prepare, args.config.resolve())


if __name__ == "__main__":
    main()
