"""Cross-check against pymcdm 1.4 on random problems (hypothesis): same rankings.

Corresponding settings (checked in pymcdm's source, ``pymcdm/normalizations.py``):

* our WSM ``max``   = ``WSM(max_normalization)``    (benefit x/max, cost 1 - x/max)
* our WSM ``minmax``= ``WSM(minmax_normalization)`` (constant column -> ones in both)
* our WSM ``sum``   = ``WSM(sum_normalization)``    (cost (1/x)/sum(1/x))
* our WSM ``vector``= ``WSM(vector_normalization)`` (cost 1 - x/||x||)
* our TOPSIS ``vector`` = ``TOPSIS(vector_normalization)`` (pymcdm's cost form 1 - x/||x|| is a
  reflection, so distances equal the textbook ones with the ideal at the column minimum)
* our PROMETHEE II ``usual``/``u-shape``/``v-shape``/``level``/``linear`` =
  ``PROMETHEE_II('usual'|'ushape'|'vshape'|'level'|'vshape_2', p, q)``.

Scores are compared, and rankings wherever no two scores are closer than 1e-9 (pymcdm ranks
ties by averaging, we by competition ranking - a tie is not a disagreement of the methods).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from pymcdm import normalizations as pn
from pymcdm.methods import PROMETHEE_II, TOPSIS, WSM

from klimaorg.engine import promethee2, rank_scores, topsis, wsm
from klimaorg.engine.aggregation import Preference

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # pymcdm dominance notes

PYMCDM_NORM = {
    "max": pn.max_normalization,
    "minmax": pn.minmax_normalization,
    "sum": pn.sum_normalization,
    "vector": pn.vector_normalization,
}


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m = draw(st.integers(2, 7))
    n = draw(st.integers(1, 6))
    matrix = draw(arrays(np.float64, (m, n), elements=st.floats(0.5, 100.0)))
    weights = draw(arrays(np.float64, (n,), elements=st.floats(0.01, 1.0)))
    types = draw(arrays(np.int64, (n,), elements=st.sampled_from([1, -1])))
    return matrix, weights / weights.sum(), types


def _same_order(ours: np.ndarray, theirs: np.ndarray) -> None:
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
    gaps = np.abs(ours[:, None] - ours[None, :])[~np.eye(ours.size, dtype=bool)]
    if gaps.size == 0 or gaps.min() > 1e-9:
        theirs_rank = rank_scores(theirs)
        np.testing.assert_array_equal(rank_scores(ours), theirs_rank)


def _dirs(types: np.ndarray) -> list[str]:
    return ["max" if t == 1 else "min" for t in types]


@settings(max_examples=60, deadline=None)
@given(problems(), st.sampled_from(sorted(PYMCDM_NORM)))
def test_wsm_matches_pymcdm(p: tuple[np.ndarray, np.ndarray, np.ndarray], norm: str) -> None:
    matrix, weights, types = p
    theirs = WSM(PYMCDM_NORM[norm])(matrix, weights, types)
    _same_order(wsm(matrix, weights, _dirs(types), norm), theirs)


@settings(max_examples=60, deadline=None)
@given(problems())
def test_topsis_matches_pymcdm(p: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    matrix, weights, types = p
    if np.ptp(matrix, axis=0).max() == 0:
        return  # all alternatives identical: pymcdm divides 0 by 0
    theirs = TOPSIS(pn.vector_normalization)(matrix, weights, types)
    _same_order(topsis(matrix, weights, _dirs(types), "vector"), theirs)


PREFS = {"usual": "usual", "u-shape": "ushape", "v-shape": "vshape", "level": "level",
         "linear": "vshape_2"}  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(problems(), st.sampled_from(sorted(PREFS)), st.floats(0.0, 5.0), st.floats(0.5, 30.0))
def test_promethee2_matches_pymcdm(
    p: tuple[np.ndarray, np.ndarray, np.ndarray], kind: str, q: float, extra: float
) -> None:
    matrix, weights, types = p
    n = matrix.shape[1]
    pp = q + extra
    theirs = PROMETHEE_II(PREFS[kind], p=[pp] * n, q=[q] * n)(matrix, weights, types)
    ours = promethee2(matrix, weights, _dirs(types), [Preference(kind, q, pp)] * n)
    _same_order(ours, theirs)
