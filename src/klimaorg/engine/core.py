"""``solve``: one problem in, one fully reported :class:`Result` out.

The result states everything needed to reproduce it: the method with every parameter
(defaults included), the weights as used and whether they were normalised, the seed and the
software version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from klimaorg import __version__
from klimaorg.engine.aggregation import Wsm, evaluate, make_scorer
from klimaorg.engine.agreement import Agreement, kendall_w, tau_matrix
from klimaorg.engine.group import Consensus, consensus
from klimaorg.engine.imprecise import ImpreciseSmaaResult, smaa_imprecise
from klimaorg.engine.limits import DEFAULT_LIMITS, Limits
from klimaorg.engine.problem import Problem, RobustnessSpec, parse_problem
from klimaorg.engine.ranking import TIE_RTOL, TIE_RULE, rank_scores
from klimaorg.engine.robustness import SmaaResult, StabilityResult, smaa, weight_stability

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Result:
    """Scores, ranking and every report of one solve. ``to_dict()`` is the JSON output."""

    problem: Problem
    scores: FloatArray
    ranking: NDArray[np.int64]
    details: dict[str, Any]
    smaa: SmaaResult | None = None
    stability: StabilityResult | None = None
    agreement: Agreement | None = None
    consensus: Consensus | None = None
    version: str = __version__
    imprecise: ImpreciseSmaaResult | None = None  # SMAA-2 over weights and interval values

    @property
    def consistency(self) -> list[dict[str, Any]]:
        """Consistency reports of every pairwise matrix, each with the field it came from."""
        p = self.problem
        out: list[dict[str, Any]] = []
        crit = list(p.criterion_ids)
        if p.weights.ahp is not None:
            where = "weights.pairwise" if p.group is None else "weights (aij)"
            out.append({"field": where, **p.weights.ahp.to_dict(crit)})
        if p.group is not None:
            for i, w in enumerate(p.group.individual):
                if w.ahp is not None and p.weights.ahp is not w.ahp:
                    f = f"weights.participants[{i}].weights.pairwise"
                    out.append({"field": f, **w.ahp.to_dict(crit)})
        for j, a in enumerate(p.method_ahp):
            out.append({"field": f"method.pairwise[{j}]", **a.to_dict(list(p.alternatives))})
        return out

    @property
    def consistency_ratio(self) -> float | None:
        """The largest CR of all pairwise matrices in the problem, ``None`` without AHP."""
        crs = [c["consistency_ratio"] for c in self.consistency]
        return max(crs) if crs else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON output (plain Python types only)."""
        p = self.problem
        method = p.method.params()
        method["tie_rule"] = TIE_RULE
        method["tie_tolerance"] = TIE_RTOL
        consistency = self.consistency
        out: dict[str, Any] = {
            "alternatives": list(p.alternatives),
            "criteria": [{"id": c.id, "direction": c.direction} for c in p.criteria],
            "scores": self.scores.tolist(),
            "ranking": self.ranking.tolist(),
            "order": [
                p.alternatives[i] for i in np.lexsort((np.arange(self.ranking.size), self.ranking))
            ],
            "weights": p.weights.values.tolist(),
            "weights_normalised": p.weights.normalised,
            "weighting": p.weights.to_dict(),
            "method": method,
            "details": {
                k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in self.details.items()
            },
            "consistency_ratio": max((c["consistency_ratio"] for c in consistency), default=None),
            "consistency": consistency,
            "robustness": self._robustness(),
            "agreement": None if self.agreement is None else self.agreement.to_dict(),
            "group": None,
            "seed": None if p.robustness is None else p.robustness.seed,
            "version": self.version,
        }
        if p.method_ahp:
            out["matrix"] = p.matrix.tolist()
        if p.group is not None and self.consensus is not None:
            g = p.group
            out["group"] = {
                "aggregation": g.rule,
                "participants": list(g.ids),
                "participant_weights": g.participant_weights.tolist(),
                "weights": g.weights.tolist(),
                "consensus": self.consensus.to_dict(list(g.ids)),
            }
        return out

    def _robustness(self) -> dict[str, Any] | None:
        if self.smaa is None:
            return None
        p = self.problem
        out = self.smaa.to_dict()
        assert p.robustness is not None
        out["seed_given"] = p.robustness.seed_given
        out["imprecise"] = (
            None if self.imprecise is None else self.imprecise.to_dict(list(p.alternatives))
        )
        out["stability"] = (
            None
            if self.stability is None
            else self.stability.to_dict(list(p.alternatives), list(p.criterion_ids))
        )
        return out


def solve(
    problem: Mapping[str, Any] | Problem,
    *,
    max_samples: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Result:
    """Solve a decision problem given as the JSON mapping (or an already parsed Problem).

    ``limits`` bound the problem's size and robustness cost (safe defaults; the interfaces
    pass the operator's settings); ``max_samples`` overrides its sample cap. Raises
    :class:`~klimaorg.engine.errors.ProblemError` (a :class:`~klimaorg.errors.UserInputError`)
    naming the field for bad input, :class:`~klimaorg.engine.errors.LimitError` over a limit.
    """
    p = (
        problem
        if isinstance(problem, Problem)
        else parse_problem(problem, max_samples=max_samples, limits=limits)
    )
    w = p.weights.values
    scores, details = evaluate(p.method, p.matrix, p.benefit, w)
    ranking = rank_scores(scores)
    result_smaa = stability = agreement = cons = imprecise = None
    if p.robustness is not None or p.group is not None:
        scorer = make_scorer(p.method, p.matrix, p.benefit)
        if p.robustness is not None:
            r = p.robustness
            result_smaa = smaa(
                p.matrix, p.benefit, weights=w, distribution=r.distribution,
                concentration=r.concentration, intervals=r.intervals, order=r.order,
                samples=r.samples, seed=r.seed, chunk=r.chunk, max_samples=r.samples,
                scorer=scorer,
            )  # fmt: skip
            if r.stability:
                stability = weight_stability(p.matrix, p.benefit, w, scorer=scorer)
            if p.value_intervals is not None:
                cap = limits.max_samples if max_samples is None else max_samples
                imprecise = _imprecise(p, r, cap)
        if p.group is not None:
            cons = consensus(scorer, p.group.weights, w)
    if p.agreement is not None:
        agreement = _agreement(p)
    return Result(
        p, scores, ranking, details, result_smaa, stability, agreement, cons, imprecise=imprecise
    )


def _imprecise(p: Problem, r: RobustnessSpec, cap: int) -> ImpreciseSmaaResult:
    """SMAA-2 over weights and interval values with the same weight options and seed as the
    weight-only SMAA, so its weights-only run reproduces that SMAA's first-rank shares. The
    sample cap (``cap``, from the limits) also bounds the number of drawn values."""
    assert p.value_intervals is not None and isinstance(p.method, Wsm)
    limit = max(cap, r.samples)  # parsed already
    return smaa_imprecise(
        p.value_intervals, p.benefit, weights=p.weights.values,
        normalisation=p.method.normalisation, value_distribution=r.value_distribution,
        distribution=r.distribution, concentration=r.concentration,
        weight_intervals=r.intervals, order=r.order, samples=r.samples, seed=r.seed,
        max_samples=limit,
    )  # fmt: skip


def _agreement(p: Problem) -> Agreement:
    w = p.weights.values
    scores = np.stack([evaluate(spec, p.matrix, p.benefit, w)[0] for spec in p.agreement or ()])
    rankings = np.stack([rank_scores(s) for s in scores])
    methods = tuple(spec.params() for spec in p.agreement or ())
    return Agreement(methods, scores, rankings, tau_matrix(rankings), kendall_w(rankings))
