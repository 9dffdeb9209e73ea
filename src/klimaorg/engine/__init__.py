"""Generic multi-criteria decision engine.

Entry points: :func:`solve` (problem mapping -> :class:`Result`, ``Result.to_dict()`` is the
JSON output) and :func:`parse_problem`. The building blocks are plain functions a domain layer
may call directly: weighting (:func:`rating_weights`, :func:`swing_weights`,
:func:`rank_order_weights`, :func:`ahp_weights`), aggregation (:func:`wsm`, :func:`topsis`,
:func:`promethee2`, :func:`ahp_synthesis`), robustness (:func:`smaa`,
:func:`weight_stability`, :func:`smaa_imprecise` for interval values with the doubt split),
agreement (:func:`kendall_tau_b`, :func:`kendall_w`) and group aggregation
(:func:`aggregate_weights`, :func:`aggregate_judgements`, :func:`consensus`).
"""

from klimaorg.engine.aggregation import (
    AhpSynthesis,
    LinearScorer,
    Preference,
    Promethee2,
    Scorer,
    Topsis,
    TopsisScorer,
    Wsm,
    ahp_synthesis,
    make_scorer,
    promethee2,
    promethee_criterion_flows,
    topsis,
    wsm,
)
from klimaorg.engine.agreement import kendall_tau_b, kendall_w
from klimaorg.engine.core import Result, solve
from klimaorg.engine.errors import LimitError, ProblemError
from klimaorg.engine.group import aggregate_judgements, aggregate_weights, consensus
from klimaorg.engine.imprecise import (
    VALUE_DISTRIBUTIONS,
    DoubtSplit,
    ImpreciseSmaaResult,
    check_value_intervals,
    smaa_imprecise,
)
from klimaorg.engine.limits import DEFAULT_LIMITS, Limits, max_samples, robustness_cost
from klimaorg.engine.normalisation import NORMALISATIONS, normalise
from klimaorg.engine.problem import Problem, parse_problem
from klimaorg.engine.ranking import rank_scores
from klimaorg.engine.robustness import (
    SmaaResult,
    StabilityResult,
    WeightSwap,
    smaa,
    weight_stability,
)
from klimaorg.engine.weighting import (
    RANDOM_INDEX,
    AhpWeights,
    Weights,
    ahp_weights,
    direct_weights,
    rank_order_weights,
    rank_position_weights,
    rating_weights,
    swing_weights,
)

__all__ = [
    "DEFAULT_LIMITS",
    "NORMALISATIONS",
    "RANDOM_INDEX",
    "VALUE_DISTRIBUTIONS",
    "AhpSynthesis",
    "AhpWeights",
    "DoubtSplit",
    "ImpreciseSmaaResult",
    "LimitError",
    "Limits",
    "LinearScorer",
    "Preference",
    "Problem",
    "ProblemError",
    "Promethee2",
    "Result",
    "Scorer",
    "SmaaResult",
    "StabilityResult",
    "Topsis",
    "TopsisScorer",
    "WeightSwap",
    "Weights",
    "Wsm",
    "aggregate_judgements",
    "aggregate_weights",
    "ahp_synthesis",
    "ahp_weights",
    "check_value_intervals",
    "consensus",
    "direct_weights",
    "kendall_tau_b",
    "kendall_w",
    "make_scorer",
    "max_samples",
    "normalise",
    "parse_problem",
    "promethee2",
    "promethee_criterion_flows",
    "rank_order_weights",
    "rank_position_weights",
    "rank_scores",
    "rating_weights",
    "robustness_cost",
    "smaa",
    "smaa_imprecise",
    "solve",
    "swing_weights",
    "topsis",
    "weight_stability",
    "wsm",
]
