"""Every case of the shared reference file (../shared/reference/mcda_cases.json) reproduces,
through ``klimaorg.engine.solve`` and through ``klimaorg solve``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from klimaorg.cli.main import app
from klimaorg.engine import RANDOM_INDEX, solve
from tests.engine.conftest import problem, reference_cases


def _cli(tmp_path: Path, data: dict[str, Any]) -> dict[str, Any]:
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    res = CliRunner().invoke(app, ["solve", str(path), "--format", "json"])
    assert res.exit_code == 0, res.output
    out: dict[str, Any] = json.loads(res.stdout)
    return out


def _both(tmp_path: Path, data: dict[str, Any]) -> list[dict[str, Any]]:
    return [solve(data).to_dict(), _cli(tmp_path, data)]


RI_KEYS = {
    "saaty_1980": "saaty1980",
    "saaty_2005_anp": "saaty2005",
    "donegan_dodd_1991": "donegan_dodd1991",
    "tummala_ling_1998": "tummala_ling1998",
}


def test_random_index_tables_match_reference() -> None:
    """The four RI tables are those of the reference file (Saaty 1980, Saaty 2005,
    Donegan & Dodd 1991, Tummala & Ling 1998)."""
    tables = reference_cases()["ahp_random_index_tables"]["tables"]
    for key, table in tables.items():
        ours = RANDOM_INDEX[RI_KEYS[key]]
        for n, value in table["values"].items():
            if int(n) >= 3:
                assert ours[int(n)] == pytest.approx(value), (key, n)


def _drinks(random_index: str) -> dict[str, Any]:
    case = reference_cases()["ahp_saaty2008_drinks"]
    labels = case["inputs"]["labels"]
    return {
        "alternatives": ["X", "Y"],
        "criteria": [{"id": c} for c in labels],
        "matrix": [[1.0] * len(labels), [0.0] * len(labels)],
        "weights": {
            "method": "ahp",
            "pairwise": case["inputs"]["pairwise_matrix"],
            "random_index": random_index,
        },
    }


def test_ahp_drinks_saaty2008(tmp_path: Path) -> None:
    """Saaty (2008) Int. J. Services Sciences 1(1):83-98: relative consumption of drinks,
    priorities [.177 .019 .042 .116 .190 .129 .327], CR 0.022 with Saaty's 2005 table."""
    case = reference_cases()["ahp_saaty2008_drinks"]
    tol = case["expected"]["tolerance"]
    for out in _both(tmp_path, _drinks("saaty2005")):
        np.testing.assert_allclose(out["weights"], case["expected"]["priority_vector"], atol=tol)
        assert out["consistency_ratio"] == pytest.approx(
            case["expected"]["consistency_ratio"], abs=tol
        )
        report = out["consistency"][0]
        assert report["lambda_max"] == pytest.approx(case["computed_exact"]["lambda_max"], abs=1e-4)
        assert report["consistency_index"] == pytest.approx(case["computed_exact"]["CI"], abs=1e-4)
        assert report["acceptable"] is True
        assert report["random_index"] == "saaty2005"


@pytest.mark.parametrize("table", list(RI_KEYS))
def test_ahp_drinks_cr_for_every_table(table: str) -> None:
    """CR of the drinks matrix for each RI table as computed in the reference file."""
    case = reference_cases()["ahp_saaty2008_drinks"]
    out = solve(_drinks(table)).to_dict()
    expected = case["computed_exact"]["CR_by_RI_table"][table]
    assert out["consistency_ratio"] == pytest.approx(expected, abs=1e-4)
    assert out["consistency"][0]["random_index"] == RI_KEYS[table]


def test_topsis_hwang_yoon_fighter_aircraft(tmp_path: Path) -> None:
    """Hwang & Yoon (1981) pp. 133-134: closeness [.643 .268 .613 .312], ranking [1 4 2 3]."""
    case = reference_cases()["topsis_hwang_yoon1981_fighter_aircraft"]
    inp = case["inputs"]
    data = problem(inp["matrix"], inp["weights"], inp["directions"], {"name": "topsis"})
    for out in _both(tmp_path, data):
        tol = case["expected"]["tolerance"]
        np.testing.assert_allclose(out["scores"], case["expected"]["closeness"], atol=tol)
        assert out["ranking"] == case["expected"]["ranking"]
        np.testing.assert_allclose(
            out["details"]["d_plus"], case["computed_exact"]["S_plus"], atol=1e-4
        )
        np.testing.assert_allclose(
            out["details"]["d_minus"], case["computed_exact"]["S_minus"], atol=1e-4
        )
        assert out["method"]["normalisation"] == "vector"
        assert out["method"]["distance"] == "euclidean"


def test_promethee2_papathanasiou_ploskas_facility(tmp_path: Path) -> None:
    """Papathanasiou & Ploskas (2018) ch. 3: linear preference q=1, p=2; net flows
    [-.26 -.52 -.22 .36 .70 -.06]."""
    case = reference_cases()["promethee2_papathanasiou_ploskas2018_facility"]
    inp, par = case["inputs"], case["parameters"]
    prefs = [{"type": "linear", "q": q, "p": p} for q, p in zip(par["q"], par["p"], strict=True)]
    data = problem(inp["matrix"], inp["weights"], inp["directions"],
                   {"name": "promethee2", "preference": prefs})  # fmt: skip
    for out in _both(tmp_path, data):
        np.testing.assert_allclose(
            out["scores"], case["expected"]["net_flows"], atol=case["expected"]["tolerance"]
        )
        assert out["ranking"] == [5, 6, 4, 2, 1, 3]


def test_wsm_triantaphyllou_with_tie(tmp_path: Path) -> None:
    """Triantaphyllou (2000) ch. 2: scores [21.5 22 22] on raw values; A2 and A3 tie and
    share rank 1 under the competition rule, A1 is third."""
    case = reference_cases()["wsm_triantaphyllou2000"]
    inp = case["inputs"]
    data = problem(inp["matrix"], inp["weights"], inp["directions"],
                   {"name": "wsm", "normalisation": "none"})  # fmt: skip
    for out in _both(tmp_path, data):
        np.testing.assert_allclose(out["scores"], case["expected"]["scores"], atol=1e-9)
        assert out["ranking"] == [3, 1, 1]
        assert out["method"]["tie_rule"] == "competition"
        assert out["weights_normalised"] is False
