"""One tie rule for every method: standard competition ranking ("1224").

*Why one rule:* methods and libraries disagree on ties (scikit-criteria ranks a tie
``[2, 1, 1]``, pymcdm's ``rankdata`` gives ``[3, 1.5, 1.5]``); a user comparing methods must
see differences of the methods, not of the bookkeeping.

Rule: higher score is better; the rank of an alternative is 1 plus the number of alternatives
whose score is *strictly* higher by more than the tolerance
``TIE_RTOL * max(1, max |score|)``. Alternatives within that tolerance share the better rank
and the next rank is skipped ("1, 1, 3"). The tolerance absorbs floating-point noise only
(e.g. ``0.1 + 0.2`` vs ``0.3``), never real differences.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

TIE_RTOL = 1e-9
TIE_RULE = "competition"


def tie_tolerance(scores: NDArray[np.float64]) -> float:
    """Absolute tolerance below which two scores count as tied."""
    if scores.size == 0:
        return TIE_RTOL
    return TIE_RTOL * max(1.0, float(np.max(np.abs(scores))))


def rank_scores(scores: NDArray[np.float64]) -> NDArray[np.int64]:
    """Competition ranks (1 = best) of ``scores`` where higher is better."""
    s = np.asarray(scores, dtype=np.float64)
    values = s.tolist()  # Python max/min on a handful of floats beat numpy's call overhead
    tol = TIE_RTOL * max(1.0, max(values), -min(values)) if values else TIE_RTOL
    better = np.count_nonzero(s > s[:, None] + tol, axis=1)
    return np.asarray(better, dtype=np.int64) + 1


def mid_ranks(ranks: NDArray[np.int64] | NDArray[np.float64]) -> NDArray[np.float64]:
    """Average ("fractional") ranks of the same order, as rank statistics need.

    Competition ranks ``1, 1, 3`` become ``1.5, 1.5, 3``: Kendall's W and similar statistics
    assume ranks that sum to ``n (n + 1) / 2``.
    """
    r = np.asarray(ranks, dtype=np.float64)
    less = (r[None, :] < r[:, None]).sum(axis=1)
    equal = (r[None, :] == r[:, None]).sum(axis=1)
    return np.asarray(less + (equal + 1) / 2.0, dtype=np.float64)
