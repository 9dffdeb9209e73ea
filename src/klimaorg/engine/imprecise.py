"""SMAA-2 with imprecise values: weights *and* performance values drawn, and the doubt split.

**Model.** A weighted sum ``S_i = sum_j w_j r_ij`` of normalised values (:func:`wsm`). Each
cell of the matrix may be an interval ``[low, mode, high]`` (``mode`` = best estimate, the value
the crisp ranking uses). SMAA-2 (Lahdelma & Salminen 2001, Operations Research 49(3):444-454;
survey: Tervonen & Figueira 2008, J. Multi-Criteria Decision Analysis 15:1-14) draws weights
*and* values and reports rank acceptabilities ``b[i][r]``, central weights and confidence
factors (share of value draws that make i first at its central weights).

**Value distributions** (``value_distribution``), cells independent of each other:

* ``triangular`` (default): density rising linearly from ``low`` to ``mode`` and falling to
  ``high`` - the mode is the most likely value, the bounds are plausible extremes. Drawn by the
  inverse CDF ``t = sqrt(u c)`` for ``u < c``, else ``1 - sqrt((1 - u)(1 - c))`` with
  ``c = (mode - low) / (high - low)``, ``x = low + (high - low) t``;
* ``uniform``: every value in ``[low, high]`` equally likely (``x = low + (high - low) u``);
  the mode is then only the crisp value.

**Normalisation of intervals.** The column map of the chosen normalisation is fitted *once on
the modes* (the crisp matrix) and every drawn value goes through that same fixed map; columns
are never renormalised per draw. So a weight keeps the meaning it has in the crisp model, a
degenerate interval reproduces the crisp value exactly, and a drawn value beyond the modes may
fall outside 0..1 (harmless in a weighted sum). ``max``/``vector``/``sum`` (benefit) divide by
the modes' column statistic, ``minmax`` uses the modes' range - except where all modes of a
column are equal, where the range of the bounds ``[min low, max high]`` is used, centred so
that the mode keeps the crisp value 1. ``sum`` on a cost criterion is ``(1/x) / sum(1/mode)``,
so ``low`` must be positive there.

**Random numbers.** Weights come from ``numpy.random.default_rng(seed)`` exactly as in
:func:`~klimaorg.engine.robustness.smaa` (same sampler, same blocks), values from an
independent stream ``default_rng(SeedSequence(seed).spawn(1)[0])``: one float32 uniform
(``random(dtype=float32)``) per uncertain cell and sample, cells in row-major order, samples in
order - the stream does not depend on how it is cut into pieces. Cells with ``low == high`` are
not drawn. Samples are scored in pieces of at most ``SAMPLE_BLOCK`` and about ``WORK_BYTES``
of work arrays (:func:`_piece`), so memory stays bounded for any sample count.

**Doubt split** (common random numbers: one pass, the same weight and value draws for all):

* *weights* - weights drawn, values at their modes (= weight-only SMAA with the same seed);
* *values* - values drawn, weights fixed at the user's;
* *both* - both drawn (the SMAA-2 result above).

The leader is the crisp winner (user's weights, modes; lowest index on a tie). Doubt of a run
= ``1 - b[leader][first]``. The combined doubt is attributed in proportion to the one-factor
doubts: ``from_weights = doubt_both * d_w / (d_w + d_v)`` and likewise for values (undefined,
``None``, when neither factor alone raises doubt). Caveat: the factors interact - a weight
change can make a value change matter - so ``d_w + d_v`` need not equal ``doubt_both``; the
difference is reported as ``interaction`` and the split is a reading aid, not a variance
decomposition.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

import numpy as np
from numpy.typing import NDArray

from klimaorg.engine.aggregation import BoolArray, FloatArray, as_benefit
from klimaorg.engine.errors import ProblemError
from klimaorg.engine.limits import max_samples as configured_max_samples
from klimaorg.engine.normalisation import normalise
from klimaorg.engine.ranking import TIE_RTOL
from klimaorg.engine.robustness import (
    DEFAULT_CONCENTRATION,
    MIN_ACCEPTANCE,
    SAMPLE_BLOCK,
    _Buffers,
    _rank_counts,
    _Sampler,
    _tie_tolerance,
    _Work,
    acceptability_dict,
    check_samples,
    make_sampler,
)

VALUE_DISTRIBUTIONS: Final = ("triangular", "uniform")
KEEP_VALUES: Final = 1 << 21  # value changes kept for the confidence pass up to 16 MB
WORK_BYTES: Final = 1 << 25  # work arrays of one piece of samples, about 32 MB at most
CACHE_BYTES: Final = 1 << 24  # work arrays up to 16 MB stay cached per thread
DRAWS_PER_SAMPLE: Final = 64
"""Value draws allowed per permitted sample: ``samples x uncertain cells`` must stay within
``64 x`` the sample cap, so a huge matrix cannot turn an allowed sample count into minutes of
work (6 x 11 fully uncertain = 66 cells: the full cap minus 3 %; the advisor's 2,000 samples
are far inside)."""
IntArray = NDArray[np.int64]


# ---------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class DoubtSplit:
    """First-rank acceptability of the leader with weights, values or both drawn."""

    leader: int
    acceptability_weights: float
    acceptability_values: float
    acceptability_both: float
    samples: int

    @property
    def doubt_weights(self) -> float:
        """``1 - acceptability`` with only the weights drawn."""
        return 1.0 - self.acceptability_weights

    @property
    def doubt_values(self) -> float:
        """``1 - acceptability`` with only the values drawn."""
        return 1.0 - self.acceptability_values

    @property
    def doubt_both(self) -> float:
        """``1 - acceptability`` with both drawn: how unsure the recommendation is."""
        return 1.0 - self.acceptability_both

    @property
    def interaction(self) -> float:
        """``doubt_both - doubt_weights - doubt_values`` (0 if the factors did not interact)."""
        return self.doubt_both - self.doubt_weights - self.doubt_values

    @property
    def share_weights(self) -> float | None:
        """``d_w / (d_w + d_v)``; ``None`` when neither factor alone raises doubt."""
        total = self.doubt_weights + self.doubt_values
        return self.doubt_weights / total if total > 0 else None

    @property
    def share_values(self) -> float | None:
        """``d_v / (d_w + d_v)``; ``None`` when neither factor alone raises doubt."""
        share = self.share_weights
        return None if share is None else 1.0 - share

    def standard_error(self, acceptability: float) -> float:
        """Monte-Carlo standard error ``sqrt(a (1 - a) / samples)`` of an acceptability."""
        return float(np.sqrt(acceptability * (1.0 - acceptability) / self.samples))

    def to_dict(self, alternatives: Sequence[str] | None = None) -> dict[str, Any]:
        """Plain dict; ``leader_id`` when names are given."""
        runs = {
            "weights": self.acceptability_weights,
            "values": self.acceptability_values,
            "both": self.acceptability_both,
        }
        sw, sv = self.share_weights, self.share_values
        out: dict[str, Any] = {
            "leader": self.leader,
            "acceptability": runs,
            "standard_error": {k: self.standard_error(a) for k, a in runs.items()},
            "doubt": {k: 1.0 - a for k, a in runs.items()},
            "share": None if sw is None or sv is None else {"weights": sw, "values": sv},
            "attributed": None
            if sw is None or sv is None
            else {"weights": self.doubt_both * sw, "values": self.doubt_both * sv},
            "interaction": self.interaction,
            "attribution": "proportional",
        }
        if alternatives is not None:
            out["leader_id"] = alternatives[self.leader]
        return out


@dataclass(frozen=True, slots=True)
class ImpreciseSmaaResult:
    """Outcome of :func:`smaa_imprecise`; arrays use rows = alternatives."""

    rank_acceptability: FloatArray  # m x m, weights and values drawn
    central_weights: FloatArray  # m x n, NaN where an alternative never wins
    confidence_factors: FloatArray  # m, NaN where an alternative never wins
    holistic_acceptability: FloatArray  # m
    first_weights: FloatArray  # m, first-rank acceptability, weights drawn, values at mode
    first_values: FloatArray  # m, first-rank acceptability, values drawn, user's weights
    doubt: DoubtSplit
    samples: int
    seed: int | None
    value_distribution: str
    normalisation: str
    distribution: str
    concentration: float | None
    uncertain_cells: int
    drawn: int  # weight samples drawn including rejected ones

    @property
    def first_both(self) -> FloatArray:
        """First-rank acceptability with weights and values drawn."""
        return np.asarray(self.rank_acceptability[:, 0], dtype=np.float64)

    def to_dict(self, alternatives: Sequence[str] | None = None) -> dict[str, Any]:
        """Plain dict; NaN (no central weights) becomes ``None``."""
        return {
            **acceptability_dict(
                self.rank_acceptability,
                self.central_weights,
                self.confidence_factors,
                self.holistic_acceptability,
            ),
            "first_rank": {
                "weights": self.first_weights.tolist(),
                "values": self.first_values.tolist(),
                "both": self.first_both.tolist(),
            },
            "doubt": self.doubt.to_dict(alternatives),
            "samples": self.samples,
            "seed": self.seed,
            "value_distribution": self.value_distribution,
            "normalisation": self.normalisation,
            "normalisation_fit": "modes",
            "distribution": self.distribution,
            "concentration": self.concentration,
            "uncertain_cells": self.uncertain_cells,
            "drawn": self.drawn,
            "tie_rule": "competition",
        }


# ---------------------------------------------------------------------------- input


def check_value_intervals(values: FloatArray | Sequence[Any]) -> FloatArray:
    """An ``m x n x 3`` array of ``[low, mode, high]`` (an ``m x n`` array means exact values).

    Raises :class:`ProblemError` naming the first bad cell as ``matrix[i][j]``."""
    cube = np.asarray(values, dtype=np.float64)
    if cube.ndim == 2:
        cube = np.repeat(cube[:, :, None], 3, axis=2)
    if cube.ndim != 3 or cube.shape[2] != 3 or cube.shape[0] < 2 or cube.shape[1] < 1:
        raise ProblemError(
            "matrix", "erwartet je Alternative und Kriterium [untere Grenze, Modus, obere Grenze]"
        )
    bad = ~np.isfinite(cube).all(axis=2)
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        raise ProblemError(f"matrix[{i}][{j}]", "muss endliche Zahlen enthalten")
    bad = (cube[:, :, 0] > cube[:, :, 1]) | (cube[:, :, 1] > cube[:, :, 2])
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        raise ProblemError(f"matrix[{i}][{j}]", "braucht untere Grenze <= Modus <= obere Grenze")
    return cube


def _user_weights(weights: FloatArray | Sequence[float], n: int) -> FloatArray:
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (n,) or not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise ProblemError("weights", f"erwartet {n} nicht-negative Gewichte mit positiver Summe")
    return np.asarray(w / w.sum(), dtype=np.float64)


# ---------------------------------------------------------------------------- value model


@dataclass(frozen=True, slots=True)
class _ValueModel:
    """Normalised crisp values and, per uncertain cell, how a uniform becomes a value change.

    Affine cells: ``r(x) - base = low + span * t`` with ``t`` in [0, 1] (triangular or
    uniform shape). Reciprocal cells (``sum`` on a cost criterion): ``(1/x) / scale - base``
    with ``x = raw_low + raw_width * t``."""

    base: FloatArray  # m x n, normalised modes (the crisp WSM values)
    rows: IntArray  # p, alternative of each uncertain cell
    cols: IntArray  # p, criterion of each uncertain cell
    low: FloatArray  # p, value change at t = 0
    span: FloatArray  # p, value change per unit of t
    peak: NDArray[np.float32] | None  # p, c = (mode - low) / (high - low) for triangular
    peak_rest: NDArray[np.float32] | None  # p, 1 - c
    recip: IntArray  # indices (into p) of reciprocal cells
    raw_low: FloatArray  # len(recip)
    raw_width: FloatArray  # len(recip)
    scale: FloatArray  # len(recip)
    scatter: FloatArray  # m x p, 1 where cell c belongs to alternative i

    @property
    def cells(self) -> int:
        """Number of uncertain cells p."""
        return int(self.rows.size)

    def draw(self, rng: np.random.Generator, out: FloatArray, scratch: _Scratch) -> FloatArray:
        """Fill ``out`` (k x p) with changes of the normalised values against the modes.

        The uniforms and the shape ``t`` are float32 (resolution 6e-8 of an interval's width,
        far below the Monte-Carlo error; about half the time of float64); the value changes
        and everything after them are float64. Temporaries live in ``scratch``: fresh pages
        of a megabyte cost more than the arithmetic on them."""
        k = out.shape[0]
        u = rng.random((k, self.cells), dtype=np.float32, out=scratch.u[:k])
        if self.peak is not None and self.peak_rest is not None:
            _triangular(u, self.peak, self.peak_rest, scratch)
        np.multiply(u, self.span, out=out)
        out += self.low
        if self.recip.size:
            x = self.raw_low + self.raw_width * u[:, self.recip]
            base = self.base[self.rows[self.recip], self.cols[self.recip]]
            out[:, self.recip] = (1.0 / x) / self.scale - base
        return out

    def correction(self, delta: FloatArray, weights: FloatArray, scratch: _Scratch) -> FloatArray:
        """Score changes (m x k) for value changes (k x p) and per-sample weights (k x n)."""
        prod = np.take(weights, self.cols, axis=1, out=scratch.prod[: delta.shape[0]], mode="clip")
        prod *= delta
        return np.asarray(self.scatter @ prod.T, dtype=np.float64)

    def fixed(self, delta: FloatArray, weights: FloatArray) -> FloatArray:
        """Score changes (m x k x q) at q fixed weight vectors (q x n): one matrix product,
        ``delta @ B`` with ``B[c, (i, l)] = [cell c in row i] * w_l[col c]``."""
        q, m, p = weights.shape[0], self.scatter.shape[0], self.cells
        b = self.scatter.T[:, :, None] * weights[:, self.cols].T[:, None, :]  # p x m x q
        return np.asarray((delta @ b.reshape(p, m * q)).T.reshape(m, q, -1), dtype=np.float64)


class _Scratch:
    """Work arrays of the value draws: ``rows x p`` temporaries and, if small enough, the kept
    value changes of every sample (``kept_rows x p``) for the confidence pass."""

    __slots__ = ("delta", "kept", "left", "prod", "right", "tmp", "u")

    def __init__(self, rows: int, p: int, kept_rows: int = 0) -> None:
        self.u = np.empty((rows, p), dtype=np.float32)
        self.tmp = np.empty((rows, p), dtype=np.float32)
        self.left = np.empty((rows, p), dtype=np.float32)
        self.right = np.empty((rows, p), dtype=np.float32)
        self.prod = np.empty((rows, p))
        self.delta = np.empty((rows, p))
        self.kept = np.empty((kept_rows, p))

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays."""
        return sum(int(getattr(self, a).nbytes) for a in self.__slots__)

    def fits(self, rows: int, p: int, kept_rows: int) -> bool:
        """Whether these arrays can serve a request of that size."""
        return self.u.shape[1] == p and self.u.shape[0] >= rows and self.kept.shape[0] >= kept_rows


_LOCAL: Final = threading.local()


def _scratch(rows: int, p: int, kept_rows: int = 0) -> _Scratch:
    """Work arrays for this thread, reused across calls of the same size: on a first touch
    every page of a fresh megabyte array faults, which costs about a quarter of a small run.
    Only sets up to ``CACHE_BYTES`` stay cached (one per thread, never shared)."""
    cached: _Scratch | None = getattr(_LOCAL, "scratch", None)
    if cached is not None and cached.fits(rows, p, kept_rows):
        return cached
    fresh = _Scratch(rows, p, kept_rows)
    if fresh.nbytes <= CACHE_BYTES:
        _LOCAL.scratch = fresh
    return fresh


_ONE: Final = np.float32(1.0)


def _triangular(
    u: NDArray[np.float32],
    peak: NDArray[np.float32],
    rest: NDArray[np.float32],
    scratch: _Scratch,
) -> None:
    """Turn uniforms ``u`` (k x p) in place into the triangular shape on [0, 1] with mode
    ``peak`` by the inverse CDF: ``sqrt(u c)`` for ``u < c``, else ``1 - sqrt((1-u)(1-c))``.

    The branch is selected by multiplying with 0/1 masks rather than ``np.where``/``copyto``
    (a third of the time); one of the two products is always exactly 0, so the result is
    bit-identical to the branching formula."""
    k = u.shape[0]
    left, right, tmp = scratch.left[:k], scratch.right[:k], scratch.tmp[:k]
    np.less(u, peak, out=left)
    np.subtract(_ONE, left, out=right)
    np.subtract(_ONE, u, out=tmp)
    tmp *= rest
    tmp *= right
    u *= peak
    u *= left
    u += tmp
    np.sqrt(u, out=u)
    np.multiply(u, left, out=tmp)
    np.subtract(_ONE, u, out=u)
    u *= right
    u += tmp


def _column_maps(
    cube: FloatArray, benefit: BoolArray, kind: str
) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray]:
    """Per column ``(a, o, d, reciprocal)``: value ``a + (x - o) / d``, or ``(1/x) / d``.

    Fitted on the modes exactly as :func:`normalise` does, so ``x = mode`` gives the crisp
    value (see the module docstring for the flat ``minmax`` column)."""
    low, mode, high = cube[:, :, 0], cube[:, :, 1], cube[:, :, 2]
    n = mode.shape[1]
    sign = np.where(benefit, 1.0, -1.0)
    a = np.where(benefit, 0.0, 1.0)
    o = np.zeros(n)
    recip = np.zeros(n, dtype=np.bool_)
    if kind == "max":
        top = mode.max(axis=0)
        d = np.where(top > 0, top, 1.0)
    elif kind == "vector":
        norm = np.sqrt((mode * mode).sum(axis=0))
        d = np.where(norm > 0, norm, 1.0)
    elif kind == "sum":
        recip = ~benefit
        safe = np.where(mode > 0, mode, 1.0)
        y = np.where(benefit, mode, 1.0 / safe)
        total = y.sum(axis=0)
        d = np.where(total > 0, total, 1.0)
        return np.zeros(n), o, d, recip
    elif kind == "minmax":
        o = mode.min(axis=0)
        span = mode.max(axis=0) - o
        flat = span <= 0
        bounds = high.max(axis=0) - low.min(axis=0)
        d = np.where(flat, np.where(bounds > 0, bounds, 1.0), span)
        a = np.where(flat, 1.0, a)
    else:  # "none": x, or -x for a cost criterion
        a = np.zeros(n)
        d = np.ones(n)
    return a, o, sign * d, recip


def _value_model(cube: FloatArray, benefit: BoolArray, kind: str, distribution: str) -> _ValueModel:
    mode = np.ascontiguousarray(cube[:, :, 1])
    normalise(np.ascontiguousarray(cube[:, :, 0]), benefit, kind)  # lows valid for the scale?
    base = normalise(mode, benefit, kind)
    a, o, d, recip_col = _column_maps(cube, benefit, kind)
    width = cube[:, :, 2] - cube[:, :, 0]
    rows, cols = (np.asarray(v, dtype=np.int64) for v in np.nonzero(width > 0))
    lo = cube[rows, cols, 0]
    wd = width[rows, cols]
    r_low = a[cols] + (lo - o[cols]) / d[cols]
    recip = np.flatnonzero(recip_col[cols]).astype(np.int64)
    peak = rest = None
    if distribution == "triangular":
        c = (cube[rows, cols, 1] - lo) / wd
        peak = c.astype(np.float32)
        rest = np.subtract(_ONE, peak, dtype=np.float32)  # 1 - c in float32, as documented
    scatter = np.zeros((base.shape[0], rows.size))
    scatter[rows, np.arange(rows.size)] = 1.0
    return _ValueModel(
        base=base,
        rows=rows,
        cols=cols,
        low=r_low - base[rows, cols],
        span=wd / d[cols],
        peak=peak,
        peak_rest=rest,
        recip=recip,
        raw_low=lo[recip],
        raw_width=wd[recip],
        scale=d[cols][recip],
        scatter=scatter,
    )


# ---------------------------------------------------------------------------- weights


class _WeightStream:
    """Weight vectors in exactly the order :func:`smaa` uses them, handed out in blocks.

    Without rejection each request is one draw of that size (smaa's block sizes); with
    rejection (weight intervals) full blocks are drawn and the accepted rows queued."""

    __slots__ = ("buffers", "drawn", "rest", "rng", "sampler", "used")

    def __init__(self, sampler: _Sampler, rng: np.random.Generator, k: int) -> None:
        self.sampler = sampler
        self.rng = rng
        self.buffers = _Buffers(min(SAMPLE_BLOCK, k), sampler.n)
        self.rest = np.empty((0, sampler.n))
        self.drawn = 0
        self.used = 0

    def take(self, count: int) -> tuple[FloatArray, FloatArray | None]:
        """``count`` weight vectors (count x n) and their row sums if not normalised."""
        if self.sampler.lower is None:
            self.drawn += count
            self.used += count
            return self.sampler.draw(self.rng, count, self.buffers)
        parts, have = [self.rest], self.rest.shape[0]
        while have < count:
            w, _ = self.sampler.draw(self.rng, SAMPLE_BLOCK, self.buffers)
            self.drawn += SAMPLE_BLOCK
            parts.append(w)
            have += w.shape[0]
            if self.drawn >= 10 * SAMPLE_BLOCK and self.used + have < MIN_ACCEPTANCE * self.drawn:
                raise ProblemError(
                    "robustness.intervals", "die Intervalle lassen fast keine Gewichte zu"
                )
        pool = np.concatenate(parts) if len(parts) > 1 else parts[0]
        self.rest = pool[count:]
        self.used += count
        return pool[:count], None


def value_seed(seed: int | None) -> np.random.SeedSequence:
    """Seed of the value stream of :func:`smaa_imprecise`, independent of the weight stream
    ``default_rng(seed)`` (a child of the same root). Generators made from the one returned
    object all produce the same stream, also for ``seed=None``."""
    return np.random.SeedSequence(seed).spawn(1)[0]


def value_rng(seed: int | None) -> np.random.Generator:
    """The value stream of :func:`smaa_imprecise` for an integer seed."""
    return np.random.default_rng(value_seed(seed))


# ---------------------------------------------------------------------------- SMAA


def smaa_imprecise(
    values: FloatArray | Sequence[Any],
    directions: Sequence[str] | BoolArray,
    *,
    weights: FloatArray | Sequence[float],
    normalisation: str = "max",
    value_distribution: str = "triangular",
    distribution: str = "uniform",
    concentration: float = DEFAULT_CONCENTRATION,
    weight_intervals: FloatArray | Sequence[Sequence[float]] | None = None,
    order: Sequence[Sequence[int]] | None = None,
    samples: int = 10_000,
    seed: int | None = 0,
    max_samples: int | None = None,
    leader: int | None = None,
    confidence: bool = True,
) -> ImpreciseSmaaResult:
    """SMAA-2 over weights and interval values, with the doubt split (see the module doc).

    ``confidence=False`` skips the confidence-factor pass (about a quarter of the cost) for
    callers that only need acceptabilities and the doubt split; the factors are then NaN.

    ``values`` is ``m x n x 3`` (``[low, mode, high]`` per cell) or ``m x n`` (exact);
    ``weights`` are the user's (needed for the values-only run and ``around``); the weight
    options are those of :func:`~klimaorg.engine.robustness.smaa` (``weight_intervals`` is its
    ``intervals``). ``samples`` is capped by ``max_samples`` (default: the engine's
    ``DEFAULT_MAX_SAMPLES``; the interfaces pass the operator's setting),
    and ``samples x uncertain cells`` by ``DRAWS_PER_SAMPLE`` times that cap; each of the three
    runs uses ``samples``. ``leader`` defaults to the crisp winner.
    """
    cube = check_value_intervals(values)
    benefit = as_benefit(directions)
    m, n = cube.shape[:2]
    if benefit.shape != (n,):
        raise ProblemError("criteria", f"erwartet {n} Richtungen, eine je Kriterium")
    if value_distribution not in VALUE_DISTRIBUTIONS:
        raise ProblemError(
            "robustness.value_distribution",
            f"unbekannte Verteilung {value_distribution!r} "
            f"(erlaubt: {', '.join(VALUE_DISTRIBUTIONS)})",
        )
    w_user = _user_weights(weights, n)
    cap = configured_max_samples() if max_samples is None else max_samples
    k_total = check_samples(samples, cap)
    sampler = make_sampler(n, distribution, w_user, concentration, order, weight_intervals)
    model = _value_model(cube, benefit, normalisation, value_distribution)
    if k_total * model.cells > DRAWS_PER_SAMPLE * cap:
        raise ProblemError(
            "robustness.samples",
            f"{k_total} Stichproben × {model.cells} unsichere Werte übersteigen die Obergrenze "
            f"von {DRAWS_PER_SAMPLE * cap} gezogenen Werten; weniger Stichproben wählen",
        )
    s0 = model.base @ w_user
    lead = _crisp_winner(s0) if leader is None else int(leader)
    if not 0 <= lead < m:
        raise ProblemError("leader", f"muss zwischen 0 und {m - 1} liegen")

    weight_rng, value_stream = np.random.default_rng(seed), value_seed(seed)
    tally = _sample(model, sampler, w_user, s0, k_total, weight_rng, value_stream)
    acc = tally.counts / k_total
    wins = tally.counts[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        cw = tally.central / wins[:, None]
    cw[wins == 0] = np.nan
    conf = (
        _confidence(model, cw, k_total, value_stream, tally.kept)
        if confidence
        else np.full(m, np.nan)
    )
    meta = (m - 1 - np.arange(m)) / (m - 1)
    fw, fv = tally.first_weights / k_total, tally.first_values / k_total
    split = DoubtSplit(lead, float(fw[lead]), float(fv[lead]), float(acc[lead, 0]), k_total)
    return ImpreciseSmaaResult(
        rank_acceptability=acc,
        central_weights=cw,
        confidence_factors=conf,
        holistic_acceptability=acc @ meta,
        first_weights=fw,
        first_values=fv,
        doubt=split,
        samples=k_total,
        seed=seed,
        value_distribution=value_distribution,
        normalisation=normalisation,
        distribution=distribution,
        concentration=concentration if distribution == "around" else None,
        uncertain_cells=model.cells,
        drawn=tally.drawn,
    )


def _crisp_winner(s0: FloatArray) -> int:
    """Highest crisp score, lowest index among those tied within the tie tolerance."""
    tol = TIE_RTOL * max(1.0, float(np.abs(s0).max()))
    return int(np.flatnonzero(s0 >= s0.max() - tol)[0])


class _Tally(NamedTuple):
    counts: IntArray  # m x m rank histogram, both drawn
    first_weights: IntArray  # m first places, weights drawn
    first_values: IntArray  # m first places, values drawn
    central: FloatArray  # m x n sum of winning (normalised) weights, both drawn
    drawn: int  # weight samples drawn including rejected ones
    kept: FloatArray | None  # the value changes of all samples (k x p), if small enough to keep


def _piece(cells: int, m: int) -> int:
    """Samples scored at once: at most a weight block, and at most ``WORK_BYTES`` of work
    arrays (about 32 bytes per uncertain cell and 8 per pair of alternatives and sample), so
    memory does not grow with the sample count or explode with a large matrix. Results do not
    depend on it: the value stream yields the same numbers however it is cut."""
    per_sample = 32 * cells + 8 * m * m + 64
    return max(1, min(SAMPLE_BLOCK, WORK_BYTES // per_sample))


def _sample(
    model: _ValueModel,
    sampler: _Sampler,
    w_user: FloatArray,
    s0: FloatArray,
    k_total: int,
    weight_rng: np.random.Generator,
    values: np.random.SeedSequence,
) -> _Tally:
    """One pass, three runs on common random numbers (the same weight and value draws)."""
    m, n = model.base.shape
    stream = _WeightStream(sampler, weight_rng, k_total)
    v_rng = np.random.default_rng(values)
    counts = np.zeros((m, m), dtype=np.int64)
    first_w = np.zeros(m, dtype=np.int64)
    first_v = np.zeros(m, dtype=np.int64)
    central = np.zeros((m, n))
    piece = min(_piece(model.cells, m), k_total)
    work = _Work(m, piece)
    crisp_first = _first_mask(s0[:, None], _tie_tolerance(s0[:, None], None, True))[:, 0]
    keep = k_total * model.cells <= KEEP_VALUES
    scratch = _scratch(piece, model.cells, k_total if keep else 0)
    kept = scratch.kept[:k_total] if keep else None
    done = 0
    while done < k_total:
        block, block_sums = stream.take(min(SAMPLE_BLOCK, k_total - done))
        for start in range(0, block.shape[0], piece):
            w = block[start : start + piece]
            sums = None if block_sums is None else block_sums[start : start + piece]
            k = w.shape[0]
            s_w = model.base @ w.T
            c_w, f_w = _rank_counts(s_w, _tie_tolerance(s_w, sums, True), work)
            first_w += c_w[:, 0]
            if model.cells:
                out = scratch.delta[:k] if kept is None else kept[done : done + k]
                delta = model.draw(v_rng, out, scratch)
                s_v = s0[:, None] + model.fixed(delta, w_user[None, :])[:, 0, :]
                first_v += _first_mask(s_v, _tie_tolerance(s_v, None, True)).sum(axis=1)
                s_b = s_w + model.correction(delta, w, scratch)
                c_b, f_b = _rank_counts(s_b, _tie_tolerance(s_b, sums, True), work)
            else:
                first_v += k * crisp_first
                c_b, f_b = c_w, f_w
            counts += c_b
            share = f_b.astype(np.float64) if sums is None else f_b / sums
            central += share @ w
            done += k
    return _Tally(counts, first_w, first_v, central, stream.drawn, kept)


def _first_mask(scores: FloatArray, tol: FloatArray) -> NDArray[np.bool_]:
    """m x k: True where no alternative is better by more than the tolerance (rank 1)."""
    return np.asarray(scores.max(axis=0) <= scores + tol, dtype=np.bool_)


def _confidence(
    model: _ValueModel,
    cw: FloatArray,
    k_total: int,
    values: np.random.SeedSequence,
    kept: FloatArray | None,
) -> FloatArray:
    """Share of the value draws (those of the sampling pass: kept, or drawn again from the same
    stream) that put i first at its central weights."""
    m = cw.shape[0]
    conf = np.full(m, np.nan)
    winners = np.flatnonzero(~np.isnan(cw[:, 0]))
    if winners.size == 0:
        return conf
    hits = np.zeros(m, dtype=np.int64)
    base = model.base @ cw[winners].T  # m x q
    if not model.cells:
        first = _first_mask(base, _tie_tolerance(base, None, True))
        conf[winners] = first[winners, np.arange(winners.size)].astype(np.float64)
        return conf
    scratch = v_rng = None
    piece = min(_piece(model.cells, m), k_total)
    if kept is None:
        scratch = _scratch(piece, model.cells)
        v_rng = np.random.default_rng(values)
    done = 0
    while done < k_total:
        k = min(piece, k_total - done)
        if scratch is None or v_rng is None:
            assert kept is not None
            delta = kept[done : done + k]
        else:
            delta = model.draw(v_rng, scratch.delta[:k], scratch)
        s = base[:, :, None] + model.fixed(delta, cw[winners])  # m x q x k
        top = s.max(axis=0)
        tol = TIE_RTOL * np.maximum(np.abs(s).max(axis=0), 1.0)
        mine = s[winners, np.arange(winners.size)]  # q x k: each winner's own score
        hits[winners] += np.count_nonzero(top <= mine + tol, axis=1)
        done += k
    conf[winners] = hits[winners] / k_total
    return conf
