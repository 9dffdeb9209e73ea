"""Further published worked examples (tests/engine/data/published_cases.json), cited there."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from klimaorg.cli.main import app
from klimaorg.engine import kendall_w, rank_position_weights, solve
from tests.engine.conftest import published_cases


def test_ahp_leader_hierarchy(tmp_path: Path) -> None:
    """Wikipedia AHP leader example: criteria .547/.127/.270/.056; Tom .358, Dick .493,
    Harry .149 - through the Python API and the CLI."""
    case = published_cases()["ahp_wikipedia_leader_hierarchy"]
    exp = case["expected"]
    path = tmp_path / "leader.json"
    path.write_text(json.dumps(case["problem"]), encoding="utf-8")
    res = CliRunner().invoke(app, ["solve", str(path)])
    assert res.exit_code == 0, res.output
    for out in (solve(case["problem"]).to_dict(), json.loads(res.stdout)):
        np.testing.assert_allclose(out["weights"], exp["weights"], atol=exp["tolerance"])
        np.testing.assert_allclose(out["matrix"], exp["local_priorities"], atol=exp["tolerance"])
        np.testing.assert_allclose(out["scores"], exp["scores"], atol=exp["tolerance"])
        assert out["ranking"] == exp["ranking"]
        fields = [c["field"] for c in out["consistency"]]
        assert fields == ["weights.pairwise"] + [f"method.pairwise[{j}]" for j in range(4)]
        assert out["consistency_ratio"] < 0.1


def test_roc_and_rank_sum_barron_barrett() -> None:
    """Barron & Barrett (1996): ROC weights for four criteria .5208/.2708/.1458/.0625;
    rank sum .4/.3/.2/.1 (Stillwell et al. 1981)."""
    case = published_cases()["roc_barron_barrett1996_four_criteria"]
    exp = case["expected"]
    np.testing.assert_allclose(rank_position_weights(4, "roc"), exp["roc"], atol=exp["tolerance"])
    np.testing.assert_allclose(rank_position_weights(4, "rank_sum"), exp["rank_sum"], atol=1e-12)
    problem = {
        "alternatives": ["A", "B"],
        "criteria": [{"id": c} for c in case["problem"]["order"]],
        "matrix": [[1, 0, 0, 0], [0, 1, 1, 1]],
        "weights": {"method": "rank_order", "order": case["problem"]["order"]},
    }
    out = solve(problem).to_dict()
    np.testing.assert_allclose(out["weights"], exp["roc"], atol=exp["tolerance"])
    assert out["weighting"]["formula"] == "roc"


def test_kendall_w_proofwiki() -> None:
    """ProofWiki arbitrary example 1: W = 1/16 for four judges ranking three competitors."""
    case = published_cases()["kendall_w_proofwiki_arbitrary_example_1"]
    assert kendall_w(case["problem"]["rankings_by_judge"]) == case["expected"]["kendall_w"]
