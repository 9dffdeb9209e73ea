"""Robustness of a ranking to the weights: SMAA-2 and one-way weight stability.

**SMAA-2** (Lahdelma & Salminen 2001, Operations Research 49(3):444-454): draw weight vectors
from a distribution on the simplex, rank the alternatives for each, and report

* rank acceptability ``b[i][r]`` - share of weight vectors that put alternative i on rank r+1;
* central weights - mean weight vector among those that make i first (its "typical supporter");
* confidence factors - share of performance outcomes that make i first at its central weights.
  The performance matrix here is exact, so this is 1 if i wins at its central weights, else 0;
* holistic acceptability ``a_i = sum_r alpha_r b[i][r]`` with linear meta-weights
  ``alpha_r = (m - r) / (m - 1)`` (Lahdelma & Salminen 2001, sect. 3).

Weight distributions (seeded with ``numpy.random.default_rng(seed)``):

* ``uniform``: uniform on the simplex = Dirichlet(1, ..., 1), drawn as normalised standard
  exponentials (Rubinstein & Kroese 2016, *Simulation and the Monte Carlo Method*, 3rd ed., ch. 2)
  ``-ln U`` with U on the 24-bit grid ``{1, ..., 2^24} / 2^24`` (:func:`_exponentials`);
* ``around``: Dirichlet(kappa * w) centred on the given weights w; mean w, variance
  ``w_j (1 - w_j) / (kappa + 1)``; criteria with weight 0 stay 0 (:func:`_dirichlet`);
* ``order``: a rank order of the criteria - each uniform sample is sorted descending and its
  components assigned in that order, which is uniform on the ordered region of the simplex;
* ``intervals``: per-criterion bounds ``[lo, hi]``. Without an order the lower bounds are met
  exactly by ``w = lo + (1 - sum lo) u`` with u uniform (uniform on ``{w >= lo}``) and upper
  bounds by rejection; with an order or ``around`` both bounds are enforced by rejection.

Ties inside one sample follow :mod:`klimaorg.engine.ranking` (competition ranking, tolerance of
the sample's normalised weights), so a row of ``rank_acceptability`` always sums to 1. Weights
are drawn in blocks of ``SAMPLE_BLOCK`` samples (fewer for the last) whose sizes depend only on
the sample count, and scored in chunks of at most ``chunk`` of them: memory stays
``O(SAMPLE_BLOCK * n + chunk * m^2)`` however many samples are asked for, and results do not
depend on ``chunk``.

**One-way stability**: for criterion j its weight moves to t while the others are rescaled
proportionally, ``w(t) = t e_j + (1 - t) w_-j / (1 - w_j)`` (as in Expert Choice / Triantaphyllou
2000, ch. 8 sensitivity). The interval of t keeping the current winner first is reported, with
the alternative that leads just beyond each end.
**Swap**: for every ordered pair (j, k) weight delta moves from k to j; the smallest delta at
which the runner-up reaches the winner's score is reported with its pair. For scorers linear in
the weights both are closed-form (intersections of lines), otherwise grid + bisection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from klimaorg.engine.aggregation import (
    BoolArray,
    FloatArray,
    LinearScorer,
    MethodSpec,
    Scorer,
    Wsm,
    as_benefit,
    make_scorer,
)
from klimaorg.engine.errors import LimitError, ProblemError
from klimaorg.engine.limits import DEFAULT_MAX_SAMPLES
from klimaorg.engine.ranking import TIE_RTOL, rank_scores

DISTRIBUTIONS: Final = ("uniform", "around")
DEFAULT_CONCENTRATION: Final = 100.0
DEFAULT_CHUNK: Final = 8_192
SAMPLE_BLOCK: Final = 4_096  # weights are drawn in blocks of this size (fewer for the last)
MIN_ACCEPTANCE: Final = 1e-4

IntArray = NDArray[np.int64]
EPS: Final = float(np.finfo(np.float64).eps)


def acceptability_dict(
    rank_acceptability: FloatArray,
    central_weights: FloatArray,
    confidence_factors: FloatArray,
    holistic_acceptability: FloatArray,
) -> dict[str, Any]:
    """The SMAA-2 descriptive measures as plain data, shared by the weight-only and the
    interval-value SMAA; NaN (no central weights: never first) becomes ``None``."""
    return {
        "rank_acceptability": rank_acceptability.tolist(),
        "central_weights": [None if np.isnan(row[0]) else row.tolist() for row in central_weights],
        "confidence_factors": [None if np.isnan(c) else float(c) for c in confidence_factors],
        "holistic_acceptability": holistic_acceptability.tolist(),
        "holistic_meta_weights": "linear",
    }


@dataclass(frozen=True, slots=True)
class SmaaResult:
    """Outcome of :func:`smaa`; arrays use rows = alternatives."""

    rank_acceptability: FloatArray  # m x m, column r = rank r+1
    central_weights: FloatArray  # m x n, NaN where an alternative never wins
    confidence_factors: FloatArray  # m, NaN where an alternative never wins
    holistic_acceptability: FloatArray  # m
    samples: int
    seed: int | None
    distribution: str
    concentration: float | None
    order: tuple[tuple[int, ...], ...] | None
    intervals: FloatArray | None
    chunk: int
    drawn: int  # samples drawn including rejected ones

    def to_dict(self) -> dict[str, Any]:
        """Plain dict; NaN (no central weights) becomes ``None``."""
        return {
            **acceptability_dict(
                self.rank_acceptability,
                self.central_weights,
                self.confidence_factors,
                self.holistic_acceptability,
            ),
            "samples": self.samples,
            "seed": self.seed,
            "distribution": self.distribution,
            "concentration": self.concentration,
            "order": None if self.order is None else [list(g) for g in self.order],
            "intervals": None if self.intervals is None else self.intervals.tolist(),
            "chunk": self.chunk,
            "drawn": self.drawn,
            "tie_rule": "competition",
        }


# ---------------------------------------------------------------------------- sampling


def _exponentials(
    rng: np.random.Generator, k: int, n: int, buffers: _Buffers | None = None
) -> FloatArray:
    """k x n standard exponentials ``-ln(U)``, U uniform on ``{1, ..., 2^24} / 2^24``.

    Each U takes 24 bits of the generator's raw 64-bit output (two per output; the top bits
    of each 32-bit half), is formed exactly in float32, and its logarithm is taken in float32:
    about 40 % less time than float64 exponentials. The result is float64 so that scores keep
    full precision. The grid caps an exponential at 24 ln 2 = 16.6 (probability of more:
    6e-8), far below what the Monte-Carlo error of any allowed sample size could show. With
    ``buffers`` the result lives in them (valid until the next call)."""
    if buffers is None or k > buffers.rows:
        buffers = _Buffers(k, n)
    size = k * n
    bits = rng.bit_generator.random_raw((size + 1) // 2).view(np.uint32)[:size]
    np.right_shift(bits, 8, out=bits)
    u = buffers.uniform[:k]
    np.add(bits.reshape(k, n), 1, out=u, casting="unsafe")  # 1 .. 2^24, exact in float32
    np.multiply(u, _TWO_TO_MINUS_24, out=u)
    np.log(u, out=u)
    return np.negative(u, out=buffers.weights[:k])


_TWO_TO_MINUS_24: Final = np.float32(2.0**-24)


class _Buffers:
    """Preallocated sampling arrays reused across blocks (fresh pages cost more than the
    arithmetic on them)."""

    __slots__ = ("rows", "uniform", "weights")

    def __init__(self, rows: int, n: int) -> None:
        self.rows = rows
        self.uniform = np.empty((rows, n), dtype=np.float32)
        self.weights = np.empty((rows, n))


def _dirichlet(rng: np.random.Generator, alpha: FloatArray, k: int) -> FloatArray:
    """k samples of Dirichlet(alpha), all alpha > 0, as rows summing to 1 (k x n).

    Normalised Gamma(alpha_j) variates, drawn criterion by criterion with numpy's
    ``standard_gamma`` in float32 (Marsaglia & Tsang 2000): one scalar shape per call is
    markedly faster than a broadcast shape vector. Column j of the block comes from one
    contiguous stretch of the stream, so a block's samples depend on its size - callers draw
    blocks whose sizes do not depend on ``chunk``."""
    n = alpha.size
    g = np.empty((n, k), dtype=np.float32)
    for j in range(n):
        rng.standard_gamma(float(alpha[j]), out=g[j], dtype=np.float32)
    w = g.astype(np.float64)
    w /= np.ones(n) @ w
    return w.T


@dataclass(frozen=True, slots=True)
class _Sampler:
    n: int
    distribution: str
    alpha: FloatArray | None  # Dirichlet parameters for "around" (0 = fixed at 0)
    order: tuple[tuple[int, ...], ...] | None
    lower: FloatArray | None
    upper: FloatArray | None

    @property
    def needs_normalised(self) -> bool:
        return self.lower is not None or self.distribution == "around"

    def draw(
        self, rng: np.random.Generator, k: int, buffers: _Buffers | None = None
    ) -> tuple[FloatArray, FloatArray | None]:
        """k weight vectors (k x n) and, if they are not normalised, their row sums."""
        sums = None
        if self.distribution == "around":
            assert self.alpha is not None
            live = self.alpha > 0
            if live.all():
                w = _dirichlet(rng, self.alpha, k)
            else:
                w = np.zeros((k, self.n))
                w[:, live] = _dirichlet(rng, self.alpha[live], k)
        else:
            w = _exponentials(rng, k, self.n, buffers)
            sums = w @ np.ones(self.n)  # a matrix-vector product sums rows faster than .sum
            if self.needs_normalised:
                w /= sums[:, None]
                sums = None
                if self.lower is not None and self.order is None:
                    w = self.lower + (1.0 - self.lower.sum()) * w
        if self.order is not None:
            w = _apply_order(w, self.order)
        if self.lower is not None and self.upper is not None:
            ok = np.all(w <= self.upper + 1e-12, axis=1) & np.all(w >= self.lower - 1e-12, axis=1)
            w = w[ok]
        return w, sums


def _apply_order(w: FloatArray, order: tuple[tuple[int, ...], ...]) -> FloatArray:
    """Sort each row descending and hand the largest components to the first group.

    Criteria in one group share the mean of their components (ties in the order)."""
    s = -np.sort(-w, axis=1)
    out = np.empty_like(w)
    start = 0
    for group in order:
        block = s[:, start : start + len(group)]
        if len(group) == 1:
            out[:, group[0]] = block[:, 0]
        else:
            out[:, list(group)] = block.mean(axis=1, keepdims=True)
        start += len(group)
    return out


def _check_order(order: Sequence[Sequence[int]], n: int) -> tuple[tuple[int, ...], ...]:
    groups = tuple(tuple(int(j) for j in g) for g in order)
    if sorted(j for g in groups for j in g) != list(range(n)):
        raise ProblemError("robustness.order", "muss jedes Kriterium genau einmal nennen")
    return groups


def _check_intervals(intervals: FloatArray, n: int) -> tuple[FloatArray, FloatArray]:
    iv = np.asarray(intervals, dtype=np.float64)
    if iv.shape != (n, 2):
        raise ProblemError("robustness.intervals", f"erwartet {n} Paare [untere, obere Grenze]")
    lo, hi = iv[:, 0], iv[:, 1]
    for j in range(n):
        if not (np.isfinite(lo[j]) and np.isfinite(hi[j]) and 0 <= lo[j] <= hi[j] <= 1):
            raise ProblemError(f"robustness.intervals[{j}]", "braucht 0 <= untere <= obere <= 1")
    if lo.sum() > 1 + 1e-12 or hi.sum() < 1 - 1e-12:
        raise ProblemError(
            "robustness.intervals",
            "keine Gewichte möglich: Summe der unteren > 1 oder der oberen < 1",
        )
    return lo, hi


def make_sampler(
    n: int,
    distribution: str,
    weights: FloatArray | Sequence[float] | None,
    concentration: float,
    order: Sequence[Sequence[int]] | None,
    intervals: FloatArray | Sequence[Sequence[float]] | None,
) -> _Sampler:
    """The validated weight sampler of one SMAA run (shared by :func:`smaa` and
    :func:`klimaorg.engine.imprecise.smaa_imprecise`, so both draw the same weights)."""
    if distribution not in DISTRIBUTIONS:
        raise ProblemError(
            "robustness.distribution",
            f"unbekannte Verteilung {distribution!r} (erlaubt: {', '.join(DISTRIBUTIONS)})",
        )
    alpha = None
    if distribution == "around":
        if weights is None:
            raise ProblemError("robustness.distribution", "'around' braucht Gewichte")
        if not concentration > 0 or not np.isfinite(concentration):
            raise ProblemError("robustness.concentration", "muss eine positive Zahl sein")
        w0 = np.asarray(weights, dtype=np.float64)
        alpha = concentration * w0 / w0.sum()
    groups = None if order is None else _check_order(order, n)
    lo = hi = None
    if intervals is not None:
        lo, hi = _check_intervals(np.asarray(intervals, dtype=np.float64), n)
    return _Sampler(n, distribution, alpha, groups, lo, hi)


def check_samples(samples: object, cap: int | None = None) -> int:
    """A positive sample count within the cap (:data:`DEFAULT_MAX_SAMPLES` unless given)."""
    limit = DEFAULT_MAX_SAMPLES if cap is None else cap
    if isinstance(samples, bool) or not isinstance(samples, int | float):
        raise ProblemError("robustness.samples", "muss eine ganze Zahl sein")
    if isinstance(samples, float) and not samples.is_integer():
        raise ProblemError("robustness.samples", "muss eine ganze Zahl sein")
    k = int(samples)
    if k < 1:
        raise ProblemError("robustness.samples", "muss mindestens 1 sein")
    if k > limit:
        raise LimitError("robustness.samples", "samples", k, limit)
    return k


# ---------------------------------------------------------------------------- SMAA


_BROADCAST_BYTES: Final = 1 << 21  # m * m * chunk booleans above this: one row at a time


class _Work:
    """Per-chunk arrays of the rank count, reused while chunks have full size."""

    __slots__ = ("better", "first", "k", "levels", "rank", "scores", "share")

    def __init__(self, m: int, k: int) -> None:
        self.k = k
        self.scores = np.empty((m, k))
        self.share = np.empty((m, k))
        self.better = np.empty((m, m, k), dtype=np.bool_) if _broadcast(m, k) else None
        self.rank = np.empty((m, k), dtype=np.uint8)
        self.first = np.empty((m, k), dtype=np.bool_)
        self.levels = np.arange(m, dtype=np.uint8)[:, None, None]


def _broadcast(m: int, k: int) -> bool:
    return m * m * k <= _BROADCAST_BYTES and m < 256


def _rank_counts(
    scores: FloatArray, tol: FloatArray, work: _Work | None = None
) -> tuple[IntArray, NDArray[np.bool_]]:
    """Rank histogram (m x m) and first-place mask (m x k) for scores (m x k).

    The rank of i in a sample is the number of alternatives better by more than that sample's
    tie tolerance ``tol`` (competition ranking). For small m all m x m comparisons of a chunk
    are one broadcast into booleans, the ranks their sum, and the histogram the bit count of
    one-hot rank planes; for large m (the m x m x k booleans would be big) row by row."""
    m, k = scores.shape
    bar = scores + tol
    if _broadcast(m, k):
        if work is None or work.k != k or work.better is None:
            work = _Work(m, k)
        assert work.better is not None
        better = np.greater(scores[None, :, :], bar[:, None, :], out=work.better)  # j beats i
        rank = np.sum(better, axis=1, dtype=np.uint8, out=work.rank)
        planes = rank[None, :, :] == work.levels
        packed = np.packbits(planes, axis=2)
        if packed.shape[2] % 8 == 0:
            bits = np.bitwise_count(packed.view(np.uint64)).sum(axis=2)
        else:
            bits = np.bitwise_count(packed).sum(axis=2)
        return np.asarray(bits.T, dtype=np.int64), planes[0]
    counts = np.empty((m, m), dtype=np.int64)
    first = np.empty((m, k), dtype=np.bool_)
    for i in range(m):
        r = np.count_nonzero(scores > bar[i], axis=0)
        counts[i] = np.bincount(r, minlength=m)[:m]
        np.equal(r, 0, out=first[i])
    return counts, first


def _tie_tolerance(scores: FloatArray, sums: FloatArray | None, linear: bool) -> FloatArray:
    """Per-sample tie tolerance as :func:`rank_scores` has it for the *normalised* weights.

    Unnormalised samples (uniform draws) scale the scores of a linear method by the row sum
    sigma, so its tolerance ``TIE_RTOL max(1, max|s| / sigma)`` becomes
    ``TIE_RTOL max(sigma, max|s|)`` on the raw scores; TOPSIS closeness does not scale."""
    top = np.abs(scores).max(axis=0)
    floor = sums if sums is not None and linear else 1.0
    return np.asarray(TIE_RTOL * np.maximum(top, floor), dtype=np.float64)


def smaa(
    matrix: FloatArray | Sequence[Sequence[float]],
    directions: Sequence[str] | BoolArray,
    *,
    weights: FloatArray | Sequence[float] | None = None,
    method: MethodSpec | None = None,
    distribution: str = "uniform",
    concentration: float = DEFAULT_CONCENTRATION,
    intervals: FloatArray | Sequence[Sequence[float]] | None = None,
    order: Sequence[Sequence[int]] | None = None,
    samples: int = 10_000,
    seed: int | None = 0,
    chunk: int = DEFAULT_CHUNK,
    max_samples: int | None = None,
    scorer: Scorer | None = None,
) -> SmaaResult:
    """SMAA-2 rank acceptabilities, central weights and confidence factors.

    ``matrix`` rows are alternatives; ``method`` defaults to ``Wsm("max")`` (pass a ready
    ``scorer`` instead for a matrix that is already a table of values, e.g. AHP priorities).
    ``weights`` are needed for ``distribution="around"``. ``order`` lists groups of criterion
    indices, most important first. ``samples`` is capped by ``max_samples`` (default:
    :data:`~klimaorg.engine.limits.DEFAULT_MAX_SAMPLES`; the interfaces pass the operator's).
    """
    x = np.asarray(matrix, dtype=np.float64)
    benefit = as_benefit(directions)
    m, n = x.shape
    k_total = check_samples(samples, max_samples)
    if chunk < 1:
        raise ProblemError("robustness.chunk", "muss mindestens 1 sein")
    sampler = make_sampler(n, distribution, weights, concentration, order, intervals)
    groups, lo, hi = sampler.order, sampler.lower, sampler.upper
    sc = scorer if scorer is not None else make_scorer(method or Wsm(), x, benefit)

    rng = np.random.default_rng(seed)
    counts = np.zeros((m, m), dtype=np.int64)
    central = np.zeros((m, n))
    linear = sc.linear
    values = sc.values if isinstance(sc, LinearScorer) else None
    buffers = _Buffers(min(SAMPLE_BLOCK, k_total), n)
    work = _Work(m, min(chunk, SAMPLE_BLOCK, k_total))
    done = drawn = 0
    while done < k_total:
        block = SAMPLE_BLOCK if lo is not None else min(SAMPLE_BLOCK, k_total - done)
        w, sums = sampler.draw(rng, block, buffers)
        drawn += block
        keep = min(w.shape[0], k_total - done)
        for start in range(0, keep, chunk):
            part = slice(start, min(start + chunk, keep))
            wp, sp = w[part], None if sums is None else sums[part]
            full = wp.shape[0] == work.k
            if values is not None and full:
                scores = np.matmul(values, wp.T, out=work.scores)
            else:
                scores = sc.batch(wp)
            c, first = _rank_counts(scores, _tie_tolerance(scores, sp, linear), work)
            counts += c
            if sp is None:
                share = first.astype(np.float64)
            else:
                share = np.divide(first, sp, out=work.share) if full else first / sp
            central += share @ wp
        done += keep
        if lo is not None and drawn >= 10 * SAMPLE_BLOCK and done < MIN_ACCEPTANCE * drawn:
            raise ProblemError(
                "robustness.intervals", "die Intervalle lassen fast keine Gewichte zu"
            )
    acc = counts / k_total
    wins = counts[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        cw = central / wins[:, None]
    cw[wins == 0] = np.nan
    conf = np.full(m, np.nan)
    for i in np.flatnonzero(wins):
        conf[i] = 1.0 if rank_scores(sc.batch(cw[i][None, :])[:, 0])[i] == 1 else 0.0
    meta = (m - 1 - np.arange(m)) / (m - 1)
    return SmaaResult(
        rank_acceptability=acc,
        central_weights=cw,
        confidence_factors=conf,
        holistic_acceptability=acc @ meta,
        samples=k_total,
        seed=seed,
        distribution=distribution,
        concentration=concentration if distribution == "around" else None,
        order=groups,
        intervals=None if lo is None or hi is None else np.stack([lo, hi], axis=1),
        chunk=chunk,
        drawn=drawn if lo is not None else k_total,
    )


# ---------------------------------------------------------------------------- stability


@dataclass(frozen=True, slots=True)
class WeightSwap:
    """Smallest shift of weight from criterion ``decrease`` to ``increase`` that lets the
    runner-up reach the winner's score."""

    increase: int
    decrease: int
    shift: float
    weights: FloatArray
    runner_up_first: bool  # True if the runner-up is then (at least shared) first overall

    def to_dict(self, criteria: Sequence[str] | None = None) -> dict[str, Any]:
        """Plain dict; with ``criteria`` the ids are added."""
        out: dict[str, Any] = {
            "increase": self.increase,
            "decrease": self.decrease,
            "shift": self.shift,
            "weights": self.weights.tolist(),
            "runner_up_first": self.runner_up_first,
        }
        if criteria is not None:
            out["increase_id"] = criteria[self.increase]
            out["decrease_id"] = criteria[self.decrease]
        return out


@dataclass(frozen=True, slots=True)
class StabilityResult:
    """Outcome of :func:`weight_stability`."""

    winner: int
    runner_up: int
    weights: FloatArray
    lower: FloatArray  # per criterion: smallest weight keeping the winner first
    upper: FloatArray  # per criterion: largest weight keeping the winner first
    swap: WeightSwap | None  # None if no shift between two criteria lets the runner-up catch up
    swaps: tuple[WeightSwap, ...]  # every feasible pair, smallest shift first
    upper_leader: IntArray  # per criterion: first alternative just above ``upper``, -1 if none
    lower_leader: IntArray  # per criterion: first alternative just below ``lower``, -1 if none
    solver: str = "closed-form"  # or "grid+bisection" (non-linear scorers)

    def to_dict(
        self, alternatives: Sequence[str] | None = None, criteria: Sequence[str] | None = None
    ) -> dict[str, Any]:
        """Plain dict; ids are added where names are given (``None`` for a missing leader)."""
        lower, upper = self.lower.tolist(), self.upper.tolist()
        up_lead, lo_lead = self.upper_leader.tolist(), self.lower_leader.tolist()
        crit = []
        for j, weight in enumerate(self.weights.tolist()):
            entry: dict[str, Any] = {
                "criterion": j,
                "weight": weight,
                "lower": lower[j],
                "upper": upper[j],
                "upper_leader": up_lead[j],
                "lower_leader": lo_lead[j],
            }
            if criteria is not None:
                entry["id"] = criteria[j]
            if alternatives is not None:
                entry["upper_leader_id"] = alternatives[up_lead[j]] if up_lead[j] >= 0 else None
                entry["lower_leader_id"] = alternatives[lo_lead[j]] if lo_lead[j] >= 0 else None
            crit.append(entry)
        out: dict[str, Any] = {
            "winner": self.winner,
            "runner_up": self.runner_up,
            "criteria": crit,
            "swap": None if self.swap is None else self.swap.to_dict(criteria),
            "swaps": [s.to_dict(criteria) for s in self.swaps[:10]],
            "rescaling": "proportional",
            "solver": self.solver,
        }
        if alternatives is not None:
            out["winner_id"] = alternatives[self.winner]
            out["runner_up_id"] = alternatives[self.runner_up]
        return out


def _one_way(w: FloatArray, j: int, t: FloatArray) -> FloatArray:
    """Weight vectors with w_j = t and the others rescaled proportionally (k x n)."""
    n = w.size
    rest = np.delete(w, j)
    base = rest / rest.sum() if rest.sum() > 0 else np.full(n - 1, 1.0 / (n - 1))
    out = np.empty((t.size, n))
    out[:, j] = t
    out[:, np.arange(n) != j] = (1.0 - t)[:, None] * base
    return out


def _tolerance(s: FloatArray) -> FloatArray:
    """Tie tolerance of every column of scores (m x k), exactly as :func:`rank_scores` has it."""
    return np.asarray(TIE_RTOL * np.maximum(1.0, np.abs(s).max(axis=0)), dtype=np.float64)


def _first(s: FloatArray) -> IntArray:
    """Index of the best alternative in every column (highest score, lowest index on ties)."""
    return np.asarray(np.argmax(s, axis=0), dtype=np.int64)


def _keeps(scorer: Scorer, weights: FloatArray, winner: int) -> NDArray[np.bool_]:
    s = scorer.batch(weights)
    return np.asarray(~np.any(s > s[winner] + _tolerance(s), axis=0))


def _bisect(
    pred: Any, good: FloatArray, bad: FloatArray, steps: int = 48
) -> tuple[FloatArray, FloatArray]:
    """Vectorised bisection between points where ``pred`` holds (good) and fails (bad)."""
    for _ in range(steps):
        mid = 0.5 * (good + bad)
        ok = pred(mid)
        good = np.where(ok, mid, good)
        bad = np.where(ok, bad, mid)
    return good, bad


def weight_stability(
    matrix: FloatArray | Sequence[Sequence[float]],
    directions: Sequence[str] | BoolArray,
    weights: FloatArray | Sequence[float],
    *,
    method: MethodSpec | None = None,
    scorer: Scorer | None = None,
    grid: int = 201,
    closed_form: bool = True,
) -> StabilityResult:
    """Weight intervals keeping the winner first, and the smallest winner/runner-up swap.

    For scorers linear in the weights (WSM, PROMETHEE II, AHP) the answers are closed-form:
    every score is affine in the one-way weight t and in the shifted amount delta, so bounds
    are intersections of lines (see :func:`_intervals_linear`, :func:`_swaps_linear`). Other
    scorers (TOPSIS) go through their batch scorer: a grid of ``grid`` points locates the
    boundaries, bisection refines them to about 1e-12. ``closed_form=False`` forces the grid
    for linear scorers too (used to cross-check both). A bound always keeps the winner first
    under the tie rule of :mod:`klimaorg.engine.ranking`, evaluated at that weight vector.
    """
    x = np.asarray(matrix, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    benefit = as_benefit(directions)
    sc = scorer if scorer is not None else make_scorer(method or Wsm(), x, benefit)
    values = _linear_values(sc, w.size) if closed_form else None
    s0 = sc.batch(w[None, :])[:, 0]
    order = np.lexsort((np.arange(s0.size), -s0))
    winner, runner = int(order[0]), int(order[1])
    if values is not None:
        lower, upper, lo_lead, up_lead = _intervals_linear(values, w, winner)
        swaps = _swaps_linear(values, w, s0, winner, runner)
        solver = "closed-form"
    else:
        lower, upper, lo_lead, up_lead = _intervals(sc, w, winner, grid)
        swaps = _swaps(sc, w, winner, runner, grid)
        solver = "grid+bisection"
    return StabilityResult(
        winner, runner, w, lower, upper, swaps[0] if swaps else None, swaps, up_lead, lo_lead,
        solver,
    )  # fmt: skip


def _linear_values(sc: Scorer, n: int) -> FloatArray | None:
    """U with scores ``U @ w`` if the scorer is linear, else None."""
    if isinstance(sc, LinearScorer):
        return np.asarray(sc.values, dtype=np.float64)
    if sc.linear:
        return np.asarray(sc.batch(np.eye(n)), dtype=np.float64)
    return None


def _intervals(
    sc: Scorer, w: FloatArray, winner: int, grid: int
) -> tuple[FloatArray, FloatArray, IntArray, IntArray]:
    """One-way intervals by grid and bisection; leaders are first at the bisection's bad end."""
    n = w.size
    lower, upper = w.copy(), w.copy()
    lo_lead = np.full(n, -1, dtype=np.int64)
    up_lead = np.full(n, -1, dtype=np.int64)
    if n == 1:
        return lower, upper, lo_lead, up_lead
    t = np.linspace(0.0, 1.0, grid)
    for j in range(n):
        ok = _keeps(sc, _one_way(w, j, t), winner)
        below, above = t < w[j], t > w[j]
        bad_lo = np.flatnonzero(below & ~ok)
        bad_hi = np.flatnonzero(above & ~ok)

        def pred(v: FloatArray, j: int = j) -> NDArray[np.bool_]:
            return _keeps(sc, _one_way(w, j, v), winner)

        for bad, bound, lead in ((bad_lo, lower, lo_lead), (bad_hi, upper, up_lead)):
            if bad.size:
                edge = t[bad[-1]] if bound is lower else t[bad[0]]
                good, out = _bisect(pred, np.array([w[j]]), np.array([edge]))
                bound[j] = good[0]
                lead[j] = _first(sc.batch(_one_way(w, j, out)))[0]
            else:
                bound[j] = 0.0 if bound is lower else 1.0
    return lower, upper, lo_lead, up_lead


def _intervals_linear(
    u: FloatArray, w: FloatArray, winner: int
) -> tuple[FloatArray, FloatArray, IntArray, IntArray]:
    """One-way intervals for scores ``u @ w``, all criteria and alternatives at once.

    With w(t) = t e_j + (1 - t) b_j (b_j: the other weights rescaled to sum 1) the scores are
    ``s(t) = A_j + t B_j``, so the winner's lead over i is ``a + t b``. It breaks where
    ``a + t b = -tol(t)`` (tie tolerance of :mod:`ranking` at that t): above w_j for b < 0,
    below for b > 0; the nearest such point is the bound. The tolerance is evaluated at the
    crossing without it and the equation solved again (``tol`` changes by ~1e-9 of that step,
    so this is exact to rounding). Rounding is then corrected by ulps towards w_j so that the
    winner is still (tied) first at the bound itself. Just beyond a bound the alternative
    crossing there with the steepest slope leads (ties: lowest index).
    """
    n = w.size
    if n == 1:
        none = np.full(1, -1, dtype=np.int64)
        return w.copy(), w.copy(), none, none.copy()
    off = ~np.eye(n, dtype=np.bool_)
    rest = w * off
    total = rest.sum(axis=1, keepdims=True)
    base = np.divide(rest, total, out=off / (n - 1.0), where=total > 0)
    a0 = base @ u.T  # n x m: scores at t = 0
    slope = u.T - a0  # n x m: d score / d t
    a = a0[:, winner : winner + 1] - a0  # winner's lead at t = 0 ...
    b = slope[:, winner : winner + 1] - slope  # ... and its change per unit of t
    rising, falling = b > 0, b < 0
    safe_b = np.where(rising | falling, b, 1.0)
    cross = np.clip(-a / safe_b, 0.0, 1.0)
    at = a0[:, None, :] + cross[:, :, None] * slope[:, None, :]  # n x m x m
    cross = -(a + TIE_RTOL * np.maximum(1.0, np.abs(at).max(axis=2))) / safe_b
    up_c = np.where(falling, cross, np.inf)
    lo_c = np.where(rising, cross, -np.inf)
    rows = np.arange(n)
    i_up, i_lo = up_c.argmin(axis=1), lo_c.argmax(axis=1)
    up = np.maximum(up_c[rows, i_up], w)
    lo = np.minimum(lo_c[rows, i_lo], w)
    up_in, lo_in = up < 1.0, lo > 0.0
    near = 1e-12
    key_up = np.where(up_c <= up[:, None] + near, slope, -np.inf)
    key_lo = np.where(lo_c >= lo[:, None] - near, slope, np.inf)
    up_lead = np.where(up_in, key_up.argmax(axis=1), -1).astype(np.int64)
    lo_lead = np.where(lo_in, key_lo.argmin(axis=1), -1).astype(np.int64)
    crit = np.concatenate([rows[up_in], rows[lo_in]])
    if crit.size:
        t = np.concatenate([up[up_in], lo[lo_in]])
        slant = np.concatenate([b[rows, i_up][up_in], b[rows, i_lo][lo_in]])
        scale = max(1.0, float(np.abs(u).max()))
        t = _settle(u, base, crit, t, slant, scale, w[crit], winner)
        k = int(up_in.sum())
        up[crit[:k]] = t[:k]
        lo[crit[k:]] = t[k:]
    return np.where(lo_in, lo, 0.0), np.where(up_in, up, 1.0), lo_lead, up_lead


def _settle(
    u: FloatArray,
    base: FloatArray,
    crit: IntArray,
    t: FloatArray,
    slant: FloatArray,
    scale: float,
    home: FloatArray,
    winner: int,
) -> FloatArray:
    """Move one-way bounds ``t`` of criteria ``crit`` towards ``home`` (= w_j) by about the
    rounding error of the scores until the winner is (tied) first there."""
    toward = np.sign(home - t)
    step = np.clip(4 * EPS * scale / np.abs(slant), np.spacing(np.abs(t) + EPS), 1e-12)
    t = t + toward * step
    cols = np.arange(crit.size)
    for _ in range(64):
        wt = (1.0 - t)[:, None] * base[crit]
        wt[cols, crit] = t
        s = u @ wt.T
        bad = np.any(s > s[winner] + _tolerance(s), axis=0)
        if not bad.any():
            break
        step = np.where(bad, 2.0 * step, step)
        t = np.where(bad, t + toward * step, t)
    return np.where(toward < 0, np.maximum(t, home), np.minimum(t, home))


def _swaps(
    sc: Scorer, w: FloatArray, winner: int, runner: int, grid: int
) -> tuple[WeightSwap, ...]:
    n = w.size
    pairs = [(j, k) for j in range(n) for k in range(n) if j != k and w[k] > 0]
    if not pairs:
        return ()
    inc = np.array([p[0] for p in pairs])
    dec = np.array([p[1] for p in pairs])
    frac = np.linspace(0.0, 1.0, grid)

    def shifted(delta: FloatArray, rows: NDArray[np.intp]) -> FloatArray:
        out = np.repeat(w[None, :], delta.size, axis=0)
        idx = np.arange(delta.size)
        out[idx, inc[rows]] += delta
        out[idx, dec[rows]] -= delta
        return np.clip(out, 0.0, None)

    def caught(delta: FloatArray, rows: NDArray[np.intp]) -> NDArray[np.bool_]:
        s = sc.batch(shifted(delta, rows))
        return np.asarray(~(s[winner] > s[runner] + _tolerance(s)))

    p = len(pairs)
    deltas = (frac[None, :] * w[dec][:, None]).ravel()  # p x grid
    rows = np.repeat(np.arange(p), grid)
    hit = caught(deltas, rows).reshape(p, grid)
    found = np.flatnonzero(hit.any(axis=1))
    if found.size == 0:
        return ()
    first = hit[found].argmax(axis=1)
    d_hi = (frac[first] * w[dec[found]]).astype(np.float64)
    d_lo = (frac[np.maximum(first - 1, 0)] * w[dec[found]]).astype(np.float64)
    exact = first == 0
    refined = _bisect(lambda d: caught(d, found), d_hi, d_lo)[0]  # "good" = caught side
    refined = np.where(exact, 0.0, refined)
    final = shifted(refined, found)
    return _swap_list(sc.batch(final), final, inc[found], dec[found], refined, winner, runner)


def _swap_list(
    s: FloatArray,
    final: FloatArray,
    inc: IntArray,
    dec: IntArray,
    shift: FloatArray,
    winner: int,
    runner: int,
) -> tuple[WeightSwap, ...]:
    """WeightSwaps sorted by (shift, increase, decrease); ``s`` are the scores at ``final``.

    At every shift the runner-up has caught up with the winner (that is what the shift is), so
    it is first overall unless a third alternative is better by more than the tolerance."""
    above = s > s[runner] + _tolerance(s)
    above[winner] = False
    top = ~np.any(above, axis=0)
    order = np.lexsort((dec, inc, shift)).tolist()
    incs, decs, shifts, tops = inc.tolist(), dec.tolist(), shift.tolist(), top.tolist()
    return tuple(WeightSwap(incs[i], decs[i], shifts[i], final[i], tops[i]) for i in order)


def _shifted(w: FloatArray, inc: IntArray, dec: IntArray, shift: FloatArray) -> FloatArray:
    """Weight vectors with ``shift`` moved from ``dec`` to ``inc`` (rows), clipped at 0."""
    out = np.repeat(w[None, :], inc.size, axis=0)
    rows = np.arange(inc.size)
    out[rows, inc] += shift
    out[rows, dec] -= shift
    return np.clip(out, 0.0, None, out=out)


def _swaps_linear(
    u: FloatArray, w: FloatArray, s0: FloatArray, winner: int, runner: int
) -> tuple[WeightSwap, ...]:
    """Swaps for scores ``u @ w``, all n (n - 1) pairs at once.

    Moving delta from k to j changes the scores by ``delta (u_j - u_k)``, so the winner's lead
    ``g0`` over the runner-up shrinks at the rate ``c = (u_rj - u_rk) - (u_wj - u_wk)``. It is
    caught up (within the tie tolerance ``tol`` at that point) at ``delta = (g0 - tol) / c``
    where c > 0; the pair is feasible if that delta is at most w_k. The tolerance is evaluated
    at the solution without it and the equation solved again; rounding is then corrected by
    ulps so that the runner-up really is within the tolerance at the reported shift.
    """
    n = w.size
    inc, dec = np.nonzero(~np.eye(n, dtype=np.bool_) & (w > 0)[None, :])
    if inc.size == 0:
        return ()
    g0 = float(s0[winner] - s0[runner])
    if g0 <= TIE_RTOL * max(1.0, float(np.abs(s0).max())):  # tied: every pair at shift 0
        shift = np.zeros(inc.size)
    else:
        d = u[:, inc] - u[:, dec]  # m x p: score change per unit of shift
        c = d[runner] - d[winner]
        live = c > 0
        inc, dec, d, c = inc[live], dec[live], d[:, live], c[live]
        cap = w[dec]
        shift = np.minimum(g0 / c, cap)
        shift = (g0 - _tolerance(s0[:, None] + shift * d)) / c
        step = np.clip(4 * EPS * max(1.0, float(np.abs(u).max())) / c, EPS, 1e-12)
        shift = np.minimum(np.maximum(shift, 0.0) + step, cap)
        ok = np.ones(shift.size, dtype=np.bool_)
        for _ in range(64):
            s = u @ _shifted(w, inc, dec, shift).T
            bad = s[winner] > s[runner] + _tolerance(s)
            if not bad.any():
                break
            ok &= ~(bad & (shift >= cap))  # not even the whole weight of k is enough
            step = np.where(bad, 2.0 * step, step)
            shift = np.where(bad, np.minimum(shift + step, cap), shift)
            if not (bad & ok).any():
                break
        inc, dec, shift = inc[ok], dec[ok], shift[ok]
        if inc.size == 0:
            return ()
    final = _shifted(w, inc, dec, shift)
    return _swap_list(u @ final.T, final, inc, dec, shift, winner, runner)
