"""SMAA-2 with interval values and the doubt split (klimaorg.engine.imprecise)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from klimaorg.engine import ProblemError, parse_problem, smaa, smaa_imprecise, solve
from klimaorg.engine import imprecise as imp
from klimaorg.engine.limits import Limits
from klimaorg.engine.ranking import rank_scores
from klimaorg.engine.robustness import make_sampler
from tests.engine.conftest import REPO

ONE = ["max"]
# One criterion, A ~ U(0, 2), B and C ~ U(0, 1), all independent (weights are trivially 1):
# P(A first) = 1 - E[max(B, C)] / 2 = 2/3, P(A last) = E[(1 - A)^2; A < 1] = 1/6,
# P(B last) = int_0^1 (1 - b)(1 - b/2) db = 5/12, so by symmetry and row/column sums:
UNIFORM3 = [[[0.0, 1.0, 2.0]], [[0.0, 0.5, 1.0]], [[0.0, 0.5, 1.0]]]
UNIFORM3_ACC = [[2 / 3, 1 / 6, 1 / 6], [1 / 6, 5 / 12, 5 / 12], [1 / 6, 5 / 12, 5 / 12]]


def _se(p: float, k: int) -> float:
    return float(np.sqrt(p * (1 - p) / k))


@pytest.mark.parametrize("normalisation", ["none", "max", "minmax", "vector", "sum"])
def test_three_uniform_values_on_one_criterion(normalisation: str) -> None:
    """Exact rank acceptabilities within 5 standard errors (<= 0.0053 at 200,000 samples);
    every normalisation is a fixed increasing map, so none changes them."""
    cube = np.array(UNIFORM3) + 1.0  # positive, so that 'sum' is defined as well
    r = smaa_imprecise(cube, ONE, weights=[1.0], normalisation=normalisation,
                       value_distribution="uniform", samples=200_000, seed=11)  # fmt: skip
    np.testing.assert_allclose(r.rank_acceptability, UNIFORM3_ACC, atol=5 * _se(0.5, 200_000))
    np.testing.assert_allclose(r.rank_acceptability.sum(axis=0), 1.0)
    # one criterion: central weight 1, so the confidence factor is the first-rank share
    np.testing.assert_allclose(r.central_weights, 1.0)
    np.testing.assert_allclose(r.confidence_factors, r.rank_acceptability[:, 0], atol=1e-4)


def test_cost_direction_reverses_the_order() -> None:
    """Less is better: A first only if below both others, P = P(A < min(B, C)) = 1/6."""
    r = smaa_imprecise(UNIFORM3, ["min"], weights=[1.0], normalisation="none",
                       value_distribution="uniform", samples=100_000, seed=2)  # fmt: skip
    np.testing.assert_allclose(r.rank_acceptability[:, 0], [1 / 6, 5 / 12, 5 / 12], atol=0.008)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ([0.0, 1.0, 1.0], 0.75),  # density 2x: P(X > 1/2) = 3/4
        ([0.0, 0.0, 1.0], 0.25),  # density 2(1 - x)
        ([0.0, 0.5, 1.0], 0.50),
        ([0.0, 0.25, 1.0], 1 / 3),  # 1 - CDF(.5) = (1 - .5)^2 / (1 * .75)
    ],
)
def test_triangular_against_a_fixed_value(cell: list[float], expected: float) -> None:
    """X ~ Triangular(low, mode, high) against a crisp 0.5: P(X > 0.5) from the CDF."""
    low, mode, high = cell
    # CDF of the triangular distribution at 0.5 (Johnson, Kotz & Balakrishnan 1995, ch. 26)
    if mode >= 0.5:
        cdf = (0.5 - low) ** 2 / ((high - low) * (mode - low))
    else:
        cdf = 1 - (high - 0.5) ** 2 / ((high - low) * (high - mode))
    assert expected == pytest.approx(1 - cdf)
    r = smaa_imprecise([[cell], [[0.5, 0.5, 0.5]]], ONE, weights=[1.0], normalisation="none",
                       samples=100_000, seed=4)  # fmt: skip
    assert r.rank_acceptability[0, 0] == pytest.approx(1 - cdf, abs=5 * _se(0.5, 100_000))
    assert r.doubt.leader == (0 if mode >= 0.5 else 1)  # a crisp tie goes to the first


def test_doubt_split_analytic() -> None:
    """A = (1, 0), B = (b1, b2) with b ~ U(.4, .6) each, user weights (.7, .3), weights
    uniform w = (t, 1 - t): A first iff t > b2 / (1 - b1 + b2).

    * weights only (b = .5): P(t > .5) = .5;
    * values only (t = .7): B <= .6 < .7 = A, so 1;
    * both: 1 - E[b2 / (1 - b1 + b2)] (numerical double integral).
    All doubt comes from the priorities: share (1, 0)."""
    cube = [[[1, 1, 1], [0, 0, 0]], [[0.4, 0.5, 0.6], [0.4, 0.5, 0.6]]]
    k = 200_000
    r = smaa_imprecise(cube, ["max", "max"], weights=[0.7, 0.3], normalisation="none",
                       value_distribution="uniform", samples=k, seed=5)  # fmt: skip
    both, _ = integrate.dblquad(lambda b2, b1: (1 - b2 / (1 - b1 + b2)) / 0.04, 0.4, 0.6, 0.4, 0.6)
    d = r.doubt
    assert d.leader == 0
    assert d.acceptability_weights == pytest.approx(0.5, abs=5 * _se(0.5, k))
    assert d.acceptability_values == 1.0
    assert d.acceptability_both == pytest.approx(both, abs=5 * _se(0.5, k))
    assert (d.share_weights, d.share_values) == (1.0, 0.0)
    out = d.to_dict(["A", "B"])
    assert out["leader_id"] == "A"
    assert out["attributed"]["weights"] == pytest.approx(1 - d.acceptability_both)
    assert out["interaction"] == pytest.approx(d.doubt_both - d.doubt_weights - d.doubt_values)


def test_doubt_from_values_only() -> None:
    """Weights fixed at (.5, .5): A = (.6, .6) scores .6, B = (b, .6) with b ~ U(.2, .8)
    scores .5 b + .3 and wins iff b > .6: P = 1/3. Both criteria weigh in every weight draw,
    so the values cause doubt there too; with the modes (b = .5) B wins iff w1 < 0: never."""
    cube = [[[0.6] * 3, [0.6] * 3], [[0.2, 0.5, 0.8], [0.6] * 3]]
    k = 100_000
    r = smaa_imprecise(cube, ["max", "max"], weights=[0.5, 0.5], normalisation="none",
                       value_distribution="uniform", samples=k, seed=6)  # fmt: skip
    d = r.doubt
    assert d.acceptability_weights == 1.0
    assert d.acceptability_values == pytest.approx(2 / 3, abs=5 * _se(1 / 3, k))
    # both: B wins iff w1 (b - .6) > 0, i.e. b > .6, whatever w1 > 0: again 1/3
    assert d.acceptability_both == pytest.approx(2 / 3, abs=5 * _se(1 / 3, k))
    assert d.share_values == 1.0 and d.share_weights == 0.0


def test_order_that_cannot_change() -> None:
    """A's lows beat B's highs and B's lows beat C's highs on every criterion: the order is
    certain whatever the weights and values - acceptability 1, no doubt, no shares."""
    cube = [
        [[8, 9, 10], [7, 8, 9], [5, 6, 7]],
        [[5, 6, 7], [4, 5, 6], [3, 4, 4.5]],
        [[1, 2, 4], [1, 2, 3], [1, 2, 2.5]],
    ]
    r = smaa_imprecise(cube, ["max"] * 3, weights=[1, 2, 3], samples=20_000, seed=1)
    np.testing.assert_array_equal(r.rank_acceptability, np.eye(3))
    np.testing.assert_array_equal(r.confidence_factors[0], 1.0)
    assert r.doubt.doubt_both == 0.0 and r.doubt.share_weights is None
    assert r.to_dict()["doubt"]["share"] is None


WEIGHT_OPTIONS: list[dict[str, Any]] = [
    {"distribution": "uniform"},
    {"distribution": "around", "concentration": 30.0},
    {"distribution": "uniform", "order": [[1], [0, 2], [3]]},
    {"distribution": "uniform", "weight_intervals": [[0.1, 0.6], [0.0, 0.5], [0, 1], [0, 1]]},
    {"distribution": "around", "concentration": 20.0,
     "weight_intervals": [[0.1, 0.6], [0.0, 0.5], [0, 1], [0, 1]]},
]  # fmt: skip
MATRIX = np.array(
    [[3.0, 7.0, 2.0, 5.0], [4.0, 5.0, 3.0, 4.0], [2.0, 8.0, 4.0, 3.0], [5.0, 4.0, 1.0, 6.0]]
)
DIRS = ["max", "min", "max", "max"]
USER = np.array([0.4, 0.3, 0.2, 0.1])


def _smaa(opts: dict[str, Any], k: int, seed: int) -> Any:
    extra = dict(opts)
    extra["intervals"] = extra.pop("weight_intervals", None)
    return smaa(MATRIX, DIRS, weights=USER, samples=k, seed=seed, **extra)


@pytest.mark.parametrize("opts", WEIGHT_OPTIONS, ids=lambda o: "-".join(map(str, o.values())))
def test_degenerate_intervals_reproduce_weight_only_smaa(opts: dict[str, Any]) -> None:
    """low = mode = high everywhere: the very same numbers as :func:`smaa` with the seed."""
    k = 9_000  # more than two weight blocks
    r = smaa_imprecise(MATRIX, DIRS, weights=USER, samples=k, seed=3, **opts)
    ref = _smaa(opts, k, 3)
    np.testing.assert_array_equal(r.rank_acceptability, ref.rank_acceptability)
    np.testing.assert_allclose(r.central_weights, ref.central_weights, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(r.confidence_factors, ref.confidence_factors)
    np.testing.assert_array_equal(r.first_weights, ref.rank_acceptability[:, 0])
    assert r.drawn == ref.drawn and r.uncertain_cells == 0
    assert r.doubt.doubt_values == 0.0
    assert r.doubt.acceptability_both == r.doubt.acceptability_weights


@pytest.mark.parametrize("opts", WEIGHT_OPTIONS, ids=lambda o: "-".join(map(str, o.values())))
def test_weights_run_uses_the_weight_only_smaa_draws(opts: dict[str, Any]) -> None:
    """Common random numbers: with real intervals the weights-only run is still exactly the
    weight-only SMAA of the same seed (values at their modes)."""
    cube = np.stack([MATRIX * 0.8, MATRIX, MATRIX * 1.25], axis=2)
    r = smaa_imprecise(cube, DIRS, weights=USER, samples=9_000, seed=8, **opts)
    ref = _smaa(opts, 9_000, 8)
    np.testing.assert_array_equal(r.first_weights, ref.rank_acceptability[:, 0])
    assert r.uncertain_cells == 16


def test_seeded_and_reproducible() -> None:
    cube = np.stack([MATRIX - 1, MATRIX, MATRIX + 2], axis=2)
    a = smaa_imprecise(cube, DIRS, weights=USER, samples=5_000, seed=21)
    b = smaa_imprecise(cube, DIRS, weights=USER, samples=5_000, seed=21)
    c = smaa_imprecise(cube, DIRS, weights=USER, samples=5_000, seed=22)
    assert a.to_dict() == b.to_dict()
    assert not np.array_equal(a.rank_acceptability, c.rank_acceptability)
    assert a.seed == 21 and a.to_dict()["seed"] == 21


def test_kept_and_redrawn_values_give_the_same_confidence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The confidence pass reuses the kept value draws or draws the same stream again."""
    cube = np.stack([MATRIX - 1, MATRIX, MATRIX + 2], axis=2)
    kept = smaa_imprecise(cube, DIRS, weights=USER, samples=6_000, seed=2)
    monkeypatch.setattr(imp, "KEEP_VALUES", 0)
    redrawn = smaa_imprecise(cube, DIRS, weights=USER, samples=6_000, seed=2)
    assert kept.to_dict() == redrawn.to_dict()
    assert np.isfinite(kept.confidence_factors[kept.rank_acceptability[:, 0] > 0]).all()


def test_pieces_do_not_change_the_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scoring in small pieces (a large matrix) gives the same shares as whole blocks."""
    cube = np.stack([MATRIX - 1, MATRIX, MATRIX + 2], axis=2)
    whole = smaa_imprecise(cube, DIRS, weights=USER, samples=5_000, seed=4)
    monkeypatch.setattr(imp, "WORK_BYTES", 300 * (32 * 16 + 8 * 16 + 64))
    assert imp._piece(16, 4) == 300
    pieces = smaa_imprecise(cube, DIRS, weights=USER, samples=5_000, seed=4)
    np.testing.assert_array_equal(pieces.rank_acceptability, whole.rank_acceptability)
    np.testing.assert_array_equal(pieces.first_values, whole.first_values)
    np.testing.assert_array_equal(pieces.confidence_factors, whole.confidence_factors)
    np.testing.assert_allclose(pieces.central_weights, whole.central_weights, rtol=1e-12)


def test_converges_with_the_sample_count() -> None:
    """2,000 samples agree with 100,000 within 4.5 standard errors of the smaller run."""
    cube = np.stack([MATRIX * 0.6, MATRIX, MATRIX + 1], axis=2)
    small = smaa_imprecise(cube, DIRS, weights=USER, samples=2_000, seed=31,
                           distribution="around", concentration=30)  # fmt: skip
    large = smaa_imprecise(cube, DIRS, weights=USER, samples=100_000, seed=32,
                           distribution="around", concentration=30)  # fmt: skip
    for name in ("first_weights", "first_values", "first_both"):
        a, b = getattr(small, name), getattr(large, name)
        tol = 4.5 * np.sqrt(np.maximum(b * (1 - b), 1e-4) / 2_000)
        assert (np.abs(a - b) <= tol).all(), (name, a, b)
    np.testing.assert_allclose(
        small.holistic_acceptability, large.holistic_acceptability, atol=0.05
    )


def test_sample_cap_and_bad_input() -> None:
    cube = np.stack([MATRIX - 1, MATRIX, MATRIX + 2], axis=2)
    with pytest.raises(ProblemError) as err:
        smaa_imprecise(cube, DIRS, weights=USER, samples=5_001, max_samples=5_000)
    assert err.value.field == "robustness.samples"
    bad = cube.copy()
    bad[1, 2] = [3, 2, 4]
    with pytest.raises(ProblemError) as err:
        smaa_imprecise(bad, DIRS, weights=USER, samples=10)
    assert err.value.field == "matrix[1][2]"
    with pytest.raises(ProblemError) as err:
        smaa_imprecise(cube, DIRS, weights=USER, samples=10, value_distribution="beta")
    assert err.value.field == "robustness.value_distribution"
    with pytest.raises(ProblemError) as err:
        smaa_imprecise(cube, DIRS, weights=[1, 2], samples=10)
    assert err.value.field == "weights"
    negative = cube.copy()
    negative[0, 0, 0] = -1.0
    with pytest.raises(ProblemError) as err:
        smaa_imprecise(negative, DIRS, weights=USER, samples=10, normalisation="max")
    assert err.value.field == "matrix[0][0]"


def test_drawn_values_are_capped() -> None:
    """samples x uncertain cells may not exceed 64 x the sample cap (a huge matrix cannot turn
    an allowed sample count into minutes of work); solve reads the same setting."""
    rng = np.random.default_rng(0)
    mode = rng.uniform(2, 9, (10, 8))
    cube = np.stack([mode - 1, mode, mode + 1], axis=2)  # 80 uncertain cells
    dirs, user = ["max"] * 8, np.full(8, 1 / 8)
    smaa_imprecise(cube, dirs, weights=user, samples=80, max_samples=100)  # 6,400 = 64 x 100
    with pytest.raises(ProblemError) as err:
        smaa_imprecise(cube, dirs, weights=user, samples=81, max_samples=100)
    assert err.value.field == "robustness.samples" and "6400" in err.value.message
    problem = {
        "alternatives": [f"A{i}" for i in range(10)],
        "criteria": [f"c{j}" for j in range(8)],
        "matrix": cube.tolist(),
        "weights": user.tolist(),
        "robustness": {"samples": 8},
    }
    ten = Limits(max_samples=10)
    assert solve(problem, limits=ten).imprecise is not None  # 8 x 80 = 640 = 64 x 10
    problem["robustness"] = {"samples": 9}
    with pytest.raises(ProblemError) as err:
        solve(problem, limits=ten)
    assert err.value.field == "robustness.samples"
    assert solve(problem, limits=ten, max_samples=20).imprecise is not None  # an explicit cap wins


def test_flat_minmax_column_uses_the_bounds() -> None:
    """All modes of a minmax column equal (crisp value 1 for all): the intervals still count,
    on the range of the bounds [0, 10] with the mode kept at 1. A = (1 + (x - 5)/10, 0),
    B = (1, 1), weights (.9, .1): B leads; A first iff .9 (1 + (x - 5)/10) > 1, i.e.
    x > 5 + 10/9, which for x ~ U(0, 10) has probability (5 - 10/9)/10 = .3889."""
    cube = [[[0, 5, 10], [0, 0, 0]], [[5, 5, 5], [1, 1, 1]]]
    k = 100_000
    r = smaa_imprecise(cube, ["max", "max"], weights=[0.9, 0.1], normalisation="minmax",
                       value_distribution="uniform", samples=k, seed=3)  # fmt: skip
    d = r.doubt
    assert d.leader == 1 and r.uncertain_cells == 1
    expected = 1 - (5 - 10 / 9) / 10
    assert d.acceptability_values == pytest.approx(expected, abs=5 * _se(expected, k))


# ---------------------------------------------------------------------------- cross-check


def _reference(
    cube: np.ndarray,
    benefit: np.ndarray,
    user: np.ndarray,
    kind: str,
    shape: str,
    distribution: str,
    k: int,
    seed: int,
) -> dict[str, Any]:
    """Independent sample-by-sample SMAA-2 on the documented recipe: weights from the
    engine's sampler (tested elsewhere), value uniforms from the documented stream, each
    sample's matrix built cell by cell and normalised with the map fitted on the modes,
    ranked with :func:`rank_scores`."""
    m, n, _ = cube.shape
    low, mode, high = cube[:, :, 0], cube[:, :, 1], cube[:, :, 2]
    cells = [(i, j) for i in range(m) for j in range(n) if high[i, j] > low[i, j]]
    sampler = make_sampler(n, distribution, user, 30.0, None, None)
    w_all, sums = sampler.draw(np.random.default_rng(seed), k)
    w_all = np.array(w_all if sums is None else w_all / sums[:, None])
    u_all = imp.value_rng(seed).random((k, len(cells)), dtype=np.float32)

    def norm(x: float, j: int) -> float:
        col = mode[:, j]
        b = benefit[j]
        if kind == "none":
            return x if b else -x
        if kind in ("max", "vector"):
            top = float(col.max()) if kind == "max" else float(np.sqrt((col**2).sum()))
            top = top if top > 0 else 1.0
            return x / top if b else 1 - x / top
        if kind == "sum":
            return x / float(col.sum()) if b else (1 / x) / float((1 / col).sum())
        lo, hi = float(col.min()), float(col.max())
        if hi > lo:
            return (x - lo) / (hi - lo) if b else (hi - x) / (hi - lo)
        span = float(high[:, j].max() - low[:, j].min())
        if span == 0:
            return 1.0
        return 1 + (x - lo) / span if b else 1 - (x - lo) / span

    def shape_of(u: np.float32, c: np.float32) -> float:
        if shape == "uniform":
            return float(u)
        one = np.float32(1)
        return float(np.sqrt(u * c) if u < c else one - np.sqrt((one - u) * (one - c)))

    def values(s: int | None) -> np.ndarray:
        r = np.array([[norm(mode[i, j], j) for j in range(n)] for i in range(m)])
        if s is not None:
            for c, (i, j) in enumerate(cells):
                peak = np.float32((mode[i, j] - low[i, j]) / (high[i, j] - low[i, j]))
                t = shape_of(u_all[s, c], peak)
                r[i, j] = norm(low[i, j] + (high[i, j] - low[i, j]) * t, j)
        return r

    crisp = values(None)
    s0 = crisp @ user
    leader = int(np.flatnonzero(rank_scores(s0) == 1)[0])
    first = {"weights": np.zeros(m), "values": np.zeros(m), "both": np.zeros(m)}
    central = np.zeros((m, n))
    drawn = []
    for s in range(k):
        r = values(s)
        drawn.append(r)
        for run, (mat, w) in {"weights": (crisp, w_all[s]), "values": (r, user),
                              "both": (r, w_all[s])}.items():  # fmt: skip
            ranks = rank_scores(mat @ w)
            first[run] += ranks == 1
            if run == "both":
                central += (ranks == 1)[:, None] * w[None, :]
    with np.errstate(invalid="ignore"):
        cw = central / first["both"][:, None]
    conf = np.full(m, np.nan)
    for i in np.flatnonzero(first["both"]):
        conf[i] = np.mean([rank_scores(r @ cw[i])[i] == 1 for r in drawn])
    return {"first": {key: v / k for key, v in first.items()}, "central": cw, "conf": conf,
            "leader": leader}  # fmt: skip


@st.composite
def small_problems(draw: st.DrawFn) -> dict[str, Any]:
    m = draw(st.integers(2, 4))
    n = draw(st.integers(1, 3))
    cube = np.empty((m, n, 3))
    for i in range(m):
        for j in range(n):
            mode = draw(st.floats(1.0, 20.0))
            if draw(st.booleans()):
                below = draw(st.floats(0.0, mode - 0.5))
                above = draw(st.floats(0.0, 10.0))
                cube[i, j] = [mode - below, mode, mode + above]
            else:
                cube[i, j] = mode
    return {
        "cube": cube,
        "benefit": np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n))),
        "user": np.array(draw(st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n))),
        "kind": draw(st.sampled_from(["max", "minmax", "sum", "vector", "none"])),
        "shape": draw(st.sampled_from(["triangular", "uniform"])),
        "distribution": draw(st.sampled_from(["uniform", "around"])),
        "seed": draw(st.integers(0, 2**32 - 1)),
    }


@settings(max_examples=40, deadline=None)
@given(small_problems())
def test_cross_check_against_a_sample_by_sample_loop(case: dict[str, Any]) -> None:
    """Same draws, independent arithmetic: every share agrees up to one sample (a tie broken
    differently by rounding), central weights and confidence factors as well."""
    k = 300
    user = case["user"] / case["user"].sum()
    r = smaa_imprecise(case["cube"], case["benefit"], weights=user, normalisation=case["kind"],
                       value_distribution=case["shape"], distribution=case["distribution"],
                       concentration=30.0, samples=k, seed=case["seed"])  # fmt: skip
    ref = _reference(case["cube"], case["benefit"], user, case["kind"], case["shape"],
                     case["distribution"], k, case["seed"])  # fmt: skip
    one = 1.5 / k
    assert r.doubt.leader == ref["leader"]
    np.testing.assert_allclose(r.first_weights, ref["first"]["weights"], atol=one)
    np.testing.assert_allclose(r.first_values, ref["first"]["values"], atol=one)
    np.testing.assert_allclose(r.first_both, ref["first"]["both"], atol=one)
    if np.allclose(r.first_both, ref["first"]["both"], atol=1e-12):
        np.testing.assert_allclose(r.central_weights, ref["central"], atol=1e-9)
        np.testing.assert_allclose(r.confidence_factors, ref["conf"], atol=one)


# ---------------------------------------------------------------------------- problem format


def _problem(**extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "alternatives": ["A", "B", "C"],
        "criteria": [{"id": "wirkung"}, {"id": "kosten", "direction": "min"}, {"id": "tempo"}],
        "matrix": [[[6, 8, 9], [100, 120, 160], 3], [6, [70, 80, 85], [3, 4, 4]], [9, 150, 2]],
        "weights": [0.5, 0.3, 0.2],
        "robustness": {"samples": 4_000, "seed": 9},
    }
    out.update(extra)
    return out


def test_solve_reports_acceptabilities_and_the_doubt_split() -> None:
    out = solve(_problem()).to_dict()
    imprecise = out["robustness"]["imprecise"]
    assert imprecise["value_distribution"] == "triangular"
    assert imprecise["normalisation"] == "max" and imprecise["normalisation_fit"] == "modes"
    assert imprecise["uncertain_cells"] == 4 and imprecise["samples"] == 4_000
    # the crisp ranking uses the modes
    crisp = solve(_problem(matrix=[[8, 120, 3], [6, 80, 4], [9, 150, 2]])).to_dict()
    assert out["scores"] == crisp["scores"]
    # weights-only run = the weight-only SMAA reported beside it (same seed, same draws)
    acc = [row[0] for row in out["robustness"]["rank_acceptability"]]
    assert imprecise["first_rank"]["weights"] == acc
    doubt = imprecise["doubt"]
    assert doubt["leader_id"] == out["order"][0]
    assert doubt["acceptability"]["weights"] == acc[doubt["leader"]]
    attributed = doubt["attributed"]
    assert attributed["weights"] + attributed["values"] == pytest.approx(doubt["doubt"]["both"])
    json.dumps(out)  # plain JSON types only
    assert solve(_problem()).to_dict() == out


def test_uniform_value_distribution_and_no_robustness() -> None:
    out = solve(_problem(robustness={"samples": 1000, "value_distribution": "uniform"}))
    assert out.to_dict()["robustness"]["imprecise"]["value_distribution"] == "uniform"
    plain = solve(_problem(robustness=None))
    assert plain.imprecise is None and plain.to_dict()["robustness"] is None
    crisp = solve(_problem(matrix=[[8, 120, 3], [6, 80, 4], [9, 150, 2]]))
    assert crisp.to_dict()["robustness"]["imprecise"] is None
    p = parse_problem(_problem())
    assert p.value_intervals is not None and p.value_intervals.shape == (3, 3, 3)
    np.testing.assert_array_equal(p.matrix, [[8, 120, 3], [6, 80, 4], [9, 150, 2]])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"matrix": [[[6, 8], 120, 3], [6, 80, 4], [9, 150, 2]]}, "matrix[0][0]"),
        ({"matrix": [[[9, 8, 10], 120, 3], [6, 80, 4], [9, 150, 2]]}, "matrix[0][0]"),
        ({"matrix": [[8, 120, 3], [6, [80, 80, "x"], 4], [9, 150, 2]]}, "matrix[1][1][2]"),
        ({"matrix": [[8, 120, 3], [6, 80, {"low": 1}], [9, 150, 2]]}, "matrix[1][2]"),
        ({"matrix": [[8, 120, 3], [6, 80, 4], [9, 150]]}, "matrix[2]"),
        ({"matrix": [[8, [-1, 120, 130], 3], [6, 80, 4], [9, 150, 2]]}, "matrix[0][1]"),
        ({"method": {"name": "topsis"}}, "matrix"),
        ({"robustness": {"value_distribution": "beta"}}, "robustness.value_distribution"),
    ],
)
def test_bad_interval_input_names_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ProblemError) as err:
        solve(_problem(**change))
    assert err.value.field == field
    assert "Traceback" not in err.value.message


def test_schema_accepts_interval_cells() -> None:
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    schema = json.loads((REPO / "schemas" / "problem.schema.json").read_text("utf-8"))
    v = jsonschema_rs.validator_for(schema)
    v.validate(_problem(robustness={"value_distribution": "uniform"}))
    assert not v.is_valid(_problem(matrix=[[[6, 8], 120, 3], [6, 80, 4], [9, 150, 2]]))
    assert not v.is_valid(_problem(robustness={"value_distribution": "beta"}))


def test_without_the_confidence_pass_the_rest_is_unchanged() -> None:
    """The advisor skips confidence factors; acceptabilities and the doubt split stay the same."""
    rng = np.random.default_rng(3)
    mode = rng.uniform(1, 5, (4, 3))
    cube = np.stack([mode - 0.5, mode, mode + 0.5], axis=-1)
    weights = [0.5, 0.3, 0.2]
    full = smaa_imprecise(cube, ["max"] * 3, weights=weights, samples=500, seed=11)
    quick = smaa_imprecise(
        cube, ["max"] * 3, weights=weights, samples=500, seed=11, confidence=False
    )
    assert np.array_equal(full.rank_acceptability, quick.rank_acceptability)
    assert full.doubt == quick.doubt
    assert np.isnan(quick.confidence_factors).all()
    assert not np.isnan(full.confidence_factors).all()
