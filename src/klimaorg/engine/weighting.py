"""Criterion weights from the ways people actually express importance.

* :func:`direct_weights` - numbers, normalised to sum 1 (the result says so).
* :func:`rating_weights` - importance ratings on any non-negative scale, ``w = r / sum r``.
* :func:`rank_order_weights` - a rank order turned into surrogate weights: rank-order
  centroid (ROC, Barron & Barrett 1996, Management Science 42(11):1515-1523), rank sum
  (Stillwell, Seaver & Edwards 1981) or rank reciprocal; tied ranks share the mean weight
  of the positions they occupy.
* :func:`swing_weights` - SWING points (the most important swing from worst to best gets 100,
  the others points relative to it), ``w = points / sum`` (von Winterfeldt & Edwards 1986,
  *Decision Analysis and Behavioral Research*, pp. 286-288).
* :func:`ahp_weights` - AHP pairwise comparisons: principal right eigenvector (Saaty 1980),
  consistency index ``CI = (lambda_max - n) / (n - 1)``, ratio ``CR = CI / RI(n)`` with a
  named random-index table, flagged above 0.1, and the judgements that contribute most to
  the inconsistency.

*Which judgement to revisit:* with priorities ``w`` define ``e_ij = a_ij w_j / w_i`` (1 for a
perfectly consistent judgement). Then exactly ``lambda_max - n = (1/n) sum_{i<j} (e_ij +
1/e_ij - 2)`` (Saaty 2003, EJOR 145(1):85-91, sect. 3), so each pair's term is its share of
the inconsistency; the judgement ``w_i / w_j`` would remove it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from klimaorg.engine.errors import ProblemError

FloatArray = NDArray[np.float64]

CR_THRESHOLD: Final = 0.1
RECIPROCAL_RTOL: Final = 0.02

#: Random consistency indices RI(n). Sources (as collected in the project's reference file):
#: saaty1980 - Saaty (1980) *The Analytic Hierarchy Process*, McGraw-Hill (n <= 10; n = 11..15
#: as in pyDecision); saaty2005 - Saaty (2005) *Theory and Applications of the ANP*, RWS, p. 31
#: (as in AHPy); donegan_dodd1991 - Donegan & Dodd (1991) Math. Comput. Modelling
#: 15(10):135-137 (AHPy's default); tummala_ling1998 - Tummala & Ling (1998) Theory and
#: Decision 44(3):221-230 (as in pymcdm). RI(1) = RI(2) = 0: such matrices are always
#: consistent, so their CR is reported as 0.
RANDOM_INDEX: Final[dict[str, dict[int, float]]] = {
    "saaty1980": {
        3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49,
        11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59,
    },
    "saaty2005": {
        3: 0.52, 4: 0.89, 5: 1.11, 6: 1.25, 7: 1.35, 8: 1.40, 9: 1.45, 10: 1.49,
        11: 1.52, 12: 1.54, 13: 1.56, 14: 1.58, 15: 1.59,
    },
    "donegan_dodd1991": {
        3: 0.4914, 4: 0.8286, 5: 1.0591, 6: 1.1797, 7: 1.2519, 8: 1.3171, 9: 1.3733,
        10: 1.4055, 11: 1.4213, 12: 1.4497, 13: 1.4643, 14: 1.4822, 15: 1.4969,
    },
    "tummala_ling1998": {
        3: 0.5799, 4: 0.8921, 5: 1.1159, 6: 1.2358, 7: 1.3322, 8: 1.3952, 9: 1.4537,
        10: 1.4882, 11: 1.5117, 12: 1.5356, 13: 1.5571, 14: 1.5714, 15: 1.5831,
    },
}  # fmt: skip

RANDOM_INDEX_SOURCES: Final[dict[str, str]] = {
    "saaty1980": "Saaty (1980) The Analytic Hierarchy Process, McGraw-Hill",
    "saaty2005": "Saaty (2005) Theory and Applications of the Analytic Network Process, p. 31",
    "donegan_dodd1991": "Donegan & Dodd (1991) Math. Comput. Modelling 15(10):135-137",
    "tummala_ling1998": "Tummala & Ling (1998) Theory and Decision 44(3):221-230",
}

RANDOM_INDEX_ALIASES: Final[dict[str, str]] = {
    "saaty": "saaty1980",
    "saaty_1980": "saaty1980",
    "saaty_2005": "saaty2005",
    "saaty_2005_anp": "saaty2005",
    "donegan_dodd": "donegan_dodd1991",
    "donegan_dodd_1991": "donegan_dodd1991",
    "dd": "donegan_dodd1991",
    "tummala_ling": "tummala_ling1998",
    "tummala_ling_1998": "tummala_ling1998",
}

RANK_FORMULAS: Final = ("roc", "rank_sum", "rank_reciprocal")


# ---------------------------------------------------------------------------- simple weights


@dataclass(frozen=True, slots=True)
class Weights:
    """Normalised weights and how they were obtained (stated in every result)."""

    values: FloatArray
    method: str
    normalised: bool  # True when the input did not already sum to 1
    params: dict[str, Any] = field(default_factory=dict)
    ahp: AhpWeights | None = None

    def to_dict(self) -> dict[str, Any]:
        """Weights, method, parameters and - for AHP - the consistency report."""
        out: dict[str, Any] = {"method": self.method, "weights": self.values.tolist()}
        out.update(
            {k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in self.params.items()}
        )
        out["weights_normalised"] = self.normalised
        if self.ahp is not None:
            out["consistency"] = self.ahp.to_dict()
        return out


def _normalise(values: FloatArray, field_name: str) -> tuple[FloatArray, bool]:
    if values.ndim != 1 or values.size == 0:
        raise ProblemError(field_name, "erwartet eine nicht-leere Liste von Zahlen")
    total = float(values.sum())
    if not np.isfinite(total):
        j = int(np.argmin(np.isfinite(values)))
        raise ProblemError(f"{field_name}[{j}]", "muss eine endliche Zahl sein")
    if values.min() < 0:
        j = int(np.argmax(values < 0))
        raise ProblemError(f"{field_name}[{j}]", "darf nicht negativ sein")
    if total <= 0:
        raise ProblemError(field_name, "die Summe muss positiv sein")
    return values / total, abs(total - 1.0) > 1e-9


def direct_weights(values: Sequence[float] | FloatArray, field_name: str = "weights") -> Weights:
    """Direct weights, normalised to sum 1; ``normalised`` tells whether that changed them."""
    raw = np.asarray(values, dtype=np.float64)
    w, changed = _normalise(raw, field_name)
    return Weights(w, "direct", changed, {"input": raw})


def rating_weights(
    ratings: Sequence[float] | FloatArray, field_name: str = "weights.ratings"
) -> Weights:
    """Importance ratings (e.g. 1-5) as weights proportional to the rating."""
    w, _ = _normalise(np.asarray(ratings, dtype=np.float64), field_name)
    return Weights(w, "ratings", True, {"ratings": np.asarray(ratings, dtype=float).tolist()})


def swing_weights(
    points: Sequence[float] | FloatArray, field_name: str = "weights.points"
) -> Weights:
    """SWING: points for each criterion's worst-to-best swing (best swing = 100) -> weights."""
    w, _ = _normalise(np.asarray(points, dtype=np.float64), field_name)
    return Weights(w, "swing", True, {"points": np.asarray(points, dtype=float).tolist()})


def rank_position_weights(n: int, formula: str = "roc") -> FloatArray:
    """Surrogate weights of positions 1..n (most important first) for a strict order."""
    r = np.arange(1, n + 1, dtype=np.float64)
    if formula == "roc":
        inv = 1.0 / r
        return np.cumsum(inv[::-1])[::-1] / n
    if formula == "rank_sum":
        return 2.0 * (n + 1 - r) / (n * (n + 1))
    if formula == "rank_reciprocal":
        return (1.0 / r) / np.sum(1.0 / r)
    raise ProblemError(
        "weights.formula", f"unbekannte Formel '{formula}' (erlaubt: {', '.join(RANK_FORMULAS)})"
    )


def rank_order_weights(groups: Sequence[Sequence[int]], n: int, formula: str = "roc") -> Weights:
    """Weights from a rank order given as groups of criterion indices, most important first.

    ``[[2], [0, 1], [3]]`` means criterion 2 first, 0 and 1 tied second, 3 last. A tied group
    occupying positions r..r+t-1 gets the mean of those positions' weights, which keeps the sum
    at 1 and treats the tied criteria alike.
    """
    seen = [j for g in groups for j in g]
    if sorted(seen) != list(range(n)):
        raise ProblemError("weights.order", "muss jedes Kriterium genau einmal nennen")
    pos = rank_position_weights(n, formula)
    w = np.empty(n)
    start = 0
    for g in groups:
        share = float(pos[start : start + len(g)].mean())
        for j in g:
            w[j] = share
        start += len(g)
    return Weights(w, "rank_order", False, {"formula": formula})


# ---------------------------------------------------------------------------- AHP


@dataclass(frozen=True, slots=True)
class Judgement:
    """One judgement ``a[row][column]`` and how much of the inconsistency it causes."""

    row: int
    column: int
    value: float
    consistent_value: float  # w_row / w_column: the judgement that would be consistent
    share: float  # its share of lambda_max - n (all pairs sum to 1)

    def to_dict(self, labels: Sequence[str] | None = None) -> dict[str, Any]:
        """Plain dict; ``labels`` name the compared items."""
        out: dict[str, Any] = {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "consistent_value": self.consistent_value,
            "share": self.share,
        }
        if labels is not None:
            out["items"] = [labels[self.row], labels[self.column]]
        return out


@dataclass(frozen=True, slots=True)
class AhpWeights:
    """Priorities of one pairwise comparison matrix with its consistency report."""

    weights: FloatArray
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    random_index: str
    random_index_value: float
    revisit: tuple[Judgement, ...]
    threshold: float = CR_THRESHOLD
    matrix: FloatArray | None = None  # the judgements as given

    @property
    def acceptable(self) -> bool:
        """CR at most the threshold 0.1 (Saaty 1980)."""
        return self.consistency_ratio <= self.threshold

    def to_dict(self, labels: Sequence[str] | None = None) -> dict[str, Any]:
        """Plain dict with priorities, lambda_max, CI, CR, RI table and judgements to revisit."""
        return {
            "priorities": self.weights.tolist(),
            "lambda_max": self.lambda_max,
            "consistency_index": self.consistency_index,
            "consistency_ratio": self.consistency_ratio,
            "random_index": self.random_index,
            "random_index_value": self.random_index_value,
            "random_index_source": RANDOM_INDEX_SOURCES[self.random_index],
            "threshold": self.threshold,
            "acceptable": self.acceptable,
            "revisit": [j.to_dict(labels) for j in self.revisit],
        }


def random_index_name(name: object, field_name: str = "weights.random_index") -> str:
    """Canonical table name for ``name`` (aliases as in the reference file are accepted)."""
    if isinstance(name, str):
        key = RANDOM_INDEX_ALIASES.get(name, name)
        if key in RANDOM_INDEX:
            return key
    raise ProblemError(
        field_name, f"unbekannte RI-Tabelle {name!r} (erlaubt: {', '.join(RANDOM_INDEX)})"
    )


def random_index(n: int, table: str = "saaty1980", field_name: str = "weights") -> float:
    """RI(n) from the named table; 0 for n <= 2."""
    if n <= 2:
        return 0.0
    values = RANDOM_INDEX[random_index_name(table, field_name + ".random_index")]
    if n not in values:
        raise ProblemError(field_name, f"für n = {n} hat die RI-Tabelle '{table}' keinen Wert")
    return values[n]


def check_pairwise(matrix: FloatArray, n: int, field_name: str) -> FloatArray:
    """Validate a pairwise comparison matrix: n x n, positive, finite, 1 on the diagonal,
    reciprocal ``a_ji = 1 / a_ij`` within 2 % (so ``0.33`` for 1/3 is accepted)."""
    a = np.asarray(matrix, dtype=np.float64)
    if a.shape != (n, n):
        raise ProblemError(field_name, f"muss eine {n}×{n}-Matrix sein, ist {_shape(a)}")
    bad = ~np.isfinite(a) | (a <= 0)
    if bad.any():
        i, j = (int(k) for k in np.argwhere(bad)[0])
        raise ProblemError(f"{field_name}[{i}][{j}]", "muss eine positive endliche Zahl sein")
    diag = np.abs(np.diag(a) - 1.0) > 1e-9
    if diag.any():
        i = int(np.argmax(diag))
        raise ProblemError(f"{field_name}[{i}][{i}]", "die Diagonale muss 1 sein")
    off = np.abs(a * a.T - 1.0) > RECIPROCAL_RTOL
    if off.any():
        i, j = (int(k) for k in np.argwhere(off)[0])
        raise ProblemError(
            f"{field_name}[{j}][{i}]",
            f"nicht reziprok: {a[j, i]:g} sollte 1/{a[i, j]:g} = {1 / a[i, j]:.4g} sein",
        )
    return a


def _shape(a: FloatArray) -> str:
    return "×".join(str(s) for s in a.shape) if a.ndim else "keine Matrix"


def principal_eigenvector(a: FloatArray) -> tuple[FloatArray, float]:
    """Perron eigenvector (normalised to sum 1) and eigenvalue of a positive matrix."""
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    v = np.abs(vecs[:, k].real)
    return v / v.sum(), float(vals[k].real)


def ahp_weights(
    pairwise: FloatArray | Sequence[Sequence[float]],
    random_index_table: str = "saaty1980",
    *,
    field_name: str = "weights.pairwise",
    revisit: int = 3,
) -> AhpWeights:
    """AHP priorities by the exact principal eigenvector, with CI, CR and what to revisit.

    ``revisit`` judgements (upper triangle) with the largest share of ``lambda_max - n`` are
    named, largest first; none when the matrix is consistent.
    """
    try:
        a = np.asarray(pairwise, dtype=np.float64)
    except (TypeError, ValueError):  # ragged rows or non-numbers (a profile's raw list)
        raise ProblemError(
            field_name, "muss eine quadratische Matrix aus Zahlen sein (n Zeilen mit je n Werten)"
        ) from None
    n = a.shape[0] if a.ndim == 2 else 0
    a = check_pairwise(a, n, field_name) if n else check_pairwise(a, 1, field_name)
    table = random_index_name(random_index_table, field_name.rsplit(".", 1)[0] + ".random_index")
    if n == 1:
        return AhpWeights(np.ones(1), 1.0, 0.0, 0.0, table, 0.0, (), matrix=a)
    w, lam = principal_eigenvector(a)
    ci = max(0.0, (lam - n) / (n - 1))
    ri = random_index(n, table, field_name.rsplit(".", 1)[0])
    cr = ci / ri if ri > 0 else 0.0
    return AhpWeights(w, lam, ci, cr, table, ri, _worst_judgements(a, w, revisit), matrix=a)


def _worst_judgements(a: FloatArray, w: FloatArray, count: int) -> tuple[Judgement, ...]:
    n = a.shape[0]
    iu, ju = np.triu_indices(n, 1)
    e = a[iu, ju] * w[ju] / w[iu]
    term = e + 1.0 / e - 2.0
    total = float(term.sum())
    if total <= 1e-12:
        return ()
    order = np.argsort(-term, kind="stable")[:count]
    return tuple(
        Judgement(
            int(iu[k]), int(ju[k]), float(a[iu[k], ju[k]]), float(w[iu[k]] / w[ju[k]]),
            float(term[k] / total),
        )
        for k in order
    )  # fmt: skip


def geometric_mean_matrix(
    matrices: Sequence[FloatArray], weights: FloatArray | None = None
) -> FloatArray:
    """Element-wise (weighted) geometric mean of pairwise matrices - AIJ (Aczél & Saaty 1983).

    It is the only aggregation that keeps reciprocity (Forman & Peniwati 1998, EJOR 108:165-169).
    """
    k = len(matrices)
    lam = np.full(k, 1.0 / k) if weights is None else np.asarray(weights) / np.sum(weights)
    logs = np.stack([np.log(m) for m in matrices])
    return np.asarray(np.exp(np.tensordot(lam, logs, axes=1)), dtype=np.float64)
