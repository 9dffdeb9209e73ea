"""Every profile of a broad grid gets a complete recommendation whose risks all point to a source
statement or a context rule, with the same keys either way; the rule-risk examples other tests
use cover every kind found in the grid."""

from __future__ import annotations

from typing import Any

import pytest

from klimaorg.advisor import advise, load_advisor_data
from klimaorg.knowledge import load_knowledge
from tests.advisor.grid import RULE_RISKS, grid

RISK_KEYS = {"statement", "rule", "text", "quote", "severity", "criteria", "mitigations"}


@pytest.fixture(scope="module")
def results() -> list[dict[str, Any]]:
    return [advise(p) for p in grid()]


def test_every_risk_names_its_basis_with_the_same_keys(results: list[dict[str, Any]]) -> None:
    statements = {s.ref for s in load_knowledge().statements()}
    rules = {r.id for r in load_advisor_data().rules}
    for result in results:
        assert result["risks"], result["inputs"]["profile"]
        for risk in result["risks"]:
            assert set(risk) == RISK_KEYS
            if risk["statement"] is not None:
                assert risk["statement"] in statements and risk["rule"] is None
                assert risk["quote"]
            else:
                assert risk["rule"] in rules and risk["quote"] is None
                assert risk["rule"] in {r["id"] for r in result["rules_fired"]}
            assert risk["mitigations"]


def test_the_rule_risk_examples_cover_the_grid(results: list[dict[str, Any]]) -> None:
    found = {
        (result["recommendation"], risk["rule"])
        for result in results
        for risk in result["risks"]
        if risk["rule"]
    }
    assert found == set(RULE_RISKS), "add an example to tests/advisor/grid.py: RULE_RISKS"


@pytest.mark.parametrize(("leader", "rule"), sorted(RULE_RISKS))
def test_each_example_shows_its_rule_risk(leader: str, rule: str) -> None:
    result = advise(RULE_RISKS[(leader, rule)])
    assert result["recommendation"] == leader
    assert rule in [r["rule"] for r in result["risks"]]
