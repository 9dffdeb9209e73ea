"""SMAA-2 and one-way weight stability (klimaorg.engine.robustness)."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from klimaorg.engine import ProblemError, Topsis, Wsm, smaa, solve, weight_stability
from klimaorg.engine.limits import DEFAULT_MAX_SAMPLES, max_samples

# Analytic case: A1 = (1, 0), A2 = (0, 1), A3 = (0.6, 0.6) with w = (t, 1 - t), t ~ U(0, 1):
# A1 wins for t > .6, A2 for t < .4, A3 between; A3 is never last.
ANALYTIC = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.6]])
MAX2 = ["max", "max"]
NONE = Wsm("none")


def test_analytic_rank_acceptability() -> None:
    """Rank acceptabilities [[.4,.1,.5],[.4,.1,.5],[.2,.8,0]] within Monte-Carlo error
    (100,000 samples: standard error <= 0.0016, tolerance 0.01)."""
    r = smaa(ANALYTIC, MAX2, method=NONE, samples=100_000, seed=1)
    expected = [[0.4, 0.1, 0.5], [0.4, 0.1, 0.5], [0.2, 0.8, 0.0]]
    np.testing.assert_allclose(r.rank_acceptability, expected, atol=0.01)
    np.testing.assert_allclose(r.rank_acceptability.sum(axis=1), 1.0)
    # central weights: means of t on (.6, 1), (0, .4), (.4, .6)
    np.testing.assert_allclose(r.central_weights, [[0.8, 0.2], [0.2, 0.8], [0.5, 0.5]], atol=0.01)
    np.testing.assert_array_equal(r.confidence_factors, [1.0, 1.0, 1.0])
    d = r.to_dict()
    assert d["samples"] == 100_000 and d["seed"] == 1 and d["distribution"] == "uniform"


def test_seeded_and_chunk_independent() -> None:
    a = smaa(ANALYTIC, MAX2, method=NONE, samples=20_000, seed=7, chunk=1000)
    b = smaa(ANALYTIC, MAX2, method=NONE, samples=20_000, seed=7, chunk=8192)
    c = smaa(ANALYTIC, MAX2, method=NONE, samples=20_000, seed=8)
    np.testing.assert_array_equal(a.rank_acceptability, b.rank_acceptability)
    assert not np.array_equal(a.rank_acceptability, c.rank_acceptability)


def test_rank_order_constraint() -> None:
    """With w1 >= w2 (t uniform on (.5, 1)): A1 first with .8, A3 with .2, A2 never."""
    r = smaa(ANALYTIC, MAX2, method=NONE, order=[[0], [1]], samples=50_000, seed=2)
    np.testing.assert_allclose(r.rank_acceptability[:, 0], [0.8, 0.0, 0.2], atol=0.01)


def test_interval_constraint() -> None:
    """t in [.3, .5]: A2 first for t < .4 (half), A3 otherwise."""
    r = smaa(ANALYTIC, MAX2, method=NONE, intervals=[[0.3, 0.5], [0.5, 0.7]], samples=20_000)
    np.testing.assert_allclose(r.rank_acceptability[:, 0], [0.0, 0.5, 0.5], atol=0.015)
    r = smaa(ANALYTIC, MAX2, method=NONE, intervals=[[0.7, 1.0], [0.0, 1.0]], samples=5_000)
    np.testing.assert_allclose(r.rank_acceptability[:, 0], [1.0, 0.0, 0.0])


def test_interval_and_order_by_rejection() -> None:
    r = smaa(ANALYTIC, MAX2, method=NONE, order=[[1], [0]],
             intervals=[[0.0, 0.45], [0.0, 1.0]], samples=20_000)  # fmt: skip
    # t uniform on (0, .45): A2 first for t < .4
    np.testing.assert_allclose(
        r.rank_acceptability[:, 0], [0.0, 0.4 / 0.45, 0.05 / 0.45], atol=0.015
    )
    assert r.drawn > r.samples


def test_impossible_intervals() -> None:
    with pytest.raises(ProblemError) as err:
        smaa(ANALYTIC, MAX2, method=NONE, intervals=[[0.6, 1.0], [0.6, 1.0]], samples=10)
    assert err.value.field == "robustness.intervals"


def test_around_concentrates_on_given_weights() -> None:
    """Dirichlet(kappa w) with a huge kappa reproduces the deterministic ranking."""
    r = smaa(ANALYTIC, MAX2, method=NONE, weights=[0.7, 0.3], distribution="around",
             concentration=1e7, samples=5_000)  # fmt: skip
    np.testing.assert_allclose(r.rank_acceptability, [[1, 0, 0], [0, 0, 1], [0, 1, 0]])
    wide = smaa(ANALYTIC, MAX2, method=NONE, weights=[0.7, 0.3], distribution="around",
                concentration=2.0, samples=50_000)  # fmt: skip
    # Dirichlet(1.4, 0.6): P(t > .6) is well below 1 but above the uniform .4
    assert 0.4 < wide.rank_acceptability[0, 0] < 0.95


def test_sample_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cap is a parameter with a safe default; the engine reads no environment."""
    monkeypatch.setenv("KLIMAORG_MAX_SAMPLES", "10")
    assert max_samples() == DEFAULT_MAX_SAMPLES == 1_000_000
    with pytest.raises(ProblemError) as err:
        smaa(ANALYTIC, MAX2, samples=1001, max_samples=1000)
    assert err.value.field == "robustness.samples"
    assert smaa(ANALYTIC, MAX2, samples=1001, max_samples=2000).samples == 1001
    with pytest.raises(ProblemError):
        smaa(ANALYTIC, MAX2, samples=DEFAULT_MAX_SAMPLES + 1)


def test_memory_is_bounded_by_chunk() -> None:
    """2 million samples never hold more than a few chunk-sized arrays (no samples x m x m)."""
    rng = np.random.default_rng(0)
    matrix = rng.uniform(1, 10, (6, 12))
    tracemalloc.start()
    smaa(matrix, ["max"] * 12, samples=2_000_000, seed=0, max_samples=2_000_000)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20e6, peak


def test_stability_analytic() -> None:
    """w = (.7, .3): A1 (0.7) beats A3 (0.6) for w1 in [.6, 1]; moving 0.1 from c1 to c2
    makes the runner-up A3 catch up."""
    st = weight_stability(ANALYTIC, MAX2, [0.7, 0.3], method=NONE)
    assert (st.winner, st.runner_up) == (0, 2)
    np.testing.assert_allclose(st.lower, [0.6, 0.0], atol=1e-9)
    np.testing.assert_allclose(st.upper, [1.0, 0.4], atol=1e-9)
    assert st.swap is not None
    assert (st.swap.increase, st.swap.decrease) == (1, 0)
    assert st.swap.shift == pytest.approx(0.1, abs=1e-8)  # within the tie tolerance
    assert st.swap.runner_up_first
    d = st.to_dict(["A1", "A2", "A3"], ["c1", "c2"])
    assert d["winner_id"] == "A1" and d["swap"]["increase_id"] == "c2"


@pytest.mark.parametrize("method", [Wsm("max"), Topsis("vector")])
def test_stability_boundaries_change_the_winner(method: Wsm | Topsis) -> None:
    """Just inside an interval the winner holds, just outside it does not."""
    rng = np.random.default_rng(3)
    matrix = rng.uniform(1, 10, (5, 4))
    w = np.array([0.4, 0.3, 0.2, 0.1])
    dirs = ["max", "min", "max", "max"]
    st = weight_stability(matrix, dirs, w, method=method)
    prob = {
        "alternatives": [f"A{i}" for i in range(5)],
        "criteria": [{"id": f"c{j}", "direction": d} for j, d in enumerate(dirs)],
        "matrix": matrix.tolist(),
        "method": {"name": method.name, "normalisation": method.normalisation},
    }

    def top(weights: np.ndarray) -> int:
        out = solve({**prob, "weights": weights.tolist()})
        return int(np.argmax(out.scores))

    for j in range(4):
        for bound, step in ((st.upper[j], 1e-6), (st.lower[j], -1e-6)):
            if 1e-6 < bound < 1 - 1e-6:
                inside = np.delete(w, j) / np.delete(w, j).sum()
                for t, same in ((bound - step, True), (bound + step, False)):
                    ww = np.insert(inside * (1 - t), j, t)
                    assert (top(ww) == st.winner) is same, (j, bound)


def _naive_rank_counts(scores: np.ndarray) -> np.ndarray:
    """Rank histogram by rank_scores, one sample at a time (the tie rule's definition)."""
    from klimaorg.engine.ranking import rank_scores

    m = scores.shape[0]
    counts = np.zeros((m, m), dtype=np.int64)
    for col in scores.T:
        for i, r in enumerate(rank_scores(col)):
            counts[i, r - 1] += 1
    return counts


@pytest.mark.parametrize("m", [3, 6, 30])
def test_rank_counts_match_the_tie_rule(m: int) -> None:
    """Both rank-count paths (broadcast for small m, row by row for large m) reproduce
    rank_scores sample by sample, ties and odd chunk lengths included."""
    from klimaorg.engine.robustness import _rank_counts

    rng = np.random.default_rng(m)
    scores = rng.integers(0, 4, (m, 777)).astype(np.float64) * 0.1  # many exact ties
    scores[1] = scores[0] + 1e-12  # a tie within the tolerance
    tol = 1e-9 * np.maximum(1.0, np.abs(scores).max(axis=0))
    counts, first = _rank_counts(scores, tol)
    np.testing.assert_array_equal(counts, _naive_rank_counts(scores))
    np.testing.assert_array_equal(first.sum(axis=1), counts[:, 0])


def test_identical_alternatives_share_every_rank() -> None:
    x = np.array([[1.0, 0.0], [0.5, 0.5], [0.5, 0.5], [0.0, 1.0]])
    r = smaa(x, MAX2, method=NONE, samples=5_000, seed=4)
    np.testing.assert_array_equal(r.rank_acceptability[1], r.rank_acceptability[2])
    np.testing.assert_allclose(r.rank_acceptability.sum(axis=1), 1.0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"distribution": "around", "weights": [0.5, 0.3, 0.2], "concentration": 20.0},
        {"intervals": [[0.1, 0.6], [0.1, 0.6], [0.0, 1.0]]},
        {"order": [[2], [0, 1]]},
    ],
)
def test_every_distribution_is_chunk_independent(kwargs: dict[str, object]) -> None:
    x = np.array([[1.0, 0.2, 0.4], [0.3, 0.9, 0.5], [0.6, 0.6, 0.1]])
    dirs = ["max", "max", "max"]
    a, b = (
        smaa(x, dirs, method=NONE, samples=9_000, seed=3, chunk=c, **kwargs)  # type: ignore[arg-type]
        for c in (1000, 777)
    )
    np.testing.assert_array_equal(a.rank_acceptability, b.rank_acceptability)
    np.testing.assert_allclose(a.central_weights, b.central_weights, rtol=1e-12)


def test_around_is_the_documented_dirichlet() -> None:
    """Mean w and variance w (1 - w) / (kappa + 1) of Dirichlet(kappa w), within 4 standard
    errors (200,000 samples), a weight-0 criterion stays 0, and the draw is seeded."""
    from klimaorg.engine.robustness import _Sampler

    w = np.array([0.5, 0.3, 0.15, 0.05, 0.0])
    kappa = 20.0
    sampler = _Sampler(5, "around", kappa * w, None, None, None)
    draw, sums = sampler.draw(np.random.default_rng(9), 200_000)
    assert sums is None
    np.testing.assert_allclose(draw.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(draw[:, 4] == 0.0)
    var = w * (1 - w) / (kappa + 1)
    assert np.all(np.abs(draw.mean(axis=0) - w) <= 4 * np.sqrt(var / 200_000))
    np.testing.assert_allclose(draw.var(axis=0), var, rtol=0.02, atol=1e-15)
    again, _ = sampler.draw(np.random.default_rng(9), 200_000)
    np.testing.assert_array_equal(draw, again)


def test_uniform_exponentials() -> None:
    """The float32-grid exponentials have mean 1 and variance 1 and are never negative."""
    from klimaorg.engine.robustness import _exponentials

    e = _exponentials(np.random.default_rng(2), 100_000, 5)
    assert e.dtype == np.float64 and e.min() >= 0.0 and e.max() <= 24 * np.log(2) + 1e-6
    assert abs(e.mean() - 1.0) < 4 * np.sqrt(1 / e.size)
    assert abs(e.var() - 1.0) < 0.02
