"""What ``POST /api/v1/advise`` and ``POST /api/v1/solve`` answer, as pydantic models.

Documentation and a contract: the handlers send the advisor's and the engine's JSON unchanged
(no second serialisation on the hot path); the schemathesis run and the advisor's property test
check every answer against these models. Keys that depend on the method or the data (the
engine's ``details``, the per-model maps) are typed as maps, the rest field by field.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    """Answers may gain keys in later versions: clients must ignore what they do not know."""

    model_config = ConfigDict(extra="allow")


# ----------------------------------------------------------------------------- advise


class RankedModel(_Out):
    model: str
    name: str
    rank: int | None = Field(description="Wettbewerbsrang; null, wenn ausgeschlossen / excluded")
    score: float | None
    first_rank_share: float | None = Field(description="SMAA: Anteil auf Rang 1 / rank-1 share")
    excluded: bool
    reason: str | None
    rules: list[str] | None = None


class Doubt(_Out):
    """How sure the recommendation is with weights and ratings drawn within their intervals, and
    where the doubt comes from (shares null when neither source alone raises doubt)."""

    leader: str
    acceptability: float = Field(
        ge=0, le=1, description="Anteil vorn, Gewichte und Bewertungen gezogen / both drawn"
    )
    acceptability_priorities: float = Field(ge=0, le=1)
    acceptability_knowledge: float = Field(ge=0, le=1)
    share_priorities: float | None = Field(
        ge=0, le=1, description="Anteil der Unsicherheit aus den Prioritäten / from priorities"
    )
    share_knowledge: float | None = Field(
        ge=0, le=1, description="Anteil aus der Wissensbasis / from the knowledge base"
    )
    interaction: float = Field(description="gemeinsame minus getrennte Unsicherheit / joint - sum")
    kind: Literal["doubt", "doubt_none", "doubt_joint"]
    statement: str
    samples: int
    seed: int | None


class ExplanationItem(_Out):
    kind: str
    text: str
    refs: list[str]


class MitigationOut(_Out):
    id: str
    name: str
    description: str
    effort: str
    source: str
    source_kind: str


class Risk(_Out):
    statement: str | None
    rule: str | None
    text: str
    severity: float
    criteria: list[str]
    mitigations: list[MitigationOut]


class WhatIf(_Out):
    kind: str
    text: str


class FiredRule(_Out):
    id: str
    text: str
    basis: Literal["statement", "source", "expert_assumption"]
    ref: str
    factor: float = Field(
        description="Stärke der Regel (0–1; abgestufte Regeln wachsen mit der Angabe) / "
        "strength of the rule (0–1; graded rules grow with the fact)"
    )


class OpenFact(_Out):
    """A fact the profile left open that a rule waits for: it widens the rating intervals."""

    field: str
    topic: str
    rules: list[str]


class AssumptionOut(_Out):
    field: str
    label: str = Field(description="The field as the user knows it (never its path).")
    value: Any
    rationale: str


class FundingNote(_Out):
    """A funding condition of the Kommunalrichtlinie that concerns the profile as stated (see
    docs/de/beratung.md). It never changes the ranking."""

    id: str = Field(description="Prüfung in funding.yaml / check in funding.yaml")
    severity: Literal["note", "warning", "contradiction"] = Field(
        description="Hinweis, Warnung oder Widerspruch in den Angaben / note, warning or "
        "contradiction between the answers"
    )
    severity_label: str
    text: str
    basis: Literal["source", "expert_assumption"]
    source: str = Field(description="Quelle in sources.yaml / source id")
    section: str = Field(description="Stelle in der Quelle / place in the source")
    citation: str
    source_citation: str
    locator: str
    url: str | None = Field(description="Adresse der Quelle, falls vorhanden / source address")


class PracticeExample(_Out):
    """A documented placement in a real municipality, among those most like the profile (see
    docs/de/beratung.md). It never changes the ranking."""

    id: str
    name: str
    key: str = Field(description="Amtlicher Schlüssel / official key")
    land: str = Field(description="Landesschlüssel / code of the Land")
    land_name: str
    kind: str
    kind_label: str
    population: int
    size_class: str
    size_class_label: str
    model: str = Field(description="gewähltes Modell / model chosen")
    model_name: str
    since: int | None
    summary: str
    changed: bool = Field(description="Verortung geändert / placement changed")
    change: str = Field(description="ob und warum geändert / whether and why it changed")
    source: str = Field(description="Quelladresse / source address")
    source_host: str
    sources: list[str]
    similarity: float = Field(ge=0, le=1, description="Ähnlichkeit / similarity")
    reason: str = Field(description="warum ähnlich / why similar")


class Inputs(_Out):
    """The profile as used (every field known), priorities, their origin and the weights."""

    profile: dict[str, Any]
    priorities: dict[str, int]
    priority_origin: dict[str, str]
    weights: dict[str, float]
    weighting: dict[str, Any]


class Advice(_Out):
    """The recommendation for a profile (see docs/de/beratung.md)."""

    lang: Literal["de", "en"]
    recommendation: str
    recommendation_name: str
    ranking: list[RankedModel]
    robustness: dict[str, Any]
    doubt: Doubt
    agreement: dict[str, Any]
    explanation: list[ExplanationItem]
    risks: list[Risk]
    what_if: list[WhatIf]
    complement: dict[str, Any] | None
    rules_fired: list[FiredRule]
    open_facts: list[OpenFact]
    criteria_profile: dict[str, dict[str, float]]
    method: dict[str, Any]
    assumptions: list[AssumptionOut]
    inputs: Inputs
    practice_examples: list[PracticeExample] = Field(
        description="die ähnlichsten dokumentierten Praxisfälle / most similar documented cases"
    )
    funding: list[FundingNote] = Field(
        description="Förderbedingungen der Kommunalrichtlinie / funding conditions, most "
        "serious first"
    )


# ----------------------------------------------------------------------------- solve


class CriterionOut(_Out):
    id: str
    direction: Literal["max", "min"]


class MethodOut(_Out):
    name: Literal["wsm", "topsis", "promethee2", "ahp"]
    tie_rule: str
    tie_tolerance: float


class SolveResult(_Out):
    """Scores, ranking (competition ranking, 1 = best), weights and the analyses asked for."""

    alternatives: list[str]
    criteria: list[CriterionOut]
    scores: list[float]
    ranking: list[int]
    order: list[str] = Field(description="Alternativen, beste zuerst / best first")
    weights: list[float]
    weights_normalised: bool
    weighting: dict[str, Any]
    method: MethodOut
    details: dict[str, Any]
    consistency_ratio: float | None
    consistency: list[dict[str, Any]]
    robustness: dict[str, Any] | None
    agreement: dict[str, Any] | None
    group: dict[str, Any] | None
    seed: int | None
    version: str
    matrix: list[list[float]] | None = Field(
        default=None, description="Nur bei AHP: lokale Prioritäten / AHP only: local priorities"
    )
