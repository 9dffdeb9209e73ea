"""The workshops' JSON shapes: request bodies, answers and the documented error answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from klimaorg.storage.service import DEFAULT_PARTICIPANTS, MAX_PARTICIPANTS
from klimaorg.web.params import MAX_ID
from klimaorg.web.schemas import ErrorResponse
from klimaorg.web.workshops.views import MAX_DAYS


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WorkshopCreate(_Schema):
    """A new share link."""

    title: str | None = Field(
        default=None, max_length=200, description="Titel (Standard: Titel der Bewertung)"
    )
    valid_for_days: int = Field(
        default=14, ge=1, le=MAX_DAYS, description="Gültigkeit in Tagen / validity in days"
    )
    max_participants: int = Field(
        default=DEFAULT_PARTICIPANTS,
        ge=1,
        le=MAX_PARTICIPANTS,
        description="Höchstzahl Teilnehmender / most participants the link admits",
    )


class WorkshopOut(BaseModel):
    """A workshop as its organisation sees it (never the token)."""

    id: int
    assessment_id: int
    title: str
    expires_at: datetime
    revoked_at: datetime | None
    created_at: datetime
    submissions: int
    max_participants: int
    open: bool


class WorkshopCreated(WorkshopOut):
    """A new workshop with its link; the token is shown only this once."""

    token: str
    url: str


class WorkshopList(BaseModel):
    items: list[WorkshopOut]


class AhpInput(_Schema):
    """Pairwise comparisons (Saaty 1/9..9) over at least two criteria."""

    criteria: list[str] = Field(min_length=2, max_length=11)
    matrix: list[list[float]] = Field(min_length=2, max_length=11)


class SubmissionIn(_Schema):
    """One participant's input: priorities 0-4 for every criterion, or an AHP matrix."""

    participant: str = Field(min_length=1, max_length=80, description="Name oder Amt")
    priorities: dict[str, int] | None = Field(
        default=None, description="Kriterium → 0..4 (alle elf Kriterien)"
    )
    ahp: AhpInput | None = None


class SubmissionOut(BaseModel):
    id: int
    participant: str
    priorities: dict[str, int] | None
    ahp: dict[str, Any] | None
    submitted_at: datetime


class SubmissionList(BaseModel):
    items: list[SubmissionOut]


class Leader(BaseModel):
    model: str
    name: str


class SubmissionResult(BaseModel):
    """Thanks: what was stored and the leading model for these priorities."""

    participant: str
    submitted_at: datetime
    leading_model: Leader | None


class PublicWorkshop(BaseModel):
    """What a participant sees after opening the link."""

    title: str
    municipality_name: str | None
    criteria: list[str]
    expires_at: datetime


class Disagreement(BaseModel):
    criterion: str
    sd: float
    min: float
    max: float
    mean: float


class Aggregate(BaseModel):
    """The group view (see ``aggregate_group``); further keys may follow."""

    model_config = ConfigDict(extra="allow")

    workshop_id: int
    rule: Literal["mean", "aij"]
    participants: list[str]
    criteria: list[str]
    group_weights: dict[str, float]
    group_ranking: dict[str, int]
    kendall_w: float | None
    agreement: Literal["high", "medium", "low"] | None
    most_divergent: str | None
    spread_of: Literal["priorities", "weights"]
    disagreement: list[Disagreement]


class AdoptIn(_Schema):
    lock_version: int = Field(ge=0, le=MAX_ID, description="Stand, den Sie gelesen haben")


class AdoptOut(BaseModel):
    """The assessment after adopting: its new version and lock version."""

    id: int
    current_version: int
    lock_version: int
    recommendation: str | None


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Nicht angemeldet / not authenticated"},
    403: {"model": ErrorResponse, "description": "Rolle reicht nicht / role too small"},
    404: {"model": ErrorResponse, "description": "Unbekannt / unknown"},
    422: {"model": ErrorResponse, "description": "Ungültige Eingabe / invalid input"},
}
PUBLIC_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "Unbekannter Link / unknown link"},
    410: {"model": ErrorResponse, "description": "Link abgelaufen oder widerrufen / closed"},
    422: {"model": ErrorResponse, "description": "Ungültige Eingabe / invalid input"},
}


SUBMIT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "model": SubmissionResult,
        "description": "Korrektur gespeichert (gleicher Name; auch bei doppeltem Absenden) / "
        "correction stored (same name; also for a double submission)",
    },
    **PUBLIC_ERRORS,
    422: {
        "model": ErrorResponse,
        "description": "Ungültige Eingabe oder Link voll (Feld participant) / invalid input or "
        "link full (field participant)",
    },
    429: {
        "model": ErrorResponse,
        "description": "Zu viele Korrekturen unter diesem Namen (Header Retry-After) / too "
        "many corrections under this name (Retry-After header)",
        "headers": {
            "Retry-After": {"description": "Sekunden / seconds", "schema": {"type": "integer"}}
        },
    },
}
