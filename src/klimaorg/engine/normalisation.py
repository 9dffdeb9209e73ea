"""Column normalisations that turn raw performances into benefit-oriented values.

Every function returns values where *higher is better* for every criterion, so aggregation
never needs to know the direction again. Cost (``min``) criteria are handled here, once:

=========  ==========================  ==============================  ===================
name       benefit (``max``)           cost (``min``)                  invariant under
=========  ==========================  ==============================  ===================
``max``    ``x / max x``               ``1 - x / max x``               ``x -> c x, c > 0``
``minmax`` ``(x - min) / (max - min)`` ``(max - x) / (max - min)``     ``x -> c x + d``
``sum``    ``x / sum x``               ``(1/x) / sum(1/x)``            ``x -> c x, c > 0``
``vector`` ``x / ||x||_2``             ``1 - x / ||x||_2``             ``x -> c x, c > 0``
``none``   ``x``                       ``-x``                          (nothing)
=========  ==========================  ==============================  ===================

Sources: linear ``max`` and ``sum`` scales and vector normalisation as in Hwang & Yoon (1981),
*Multiple Attribute Decision Making*, Springer, pp. 29-31; the cost forms are those of
pymcdm 1.4 (``pymcdm.normalizations``), so cross-checks compare like with like. ``1 - x/max``
keeps a cost criterion *linear* (an additive value model needs linear value functions),
unlike ``min/x``. A constant ``minmax`` column becomes all ones (it cannot discriminate).
``none`` is for commensurate raw scores (Triantaphyllou's WSM example); cost is negated.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

from klimaorg.engine.errors import ProblemError

NORMALISATIONS: Final = ("max", "minmax", "sum", "vector", "none")

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def _first_bad(mask: BoolArray) -> tuple[int, int]:
    i, j = np.argwhere(mask)[0]
    return int(i), int(j)


def _require(bad: BoolArray, kind: str, what: str) -> None:
    if bad.any():  # pragma: no branch
        i, j = _first_bad(bad)
        raise ProblemError(
            f"matrix[{i}][{j}]",
            f"die Normalisierung '{kind}' braucht {what} (method.normalisation ändern)",
        )


def normalise(matrix: FloatArray, benefit: BoolArray, kind: str) -> FloatArray:
    """Normalise every column of ``matrix`` (rows = alternatives) to benefit orientation.

    ``benefit[j]`` is True for a ``max`` criterion. Raises :class:`ProblemError` naming the
    first offending cell when the normalisation is undefined for the data (e.g. ``sum`` with a
    zero cost value).
    """
    x = matrix
    if kind == "max":
        if x.min() < 0:
            _require(x < 0, kind, "nicht-negative Werte")
        top = x.max(axis=0)
        top = np.where(top > 0, top, 1.0)
        r = x / top
        return np.where(benefit, r, 1.0 - r)
    if kind == "vector":
        norm = np.sqrt((x * x).sum(axis=0))
        norm = np.where(norm > 0, norm, 1.0)
        r = x / norm
        return np.where(benefit, r, 1.0 - r)
    if kind == "minmax":
        lo = x.min(axis=0)
        span = x.max(axis=0) - lo
        flat = span <= 0
        span = np.where(flat, 1.0, span)
        r = (x - lo) / span
        r = np.where(benefit, r, 1.0 - r)
        return np.where(flat, 1.0, r)
    if kind == "sum":
        _require((x < 0) & benefit, kind, "nicht-negative Werte")
        _require((x <= 0) & ~benefit, kind, "positive Werte bei min-Kriterien")
        safe = np.where(benefit, x, np.where(x > 0, x, 1.0))
        y = np.where(benefit, safe, 1.0 / safe)
        total = y.sum(axis=0)
        total = np.where(total > 0, total, 1.0)
        return y / total
    if kind == "none":
        return np.where(benefit, x, -x)
    raise ProblemError(
        "method.normalisation",
        f"unbekannte Normalisierung '{kind}' (erlaubt: {', '.join(NORMALISATIONS)})",
    )
