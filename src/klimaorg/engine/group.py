"""Group decisions: several participants' weights or AHP judgements made into one.

Aggregation rules (Forman & Peniwati 1998, EJOR 108(1):165-169):

* ``mean`` - arithmetic mean of the participants' (normalised) weight vectors;
* ``aij`` - aggregation of individual judgements: element-wise geometric mean of the AHP
  matrices, then the principal eigenvector (Aczél & Saaty 1983); needs AHP input from all;
* ``aip`` - aggregation of individual priorities: geometric mean of the participants'
  weight vectors, renormalised (needs positive weights).

Participant weights ``lambda`` (default equal) weight every rule.

Consensus is Kendall's W over the rankings of the alternatives each participant's weights
produce (not over the weights themselves: what matters is whether they would choose alike).
The participant whose view departs most is the one whose ranking has the lowest mean Kendall
tau-b with the other participants' rankings (independent of the aggregation rule); ties are
broken by the larger Euclidean distance between their weights and the group weights. The tau
with the group ranking is reported as well.

Everything is linear in the number of participants (a workshop may have 1,000): one batch of
scores, ranks of all participants at once, W from the rank sums, and the mean tau-b with the
others as each participant's distance to the group's summed pair preferences
(:func:`klimaorg.engine.agreement.mean_tau_b_to_others`) - the same values as comparing every
pair, without the pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from klimaorg.engine.aggregation import Scorer
from klimaorg.engine.agreement import kendall_w, mean_tau_b_to_others, tau_b_to
from klimaorg.engine.errors import ProblemError
from klimaorg.engine.ranking import TIE_RTOL, rank_scores
from klimaorg.engine.weighting import AhpWeights, ahp_weights, geometric_mean_matrix

FloatArray = NDArray[np.float64]
GROUP_RULES: Final = ("mean", "aij", "aip")
KEY_DIGITS: Final = 12  # mean taus equal to this many digits count as a tie (float noise)


def aggregate_weights(
    weights: Sequence[FloatArray] | FloatArray,
    rule: str = "mean",
    participant_weights: FloatArray | None = None,
) -> FloatArray:
    """Group weights from participants' weight vectors (rows) by ``mean`` or ``aip``."""
    w = np.asarray(weights, dtype=np.float64)
    w = w / w.sum(axis=1, keepdims=True)
    k = w.shape[0]
    lam = (
        np.full(k, 1.0 / k)
        if participant_weights is None
        else participant_weights / np.sum(participant_weights)
    )
    if rule == "mean":
        return np.asarray(lam @ w, dtype=np.float64)
    if rule == "aip":
        if np.any(w <= 0):
            i, j = (int(v) for v in np.argwhere(w <= 0)[0])
            raise ProblemError(
                f"weights.participants[{i}].weights",
                f"'aip' (geometrisches Mittel) braucht positive Gewichte; Kriterium {j} hat 0",
            )
        g = np.exp(lam @ np.log(w))
        return np.asarray(g / g.sum(), dtype=np.float64)
    raise ProblemError(
        "weights.aggregation", f"unbekannte Regel {rule!r} (erlaubt: {', '.join(GROUP_RULES)})"
    )


def aggregate_judgements(
    matrices: Sequence[FloatArray],
    random_index_table: str = "saaty1980",
    participant_weights: FloatArray | None = None,
) -> AhpWeights:
    """AIJ: geometric mean of the pairwise matrices, then AHP priorities and consistency."""
    gm = geometric_mean_matrix(matrices, participant_weights)
    return ahp_weights(gm, random_index_table, field_name="weights.participants")


@dataclass(frozen=True, slots=True)
class Consensus:
    """How far participants agree on the ranking their weights produce."""

    rankings: NDArray[np.int64]  # participants x alternatives
    group_ranking: NDArray[np.int64]
    kendall_w: float | None
    tau_to_group: tuple[float | None, ...]
    tau_to_others: tuple[float | None, ...]  # mean tau-b with the other participants
    weight_distance: FloatArray
    most_divergent: int

    def to_dict(self, ids: Sequence[str] | None = None) -> dict[str, Any]:
        """Plain dict; ``ids`` name the participants."""
        out: dict[str, Any] = {
            "measure": "kendall_w",
            "kendall_w": self.kendall_w,
            "rankings": self.rankings.tolist(),
            "tau_to_group": list(self.tau_to_group),
            "tau_to_others": list(self.tau_to_others),
            "weight_distance": self.weight_distance.tolist(),
            "most_divergent": self.most_divergent,
        }
        if ids is not None:
            out["participants"] = list(ids)
            out["most_divergent_id"] = ids[self.most_divergent]
        return out


def rank_columns(scores: FloatArray) -> NDArray[np.int64]:
    """Competition ranks (rows: one per column of ``scores``), the rule of
    :func:`klimaorg.engine.ranking.rank_scores` applied to every column at once."""
    s = np.asarray(scores, dtype=np.float64).T  # participants x alternatives
    if s.size == 0:
        return np.zeros(s.shape, dtype=np.int64)
    tol = TIE_RTOL * np.maximum(1.0, np.maximum(s.max(axis=1), -s.min(axis=1)))
    better = (s[:, None, :] > s[:, :, None] + tol[:, None, None]).sum(axis=2)
    return np.asarray(better, dtype=np.int64) + 1


def consensus(
    scorer: Scorer, participant_weights: FloatArray, group_weights: FloatArray
) -> Consensus:
    """Kendall's W of the participants' rankings and the most divergent participant
    (linear in the number of participants; see the module doc)."""
    pw = np.asarray(participant_weights, dtype=np.float64)
    pw = pw / pw.sum(axis=1, keepdims=True)
    rankings = rank_columns(scorer.batch(pw))  # scores: m x k
    group = rank_scores(scorer.batch(group_weights[None, :])[:, 0])
    taus = tuple(tau_b_to(rankings, group))
    others = mean_tau_b_to_others(rankings)
    dist = np.sqrt(((pw - group_weights) ** 2).sum(axis=1))
    key = [
        (-2.0 if t is None else round(t, KEY_DIGITS), -d) for t, d in zip(others, dist, strict=True)
    ]
    worst = min(range(len(key)), key=lambda i: key[i])
    return Consensus(rankings, group, kendall_w(rankings), taus, tuple(others), dist, worst)
