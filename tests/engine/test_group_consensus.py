"""Consensus in linear time equals the pairwise definition.

The reference below is the definition written out the slow way (every pair of participants,
one tau-b at a time, W with one ``np.unique`` per ranking); the engine computes the same
numbers from rank sums and pair-sign sums. Inputs are small and random with many ties (a
3-level score scale) so every tie branch is exercised; W also against a hand computation.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from klimaorg.engine import Wsm, consensus, kendall_tau_b, kendall_w, make_scorer
from klimaorg.engine.aggregation import as_benefit
from klimaorg.engine.group import rank_columns
from klimaorg.engine.ranking import mid_ranks, rank_scores

WSM = Wsm("none")


def reference_w(rankings: NDArray[np.int64]) -> float | None:
    r = np.asarray(rankings, dtype=np.float64)
    k, n = r.shape
    if k < 2 or n < 2:
        return None
    mr = np.stack([mid_ranks(row) for row in r])
    totals = mr.sum(axis=0)
    s = float(((totals - totals.mean()) ** 2).sum())
    ties = 0.0
    for row in mr:
        _, counts = np.unique(row, return_counts=True)
        ties += float(((counts**3) - counts).sum())
    denom = k * k * (n**3 - n) - k * ties
    return None if denom <= 0 else 12.0 * s / denom


def reference_others(rankings: NDArray[np.int64]) -> list[float | None]:
    k = len(rankings)
    out: list[float | None] = []
    for i in range(k):
        vals = [kendall_tau_b(rankings[i], rankings[j]) for j in range(k) if j != i]
        defined = [v for v in vals if v is not None]
        out.append(float(np.mean(defined)) if defined else None)
    return out


def close(a: list[float | None], b: list[float | None]) -> bool:
    return all(
        (x is None and y is None) or (x is not None and y is not None and abs(x - y) < 1e-9)
        for x, y in zip(a, b, strict=True)
    )


def test_kendall_w_with_ties_by_hand() -> None:
    # mid-ranks [1, 2, 3] and [1.5, 1.5, 3]: sums 2.5, 3.5, 6, S = 6.5; one tie of two: T = 6;
    # W = 12 * 6.5 / (2^2 * (27 - 3) - 2 * 6) = 78 / 84
    assert kendall_w([[1, 2, 3], [1, 1, 3]]) == pytest.approx(78 / 84)
    assert kendall_w([[1, 1, 1], [1, 1, 1]]) is None
    assert kendall_w([[1, 2, 3]]) is None


@pytest.mark.parametrize("seed", range(40))
def test_linear_consensus_equals_the_pairwise_definition(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_alt, n_crit = int(rng.integers(2, 7)), int(rng.integers(2, 5))
    k = int(rng.integers(1, 12))
    matrix = rng.integers(0, 3, size=(n_alt, n_crit)).astype(float)
    weights = rng.integers(0, 4, size=(k, n_crit)).astype(float)
    weights[weights.sum(axis=1) == 0, 0] = 1.0
    group = weights.mean(axis=0) / weights.mean(axis=0).sum()
    scorer = make_scorer(WSM, matrix, as_benefit(["max"] * n_crit))
    result = consensus(scorer, weights, group)

    normalised = weights / weights.sum(axis=1, keepdims=True)
    scores = scorer.batch(normalised)
    slow_rankings = np.stack([rank_scores(scores[:, i]) for i in range(k)])
    np.testing.assert_array_equal(result.rankings, slow_rankings)
    np.testing.assert_array_equal(rank_columns(scores), slow_rankings)
    expected_w = reference_w(slow_rankings)
    assert (result.kendall_w is None) == (expected_w is None)
    if expected_w is not None:
        assert result.kendall_w == pytest.approx(expected_w, abs=1e-12)
    slow_group = rank_scores(scorer.batch(group[None, :])[:, 0])
    assert close(list(result.tau_to_group), [kendall_tau_b(r, slow_group) for r in slow_rankings])
    others = reference_others(slow_rankings)
    assert close(list(result.tau_to_others), others)
    dist = np.sqrt(((normalised - group) ** 2).sum(axis=1))
    key = [(-2.0 if t is None else round(t, 9), -d) for t, d in zip(others, dist, strict=True)]
    best = min(key)
    assert key[result.most_divergent][0] == best[0]
    assert key[result.most_divergent][1] == pytest.approx(best[1])
