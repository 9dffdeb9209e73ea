"""Shapes of the advisor's data files (goals, assumptions, rules, mitigations) and of a profile.

All strict (unknown keys and wrong types are errors), like the knowledge base: a typo in a
reviewed rule must never silently change a recommendation.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from itertools import pairwise
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from klimaorg.knowledge.schema import Goal, Identifier, Kind, LocalText, NonEmpty, Strict

# ----------------------------------------------------------------------------- data files

Ags = Annotated[str, StringConstraints(pattern=r"^(\d{5}|\d{8}|\d{9}|\d{12})$")]
Funding = Literal["none", "erstvorhaben", "anschlussvorhaben"]
PostLevel = Literal["sachbearbeitung", "sachgebietsleitung", "abteilungsleitung", "leitung"]
"""The post's place in the hierarchy, lowest first; ``leitung`` is the head of an office
(Amtsleitung) or of a staff unit (Stabsstellenleitung)."""
GOALS: tuple[str, ...] = get_args(Goal)
KINDS: tuple[str, ...] = get_args(Kind)
FUNDINGS: tuple[str, ...] = get_args(Funding)
POST_LEVELS: tuple[str, ...] = get_args(PostLevel)


class ScaleStep(Strict):
    """One step of the 5-step importance scale."""

    value: Annotated[int, Field(ge=0, le=4)]
    de: NonEmpty
    en: NonEmpty


class GoalSpec(Strict):
    """A goal of the post and the criteria it raises."""

    id: Goal
    name: LocalText
    raises: dict[Identifier, Annotated[int, Field(ge=1, le=2)]]
    rationale: LocalText
    source: Identifier


class GoalsFile(Strict):
    """``goals.yaml``."""

    baseline: Annotated[int, Field(ge=0, le=4)]
    scale: Annotated[list[ScaleStep], Field(min_length=5, max_length=5)]
    goals: list[GoalSpec]


class SizeStep(Strict):
    """An assumed value for municipalities from ``from_population`` inhabitants on."""

    from_population: Annotated[int, Field(ge=0)]
    value: Any


class Assumption(Strict):
    """What is assumed for an unknown profile field, and why.

    ``open`` assumptions assume nothing: the field stays unknown, every rule that reads it may
    or may not apply, and the result says so (the rule's effects widen the rating intervals
    instead of shifting them). ``topic`` then names the open question in a sentence ("ob es ein
    eigenes Umweltamt gibt"). ``by_size`` makes the assumed value depend on the population.
    """

    field: NonEmpty
    value: Any
    rationale: LocalText
    open: bool = False
    topic: LocalText | None = None
    by_size: list[SizeStep] | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Assumption:
        if self.open and (self.value is not None or self.topic is None or self.by_size):
            raise ValueError("an open assumption has value null, a topic and no by_size")
        if self.by_size is not None:
            starts = [s.from_population for s in self.by_size]
            if not starts or starts[0] != 0 or starts != sorted(set(starts)):
                raise ValueError("by_size starts at from_population 0 and rises strictly")
        return self

    def value_for(self, population: int | None) -> Any:
        """The assumed value for a municipality of ``population`` inhabitants."""
        if self.by_size is None or population is None:
            return self.value
        chosen = self.value
        for step in self.by_size:
            if population >= step.from_population:
                chosen = step.value
        return chosen


class DefaultsFile(Strict):
    """``defaults.yaml``."""

    assumptions: list[Assumption]


class Condition(Strict):
    """``field op value`` on the completed profile."""

    field: NonEmpty
    op: Literal["lt", "le", "gt", "ge", "eq", "ne"]
    value: int | float | bool | str

    def holds(self, actual: Any) -> bool:
        """Whether the condition is true for ``actual`` (a missing value never satisfies it;
        an order comparison holds only between numbers)."""
        return self.test()(actual)

    def test(self) -> Callable[[Any], bool]:
        """:meth:`holds` as a ready-made function: the operator and the type checks that depend
        only on the rule are settled once, so checking a profile costs one call per condition."""
        compare, expected = _OPERATORS[self.op], self.value
        if self.op in ("eq", "ne"):
            return lambda actual: actual is not None and bool(compare(actual, expected))
        if isinstance(expected, (bool, str)):
            return lambda _actual: False
        return lambda actual: (
            isinstance(actual, (int, float))
            and not isinstance(actual, bool)
            and bool(compare(actual, expected))
        )


_OPERATORS = {
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "eq": operator.eq,
    "ne": operator.ne,
}


GRADE_STEP = 0.05
"""Graded factors are rounded to this step: finer than anything the rating scale expresses, and
coarse enough that municipalities in nearly the same situation share one analysis."""


class Grade(Strict):
    """How strongly a graded rule acts, by the value of one numeric fact.

    ``points`` are ``[fact, factor]`` pairs with rising facts and factors between 0 and 1 that
    only rise or only fall; between them the factor is interpolated linearly (in the logarithm of
    the fact with ``log: true``, for population and posts, where a step from 1,000 to 2,000
    inhabitants means as much as one from 50,000 to 100,000), beyond them it stays at the end
    value. Each change of the rule is multiplied by the factor, so its effect grows with the fact
    in one direction only: monotone by construction.
    """

    field: NonEmpty
    points: Annotated[
        list[Annotated[list[float], Field(min_length=2, max_length=2)]], Field(min_length=2)
    ]
    log: bool = False

    @model_validator(mode="after")
    def _monotone(self) -> Grade:
        xs = [x for x, _ in self.points]
        ys = [y for _, y in self.points]
        if any(b <= a for a, b in pairwise(xs)):
            raise ValueError("the facts of 'points' must rise strictly")
        if self.log and xs[0] <= 0:
            raise ValueError("'log' needs facts above 0")
        if any(not 0 <= y <= 1 for y in ys):
            raise ValueError("factors lie between 0 and 1")
        rising = all(b >= a for a, b in pairwise(ys))
        falling = all(b <= a for a, b in pairwise(ys))
        if not (rising or falling):
            raise ValueError("the factors must only rise or only fall (monotone)")
        return self

    def factor(self, fact: float) -> float:
        """The factor for ``fact``, rounded to :data:`GRADE_STEP`."""
        points = self.points
        position = math.log10 if self.log else float
        if fact <= points[0][0]:
            value = points[0][1]
        elif fact >= points[-1][0]:
            value = points[-1][1]
        else:
            value = points[-1][1]
            for (x0, y0), (x1, y1) in pairwise(points):
                if x0 <= fact <= x1:
                    share = (position(fact) - position(x0)) / (position(x1) - position(x0))
                    value = y0 + share * (y1 - y0)
                    break
        return round(round(value / GRADE_STEP) * GRADE_STEP, 2)


class RuleEffect(Strict):
    """One effect: a change of a model's profile value, a priority change, or an exclusion."""

    model: Identifier | None = None
    criterion: Identifier | None = None
    change: Annotated[float, Field(ge=-2, le=2, multiple_of=0.5)] | None = None
    priority: Annotated[int, Field(ge=-2, le=2)] | None = None
    exclude: Identifier | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> RuleEffect:
        kinds = [
            self.exclude is not None,
            self.change is not None and self.model is not None and self.criterion is not None,
            self.priority is not None and self.criterion is not None and self.model is None,
        ]
        if sum(kinds) != 1 or (self.exclude is not None and len(self.model_fields_set) != 1):
            raise ValueError(
                "an effect is either {model, criterion, change}, {criterion, priority} or {exclude}"
            )
        return self

    @property
    def kind(self) -> Literal["exclude", "change", "priority"]:
        """Which of the three kinds this effect is."""
        if self.exclude is not None:
            return "exclude"
        return "change" if self.change is not None else "priority"


class Basis(Strict):
    """What a rule rests on."""

    kind: Literal["statement", "source", "expert_assumption"]
    ref: NonEmpty


class Rule(Strict):
    """A context rule (see ``rules.yaml``)."""

    id: Identifier
    when: list[Condition] = Field(default_factory=list)
    grade: Grade | None = None
    effects: Annotated[list[RuleEffect], Field(min_length=1)]
    rationale: LocalText
    basis: Basis

    @model_validator(mode="after")
    def _graded_changes_only(self) -> Rule:
        if not self.when and self.grade is None:
            raise ValueError("a rule needs 'when' or 'grade'")
        if self.grade is not None and any(e.kind != "change" for e in self.effects):
            raise ValueError("a graded rule only changes ratings (no exclusion, no priority)")
        return self


class RulesFile(Strict):
    """``rules.yaml``."""

    rules: list[Rule]


class Addresses(Strict):
    """What a mitigation helps with."""

    statements: list[NonEmpty] = Field(default_factory=list)
    criteria: list[Identifier] = Field(default_factory=list)


class Mitigation(Strict):
    """A measure that softens a model's weakness."""

    id: Identifier
    name: LocalText
    description: LocalText
    addresses: Addresses
    effort: LocalText
    """What the measure costs in kind (time, money), without amounts (expert assumption)."""
    source: Identifier


class FieldsFile(Strict):
    """``fields.yaml``: every profile field's label, as the wizard asks for it."""

    fields: dict[NonEmpty, LocalText]


class TextsFile(Strict):
    """``texts.yaml``: sentence templates of the explanation."""

    texts: dict[Identifier, LocalText]


class MitigationsFile(Strict):
    """``mitigations.yaml``."""

    mitigations: list[Mitigation]


# ----------------------------------------------------------------------------- profile


def _integral(value: Any) -> Any:
    """JSON has one kind of number: ``3.0`` is the integer 3 (as JSON Schema's ``integer``
    says, and as a client may send it); ``3.5``, ``true`` and ``"3"`` stay errors."""
    if type(value) is float and value.is_integer():
        return int(value)
    return value


Integral = BeforeValidator(_integral)
"""For the profile's integer fields (strict, but ``3.0`` counts as 3); placed after the
constraints so that they stay ``minimum``/``maximum`` in the JSON Schema."""


class ProfilePart(BaseModel):
    """Base of the profile sections: unknown keys are errors, numbers are not coerced from text."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Municipality(ProfilePart):
    """Who the assessment is for."""

    name: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
        | None
    ) = None
    ags: Ags | None = None
    kind: Kind | None = None
    population: Annotated[int, Field(ge=1, le=5_000_000), Integral] | None = None


class Structures(ProfilePart):
    """Existing structures of the administration and region (each may be unknown)."""

    environment_office: bool | None = None
    energy_agency_in_region: bool | None = None
    eea: bool | None = None
    climate_concept: bool | None = None
    steering_group: bool | None = None
    neighbours_to_share_with: bool | None = None


class Resources(ProfilePart):
    """Staff and money."""

    staff_fte: Annotated[float, Field(gt=0, le=100)] | None = None
    own_budget_eur: Annotated[float, Field(ge=0, le=1e9)] | None = None
    funding: Funding | None = None
    financially_weak: bool | None = None


class Backing(ProfilePart):
    """Backing of the head of administration and of the council (1 = none, 5 = full)."""

    administration_head: Annotated[int, Field(ge=1, le=5), Integral] | None = None
    council: Annotated[int, Field(ge=1, le=5), Integral] | None = None


class Post(ProfilePart):
    """Where the climate manager's post stands: its level in the hierarchy and whether it must
    co-sign (Mitzeichnungsrecht) council drafts that touch climate protection."""

    level: PostLevel | None = None
    cosignature: bool | None = None


class Weighting(ProfilePart):
    """How the priorities become weights: the 5-step scale (default), SWING points or AHP."""

    method: Literal["ratings", "swing", "ahp"] = "ratings"
    points: dict[Identifier, Annotated[float, Field(ge=0, le=100)]] | None = None
    criteria: list[Identifier] | None = None
    pairwise: list[list[float]] | None = None


class Profile(ProfilePart):
    """A municipality's situation and priorities (the file format of ``klimaorg advise``)."""

    municipality: Municipality = Municipality()
    goals: list[Goal] | None = None
    structures: Structures = Structures()
    resources: Resources = Resources()
    backing: Backing = Backing()
    post: Post = Post()
    priorities: dict[Identifier, Annotated[int, Field(ge=0, le=4), Integral]] | None = None
    weighting: Weighting | None = None
