"""Aggregation methods as pure vectorised functions, plus typed method specifications.

Each method turns a performance matrix (rows = alternatives, columns = criteria), weights
and directions into one score per alternative, *higher is better*:

* :func:`wsm` - weighted sum of normalised values (Fishburn 1967; Triantaphyllou 2000, ch. 2).
* :func:`topsis` - relative closeness to the ideal solution with Euclidean distances
  (Hwang & Yoon 1981, pp. 128-134).
* :func:`promethee2` - PROMETHEE II net outranking flow with the six generalised criteria
  (Brans & Vincke 1985, Management Science 31(6):647-656; Brans & Mareschal 2005 in
  *Multiple Criteria Decision Analysis: State of the Art Surveys*, ch. 5).
* :func:`ahp_synthesis` - weighted sum of local priorities, distributive or ideal mode
  (Saaty 1980; Belton & Gear 1983 for the ideal mode).

WSM, PROMETHEE II and AHP are *linear in the weights*: score = U @ w for a fixed matrix U
(:func:`partial_values`). Robustness analysis uses that to score 100,000 weight vectors with
one matrix product; TOPSIS gets its own batched formula (:class:`TopsisScorer`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

import numpy as np
from numpy.typing import NDArray

from klimaorg.engine.errors import ProblemError
from klimaorg.engine.normalisation import NORMALISATIONS, normalise

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

METHODS: Final = ("wsm", "topsis", "promethee2", "ahp")
PREFERENCE_TYPES: Final = ("usual", "u-shape", "v-shape", "level", "linear", "gaussian")
SYNTHESIS_MODES: Final = ("distributive", "ideal")

# ---------------------------------------------------------------------------- directions


def as_benefit(directions: Sequence[str] | BoolArray) -> BoolArray:
    """``["max", "min"]`` (or a boolean array, True = max) as a boolean array."""
    if isinstance(directions, np.ndarray):
        return directions.astype(np.bool_, copy=False)
    out = np.empty(len(directions), dtype=np.bool_)
    for j, d in enumerate(directions):
        if d not in ("max", "min"):
            raise ProblemError(f"criteria[{j}].direction", f"'{d}' ist weder 'max' noch 'min'")
        out[j] = d == "max"
    return out


# ---------------------------------------------------------------------------- WSM


def wsm(
    matrix: FloatArray,
    weights: FloatArray,
    directions: Sequence[str] | BoolArray,
    normalisation: str = "max",
) -> FloatArray:
    """Weighted sum ``S_i = sum_j w_j r_ij`` of benefit-oriented normalised values ``r``.

    Source: Fishburn (1967) *Additive utilities with incomplete product set*, Operations
    Research 15:537-542; worked example Triantaphyllou (2000), ch. 2.
    """
    r = normalise(np.asarray(matrix, dtype=np.float64), as_benefit(directions), normalisation)
    return r @ np.asarray(weights, dtype=np.float64)


# ---------------------------------------------------------------------------- TOPSIS


@dataclass(frozen=True, slots=True)
class TopsisDetails:
    """Intermediate TOPSIS values: distances to the ideal (``d_plus``) and anti-ideal."""

    d_plus: FloatArray
    d_minus: FloatArray


def topsis_full(
    matrix: FloatArray,
    weights: FloatArray,
    directions: Sequence[str] | BoolArray,
    normalisation: str = "vector",
) -> tuple[FloatArray, TopsisDetails]:
    """TOPSIS closeness ``C_i = D-_i / (D+_i + D-_i)`` with its distances.

    Hwang & Yoon (1981), pp. 128-134: normalise (vector by default), weight, take the
    column-wise best (ideal) and worst (anti-ideal) weighted values, Euclidean distances.
    Because :func:`normalise` already orients cost criteria, the ideal is the column maximum.
    If every alternative is identical on every weighted criterion, closeness is 0.5 for all.
    """
    r = normalise(np.asarray(matrix, dtype=np.float64), as_benefit(directions), normalisation)
    v = r * np.asarray(weights, dtype=np.float64)
    d_plus = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
    total = d_plus + d_minus
    closeness = np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), 0.5)
    return closeness, TopsisDetails(d_plus, d_minus)


def topsis(
    matrix: FloatArray,
    weights: FloatArray,
    directions: Sequence[str] | BoolArray,
    normalisation: str = "vector",
) -> FloatArray:
    """TOPSIS relative closeness to the ideal solution (see :func:`topsis_full`)."""
    return topsis_full(matrix, weights, directions, normalisation)[0]


# ---------------------------------------------------------------------------- PROMETHEE II


@dataclass(frozen=True, slots=True)
class Preference:
    """A PROMETHEE generalised criterion ``P(d)`` for a difference ``d`` (Brans & Vincke 1985).

    * ``usual`` (type I): ``P = 1`` if ``d > 0``.
    * ``u-shape`` (II, quasi-criterion): ``P = 1`` if ``d > q``.
    * ``v-shape`` (III): ``P = d/p`` for ``0 < d <= p``, 1 beyond.
    * ``level`` (IV): ``P = 1/2`` for ``q < d <= p``, 1 beyond.
    * ``linear`` (V, V-shape with indifference): ``P = (d-q)/(p-q)`` for ``q < d <= p``.
    * ``gaussian`` (VI): ``P = 1 - exp(-d^2 / (2 s^2))`` for ``d > 0``.
    """

    type: str = "usual"
    q: float = 0.0
    p: float = 0.0
    s: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Only the parameters the function uses, so the result states exactly what ran."""
        out: dict[str, Any] = {"type": self.type}
        if self.type in ("u-shape", "level", "linear"):
            out["q"] = self.q
        if self.type in ("v-shape", "level", "linear"):
            out["p"] = self.p
        if self.type == "gaussian":
            out["s"] = self.s
        return out


def preference_value(
    kind: str, d: FloatArray, q: FloatArray | float, p: FloatArray | float, s: FloatArray | float
) -> FloatArray:
    """``P(d)`` elementwise for one preference ``kind``; ``q``, ``p``, ``s`` broadcast along
    the last axis of ``d`` (the direction-corrected differences ``g(a) - g(b)``)."""
    if kind == "usual":
        return (d > 0).astype(np.float64)
    if kind == "u-shape":
        return (d > q).astype(np.float64)
    if kind == "v-shape":
        return np.minimum(np.maximum(d / p, 0.0), 1.0)
    if kind == "level":
        return np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0))
    if kind == "linear":
        return np.minimum(np.maximum((d - q) / (np.asarray(p) - q), 0.0), 1.0)
    if kind == "gaussian":
        s2 = 2.0 * np.asarray(s) ** 2
        return np.where(d > 0, -np.expm1(-(d * d) / s2), 0.0)
    raise ProblemError(
        "method.preference",
        f"unbekannte Präferenzfunktion '{kind}' ({', '.join(PREFERENCE_TYPES)})",
    )


def promethee_criterion_flows(
    matrix: FloatArray, directions: Sequence[str] | BoolArray, preferences: Sequence[Preference]
) -> FloatArray:
    """Single-criterion net flows ``phi_j(a)`` (m x n); PROMETHEE II net flow = ``phi @ w``.

    ``phi_j(a) = (sum_b P_j(a,b) - P_j(b,a)) / (m - 1)``, so positive and negative flows are
    divided by ``m - 1`` as in Brans & Mareschal (2005) and Papathanasiou & Ploskas (2018).
    An empty ``preferences`` means ``usual`` for every criterion.
    """
    x = np.asarray(matrix, dtype=np.float64)
    benefit = as_benefit(directions)
    m, n = x.shape
    signed = np.where(benefit, x, -x)
    diff = signed[:, None, :] - signed[None, :, :]  # diff[a, b, j] = g_j(a) - g_j(b)
    kinds = [p.type for p in preferences] if preferences else ["usual"] * n
    if len(set(kinds)) == 1:
        prefs = preferences or [Preference()] * n
        q = np.array([p.q for p in prefs])
        pp = np.array([p.p for p in prefs])
        s = np.array([p.s for p in prefs])
        pref = preference_value(kinds[0], diff, q, pp, s)
    else:
        pref = np.empty_like(diff)
        for j, p in enumerate(preferences):
            pref[:, :, j] = preference_value(p.type, diff[:, :, j], p.q, p.p, p.s)
    return np.asarray((pref.sum(axis=1) - pref.sum(axis=0)) / (m - 1), dtype=np.float64)


def promethee2(
    matrix: FloatArray,
    weights: FloatArray,
    directions: Sequence[str] | BoolArray,
    preferences: Sequence[Preference],
) -> FloatArray:
    """PROMETHEE II net flows ``phi(a) = phi+(a) - phi-(a)`` (Brans & Vincke 1985)."""
    flows = promethee_criterion_flows(matrix, directions, preferences)
    return flows @ np.asarray(weights, dtype=np.float64)


# ---------------------------------------------------------------------------- AHP synthesis


def ahp_synthesis(
    local_priorities: FloatArray, weights: FloatArray, mode: str = "distributive"
) -> FloatArray:
    """Global AHP priorities ``sum_j w_j p_ij`` from local priorities (m x n).

    ``distributive`` uses the local priorities as they are (Saaty 1980, they sum to 1 per
    criterion); ``ideal`` divides each column by its best value first (Belton & Gear 1983,
    Omega 11(3):228-230), which avoids rank reversal when a copy of an alternative is added.
    """
    return ahp_values(local_priorities, mode) @ np.asarray(weights, dtype=np.float64)


def ahp_values(local_priorities: FloatArray, mode: str) -> FloatArray:
    """The matrix U with global priorities ``U @ w`` for the chosen synthesis mode."""
    p = np.asarray(local_priorities, dtype=np.float64)
    if mode == "distributive":
        return p
    if mode == "ideal":
        return np.asarray(p / p.max(axis=0), dtype=np.float64)
    raise ProblemError(
        "method.synthesis", f"unbekannte Synthese '{mode}' (erlaubt: {', '.join(SYNTHESIS_MODES)})"
    )


# ---------------------------------------------------------------------------- method specs


@dataclass(frozen=True, slots=True)
class Wsm:
    """Weighted sum model; ``normalisation`` one of ``max`` (default), ``minmax``, ``sum``,
    ``vector``, ``none``."""

    normalisation: str = "max"
    name: str = field(default="wsm", init=False)

    def params(self) -> dict[str, Any]:
        """Every parameter of the method, defaults included."""
        return {"name": "wsm", "normalisation": self.normalisation}


@dataclass(frozen=True, slots=True)
class Topsis:
    """TOPSIS with selectable normalisation (``vector`` by default) and Euclidean distance."""

    normalisation: str = "vector"
    name: str = field(default="topsis", init=False)

    def params(self) -> dict[str, Any]:
        """Every parameter of the method, defaults included."""
        return {"name": "topsis", "normalisation": self.normalisation, "distance": "euclidean"}


@dataclass(frozen=True, slots=True)
class Promethee2:
    """PROMETHEE II with one :class:`Preference` per criterion (``usual`` when omitted)."""

    preferences: tuple[Preference, ...] = ()
    name: str = field(default="promethee2", init=False)

    def params(self) -> dict[str, Any]:
        """Every parameter of the method, defaults included."""
        return {
            "name": "promethee2",
            "preference": [p.to_dict() for p in self.preferences],
            "flow_normalisation": "m-1",
        }


@dataclass(frozen=True, slots=True)
class AhpSynthesis:
    """AHP synthesis of local priorities (one pairwise matrix per criterion, already solved)."""

    synthesis: str = "distributive"
    random_index: str = "saaty1980"
    name: str = field(default="ahp", init=False)

    def params(self) -> dict[str, Any]:
        """Every parameter of the method, defaults included."""
        return {
            "name": "ahp",
            "synthesis": self.synthesis,
            "priority_method": "principal_eigenvector",
            "random_index": self.random_index,
        }


MethodSpec = Wsm | Topsis | Promethee2 | AhpSynthesis


def check_normalisation(value: object, field_name: str = "method.normalisation") -> str:
    """The normalisation name, or a :class:`ProblemError` listing the allowed ones."""
    if value not in NORMALISATIONS:
        raise ProblemError(
            field_name,
            f"unbekannte Normalisierung {value!r} (erlaubt: {', '.join(NORMALISATIONS)})",
        )
    return str(value)


# ---------------------------------------------------------------------------- scorers


class Scorer(Protocol):
    """Scores many weight vectors at once: ``batch(W)`` with W (k x n) gives (m x k)."""

    def batch(self, weights: FloatArray) -> FloatArray:
        """Scores, rows = alternatives, columns = weight vectors."""
        ...

    @property
    def linear(self) -> bool:
        """True when scores are ``U @ w`` (then scale of w does not change the ranking)."""
        ...


@dataclass(frozen=True, slots=True)
class LinearScorer:
    """Scores ``U @ w`` for methods linear in the weights (WSM, PROMETHEE II, AHP)."""

    values: FloatArray

    @property
    def linear(self) -> bool:
        """Always True."""
        return True

    def batch(self, weights: FloatArray) -> FloatArray:
        """``U @ W.T`` (m x k)."""
        return self.values @ weights.T


@dataclass(frozen=True, slots=True)
class TopsisScorer:
    """Batched TOPSIS: with non-negative weights the weighted ideal is ``w_j max_i r_ij``, so

    ``D+_i(w)^2 = sum_j w_j^2 (r_ij - max_i r_ij)^2`` - two matrix products for k weight vectors.
    """

    gap_plus: FloatArray  # (r - max r)^2, m x n
    gap_minus: FloatArray  # (r - min r)^2, m x n

    @property
    def linear(self) -> bool:
        """False, but closeness is still invariant to scaling w."""
        return False

    def batch(self, weights: FloatArray) -> FloatArray:
        """Closeness (m x k)."""
        w2 = (weights * weights).T
        dp = np.sqrt(self.gap_plus @ w2)
        dm = np.sqrt(self.gap_minus @ w2)
        total = dp + dm
        return np.where(total > 0, dm / np.where(total > 0, total, 1.0), 0.5)


def partial_values(spec: MethodSpec, matrix: FloatArray, benefit: BoolArray) -> FloatArray:
    """U with score = U @ w for linear methods (WSM, PROMETHEE II, AHP synthesis)."""
    if isinstance(spec, Wsm):
        return normalise(matrix, benefit, spec.normalisation)
    if isinstance(spec, Promethee2):
        return promethee_criterion_flows(matrix, benefit, spec.preferences)
    if isinstance(spec, AhpSynthesis):
        return ahp_values(matrix, spec.synthesis)
    raise TypeError(f"{spec.name} is not linear in the weights")


def make_scorer(spec: MethodSpec, matrix: FloatArray, benefit: BoolArray) -> Scorer:
    """A batch scorer for ``spec`` on this matrix (used by SMAA, stability, group analysis)."""
    if isinstance(spec, Topsis):
        r = normalise(matrix, benefit, spec.normalisation)
        return TopsisScorer((r - r.max(axis=0)) ** 2, (r - r.min(axis=0)) ** 2)
    return LinearScorer(partial_values(spec, matrix, benefit))


def evaluate(
    spec: MethodSpec, matrix: FloatArray, benefit: BoolArray, weights: FloatArray
) -> tuple[FloatArray, dict[str, Any]]:
    """Scores of one method and its intermediate values worth reporting (arrays are converted
    to lists only when a result is serialised, which keeps a solve fast)."""
    if isinstance(spec, Wsm):
        return normalise(matrix, benefit, spec.normalisation) @ weights, {}
    if isinstance(spec, Topsis):
        c, det = topsis_full(matrix, weights, benefit, spec.normalisation)
        return c, {"d_plus": det.d_plus, "d_minus": det.d_minus}
    if isinstance(spec, Promethee2):
        flows = promethee_criterion_flows(matrix, benefit, spec.preferences)
        return flows @ weights, {"criterion_net_flows": flows}
    values = ahp_values(matrix, spec.synthesis)
    return values @ weights, {"local_priorities": matrix}
