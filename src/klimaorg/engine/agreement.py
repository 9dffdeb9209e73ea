"""Agreement between rankings: Kendall's tau-b and Kendall's W.

*Why:* if WSM, TOPSIS and PROMETHEE II rank the same problem differently, the result depends
on the method and a user should know. Kendall's tau-b (Kendall 1945, Biometrika 33(3):239-251)
compares two rankings and accounts for ties; Kendall's W (Kendall & Babington Smith 1939,
Ann. Math. Statist. 10(3):275-287) measures concordance among several rankings, with the
usual tie correction ``W = 12 S / (k^2 (n^3 - n) - k sum T)``, ``T = sum (t^3 - t)`` over
groups of t tied alternatives in each ranking (mid-ranks used).

For many rankings (a workshop of 1,000 people) everything here is linear in the number of
rankings k: W needs only the column sums of the mid-ranks; the tau-b of every ranking with a
reference, and each ranking's mean tau-b with all the others, need each ranking's vector of
pair signs ``d_i`` (n (n - 1) / 2 entries) once, because
``sum_j tau_b(i, j) = u_i · (sum_j u_j - u_i)`` with ``u_j = d_j / sqrt(nonzero(d_j))`` - no
loop over pairs of rankings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def kendall_tau_b(a: ArrayLike, b: ArrayLike) -> float | None:
    """Kendall's tau-b of two rankings (or scores) of the same items; ``None`` if undefined
    (one of them ranks everything equal)."""
    x = np.asarray(a, dtype=np.float64)
    y = np.asarray(b, dtype=np.float64)
    iu, ju = np.triu_indices(x.size, 1)
    dx = np.sign(x[iu] - x[ju])
    dy = np.sign(y[iu] - y[ju])
    n0 = dx.size
    denom = np.sqrt(float(np.count_nonzero(dx)) * float(np.count_nonzero(dy)))
    if n0 == 0 or denom == 0:
        return None
    return float(np.sum(dx * dy) / denom)


def mid_ranks_rows(rankings: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Mid-ranks of every row and, per entry, the size of its tie group (1 = untied)."""
    r = np.asarray(rankings, dtype=np.float64)
    less = (r[:, None, :] < r[:, :, None]).sum(axis=2)
    equal = (r[:, None, :] == r[:, :, None]).sum(axis=2)
    return less + (equal + 1) / 2.0, equal.astype(np.float64)


def kendall_w(rankings: ArrayLike) -> float | None:
    """Kendall's W of k rankings (rows) of n items (1 = best); ``None`` if undefined.

    From the rank sums with the tie correction: a tie group of t items contributes
    ``t^3 - t``, i.e. ``t^2 - 1`` for each of its t members."""
    r = np.asarray(rankings, dtype=np.float64)
    if r.ndim != 2:
        return None
    k, n = r.shape
    if k < 2 or n < 2:
        return None
    mr, group = mid_ranks_rows(r)
    totals = mr.sum(axis=0)
    s = float(((totals - totals.mean()) ** 2).sum())
    ties = float((group**2 - 1.0).sum())
    denom = k * k * (n**3 - n) - k * ties
    if denom <= 0:
        return None
    return float(12.0 * s / denom)


def pair_signs(rankings: ArrayLike) -> FloatArray:
    """Per row, the sign of ``x[a] - x[b]`` for every pair a < b of items."""
    r = np.asarray(rankings, dtype=np.float64)
    iu, ju = np.triu_indices(r.shape[-1], 1)
    return np.asarray(np.sign(r[..., iu] - r[..., ju]), dtype=np.float64)


def tau_b_to(rankings: ArrayLike, reference: ArrayLike) -> list[float | None]:
    """Kendall's tau-b of each row of ``rankings`` with ``reference`` (linear in the rows)."""
    d = pair_signs(rankings)
    ref = pair_signs(reference)
    nz = np.count_nonzero(d, axis=1).astype(np.float64)
    denom = np.sqrt(nz * float(np.count_nonzero(ref)))
    num = d @ ref
    return [None if q == 0 else float(v / q) for v, q in zip(num, denom, strict=True)]


def mean_tau_b_to_others(rankings: ArrayLike) -> list[float | None]:
    """Each row's mean Kendall tau-b with every other row, over the pairs where tau-b is
    defined, without a loop over pairs: ``sum_j tau_b(i, j) = u_i · (U - u_i)``."""
    d = pair_signs(rankings)
    nz = np.count_nonzero(d, axis=1)
    defined = nz > 0
    u = np.zeros_like(d)
    u[defined] = d[defined] / np.sqrt(nz[defined])[:, None]
    total = u.sum(axis=0)
    sums = (u * (total[None, :] - u)).sum(axis=1)
    others = int(defined.sum()) - 1
    return [
        float(v / others) if ok and others > 0 else None
        for v, ok in zip(sums, defined, strict=True)
    ]


@dataclass(frozen=True, slots=True)
class Agreement:
    """Rankings of several methods on one problem and their pairwise Kendall's tau-b."""

    methods: tuple[dict[str, Any], ...]
    scores: FloatArray  # methods x alternatives
    rankings: NDArray[np.int64]  # methods x alternatives
    tau: FloatArray  # methods x methods (NaN if undefined)
    kendall_w: float | None

    @property
    def same_winner(self) -> bool:
        """True if every method ranks the same alternative(s) first."""
        firsts = {tuple(np.flatnonzero(r == 1)) for r in self.rankings}
        return len(firsts) == 1

    def to_dict(self) -> dict[str, Any]:
        """Plain dict; NaN becomes ``None``."""
        off = self.tau[~np.eye(self.tau.shape[0], dtype=bool)]
        off = off[~np.isnan(off)]
        return {
            "methods": list(self.methods),
            "scores": self.scores.tolist(),
            "rankings": self.rankings.tolist(),
            "kendall_tau": [[None if np.isnan(v) else float(v) for v in row] for row in self.tau],
            "min_kendall_tau": float(off.min()) if off.size else None,
            "kendall_w": self.kendall_w,
            "same_winner": self.same_winner,
            "correlation": "kendall_tau_b",
        }


def tau_matrix(rankings: NDArray[np.int64]) -> FloatArray:
    """Pairwise tau-b between the rows of ``rankings``."""
    k = rankings.shape[0]
    out = np.eye(k)
    for i in range(k):
        for j in range(i + 1, k):
            t = kendall_tau_b(rankings[i], rankings[j])
            out[i, j] = out[j, i] = np.nan if t is None else t
    return out
