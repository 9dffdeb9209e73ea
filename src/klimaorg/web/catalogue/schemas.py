"""Response models of the catalogue's JSON API: the catalogue's dict shapes, documented for
OpenAPI.

The routes return the catalogue dicts unchanged; these models only describe (and check) them.
Optional keys the catalogue leaves out stay out (``response_model_exclude_unset``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from klimaorg.i18n import Lang
from klimaorg.web.schemas import ErrorResponse

TAG = "Wissensbasis / Knowledge base"
INVALID: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorResponse, "description": "Ungültige Eingabe / Invalid input"}
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "Unbekannte ID / unknown id"}
}
LangQuery = Annotated[Lang, Query(description="Sprache der Texte / language of the texts (de, en)")]


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


class RatingBasis(_Model):
    """One item a rating rests on: a statement of the model, a cited source or an assumption."""

    kind: Literal["statement", "source", "expert_assumption"]
    text: str = Field(description="The statement, the source's locator or quote, or the assumption")
    id: str | None = Field(default=None, description="Statement id (model.statement) or source id")
    quote: str | None = Field(default=None, description="Verbatim German text, where quoted")
    statement_kind: Literal["advantage", "disadvantage"] | None = None
    source: Source | None = None


class ProfileValue(_Model):
    """A model's rating on one criterion (scale 1-5, 3 = average) with interval and basis."""

    criterion: str
    criterion_name: str
    value: float = Field(ge=1, le=5, description="Rating, 1 (very weak) to 5 (very strong)")
    low: float = Field(ge=1, le=5, description="Lower end of the plausible interval")
    high: float = Field(ge=1, le=5, description="Upper end of the plausible interval")
    label: str = Field(description="The scale's word for the value")
    basis: list[RatingBasis]
    rationale: str
    from_: list[str] = Field(
        alias="from", description="Statements of the model that bear on the criterion (evidence)"
    )


class ScaleStep(_Model):
    value: int
    label: str


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
    profile: dict[str, float] = Field(description="Rating (1-5) per model id")


class CriteriaList(_Model):
    lang: str
    criteria: list[CriterionDetail]
    method: str = Field(description="How the table is rated")
    scale: list[ScaleStep]


class CriterionBrief(_Model):
    id: str
    name: str
    definition: str


class Comparison(_Model):
    lang: str
    models: list[ModelDetail]
    criteria: list[CriterionBrief]
    method: str = Field(description="How the table is rated")
    scale: list[ScaleStep]
