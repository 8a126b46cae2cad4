"""Smoke run of bench/trust_eval.py on the tiny config: shape and sanity of the output."""

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
CONFIG = BENCH / "configs" / "trust_eval_smoke.json"
METHODS = [
    "engine",
    "endorsement_count",
    "global_pagerank",
    "personalized_pagerank",
    "lipschitrust",
]


def test_trust_eval_smoke(tmp_path):
    out = tmp_path / "result.json"
    run = subprocess.run(
        [
            sys.executable,
            str(BENCH / "trust_eval.py"),
            "--config",
            str(CONFIG),
            "--out",
            str(out),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "| graph | k | metric |" in run.stdout
    result = json.loads(out.read_text())
    cfg = json.loads(CONFIG.read_text())
    assert result["engine_algorithm"]["algorithm"] == "threshold_trust"
    assert len(result["graphs"]) == len(cfg["graphs"])
    for graph in result["graphs"]:
        assert graph["viewers"] == cfg["n_viewers"]
        assert sorted(graph["sybil"]) == sorted(str(k) for k in cfg["attack_edges"])
        for per_k in graph["sybil"].values():
            assert sorted(per_k) == sorted(METHODS)
            for metrics in per_k.values():
                assert 0 <= metrics["attacker_in_top"] <= 1
                assert 0 <= metrics["sybil_share"] <= 1
                assert 0 <= metrics["sybils_in_top"] <= cfg["top"]
        no_attack = graph["sybil"]["0"]
        # Without attack edges no personalized method can reach the sybil region.
        for method in ("engine", "personalized_pagerank", "lipschitrust"):
            assert no_attack[method]["sybils_in_top"] == 0
        # Endorsement count ranks the attacker (n_fakes endorsements) first for everyone.
        assert no_attack["endorsement_count"]["attacker_in_top"] == 1
        assert sorted(graph["held_out"]) == sorted(METHODS)
        assert all(0 <= v <= 1 for v in graph["held_out"].values())
