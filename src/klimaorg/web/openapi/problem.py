"""The decision problem of ``POST /api/v1/solve`` as pydantic models, for the OpenAPI document.

The engine validates problems by hand (:func:`klimaorg.engine.problem.parse_problem`: fast, and
every message names the field as the user wrote it); these models describe the same format for
clients and for property-based tests. They are checked against the engine, not the other way
round: ``tests/engine/test_problem_models.py`` generates problems from this schema and requires
the engine to accept each, except for what JSON Schema cannot express (the sizes that depend on
the number of alternatives and criteria, unique criterion ids, reciprocal AHP matrices, a
threshold ``p`` above ``q``); and inputs the engine rejects must be rejected by the schema too.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from klimaorg.engine.limits import DEFAULT_MAX_SAMPLES

BLANK = "".join(f"\\u{ord(c):04x}" for c in map(chr, range(0x3001)) if c.isspace())
"""Python's blanks (what ``str.strip`` removes), spelled for a regex in any dialect: ECMA's
``\\s`` and Python's differ in a few control characters."""
Text = Annotated[str, StringConstraints(pattern=f"[^{BLANK}]")]
"""A text with at least one non-blank character (ids, names of alternatives)."""
Normalisation = Literal["max", "minmax", "sum", "vector", "none"]
RandomIndex = Literal[
    "saaty1980",
    "saaty2005",
    "donegan_dodd1991",
    "tummala_ling1998",
    "saaty",
    "saaty_1980",
    "saaty_2005",
    "saaty_2005_anp",
    "donegan_dodd",
    "donegan_dodd_1991",
    "dd",
    "tummala_ling",
    "tummala_ling_1998",
]
PreferenceType = Literal[
    "usual", "u-shape", "v-shape", "level", "linear", "gaussian", "ushape", "vshape",
    "u_shape", "v_shape",
]  # fmt: skip
PositiveDecimal = r"(0*[1-9][0-9]*(\.[0-9]*)?|0*\.[0-9]*[1-9][0-9]*)"
Judgement = (
    Annotated[float, Field(gt=0, allow_inf_nan=False)]
    | Annotated[
        str, StringConstraints(pattern=rf"^\s*{PositiveDecimal}\s*(/\s*{PositiveDecimal}\s*)?$")
    ]
)
"""A pairwise judgement: a positive number or a fraction such as ``"1/3"``."""
Number = Annotated[float, Field(allow_inf_nan=False)]
Weight = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Numbers = Annotated[
    list[Weight],
    Field(
        min_length=1,
        description="Nicht negativ, nicht alle 0 / non-negative, not all 0",
        json_schema_extra={"contains": {"exclusiveMinimum": 0}},
    ),
]
Pairwise = Annotated[list[Annotated[list[Judgement], Field(min_length=1)]], Field(min_length=1)]
Order = Annotated[
    list[str | Annotated[list[str], Field(min_length=1)]],
    Field(
        min_length=1,
        description="Alle Kriterien, wichtigstes zuerst; eine innere Liste ist ein Gleichstand "
        "/ every criterion, most important first; an inner list is a tie",
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


def _no_null(schema: dict[str, Any]) -> None:
    """Document an optional key whose value may not be ``null`` (the engine rejects it)."""
    branches = [b for b in schema.pop("anyOf") if b.get("type") != "null"]
    schema.pop("default", None)
    (only,) = branches
    schema.update(only)


Absent: Any = Field(default=None, json_schema_extra=_no_null)
"""Default of a key that may be left out but not given as ``null``."""


class CriterionSpec(_Strict):
    """A criterion: more (``max``) or less (``min``) is better."""

    id: Text
    direction: Literal["max", "min"] = "max"
    name: str | None = None
    description: str | None = None


class DirectWeights(_Strict):
    method: Literal["direct"]
    values: Numbers


class RatingWeights(_Strict):
    method: Literal["ratings"]
    ratings: Numbers
    scale: Any = None


class SwingWeights(_Strict):
    method: Literal["swing"]
    points: Numbers


class RankOrderWeights(_Strict):
    method: Literal["rank_order"]
    order: Order
    formula: Literal["roc", "rank_sum", "rank_reciprocal"] = "roc"


class AhpWeights(_Strict):
    method: Literal["ahp"]
    pairwise: Annotated[
        Pairwise,
        Field(
            description="n×n, reziprok, 1 auf der Diagonale / n×n, reciprocal, 1 on the diagonal"
        ),
    ]
    random_index: RandomIndex = "saaty1980"


Weighting = Annotated[
    DirectWeights | RatingWeights | SwingWeights | RankOrderWeights | AhpWeights,
    Field(discriminator="method"),
]


class Participant(_Strict):
    """One participant of a group weighting."""

    id: Annotated[str, Field(min_length=1)] | None = Field(
        default=None,
        description="Eindeutig; sonst P1, P2, … / unique; else P1, P2, …",
        json_schema_extra=_no_null,
    )
    weight: Annotated[float, Field(gt=0, allow_inf_nan=False)] = 1.0
    weights: Numbers | Weighting


class GroupWeights(_Strict):
    """Several participants' weights combined (``aij`` needs AHP judgements from everyone)."""

    method: Literal["group"]
    participants: Annotated[list[Participant], Field(min_length=2)]
    aggregation: Literal["mean", "aij", "aip"] = "mean"
    random_index: RandomIndex = "saaty1980"


class Preference(_Strict):
    """A PROMETHEE preference function (``v-shape``, ``level``, ``linear`` need ``p``,
    ``level`` and ``linear`` with ``p > q``, ``gaussian`` needs ``s``)."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"properties": {"type": {"enum": ["usual", "u-shape", "ushape", "u_shape"]}}},
                {
                    "required": ["type", "p"],
                    "properties": {
                        "type": {"enum": ["v-shape", "vshape", "v_shape", "level", "linear"]},
                        "p": {"exclusiveMinimum": 0},
                    },
                },
                {
                    "required": ["type", "s"],
                    "properties": {"type": {"const": "gaussian"}, "s": {"exclusiveMinimum": 0}},
                },
            ]
        }
    )

    type: PreferenceType = "usual"
    q: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0.0
    p: Number | None = Absent
    s: Number | None = Absent


class Wsm(_Strict):
    name: Literal["wsm"]
    normalisation: Normalisation = "max"


class Topsis(_Strict):
    name: Literal["topsis"]
    normalisation: Normalisation = "vector"
    distance: Literal["euclidean"] = "euclidean"


class Promethee2(_Strict):
    name: Literal["promethee2"]
    preference: Preference | list[Preference] | None = Field(
        default=None, description="Eine für alle oder eine je Kriterium / one or one per criterion"
    )


class Ahp(_Strict):
    name: Literal["ahp"]
    pairwise: list[Pairwise] = Field(
        description="Je Kriterium eine m×m-Matrix über die Alternativen / per criterion an m×m "
        "matrix over the alternatives; no `matrix` then"
    )
    synthesis: Literal["distributive", "ideal"] = "distributive"
    random_index: RandomIndex = "saaty1980"


Method = Annotated[Wsm | Topsis | Promethee2 | Ahp, Field(discriminator="name")]
ComparedMethod = Annotated[Wsm | Topsis | Promethee2, Field(discriminator="name")]


class Robustness(_Strict):
    """SMAA over the weights (``samples`` up to ``KLIMAORG_MAX_SAMPLES``)."""

    samples: Annotated[int, Field(ge=1, le=DEFAULT_MAX_SAMPLES)] = 10_000
    seed: Annotated[int, Field(ge=0)] | None = 0
    distribution: Literal["uniform", "around"] = "uniform"
    concentration: Annotated[float, Field(gt=0, allow_inf_nan=False)] = 100.0
    order: Order | None = Absent
    intervals: (
        list[
            Annotated[list[Annotated[float, Field(ge=0, le=1)]], Field(min_length=2, max_length=2)]
        ]
        | None
    ) = Field(
        default=None,
        description="Je Kriterium [untere, obere] / per criterion [low, high]",
        json_schema_extra=_no_null,
    )
    chunk: Annotated[int, Field(ge=1, le=1_000_000)] = 8_192
    stability: bool = True


class Agreement(_Strict):
    methods: Annotated[
        list[ComparedMethod | Literal["wsm", "topsis", "promethee2"]], Field(min_length=2)
    ]


AHP_METHOD: dict[str, Any] = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"const": "ahp"}},
}


class Problem(_Strict):
    """A decision problem: ``matrix`` rows are alternatives, columns criteria (without
    ``matrix`` for AHP). ``weights`` and ``matrix`` have one entry per criterion and one row
    per alternative."""

    model_config = ConfigDict(
        title="Problem",
        populate_by_name=True,
        json_schema_extra={
            # ``matrix`` is required, except for AHP, which takes no matrix
            "anyOf": [
                {"required": ["matrix"], "properties": {"method": {"not": AHP_METHOD}}},
                {
                    "required": ["method"],
                    "properties": {"method": AHP_METHOD},
                    "not": {"required": ["matrix"]},
                },
            ]
        },
    )

    schema_: str | None = Field(default=None, alias="$schema")
    id: str | None = None
    title: str | None = None
    description: str | None = None
    alternatives: Annotated[
        list[Text], Field(min_length=2, json_schema_extra={"uniqueItems": True})
    ]
    criteria: Annotated[list[Text | CriterionSpec], Field(min_length=1)]
    matrix: list[Annotated[list[Number], Field(min_length=1)]] | None = Absent
    weights: Numbers | Weighting | GroupWeights
    method: Method | Literal["wsm", "topsis", "promethee2"] | None = None
    robustness: bool | Robustness | None = None
    agreement: bool | Agreement | None = None
