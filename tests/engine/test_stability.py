"""Weight stability: the closed form for linear scorers against the grid + bisection path,
and the alternative that leads beyond each bound (klimaorg.engine.robustness)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from klimaorg.engine import (
    AhpSynthesis,
    LinearScorer,
    Promethee2,
    StabilityResult,
    Topsis,
    Wsm,
    make_scorer,
    weight_stability,
)
from klimaorg.engine.aggregation import MethodSpec, as_benefit

ANALYTIC = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.6]])
LINEAR: list[MethodSpec] = [Wsm("none"), Wsm("max"), Wsm("minmax"), Promethee2()]


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, list[str], np.ndarray, MethodSpec]:
    m = draw(st.integers(2, 6))
    n = draw(st.integers(1, 6))
    matrix = draw(arrays(np.float64, (m, n), elements=st.floats(1.0, 10.0)))
    weight = st.sampled_from([0.0, 0.05]) | st.floats(0.05, 1.0)
    weights = draw(arrays(np.float64, (n,), elements=weight))
    if weights.sum() == 0:
        weights[0] = 1.0
    dirs = draw(st.lists(st.sampled_from(["max", "min"]), min_size=n, max_size=n))
    return matrix, dirs, weights, draw(st.sampled_from(LINEAR))


def _scores_at(u: np.ndarray, st_: StabilityResult, j: int, t: float) -> np.ndarray:
    w = st_.weights
    rest = np.delete(w, j)
    rest = rest / rest.sum() if rest.sum() > 0 else np.full(w.size - 1, 1.0 / (w.size - 1))
    return np.asarray(u @ np.insert(rest * (1.0 - t), j, t))


def _same_leader(u: np.ndarray, st_: StabilityResult, j: int, bound: float, a: int, b: int) -> bool:
    """Equal leaders, or two alternatives that cross the winner at the same point (then which
    of them is ahead 1e-17 beyond the bound is decided by rounding in the grid path)."""
    if a == b:
        return True
    s = _scores_at(u, st_, j, bound)
    return bool(abs(s[a] - s[b]) <= 1e-9 * max(1.0, float(np.abs(s).max())))


@settings(max_examples=150, deadline=None)
@given(problems())
def test_closed_form_matches_grid_and_bisection(
    case: tuple[np.ndarray, list[str], np.ndarray, MethodSpec],
) -> None:
    """For WSM and PROMETHEE II (linear in the weights) both paths give the same intervals,
    leaders and swaps: bounds and shifts within 1e-9, the same pairs and flags."""
    matrix, dirs, weights, method = case
    exact = weight_stability(matrix, dirs, weights, method=method)
    grid = weight_stability(matrix, dirs, weights, method=method, closed_form=False)
    assert (exact.solver, grid.solver) == ("closed-form", "grid+bisection")
    assert (exact.winner, exact.runner_up) == (grid.winner, grid.runner_up)
    np.testing.assert_allclose(exact.lower, grid.lower, rtol=0, atol=1e-9)
    np.testing.assert_allclose(exact.upper, grid.upper, rtol=0, atol=1e-9)
    u = make_scorer(method, matrix, as_benefit(dirs)).batch(np.eye(weights.size))
    for j in range(weights.size):
        for bound, a, b in (
            (exact.upper[j], exact.upper_leader[j], grid.upper_leader[j]),
            (exact.lower[j], exact.lower_leader[j], grid.lower_leader[j]),
        ):
            assert (a == -1) == (b == -1) == (bound in (0.0, 1.0))
            assert _same_leader(u, exact, j, bound, int(a), int(b)), (j, bound, a, b)
    pairs = {(s.increase, s.decrease): s for s in grid.swaps}
    assert sorted(pairs) == sorted((s.increase, s.decrease) for s in exact.swaps)
    for s in exact.swaps:
        ref = pairs[(s.increase, s.decrease)]
        assert s.shift == pytest.approx(ref.shift, abs=1e-9)
        np.testing.assert_allclose(s.weights, ref.weights, rtol=0, atol=1e-9)
        assert s.runner_up_first == ref.runner_up_first
    assert [s.shift for s in exact.swaps] == sorted(s.shift for s in exact.swaps)


def test_leaders_beyond_the_bounds() -> None:
    """w = (.7, .3): below w1 = .6 (above w2 = .4) A3 leads; the other bounds are 0 and 1."""
    st_ = weight_stability(ANALYTIC, ["max", "max"], [0.7, 0.3], method=Wsm("none"))
    np.testing.assert_array_equal(st_.lower_leader, [2, -1])
    np.testing.assert_array_equal(st_.upper_leader, [-1, 2])
    d = st_.to_dict(["A1", "A2", "A3"], ["c1", "c2"])
    c1, c2 = d["criteria"]
    assert (c1["lower_leader"], c1["lower_leader_id"]) == (2, "A3")
    assert (c1["upper_leader"], c1["upper_leader_id"]) == (-1, None)
    assert (c2["upper_leader"], c2["upper_leader_id"]) == (2, "A3")
    assert d["solver"] == "closed-form"
    plain = st_.to_dict()["criteria"][0]
    assert "lower_leader_id" not in plain and plain["lower_leader"] == 2


def test_steepest_of_simultaneous_crossings_leads() -> None:
    """A2 and A3 both catch A1 at w1 = .5 from below; A2 rises faster as w1 falls, so it is
    first just below the bound."""
    x = np.array([[1.0, 0.0], [0.0, 1.0], [0.25, 0.75]])  # at w1 = .5 all score .5
    st_ = weight_stability(x, ["max", "max"], [0.8, 0.2], method=Wsm("none"))
    assert st_.lower[0] == pytest.approx(0.5, abs=1e-9)
    assert st_.lower_leader[0] == 1
    grid = weight_stability(x, ["max", "max"], [0.8, 0.2], method=Wsm("none"), closed_form=False)
    assert grid.lower[0] == pytest.approx(st_.lower[0], abs=1e-9)


def test_bounds_keep_the_winner_under_the_tie_rule() -> None:
    """At every reported bound the winner still has competition rank 1; the runner-up has
    caught up (within the tie tolerance) at every reported shift."""
    rng = np.random.default_rng(11)
    for _ in range(30):
        x = rng.uniform(0, 50, (6, 8))  # scores above 1: the tolerance scales with them
        w = rng.uniform(0.05, 1, 8)
        st_ = weight_stability(x, ["max"] * 8, w, method=Wsm("none"))
        for j in range(8):
            for t in (st_.lower[j], st_.upper[j]):
                s = _scores_at(x, st_, j, float(t))
                assert not np.any(s > s[st_.winner] + 1e-9 * max(1.0, np.abs(s).max()))
        for sw in st_.swaps:
            s = x @ sw.weights
            assert not s[st_.winner] > s[st_.runner_up] + 1e-9 * max(1.0, np.abs(s).max())


def test_any_linear_scorer_gets_the_closed_form() -> None:
    """A linear scorer that is not a LinearScorer (here AHP through a wrapper) is recognised
    through its ``linear`` flag; TOPSIS stays numeric."""

    class Wrapped:
        def __init__(self, values: np.ndarray) -> None:
            self.inner = LinearScorer(values)

        @property
        def linear(self) -> bool:
            return True

        def batch(self, weights: np.ndarray) -> np.ndarray:
            return self.inner.batch(weights)

    local = np.array([[0.5, 0.2, 0.3], [0.3, 0.5, 0.2], [0.2, 0.3, 0.5]])
    spec = AhpSynthesis("ideal")
    direct = weight_stability(local, ["max"] * 3, [0.5, 0.3, 0.2], method=spec)
    u = make_scorer(spec, local, as_benefit(["max"] * 3))
    assert isinstance(u, LinearScorer)
    wrapped = weight_stability(local, ["max"] * 3, [0.5, 0.3, 0.2], scorer=Wrapped(u.values))
    assert wrapped.solver == direct.solver == "closed-form"
    np.testing.assert_allclose(wrapped.upper, direct.upper, atol=1e-15)
    topsis = weight_stability(local, ["max"] * 3, [0.5, 0.3, 0.2], method=Topsis())
    assert topsis.solver == "grid+bisection"
