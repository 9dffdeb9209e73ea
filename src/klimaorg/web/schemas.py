"""Response models of the JSON API: the catalogue's dict shapes, documented for OpenAPI.

The routes return the catalogue dicts unchanged; these models only describe (and check) them.
Optional keys the catalogue leaves out stay out (``response_model_exclude_unset``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class Source(_Model):
    """A source as cited beside a text."""

    id: str
    kind: str = Field(description="publication, web, regulation, data or expert_assumption")
    citation: str
    url: str | None = None
    locator: str | None = Field(
        default=None, description="Where in the source (table, column, item)"
    )


class QuotedText(_Model):
    """A text as displayed, the verbatim German quotation and its source."""

    text: str = Field(description="Text in the requested language")
    quote: str = Field(description="Verbatim German text of the source")
    source: Source
    note: str | None = Field(default=None, description="Editorial note (e.g. a corrected typo)")


class Effect(_Model):
    """How a statement bears on a criterion."""

    criterion: str
    criterion_name: str
    direction: Literal["strengthens", "weakens"]
    strength: int = Field(ge=1, le=3)
    value: int = Field(description="direction × strength")
    rationale: str


class Statement(QuotedText):
    """An advantage or disadvantage of a model."""

    id: str
    kind: Literal["advantage", "disadvantage"]
    effects: list[Effect]


class ProfileValue(_Model):
    """A model's computed value on one criterion."""

    criterion: str
    criterion_name: str
    value: int
    from_: list[str] = Field(alias="from", description="Statements the value is computed from")


class ModelSummary(_Model):
    """A model as listed in the overview."""

    id: str
    name: QuotedText
    short_name: str
    description: QuotedText
    advantage_count: int
    disadvantage_count: int


class ModelDetail(ModelSummary):
    """A model with every statement and its criteria profile."""

    advantages: list[Statement]
    disadvantages: list[Statement]
    profile: list[ProfileValue]


class ModelList(_Model):
    lang: str
    models: list[ModelSummary]


class ModelShow(_Model):
    lang: str
    model: ModelDetail


class DerivedStatement(_Model):
    id: str
    model: str
    kind: Literal["advantage", "disadvantage"]
    text: str


class CriterionDetail(_Model):
    id: str
    name: str
    definition: str
    derived_from: list[DerivedStatement]
    profile: dict[str, int] = Field(description="Profile value per model id")


class CriteriaList(_Model):
    lang: str
    criteria: list[CriterionDetail]
    formula: str


class CriterionBrief(_Model):
    id: str
    name: str
    definition: str


class Comparison(_Model):
    lang: str
    models: list[ModelDetail]
    criteria: list[CriterionBrief]
    formula: str


class ErrorItem(_Model):
    field: str = Field(description="The parameter concerned (empty when none)")
    message: str


class ErrorResponse(_Model):
    """Every API error: one entry per problem."""

    detail: list[ErrorItem]
