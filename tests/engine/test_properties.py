"""Property tests (hypothesis): invariance where promised, dominance, permutation."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from klimaorg.engine import solve

METHODS: list[dict[str, Any]] = [
    {"name": "wsm", "normalisation": "max"},
    {"name": "wsm", "normalisation": "minmax"},
    {"name": "wsm", "normalisation": "sum"},
    {"name": "wsm", "normalisation": "vector"},
    {"name": "topsis", "normalisation": "vector"},
    {"name": "topsis", "normalisation": "minmax"},
    {"name": "promethee2"},
]
# Positive rescaling x -> c x of one criterion leaves these unchanged (promethee2 with 'usual'
# only compares signs of differences).
SCALE_INVARIANT = METHODS


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    m = draw(st.integers(2, 6))
    n = draw(st.integers(1, 5))
    matrix = draw(arrays(np.float64, (m, n), elements=st.floats(1.0, 100.0)))
    weights = draw(arrays(np.float64, (n,), elements=st.floats(0.05, 1.0)))
    dirs = draw(st.lists(st.sampled_from(["max", "min"]), min_size=n, max_size=n))
    return {
        "alternatives": [f"A{i}" for i in range(m)],
        "criteria": [{"id": f"c{j}", "direction": d} for j, d in enumerate(dirs)],
        "matrix": matrix.tolist(),
        "weights": weights.tolist(),
        "method": draw(st.sampled_from(METHODS)),
    }


@settings(max_examples=80, deadline=None)
@given(cases(), st.floats(0.01, 100.0), st.data())
def test_positive_rescaling_invariance(case: dict[str, Any], c: float, data: st.DataObject) -> None:
    j = data.draw(st.integers(0, len(case["criteria"]) - 1))
    scaled = np.array(case["matrix"])
    scaled[:, j] *= c
    a = solve(case).scores
    b = solve({**case, "matrix": scaled.tolist()}).scores
    np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-9)


@settings(max_examples=80, deadline=None)
@given(cases(), st.data())
def test_dominance_respected(case: dict[str, Any], data: st.DataObject) -> None:
    """An alternative made at least as good on every criterion is ranked at least as well."""
    m = len(case["alternatives"])
    i, k = data.draw(st.integers(0, m - 1)), data.draw(st.integers(0, m - 1))
    if i == k:
        return
    x = np.array(case["matrix"])
    for j, c in enumerate(case["criteria"]):
        better = max if c["direction"] == "max" else min
        x[i, j] = better(x[i, j], x[k, j])
    out = solve({**case, "matrix": x.tolist()})
    assert out.ranking[i] <= out.ranking[k]
    assert out.scores[i] >= out.scores[k] - 1e-9


@settings(max_examples=80, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_permuting_alternatives_permutes_results(case: dict[str, Any], rnd: Any) -> None:
    m = len(case["alternatives"])
    perm = list(range(m))
    rnd.shuffle(perm)
    x = np.array(case["matrix"])[perm]
    permuted = {
        **case,
        "matrix": x.tolist(),
        "alternatives": [case["alternatives"][p] for p in perm],
    }
    a, b = solve(case), solve(permuted)
    np.testing.assert_allclose(b.scores, a.scores[perm], rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(b.ranking, a.ranking[perm])


@settings(max_examples=20, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_smaa_permutation(case: dict[str, Any], rnd: Any) -> None:
    """Rank acceptabilities follow the alternatives (same seed, same weight samples)."""
    m = len(case["alternatives"])
    perm = list(range(m))
    rnd.shuffle(perm)
    base = {**case, "robustness": {"samples": 2000, "seed": 3, "stability": False}}
    permuted = {**base, "matrix": np.array(case["matrix"])[perm].tolist()}
    a = np.array(solve(base).to_dict()["robustness"]["rank_acceptability"])
    b = np.array(solve(permuted).to_dict()["robustness"]["rank_acceptability"])
    np.testing.assert_allclose(b, a[perm], atol=1e-12)
