"""Speed and memory of the trust engine against igraph, networkx and scipy, on one graph.

    python bench/trust_speed.py --config bench/configs/trust_speed.json

For every size in the config it generates a synthetic power-law network
(``trust_engine.synthetic.power_law_graph``), picks random viewers (members with at least one
outgoing edge, the same for every method) and times, in one process:

* the engine: build from arrays, cold ``rank(viewer, top)`` (each viewer's first query),
  cached ``rank`` (same viewer again), ``trust`` + ``explain`` for a pair (viewer cached, and
  cold), ``add_edge`` followed by the next ``rank`` that shows the new edge, memory, and the
  recall of its top list against its own tight-tolerance ("exact") run;
* igraph ``personalized_pagerank`` (PRPACK; graph build timed separately), networkx
  ``pagerank`` with a personalization vector (only up to ``networkx_max_members``), and a plain
  scipy CSR power iteration; all with restart 0.15 and the viewer's full score vector followed by
  a top-k selection.

Baselines that are not installed are reported as skipped. The Markdown table goes to stdout and
replaces the ``## Trust engine`` section of the docs file; all numbers also go to a JSON file.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import importlib.util
import json
import os
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parent.parent
# igraph's PRPACK runs OpenMP threads whose default busy-waiting collapses on a machine that is
# also running other work (2-4x slower at load 8 on 2 cores); passive waiting only helps igraph.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")
sys.path.insert(0, str(ROOT / "trust_engine" / "src"))

from trust_engine import TrustGraph, synthetic  # noqa: E402

SECTION = "## Trust engine"
MIB = 2**20


# -- measuring --------------------------------------------------------------------------------


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Seconds taken by ``fn()`` and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def stats(seconds: list[float]) -> dict:
    """Count, median, p99 and max of a list of durations, in milliseconds."""
    if not seconds:
        return {"n": 0, "p50_ms": None, "p99_ms": None, "max_ms": None}
    ms = np.asarray(seconds) * 1000.0
    return {
        "n": int(ms.size),
        "p50_ms": float(np.median(ms)),
        "p99_ms": float(np.percentile(ms, 99)),
        "max_ms": float(ms.max()),
    }


def rss_bytes() -> int:
    """Current resident set size of this process (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
    except OSError:
        return 0
    import resource

    return pages * resource.getpagesize()


def traced_peak(fn: Callable[[], object]) -> tuple[int, int, object]:
    """(peak bytes while running, bytes still held after, result) as seen by tracemalloc.

    numpy and scipy report their buffers to tracemalloc, so this covers the engine's arrays.
    """
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        result = fn()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - base, current - base, result


def top_k(scores: np.ndarray, viewer: int, k: int) -> np.ndarray:
    """Indices of the k best scores, viewer excluded, zeros dropped, best first."""
    scores = scores.copy()
    scores[viewer] = -np.inf
    k = min(k, scores.size - 1)
    cut = np.argpartition(-scores, k - 1)[:k] if k < scores.size else np.arange(scores.size)
    cut = cut[scores[cut] > 0]
    return cut[np.argsort(-scores[cut], kind="stable")]


def recall(found: list[int] | np.ndarray, truth: list[int] | np.ndarray) -> float:
    """Share of ``truth`` that is in ``found`` (1.0 when truth is empty)."""
    truth_set = {int(x) for x in truth}
    if not truth_set:
        return 1.0
    return len(truth_set.intersection(int(x) for x in found)) / len(truth_set)


# -- baselines ---------------------------------------------------------------------------------


def transition_matrix(sources: np.ndarray, targets: np.ndarray, weights: np.ndarray, n: int):
    """Column-stochastic transposed CSR (``P[t, s] = w / out(s)``) and the dangling mask."""
    out = np.bincount(sources, weights=weights, minlength=n)
    share = (weights / out[sources]).astype(np.float64)
    matrix = sp.csr_matrix((share, (targets, sources)), shape=(n, n))
    return matrix, out == 0


def scipy_ppr(
    matrix: sp.csr_matrix,
    dangling: np.ndarray,
    viewer: int,
    restart: float,
    tol: float,
    max_iter: int,
) -> tuple[np.ndarray, int]:
    """Personalized PageRank by power iteration; dangling mass returns to the viewer.

    Stops when the L1 change is below ``tol`` (PRPACK's criterion and default in igraph).
    """
    x = np.zeros(matrix.shape[0])
    x[viewer] = 1.0
    for iteration in range(1, max_iter + 1):
        new = (1.0 - restart) * (matrix @ x)
        new[viewer] += restart + (1.0 - restart) * x[dangling].sum()
        delta = np.abs(new - x).sum()
        x = new
        if delta < tol:
            return x, iteration
    return x, max_iter


def has_module(name: str) -> bool:
    """True when a baseline library is importable."""
    return importlib.util.find_spec(name) is not None


# -- one size ----------------------------------------------------------------------------------


def trust_and_explain_on(graph: TrustGraph, viewer: int, target: int) -> None:
    """What a profile page asks for one pair."""
    graph.trust(viewer, target)
    graph.explain(viewer, target, max_paths=3)


def bench_engine(
    arrays,
    n: int,
    viewers: np.ndarray,
    pair_viewers: np.ndarray,
    cfg: dict,
    rng: np.random.Generator,
    warmup_viewer: int,
) -> dict:
    """Every engine measurement for one graph."""
    sources, targets, weights = arrays
    top = cfg["top"]
    result: dict = {}

    gc.collect()
    rss_before = rss_bytes()
    build_s, graph = timed(lambda: TrustGraph.from_arrays(sources, targets, weights, n_members=n))
    result["build_s"] = build_s
    result["rss_delta_after_build_mib"] = (rss_bytes() - rss_before) / MIB
    result["algorithm"] = json.loads(graph.algorithm.to_json())
    # The very first query may pay one-off costs (lazy structures, imports); it is reported
    # apart and uses a member that is not one of the viewers.
    result["first_query_ms"] = 1000 * timed(lambda: graph.rank(warmup_viewer, top=top))[0]

    cold, lists = [], {}
    for viewer in viewers:
        seconds, ranked = timed(lambda v=int(viewer): graph.rank(v, top=top))
        cold.append(seconds)
        lists[int(viewer)] = [member for member, _ in ranked]
    result["rank_cold"] = stats(cold)
    result["mean_results"] = float(np.mean([len(v) for v in lists.values()]))

    cached = []
    for viewer in viewers:
        for _ in range(cfg["cached_repeats"]):
            cached.append(timed(lambda v=int(viewer): graph.rank(v, top=top))[0])
    result["rank_cached"] = stats(cached)

    # Pairs: one member from the viewer's list and one random member (usually unreached).
    pairs = []
    for viewer in pair_viewers:
        ranked = lists[int(viewer)]
        if ranked:
            pairs.append((int(viewer), int(rng.choice(ranked))))
        other = int(rng.integers(n))
        if other != viewer:
            pairs.append((int(viewer), other))

    result["trust_explain_cached"] = stats(
        [timed(lambda p=p: trust_and_explain_on(graph, *p))[0] for p in pairs]
    )

    # add_edge: a new full-strength edge from a viewer to a member outside its list; timed
    # until a rank() for that viewer includes the new member.
    visible, shown = [], 0
    for viewer in viewers[: cfg["edits"]]:
        viewer = int(viewer)
        listed = set(lists[viewer])
        newcomer = int(rng.integers(n))
        while newcomer == viewer or newcomer in listed:
            newcomer = int(rng.integers(n))

        def edit_then_query(v: int = viewer, x: int = newcomer) -> bool:
            graph.add_edge(v, x, 1.0)
            return any(member == x for member, _ in graph.rank(v, top=top))

        seconds, seen = timed(edit_then_query)
        visible.append(seconds)
        shown += bool(seen)
    result["add_edge_visible"] = stats(visible)
    result["add_edge_shown"] = f"{shown}/{len(visible)}"

    # Recall against the engine's own run of the same algorithm with a tight tolerance.
    algorithm = graph.algorithm
    graph = None
    gc.collect()
    if not hasattr(algorithm, "tolerance"):
        result["recall"] = None  # the engine exposes no accuracy knob: nothing to compare to
    else:
        exact = TrustGraph.from_arrays(
            sources,
            targets,
            weights,
            n_members=n,
            algorithm=dataclasses.replace(algorithm, tolerance=cfg["exact_tolerance"]),
        )
        recalls, exact_times = [], []
        for viewer in viewers[: cfg["recall_viewers"]]:
            seconds, ranked = timed(lambda v=int(viewer): exact.rank(v, top=top))
            exact_times.append(seconds)
            recalls.append(recall(lists[int(viewer)], [member for member, _ in ranked]))
        result["recall"] = {
            "mean": float(np.mean(recalls)),
            "min": float(np.min(recalls)),
            "n": len(recalls),
            "tolerance": algorithm.tolerance,
            "exact_tolerance": cfg["exact_tolerance"],
            "exact_rank": stats(exact_times),
        }
        exact = None
        gc.collect()

    peak, held, graph = traced_peak(
        lambda: TrustGraph.from_arrays(sources, targets, weights, n_members=n)
    )
    query_peak, _, _ = traced_peak(lambda: graph.rank(int(viewers[0]), top=top))
    # Cold pairs on this fresh graph: each viewer's first pair only, so it is not cached yet.
    cold_pairs, seen_viewers = [], {int(viewers[0])}
    for viewer, target in pairs:
        if viewer not in seen_viewers:
            seen_viewers.add(viewer)
            cold_pairs.append(
                timed(lambda v=viewer, x=target: trust_and_explain_on(graph, v, x))[0]
            )
    result["trust_explain_cold"] = stats(cold_pairs)
    result["memory"] = {
        "held_mib": held / MIB,
        "build_peak_mib": peak / MIB,
        "query_peak_mib": query_peak / MIB,
        "how": "tracemalloc: bytes held by the built graph; peak during build and one cold query",
    }
    graph = None
    gc.collect()
    return result


def bench_igraph(arrays, n: int, viewers: np.ndarray, cfg: dict, warmup: int) -> dict:
    """igraph personalized_pagerank (PRPACK), build timed apart; memory as RSS growth."""
    import igraph

    sources, targets, weights = arrays
    gc.collect()
    rss_before = rss_bytes()

    def build():
        graph = igraph.Graph(n=n, edges=np.column_stack([sources, targets]), directed=True)
        graph.es["weight"] = weights.astype(np.float64)
        return graph

    build_s, graph = timed(build)

    def ppr(viewer: int) -> list[float]:
        return graph.personalized_pagerank(
            directed=True,
            damping=1.0 - cfg["restart"],
            reset_vertices=[viewer],
            weights="weight",
            implementation="prpack",
        )

    ppr(warmup)  # untimed: the first call pays one-off setup
    times, lists = [], {}
    for viewer in viewers:
        seconds, scores = timed(lambda v=int(viewer): ppr(v))
        times.append(seconds)
        lists[int(viewer)] = top_k(np.asarray(scores), int(viewer), cfg["top"])
    rss = (rss_bytes() - rss_before) / MIB
    graph = None
    gc.collect()
    return {
        "build_s": build_s,
        "query": stats(times),
        "memory_mib": rss,
        "memory_how": "RSS growth over build and queries",
        "lists": lists,
    }


def bench_networkx(arrays, n: int, viewers: np.ndarray, cfg: dict) -> dict:
    """networkx pagerank with a personalization vector concentrated on the viewer."""
    import networkx

    sources, targets, weights = arrays
    start = time.perf_counter()
    graph = networkx.DiGraph()
    graph.add_nodes_from(range(n))
    graph.add_weighted_edges_from(
        zip(sources.tolist(), targets.tolist(), weights.astype(np.float64).tolist(), strict=True)
    )
    build_s = time.perf_counter() - start
    times, lists = [], {}
    for viewer in viewers:
        seconds, scores = timed(
            lambda v=int(viewer): networkx.pagerank(
                graph,
                alpha=1.0 - cfg["restart"],
                personalization={v: 1.0},
                dangling={v: 1.0},
                weight="weight",
                tol=cfg["networkx_tol"],
            )
        )
        times.append(seconds)
        dense = np.zeros(n)
        dense[list(scores)] = list(scores.values())
        lists[int(viewer)] = top_k(dense, int(viewer), cfg["top"])
    graph = None
    gc.collect()
    return {"build_s": build_s, "query": stats(times), "lists": lists}


def bench_scipy(arrays, n: int, viewers: np.ndarray, cfg: dict) -> dict:
    """Plain scipy CSR power iteration with igraph's tolerance."""
    sources, targets, weights = arrays
    _, held, (build_s, (matrix, dangling)) = traced_peak(
        lambda: timed(lambda: transition_matrix(sources, targets, weights, n))
    )
    times, lists, iterations = [], {}, []
    for viewer in viewers:
        seconds, (scores, steps) = timed(
            lambda v=int(viewer): scipy_ppr(
                matrix, dangling, v, cfg["restart"], cfg["tolerance"], cfg["max_iter"]
            )
        )
        times.append(seconds)
        iterations.append(steps)
        lists[int(viewer)] = top_k(scores, int(viewer), cfg["top"])
    query_peak, _, _ = traced_peak(
        lambda: scipy_ppr(
            matrix, dangling, int(viewers[0]), cfg["restart"], cfg["tolerance"], cfg["max_iter"]
        )
    )
    return {
        "build_s": build_s,
        "query": stats(times),
        "iterations": float(np.median(iterations)),
        "memory_mib": (held + query_peak) / MIB,
        "memory_how": "tracemalloc: matrix held plus one query's peak",
        "lists": lists,
    }


def bench_size(size: dict, cfg: dict) -> dict:
    """All measurements for one (members, edges) size."""
    n, m = size["members"], size["edges"]
    print(f"# {n:,} members / {m:,} edges", file=sys.stderr, flush=True)
    gen_s, arrays = timed(
        lambda: synthetic.power_law_graph(n, m, seed=cfg["seed"], exponent=cfg["exponent"])
    )
    rng = np.random.default_rng(cfg["seed"])
    has_out = np.flatnonzero(np.bincount(arrays[0], minlength=n) > 0)
    picked = rng.choice(has_out, size=min(size["viewers"] + 1, has_out.size), replace=False)
    warmup, viewers = int(picked[0]), picked[1:]
    few = viewers[: size["baseline_viewers"]]
    out: dict = {"members": n, "edges": m, "generate_s": gen_s, "viewers": int(viewers.size)}

    out["engine"] = bench_engine(
        arrays, n, viewers, viewers[: size["pair_viewers"]], cfg, rng, warmup
    )
    print("  engine done", file=sys.stderr, flush=True)
    baselines: dict = {}
    if not size.get("baselines", True):
        skipped = {"skipped": "not run at this size"}
        out["baselines"] = {"igraph": skipped, "networkx": skipped, "scipy": skipped}
        return out
    if has_module("igraph"):
        baselines["igraph"] = bench_igraph(arrays, n, few, cfg, warmup)
    else:
        baselines["igraph"] = {"skipped": "igraph is not installed"}
    if not has_module("networkx"):
        baselines["networkx"] = {"skipped": "networkx is not installed"}
    elif n > cfg["networkx_max_members"]:
        baselines["networkx"] = {"skipped": f"only run up to {cfg['networkx_max_members']:,}"}
    else:
        baselines["networkx"] = bench_networkx(arrays, n, few[: size["networkx_viewers"]], cfg)
    baselines["scipy"] = bench_scipy(arrays, n, few, cfg)
    print("  baselines done", file=sys.stderr, flush=True)

    # The baselines compute the same PPR; their agreement checks that they were run alike.
    reference = baselines["scipy"]["lists"]
    for data in baselines.values():
        lists = data.pop("lists", None)
        if lists:
            data["recall_vs_scipy"] = float(
                np.mean([recall(lists[v], reference[v]) for v in lists])
            )
    out["baselines"] = baselines
    return out


# -- reporting ---------------------------------------------------------------------------------


def fmt(value: float | None, digits: int = 1) -> str:
    """A number for the table ('–' when missing)."""
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}" if value >= 1 else f"{value:.{digits + 2}f}".rstrip("0")


def ratio(slow: float | None, fast: float | None) -> str:
    """How many times faster ``fast`` is than ``slow``."""
    if not slow or not fast:
        return "–"
    times = slow / fast
    if times >= 10:
        return f"{times:,.0f}×"
    return f"{times:.1f}×" if times >= 0.1 else f"{times:.2g}×"


def size_table(res: dict, cfg: dict) -> list[str]:
    """Markdown for one size: per-query latencies, then build and memory."""
    eng, base = res["engine"], res["baselines"]
    igraph_p50 = base["igraph"].get("query", {}).get("p50_ms")
    top = cfg["top"]
    rec = eng["recall"]
    rows = [
        (f"engine `rank(top={top})`, cold", eng["rank_cold"]),
        ("engine `rank`, cached (same viewer again)", eng["rank_cached"]),
        ("engine `trust` + `explain`, viewer cached", eng["trust_explain_cached"]),
        ("engine `trust` + `explain`, viewer cold", eng["trust_explain_cold"]),
        ("engine `add_edge` → visible in next `rank`", eng["add_edge_visible"]),
        (
            f"engine `rank`, exact (tolerance {rec['exact_tolerance']:g})" if rec else "",
            rec["exact_rank"] if rec else None,
        ),
        ("igraph `personalized_pagerank` (PRPACK)", base["igraph"].get("query")),
        ("networkx `pagerank` (personalized)", base["networkx"].get("query")),
        ("scipy CSR power iteration", base["scipy"].get("query")),
    ]
    lines = [
        f"### {res['members']:,} members / {res['edges']:,} edges",
        "",
        "| query | n | p50 ms | p99 ms | igraph p50 ÷ p50 |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, st in rows:
        if not label:
            continue
        if not st or not st.get("n"):
            reason = next((b.get("skipped") for k, b in base.items() if k in label), None)
            lines.append(f"| {label} | – | {reason or 'skipped'} | – | – |")
            continue
        lines.append(
            f"| {label} | {st['n']} | {fmt(st['p50_ms'], 2)} | {fmt(st['p99_ms'], 2)} |"
            f" {ratio(igraph_p50, st['p50_ms'])} |"
        )
    mem = eng["memory"]
    lines += [
        "",
        "| method | build s | memory MiB | memory measured as |",
        "|---|---:|---:|---|",
        f"| engine `TrustGraph.from_arrays` | {fmt(eng['build_s'], 2)} |"
        f" {fmt(mem['held_mib'])} held, {fmt(mem['build_peak_mib'])} build peak,"
        f" {fmt(mem['query_peak_mib'])} per cold query | tracemalloc |",
    ]
    for name, label in (
        ("igraph", "igraph `Graph` + weights"),
        ("networkx", "networkx `DiGraph`"),
        ("scipy", "scipy transition CSR"),
    ):
        data = base[name]
        if "skipped" in data:
            lines.append(f"| {label} | – | – | {data['skipped']} |")
            continue
        memory = fmt(data.get("memory_mib")) if "memory_mib" in data else "–"
        lines.append(
            f"| {label} | {fmt(data['build_s'], 2)} | {memory} | {data.get('memory_how', '–')} |"
        )
    agreement = ", ".join(
        f"{name} {data['recall_vs_scipy']:.2f}"
        for name, data in base.items()
        if "recall_vs_scipy" in data and name != "scipy"
    )
    lines += [
        "",
        (
            f"Recall of the engine's top {top} (tolerance {rec['tolerance']:g}) against its own"
            f" exact top {top} (tolerance {rec['exact_tolerance']:g}): mean {rec['mean']:.3f},"
            f" min {rec['min']:.3f} over {rec['n']} viewers."
            if rec
            else "The engine's algorithm has no tolerance parameter, so recall was not measured."
        )
        + " Engine lists hold"
        f" {eng['mean_results']:.0f} members on average; the first query after build took"
        f" {fmt(eng['first_query_ms'], 2)} ms; `add_edge` shown in the next `rank`"
        f" for {eng['add_edge_shown']} edits. Graph generated in {res['generate_s']:.1f} s."
        f" Engine algorithm: `{json.dumps(eng['algorithm'], sort_keys=True)}`."
        + (f" Baseline top-{top} agreement with scipy: {agreement}." if agreement else ""),
        "",
    ]
    return lines


def targets_table(res: dict, t: dict) -> list[str]:
    """Markdown checklist of the issue's targets ``t`` for the size they are set for."""
    eng, base = res["engine"], res["baselines"]
    igraph_p50 = base["igraph"].get("query", {}).get("p50_ms")
    speedup = igraph_p50 / eng["rank_cold"]["p50_ms"] if igraph_p50 else None
    rec = eng["recall"]
    memory = t.get("memory", "build_peak")
    checks = [
        ("cold `rank` p50", eng["rank_cold"]["p50_ms"], t["rank_cold_p50_ms"], "ms", "≤"),
        ("cold `rank` p99", eng["rank_cold"]["p99_ms"], t["rank_cold_p99_ms"], "ms", "≤"),
        ("recall vs exact (mean)", rec["mean"] if rec else None, t.get("recall"), "", "≥"),
        ("speed-up vs igraph (p50)", speedup, t.get("speedup_vs_igraph"), "×", "≥"),
        (
            "cached `rank` p99",
            eng["rank_cached"]["p99_ms"],
            t.get("rank_cached_p99_ms"),
            "ms",
            "≤",
        ),
        (
            "`trust` + `explain` p99 (viewer cached)",
            eng["trust_explain_cached"]["p99_ms"],
            t.get("trust_explain_p99_ms"),
            "ms",
            "≤",
        ),
        ("build from arrays", eng["build_s"], t["build_s"], "s", "≤"),
        (
            f"engine memory ({memory.replace('_', ' ')})",
            eng["memory"][f"{memory}_mib"],
            t["memory_mib"],
            "MiB",
            "≤",
        ),
        (
            "`add_edge` visible (p99)",
            eng["add_edge_visible"]["p99_ms"],
            t.get("add_edge_ms"),
            "ms",
            "≤",
        ),
    ]
    lines = [
        f"Targets at {res['members']:,} / {res['edges']:,}:",
        "",
        "| target | measured | goal | met |",
        "|---|---:|---:|:---:|",
    ]
    for label, value, goal, unit, op in checks:
        if goal is None:
            continue
        if value is None:
            lines.append(f"| {label} | – | {op} {goal:g} {unit} | – |")
            continue
        met = value <= goal if op == "≤" else value >= goal
        lines.append(
            f"| {label} | {fmt(value, 2)} {unit} | {op} {goal:g} {unit} |"
            f" {'yes' if met else 'NO'} |"
        )
    return [*lines, ""]


def markdown(results: list[dict], cfg: dict, meta: dict) -> str:
    """The whole ``## Trust engine`` section."""
    lines = [
        SECTION,
        "",
        f"Measured by `python bench/trust_speed.py --config {meta['config']}` on {meta['date']}"
        f" ({meta['machine']}; Python {meta['python']}, numpy {meta['numpy']},"
        f" scipy {meta['scipy']}, igraph {meta['igraph']}, networkx {meta['networkx']};"
        f" 1-minute load average {meta['load_before']} before and {meta['load_after']} after"
        f" the run; OMP_WAIT_POLICY={meta['omp_wait_policy']} for igraph's OpenMP threads)."
        " Rerun everything with `make bench`, or only this benchmark with"
        " `python bench/trust_speed.py --config bench/configs/trust_speed.json`; the smoke"
        " version runs in `make test` as `bench/tests/test_trust_speed_smoke.py`.",
        "Graphs are `trust_engine.synthetic.power_law_graph` (power-law in- and out-degrees,"
        f" exponent {cfg['exponent']}, seed {cfg['seed']}); viewers are random members with at"
        " least one outgoing edge, the same for every method. Baselines compute the viewer's"
        f" full personalized PageRank (restart {cfg['restart']}, L1 tolerance"
        f" {cfg['tolerance']:g} like PRPACK in igraph; networkx tol {cfg['networkx_tol']:g})"
        f" and then take the top {cfg['top']}; they run on the first viewers only. `p99` over"
        " fewer than 100 samples is close to the maximum. Cold means the viewer's first query"
        " after build; cached means the same query again with the graph unchanged;"
        " `trust` + `explain` pairs are, per viewer, one member of its list and one random"
        " member.",
        "",
    ]
    if max(float(meta["load_before"]), float(meta["load_after"])) > (os.cpu_count() or 1):
        lines += [
            "The machine was shared during this run (load above the core count), so every"
            " method's timings are inflated and the p99 columns include scheduler stalls that do"
            " not recur when the same query is repeated; medians are the steadier numbers.",
            "",
        ]
    targets = cfg.get("targets") or []
    targets = [targets] if isinstance(targets, dict) else targets
    for res in results:
        lines += size_table(res, cfg)
        key = [res["members"], res["edges"]]
        for t in targets:
            if t["at_size"] == key:
                lines += targets_table(res, t)
    lines += sublinearity_table(results)
    return "\n".join(lines)


def sublinearity_table(results: list[dict]) -> list[str]:
    """Cold-query cost of each size against the one 10× smaller, measured in the same run.

    A query whose cost followed the number of members would be about 10× slower; one that
    follows what it touches stays near 1× (lists and reach are alike at every size).
    """
    by_members = {res["members"]: res for res in results}
    rows = []
    for res in results:
        small = by_members.get(res["members"] // 10)
        if small is None:
            continue
        big_c, small_c = res["engine"]["rank_cold"], small["engine"]["rank_cold"]
        rows.append(
            f"| {res['members']:,} vs {small['members']:,} |"
            f" {fmt(big_c['p50_ms'], 2)} / {fmt(small_c['p50_ms'], 2)} ms |"
            f" {big_c['p50_ms'] / small_c['p50_ms']:.2f}× |"
            f" {fmt(big_c['p99_ms'], 2)} / {fmt(small_c['p99_ms'], 2)} ms |"
            f" {big_c['p99_ms'] / small_c['p99_ms']:.2f}× |"
            f" {res['engine']['mean_results']:.0f} / {small['engine']['mean_results']:.0f} |"
        )
    if not rows:
        return []
    return [
        "Sublinearity (cold `rank`, same run; 10× more members and edges):",
        "",
        "| sizes | p50 | p50 ratio | p99 | p99 ratio | mean list length |",
        "|---|---:|---:|---:|---:|---:|",
        *rows,
        "",
    ]


def write_section(path: Path, section: str) -> None:
    """Replace (or append) the ``## Trust engine`` section, keeping every other section."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    start = text.find(SECTION + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    else:
        following = text.find("\n## ", start + len(SECTION))
        rest = text[following + 1 :] if following >= 0 else ""
        text = text[:start] + section.rstrip("\n") + "\n" + ("\n" + rest if rest else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


DEFAULTS = {
    "seed": 1,
    "exponent": 2.5,
    "top": 100,
    "restart": 0.15,
    "tolerance": 1e-10,
    "max_iter": 1000,
    "networkx_tol": 1e-10,
    "networkx_max_members": 100_000,
    "cached_repeats": 5,
    "edits": 20,
    "recall_viewers": 100,
    "exact_tolerance": 1e-9,
    "targets": None,
}
SIZE_DEFAULTS = {"viewers": 100, "baseline_viewers": 10, "networkx_viewers": 3, "pair_viewers": 100}


def load_average() -> str:
    """The 1-minute load average: other work on the machine skews every timing."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "0"


def relative(path: Path) -> str:
    """A path relative to the repository when it is inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def load_config(path: Path) -> dict:
    """The JSON config with defaults filled in."""
    cfg = {**DEFAULTS, **json.loads(path.read_text(encoding="utf-8"))}
    cfg["sizes"] = [{**SIZE_DEFAULTS, **size} for size in cfg["sizes"]]
    return cfg


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", type=Path, required=True, help="JSON config")
    parser.add_argument("--json-out", type=Path, help="results file (default: from the config)")
    parser.add_argument("--docs-out", type=Path, help="Markdown file whose section is replaced")
    args = parser.parse_args(argv)
    cfg = load_config(args.config)
    json_out = args.json_out or (ROOT / cfg["json_out"] if cfg.get("json_out") else None)
    docs_out = args.docs_out or (ROOT / cfg["docs_out"] if cfg.get("docs_out") else None)

    def version(module: str) -> str:
        if not has_module(module):
            return "not installed"
        return str(getattr(__import__(module), "__version__", "?"))

    meta = {
        "config": relative(args.config),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": __import__("scipy").__version__,
        "igraph": version("igraph"),
        "networkx": version("networkx"),
        "load_before": load_average(),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
    }
    results = [bench_size(size, cfg) for size in cfg["sizes"]]
    meta["load_after"] = load_average()
    section = markdown(results, cfg, meta)
    print(section)
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(
            json.dumps({"meta": meta, "config": cfg, "results": results}, indent=2) + "\n",
            encoding="utf-8",
        )
    if docs_out:
        write_section(docs_out, section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
