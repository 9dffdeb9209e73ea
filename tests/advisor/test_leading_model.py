"""The cheap leading model a workshop stores equals the full recommendation."""

from __future__ import annotations

import numpy as np
import pytest

from klimaorg.advisor import advise, leading_model, load_advisor_data

CRITERIA = load_advisor_data().knowledge.criterion_ids
SITUATIONS = [
    {"municipality": {"kind": "gemeinde", "population": 2000},
     "resources": {"staff_fte": 0.5, "own_budget_eur": 0}},
    {"municipality": {"kind": "stadt", "population": 60_000},
     "resources": {"staff_fte": 2.0, "own_budget_eur": 50_000}},
    {"municipality": {"kind": "landkreis", "population": 180_000},
     "resources": {"staff_fte": 3.0, "own_budget_eur": 80_000}},
]  # fmt: skip


@pytest.mark.parametrize("seed", range(12))
def test_leading_model_is_the_recommendation(seed: int) -> None:
    rng = np.random.default_rng(seed)
    base = SITUATIONS[seed % len(SITUATIONS)]
    prios = {c: int(v) for c, v in zip(CRITERIA, rng.integers(0, 5, len(CRITERIA)), strict=True)}
    prios[CRITERIA[seed % len(CRITERIA)]] = 4
    profile = {**base, "priorities": prios}
    assert leading_model(profile) == advise(profile)["recommendation"]


def test_leading_model_with_ahp_judgements() -> None:
    profile = {
        **SITUATIONS[1],
        "weighting": {
            "method": "ahp",
            "criteria": ["coordination", "focus"],
            "pairwise": [[1, 5], [1 / 5, 1]],
        },
    }
    assert leading_model(profile, lang="en") == advise(profile, lang="en")["recommendation"]
