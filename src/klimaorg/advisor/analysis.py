"""The numbers behind a recommendation: priorities, weights, the adjusted criteria profile, the
ranking, its robustness, the doubt split, the agreement of methods and the weight stability.

Domain facts come in (completed profile, fired rules, knowledge base); the maths is the engine's.
The adjusted profile keeps the knowledge base's rating scale (1-5, 3 = average), which all
criteria share, so the weighted sum uses no normalisation: a weight says how much one point on a
criterion is worth, and nothing is rescaled behind the user's back. Rule changes are shifts on
that scale, and an adjusted value stays on it (cut at 1 and 5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from klimaorg.advisor.data import AdvisorData
from klimaorg.advisor.profile import CompletedProfile, ProfileError, text
from klimaorg.advisor.schema import Rule
from klimaorg.engine import (
    DoubtSplit,
    Preference,
    Promethee2,
    SmaaResult,
    StabilityResult,
    Topsis,
    Weights,
    Wsm,
    ahp_weights,
    kendall_tau_b,
    make_scorer,
    rank_scores,
    rating_weights,
    smaa,
    smaa_imprecise,
    swing_weights,
    weight_stability,
)
from klimaorg.engine.aggregation import as_benefit
from klimaorg.i18n import Lang
from klimaorg.knowledge import criteria_profile

FloatArray = NDArray[np.float64]

DEFAULT_SAMPLES = 2_000
DEFAULT_SEED = 20_231_130
CONCENTRATION = 30.0
"""Dirichlet concentration of the "plausible weightings" around the user's weights: each weight
varies by roughly ±(w(1-w)/31)^0.5, e.g. 0.10 ± 0.05 - a plausible disagreement about priorities."""

SCALE_LOW, SCALE_HIGH, NEUTRAL = 1.0, 5.0, 3.0
"""Ends and middle (average) of the knowledge base's rating scale; a rule cannot push a value
beyond the ends."""

WSM = Wsm("none")
TOPSIS = Topsis("minmax")


@dataclass(frozen=True)
class Priority:
    """The importance (0-4) of one criterion and where it came from."""

    criterion: str
    value: int
    origin: str  # "user", "goals", "baseline" or "rule:<id>"


@dataclass(frozen=True)
class Numbers:
    """The engine's results for one matrix and one weight vector (everything costly)."""

    scores: FloatArray
    ranks: NDArray[np.int64]
    smaa: SmaaResult
    stability: StabilityResult
    method_ranks: dict[str, list[int]]
    agreement: dict[str, float | None]
    doubt: DoubtSplit


@dataclass(frozen=True)
class Analysis(Numbers):
    """Everything computed for one profile (arrays indexed like ``models``/``criteria``): the
    costly :class:`Numbers` (memoised apart from the rest) and what they were computed on."""

    models: list[str]  # feasible models, analysed
    excluded: dict[str, list[Rule]]  # model -> rules that exclude it
    criteria: list[str]
    priorities: list[Priority]
    weights: Weights
    base: FloatArray  # knowledge profile of the feasible models
    matrix: FloatArray  # after rule changes
    changes: dict[tuple[str, str], list[tuple[Rule, float]]]
    fired: list[Rule] = field(default_factory=list)
    open: list[tuple[Rule, tuple[str, ...]]] = field(default_factory=list)
    factors: dict[str, float] = field(default_factory=dict)

    @property
    def order(self) -> list[int]:
        """Model indices, best first (ties keep the documented order of the ranking)."""
        return sorted(range(len(self.models)), key=lambda i: (self.ranks[i], i))


@dataclass(frozen=True)
class Firing:
    """Which rules apply to a profile, how strongly, and which may apply.

    ``fired`` rules hold on the stated facts, each with its factor (1 for an ungraded rule, the
    grade's factor otherwise; rules at factor 0 do not fire). ``open`` rules would hold for some
    value of a fact the user left unknown (with the fields they wait for): they fire no penalty
    and no bonus, they widen the rating intervals of the cells they would change by the change
    (see :func:`rating_cube`), and the result names them.
    """

    fired: tuple[Rule, ...]
    factors: tuple[float, ...]
    open: tuple[tuple[Rule, tuple[str, ...]], ...] = ()

    @cached_property
    def key(self) -> tuple[object, ...]:
        """What the adjusted matrix and its intervals depend on."""
        return (
            tuple(r.id for r in self.fired),
            self.factors,
            tuple(r.id for r, _ in self.open),
        )


def evaluate_rules(advisor: AdvisorData, completed: CompletedProfile) -> Firing:
    """The rules that fire on this profile (with their factors) and those an unknown fact
    leaves open, in file order.

    After :func:`complete`, a field is unknown (None) only where its assumption is ``open``:
    every condition on it could hold for some answer, so a rule whose other conditions hold is
    open rather than fired. A plain loop: it runs on every request (a few µs for the rules).
    """
    values = completed.values
    key = ("firing", *(values.get(name) for name in advisor.rule_fields))
    cached: Firing | None = advisor.firings.get(key)
    if cached is not None:
        return cached
    firing = _evaluate(advisor, values)
    advisor.firings.put(key, firing)
    return firing


def _evaluate(advisor: AdvisorData, values: dict[str, Any]) -> Firing:
    """:func:`evaluate_rules` without the memo."""
    fired: list[Rule] = []
    factors: list[float] = []
    open_rules: list[tuple[Rule, tuple[str, ...]]] = []
    for check in advisor.rule_checks.values():
        unknown: list[str] = []
        for name, test in check.tests:
            value = values.get(name)
            if value is None:
                unknown.append(name)
            elif not test(value):
                break
        else:
            factor = 1.0
            if check.grade is not None and check.grade_field is not None:
                fact = values.get(check.grade_field)
                if fact is None:
                    unknown.append(check.grade_field)
                else:
                    factor = check.grade(fact)
            if unknown:
                open_rules.append((check.rule, tuple(dict.fromkeys(unknown))))
            elif factor > 0:
                fired.append(check.rule)
                factors.append(factor)
    return Firing(tuple(fired), tuple(factors), tuple(open_rules))


def fired_rules(advisor: AdvisorData, completed: CompletedProfile) -> list[Rule]:
    """The rules that fire on this profile, in file order (see :func:`evaluate_rules`)."""
    return list(evaluate_rules(advisor, completed).fired)


def priorities(
    advisor: AdvisorData, completed: CompletedProfile, fired: list[Rule]
) -> list[Priority]:
    """Goal-derived defaults, adjusted by rules, overridden by the user's own priorities."""
    criteria = advisor.knowledge.criterion_ids
    values = dict.fromkeys(criteria, advisor.goals.baseline)
    origin = dict.fromkeys(criteria, "baseline")
    for goal_id in completed.get("goals") or []:
        for criterion, step in advisor.goal_steps[goal_id]:
            values[criterion] += step
            origin[criterion] = "goals"
    checks = advisor.rule_checks
    for rule in fired:
        for criterion, step in checks[rule.id].priority_steps:
            values[criterion] += step
            origin[criterion] = f"rule:{rule.id}"
    for criterion, value in (completed.profile.priorities or {}).items():
        values[criterion], origin[criterion] = value, "user"
    return [Priority(c, max(0, min(4, values[c])), origin[c]) for c in criteria]


def weights(
    completed: CompletedProfile, prios: list[Priority], criteria: list[str], lang: Lang
) -> Weights:
    """Weights from the chosen method: the 5-step scale (default), SWING points or AHP."""
    spec = completed.profile.weighting
    method = spec.method if spec is not None else "ratings"
    if spec is None or method == "ratings":
        ratings = [p.value for p in prios]
        if not any(ratings):
            raise ProfileError("priorities", text(lang, "all_zero"))
        return rating_weights(ratings, "priorities")
    if method == "swing":
        if not spec.points:
            raise ProfileError(
                "weighting.points", text(lang, "weighting_missing", method="swing", key="points")
            )
        return swing_weights([spec.points.get(c, 0.0) for c in criteria], "weighting.points")
    if not spec.pairwise:
        raise ProfileError(
            "weighting.pairwise", text(lang, "weighting_missing", method="ahp", key="pairwise")
        )
    chosen = spec.criteria or criteria
    result = ahp_weights(spec.pairwise, field_name="weighting.pairwise")
    full = np.zeros(len(criteria))
    if result.weights.size != len(chosen):
        raise ProfileError(
            "weighting.criteria", text(lang, "weighting_missing", method="ahp", key="criteria")
        )
    for value, criterion in zip(result.weights, chosen, strict=True):
        full[criteria.index(criterion)] = value
    return Weights(full, "ahp", False, {"criteria": list(chosen)}, ahp=result)


def adjusted_matrix(
    advisor: AdvisorData, firing: Firing | list[Rule]
) -> tuple[
    list[str],
    dict[str, list[Rule]],
    FloatArray,
    FloatArray,
    dict[tuple[str, str], list[tuple[Rule, float]]],
]:
    """The criteria profile of the feasible models, before and after the rules' changes (each
    change times its rule's factor)."""
    if isinstance(firing, list):  # rules at full strength
        firing = Firing(tuple(firing), tuple(1.0 for _ in firing))
    kb = advisor.knowledge
    profile = criteria_profile(kb)
    excluded: dict[str, list[Rule]] = {}
    changes: dict[tuple[str, str], list[tuple[Rule, float]]] = {}
    for rule, factor in zip(firing.fired, firing.factors, strict=True):
        for effect in rule.effects:
            if effect.kind == "exclude" and effect.exclude:
                excluded.setdefault(effect.exclude, []).append(rule)
            elif effect.kind == "change" and effect.model and effect.criterion and effect.change:
                changes.setdefault((effect.model, effect.criterion), []).append(
                    (rule, round(effect.change * factor, 4))
                )
    models = [m for m in kb.model_ids if m not in excluded]
    criteria = kb.criterion_ids
    base = np.array([[profile[m][c] for c in criteria] for m in models], dtype=np.float64)
    matrix = base.copy()
    for (model, criterion), items in changes.items():
        if model in models:
            matrix[models.index(model), criteria.index(criterion)] += sum(v for _, v in items)
    np.clip(matrix, SCALE_LOW, SCALE_HIGH, out=matrix)
    return models, excluded, base, matrix, changes


def open_widening(firing: Firing) -> dict[tuple[str, str], tuple[float, float]]:
    """(model, criterion) -> how far the open rules stretch the interval down and up: each
    change of a rule that may apply moves one end by that change (at full strength)."""
    widen: dict[tuple[str, str], tuple[float, float]] = {}
    for rule, _fields in firing.open:
        for effect in rule.effects:
            if effect.kind == "change" and effect.model and effect.criterion and effect.change:
                down, up = widen.get((effect.model, effect.criterion), (0.0, 0.0))
                widen[(effect.model, effect.criterion)] = (
                    down + min(effect.change, 0.0),
                    up + max(effect.change, 0.0),
                )
    return widen


def rating_cube(
    advisor: AdvisorData,
    models: list[str],
    changes: dict[tuple[str, str], list[tuple[Rule, float]]],
    widen: dict[tuple[str, str], tuple[float, float]] | None = None,
) -> FloatArray:
    """``[low, value, high]`` of every cell of the feasible models, after the rules' changes.

    A rule shifts what the knowledge base says about a cell, so it shifts the whole interval
    with the value (the same shift, each end cut at 1 and 5): the rule moves the cell, it does
    not make the knowledge about it more or less certain. A rule left open by an unknown fact
    (``widen``) does: it stretches the interval by its change and leaves the value alone.
    """
    kb = advisor.knowledge
    criteria = kb.criterion_ids
    widen = widen or {}
    cube = np.empty((len(models), len(criteria), 3), dtype=np.float64)
    for i, model in enumerate(models):
        for j, criterion in enumerate(criteria):
            cell = kb.rating(model, criterion)
            shift = sum(v for _, v in changes.get((model, criterion), ()))
            down, up = widen.get((model, criterion), (0.0, 0.0))
            cube[i, j] = (cell.low + shift + down, cell.value + shift, cell.high + shift + up)
    np.clip(cube, SCALE_LOW, SCALE_HIGH, out=cube)
    return cube


def compute_doubt(
    cube: FloatArray, weights: FloatArray, samples: int, seed: int, leader: int
) -> DoubtSplit:
    """How sure the leader is when the weights, the ratings or both vary, and so how much of the
    doubt comes from the priorities and how much from the knowledge base.

    The weights are drawn exactly as in the weight-only robustness (Dirichlet around the user's
    weights, the same concentration, samples and seed), the ratings within their intervals
    (triangular around the value); the rating scale is shared, so nothing is normalised, as in
    the weighted sum. ``leader`` is the recommended model (the first of :attr:`Analysis.order`).
    """
    result = smaa_imprecise(
        cube,
        ["max"] * cube.shape[1],
        weights=weights,
        normalisation="none",
        value_distribution="triangular",
        distribution="around",
        concentration=CONCENTRATION,
        samples=samples,
        seed=seed,
        leader=leader,
        confidence=False,  # the advice reports acceptabilities and the split only
    )
    return result.doubt


def compute_numbers(
    matrix: FloatArray, weights: FloatArray, samples: int, seed: int, cube: FloatArray
) -> Numbers:
    """Scores, SMAA-2 around the weights, the doubt split over weights and ratings (``cube``:
    ``[low, value, high]`` per cell, its middle ``matrix``), weight stability and the other
    methods' rankings."""
    n = matrix.shape[1]
    directions = ["max"] * n
    benefit = as_benefit(directions)
    wsm = make_scorer(WSM, matrix, benefit)
    scores = wsm.batch(weights[None, :])[:, 0]
    ranks = rank_scores(scores)
    robustness = smaa(
        matrix,
        directions,
        weights=weights,
        distribution="around",
        concentration=CONCENTRATION,
        samples=samples,
        seed=seed,
        scorer=wsm,
    )
    stability = weight_stability(matrix, directions, weights, scorer=wsm)
    method_ranks = {"wsm": [int(r) for r in ranks]}
    for name, spec in (("topsis", TOPSIS), ("promethee2", promethee(n))):
        other = make_scorer(spec, matrix, benefit).batch(weights[None, :])[:, 0]
        method_ranks[name] = [int(r) for r in rank_scores(other)]
    agreement = {
        name: kendall_tau_b(method_ranks["wsm"], ranks_)
        for name, ranks_ in method_ranks.items()
        if name != "wsm"
    }
    leader = min(range(len(ranks)), key=lambda i: (ranks[i], i))
    doubt = compute_doubt(cube, weights, samples, seed, leader)
    return Numbers(scores, np.asarray(ranks), robustness, stability, method_ranks, agreement, doubt)


@dataclass(frozen=True)
class Prepared:
    """The cheap first stage of an analysis: rules fired, priorities and weights."""

    firing: Firing
    priorities: list[Priority]
    weights: Weights

    @property
    def fired(self) -> list[Rule]:
        """The rules that fired."""
        return list(self.firing.fired)

    def key(self, samples: int, seed: int) -> tuple[object, ...]:
        """What the costly numbers depend on: the matrix and the rating intervals (both fixed by
        the fired and open rules) and the weights."""
        return (self.firing.key, self._weight_bytes, samples, seed)

    @cached_property
    def _weight_bytes(self) -> bytes:
        return self.weights.values.tobytes()

    @cached_property
    def identity(self) -> tuple[object, ...]:
        """Everything a result's texts depend on besides samples, seed and language: the
        numbers' key, the priorities as given, the weighting method and AHP judgements as
        given (their consistency text depends on them, not only on the weights). Computed once
        per stage; the stage itself is memoised, so most requests only look it up."""
        ahp = self.weights.ahp
        return (
            self.firing.key,
            self._weight_bytes,
            tuple(p.value for p in self.priorities),
            self.weights.method,
            None if ahp is None or ahp.matrix is None else ahp.matrix.tobytes(),
        )

    @cached_property
    def summary(self) -> dict[str, Any]:
        """Priorities with their origin, weights (rounded for reading) and how they were
        obtained: the part of a result's ``inputs`` that follows from this stage. Shared by
        every request that reuses this stage, so callers must not modify it."""
        criteria = [p.criterion for p in self.priorities]
        values = self.weights.values.tolist()
        return {
            "priorities": {p.criterion: p.value for p in self.priorities},
            "priority_origin": {p.criterion: p.origin for p in self.priorities},
            "weights": {c: round(v, 6) for c, v in zip(criteria, values, strict=True)},
            "weighting": self.weights.to_dict(),
        }


def prepare(advisor: AdvisorData, completed: CompletedProfile, lang: Lang) -> Prepared:
    """Fire the rules, derive the priorities and turn them into weights.

    With the default 5-step scale the whole stage follows from the goals, the fired rules and
    the user's own priorities alone; many municipalities share those, so the stage is kept in
    the advisor's memo (shared between requests: the weight array is made read-only).
    """
    firing = evaluate_rules(advisor, completed)
    fired = list(firing.fired)
    criteria = advisor.knowledge.criterion_ids
    if completed.profile.weighting is not None:  # SWING or AHP: checked and computed each time
        prios = priorities(advisor, completed, fired)
        return Prepared(firing, prios, weights(completed, prios, criteria, lang))
    own = completed.profile.priorities
    key = (
        "prepared",
        tuple(completed.get("goals") or ()),
        firing.key,
        tuple(own.items()) if own else None,
    )
    cached: Prepared | None = advisor.memo.get(key)
    if cached is None:
        prios = priorities(advisor, completed, fired)
        w = weights(completed, prios, criteria, lang)
        w.values.flags.writeable = False
        cached = Prepared(firing, prios, w)
        advisor.memo.put(key, cached)
    return cached


def analyse(
    advisor: AdvisorData,
    completed: CompletedProfile,
    lang: Lang,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    prepared: Prepared | None = None,
) -> Analysis:
    """Run the whole analysis for one completed profile.

    The costly numbers depend only on the adjusted matrix (fixed by which rules fired) and the
    weights, so they are computed once per (fired rules, weights, samples, seed) and reused:
    municipalities in the same situation, and a user flipping a priority back and forth, get the
    identical result without recomputing it (bounded memo, see :class:`AdvisorData`).
    """
    prepared = prepared or prepare(advisor, completed, lang)
    fired, w = prepared.fired, prepared.weights
    models, excluded, base, matrix, changes = adjusted_matrix(advisor, prepared.firing)
    key = ("numbers", *prepared.key(samples, seed))
    numbers = advisor.memo.get(key)
    if numbers is None:
        cube = rating_cube(advisor, models, changes, open_widening(prepared.firing))
        numbers = compute_numbers(matrix, w.values, samples, seed, cube)
        advisor.memo.put(key, numbers)
    return Analysis(
        models=models,
        excluded=excluded,
        criteria=advisor.knowledge.criterion_ids,
        priorities=prepared.priorities,
        weights=w,
        base=base,
        matrix=matrix,
        changes=changes,
        scores=numbers.scores,
        ranks=numbers.ranks,
        smaa=numbers.smaa,
        stability=numbers.stability,
        method_ranks=numbers.method_ranks,
        agreement=numbers.agreement,
        doubt=numbers.doubt,
        fired=fired,
        open=list(prepared.firing.open),
        factors=dict(zip((r.id for r in fired), prepared.firing.factors, strict=True)),
    )


def promethee(n: int) -> Promethee2:
    """PROMETHEE II with linear preference on the 1-5 scale: indifferent below half a point (one
    step of the scale, one unit of statement strength), full preference from 1.5 points (three
    steps, the strongest single statement)."""
    return Promethee2(tuple(Preference("linear", q=0.5, p=1.5) for _ in range(n)))
