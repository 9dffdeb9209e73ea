"""Agreement between rankings: Kendall's tau-b and Kendall's W.

*Why:* if WSM, TOPSIS and PROMETHEE II rank the same problem differently, the result depends
on the method and a user should know. Kendall's tau-b (Kendall 1945, Biometrika 33(3):239-251)
compares two rankings and accounts for ties; Kendall's W (Kendall & Babington Smith 1939,
Ann. Math. Statist. 10(3):275-287) measures concordance among several rankings, with the
usual tie correction ``W = 12 S / (k^2 (n^3 - n) - k sum T)``, ``T = sum (t^3 - t)`` over
groups of t tied alternatives in each ranking (mid-ranks used).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from klimaorg.engine.ranking import mid_ranks

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


def kendall_w(rankings: ArrayLike) -> float | None:
    """Kendall's W of k rankings (rows) of n items (1 = best); ``None`` if undefined."""
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
    if denom <= 0:
        return None
    return float(12.0 * s / denom)


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
