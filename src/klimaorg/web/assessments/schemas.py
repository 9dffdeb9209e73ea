"""The JSON shapes of saved assessments: request bodies, answers, examples, documented errors."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from klimaorg.i18n import Lang
from klimaorg.web.openapi import LINE, TEXT, field
from klimaorg.web.openapi.examples import PROFILE, openapi_examples
from klimaorg.web.params import MAX_ID
from klimaorg.web.schemas import SIGNED_IN_ERRORS, ErrorResponse

TAG = "Bewertungen / Assessments"

RESPONSES = SIGNED_IN_ERRORS
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {
        "model": ErrorResponse,
        "description": "lock_version veraltet, nichts geschrieben / stale lock_version, "
        "nothing written",
    }
}

Status = Literal["draft", "discussed", "decided"]
ProfileBody = Annotated[dict[str, Any], WithJsonSchema(field("Profile"))]
"""A profile as for ``POST /api/v1/advise``: checked by the advisor, with its messages."""


class AssessmentCreate(BaseModel):
    """A new assessment: a profile (as for ``POST /api/v1/advise``) and a title."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=200, json_schema_extra=LINE)
    profile: ProfileBody
    ags: str | None = Field(
        default=None,
        description="Amtlicher Gemeindeschlüssel (8 Ziffern) oder ARS (12): Name, Art und "
        "Einwohnerzahl aus dem Verzeichnis / official municipality key",
    )
    note: str = Field(
        default="", max_length=2000, description="Notiz zu Version 1", json_schema_extra=TEXT
    )


class AssessmentUpdate(BaseModel):
    """A changed profile: saved as a new version if ``lock_version`` is still current."""

    model_config = ConfigDict(extra="forbid")
    lock_version: int = Field(ge=1, le=MAX_ID, description="Wie zuletzt gelesen / as last read")
    profile: ProfileBody
    title: str | None = Field(default=None, min_length=1, max_length=200, json_schema_extra=LINE)
    note: str = Field(default="", max_length=2000, json_schema_extra=TEXT)


CREATE_EXAMPLES = openapi_examples(
    {"stadt": {"title": "Klimaschutzmanagement 2027", "profile": PROFILE, "note": "Erster Entwurf"}}
)
UPDATE_EXAMPLES = openapi_examples(
    {
        "more_staff": {
            "lock_version": 1,
            "profile": {**PROFILE, "resources": {**PROFILE["resources"], "staff_fte": 2.0}},
            "note": "Zweite Stelle im Haushalt eingeplant",
        }
    }
)


class DecisionUpdate(BaseModel):
    """Status, the model the council chose and the date of its decision."""

    model_config = ConfigDict(extra="forbid")
    lock_version: int = Field(ge=1, le=MAX_ID)
    status: Status
    decided_model: str | None = None
    council_decision_date: date | None = None


class NotesUpdate(BaseModel):
    """The free-text notes (replaced as a whole)."""

    model_config = ConfigDict(extra="forbid")
    lock_version: int = Field(ge=1, le=MAX_ID)
    notes: str = Field(max_length=50_000, json_schema_extra=TEXT)


class RestoreRequest(BaseModel):
    """Restore a version as a new version."""

    model_config = ConfigDict(extra="forbid")
    lock_version: int = Field(ge=1, le=MAX_ID)


class AssessmentHeadPublic(BaseModel):
    """The fields the list and the detail share, in the order both show them."""

    id: int
    title: str
    status: Status
    municipality_ags: str | None
    municipality_name: str | None
    decided_model: str | None
    council_decision_date: date | None


class AssessmentPublic(AssessmentHeadPublic):
    """An assessment with its current version's profile and result."""

    notes: str
    current_version: int
    lock_version: int = Field(description="Mit der nächsten Änderung zurückgeben / send back")
    recommendation: str | None
    profile: dict[str, Any]
    result: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class AssessmentSummaryPublic(AssessmentHeadPublic):
    """A row of the list."""

    recommendation: str | None
    current_version: int
    lock_version: int
    created_at: datetime
    updated_at: datetime


class AssessmentList(BaseModel):
    """One page of assessments, last changed first."""

    items: list[AssessmentSummaryPublic]
    total: int
    page: int
    per_page: int
    pages: int


class VersionSummaryPublic(BaseModel):
    """A version in the history."""

    number: int
    note: str
    author_name: str
    created_at: datetime
    recommendation: str | None


class VersionPublic(BaseModel):
    """A full version."""

    number: int
    note: str
    author_name: str
    created_at: datetime
    profile: dict[str, Any]
    result: dict[str, Any]


class ProfileChange(BaseModel):
    """A profile field whose value differs."""

    field: str
    old: Any = None
    new: Any = None


class PriorityChange(BaseModel):
    """A criterion whose priority or weight differs."""

    criterion: str
    old: Any = None
    new: Any = None
    old_weight: float | None = None
    new_weight: float | None = None


class RankChange(BaseModel):
    """A model's rank and score before and after."""

    model: str
    old_rank: int | None = None
    new_rank: int | None = None
    moved: int | None = None
    old_score: float | None = None
    new_score: float | None = None
    old_excluded: bool | None = None
    new_excluded: bool | None = None


class RecommendationChange(BaseModel):
    """The recommendation before and after."""

    old: str | None
    new: str | None
    changed: bool


class VersionComparison(BaseModel):
    """What changed from one version to another."""

    assessment_id: int
    old_version: int
    new_version: int
    profile: list[ProfileChange]
    priorities: list[PriorityChange]
    ranking: list[RankChange]
    recommendation: RecommendationChange


class AuditEntryPublic(BaseModel):
    """An entry of the audit log."""

    id: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str | None
    details: dict[str, Any]


LangQuery = Annotated[Lang, Query(description="Sprache der Texte im Ergebnis / language")]
