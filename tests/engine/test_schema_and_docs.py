"""The JSON Schema accepts every example and reference problem; the documented worked example
runs and gives the numbers the documentation states."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from klimaorg.engine import solve
from tests.engine.conftest import REPO, problem, published_cases, reference_cases

SCHEMA = REPO / "schemas" / "problem.schema.json"
EXAMPLES = sorted((REPO / "examples" / "problems").glob("*.json"))


def _validator() -> Any:
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    return jsonschema_rs.validator_for(json.loads(SCHEMA.read_text(encoding="utf-8")))


def _reference_problems() -> list[dict[str, Any]]:
    cases = reference_cases()
    t = cases["topsis_hwang_yoon1981_fighter_aircraft"]["inputs"]
    p = cases["promethee2_papathanasiou_ploskas2018_facility"]["inputs"]
    w = cases["wsm_triantaphyllou2000"]["inputs"]
    return [
        problem(t["matrix"], t["weights"], t["directions"], {"name": "topsis"}),
        problem(p["matrix"], p["weights"], p["directions"],
                {"name": "promethee2", "preference": {"type": "linear", "q": 1, "p": 2}}),
        problem(w["matrix"], w["weights"], w["directions"],
                {"name": "wsm", "normalisation": "none"}),
    ]  # fmt: skip


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_examples_valid_and_solvable(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    _validator().validate(data)
    solve(data)


def test_reference_and_published_problems_valid() -> None:
    v = _validator()
    for data in _reference_problems():
        v.validate(data)
    v.validate(published_cases()["ahp_wikipedia_leader_hierarchy"]["problem"])


def test_schema_rejects_bad_shapes() -> None:
    v = _validator()
    assert not v.is_valid({"alternatives": ["A"], "criteria": [], "weights": []})
    assert not v.is_valid({"alternatives": ["A", "B"], "criteria": ["c"], "weights": [1],
                           "method": {"name": "wsm", "normalisation": "log"}})  # fmt: skip


@pytest.mark.parametrize("doc", ["docs/de/methoden.md", "docs/en/methods.md"])
def test_worked_example_numbers(doc: str) -> None:
    example = json.loads((REPO / "examples/problems/worked_example.json").read_text("utf-8"))
    text = (REPO / doc).read_text(encoding="utf-8")
    if doc.startswith("docs/de"):
        block = re.search(r"```json\n(.*?)```", text, re.S)
        assert block is not None
        shown = json.loads(block.group(1))
        assert shown == {k: v for k, v in example.items() if k != "title"}
    out = solve(example).to_dict()
    np.testing.assert_allclose(out["weights"], [0.40, 0.28, 0.12, 0.20])
    np.testing.assert_allclose(out["scores"], [0.5301, 0.4966, 0.5034], atol=5e-5)
    assert out["ranking"] == [1, 3, 2]
    acc = [row[0] for row in out["robustness"]["rank_acceptability"]]
    np.testing.assert_allclose(acc, [0.074, 0.599, 0.327], atol=5e-4)
    swap = out["robustness"]["stability"]["swap"]
    assert (swap["decrease_id"], swap["increase_id"]) == ("kosten", "akzeptanz")
    assert swap["shift"] == pytest.approx(0.030, abs=5e-4)
    assert out["agreement"]["min_kendall_tau"] == pytest.approx(1 / 3)
