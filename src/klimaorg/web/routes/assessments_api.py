"""JSON API of saved assessments (``/api/v1/assessments``) and of the municipality directory
(``/api/v1/directory``).

Authentication: ``Authorization: Bearer <token>`` (``klimaorg tokens create``) or the session
cookie of the pages (then unsafe methods need the ``X-CSRF-Token`` header). Anonymous → 401
with ``WWW-Authenticate: Bearer``. Everything is scoped to the organisation of the token or
session: another organisation's assessment is a 404 exactly like a missing one.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from starlette.status import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from klimaorg import assessing
from klimaorg.i18n import Lang
from klimaorg.storage import service
from klimaorg.storage.service import MAX_IMPORT_BYTES, MAX_PER_PAGE, AssessmentDetail
from klimaorg.web.auth import PrincipalDep, SessionDep
from klimaorg.web.openapi import LINE, TEXT, field
from klimaorg.web.openapi.examples import PROFILE, openapi_examples
from klimaorg.web.params import MAX_ID, IdPath, VersionPath
from klimaorg.web.schemas import ErrorResponse

TAG = "Bewertungen / Assessments"
DIRECTORY_TAG = "Gemeindeverzeichnis / Municipality directory"

RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Nicht angemeldet / not authenticated"},
    403: {"model": ErrorResponse, "description": "Rolle reicht nicht / role too small"},
    404: {"model": ErrorResponse, "description": "Unbekannt / unknown (or another organisation's)"},
    422: {"model": ErrorResponse, "description": "Ungültige Eingabe / invalid input"},
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {
        "model": ErrorResponse,
        "description": "lock_version veraltet, nichts geschrieben / stale lock_version, "
        "nothing written",
    }
}

router = APIRouter(prefix="/api/v1/assessments", tags=[TAG], responses=RESPONSES)
directory_router = APIRouter(prefix="/api/v1/directory", tags=[DIRECTORY_TAG], responses=RESPONSES)

Status = Literal["draft", "discussed", "decided"]
ProfileBody = Annotated[dict[str, Any], WithJsonSchema(field("Profile"))]
"""A profile as for ``POST /api/v1/advise``: checked by the advisor, with its messages."""


# ----------------------------------------------------------------------------- schemas


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


class AssessmentPublic(BaseModel):
    """An assessment with its current version's profile and result."""

    id: int
    title: str
    status: Status
    municipality_ags: str | None
    municipality_name: str | None
    decided_model: str | None
    council_decision_date: date | None
    notes: str
    current_version: int
    lock_version: int = Field(description="Mit der nächsten Änderung zurückgeben / send back")
    recommendation: str | None
    profile: dict[str, Any]
    result: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class AssessmentSummaryPublic(BaseModel):
    """A row of the list."""

    id: int
    title: str
    status: Status
    municipality_ags: str | None
    municipality_name: str | None
    decided_model: str | None
    council_decision_date: date | None
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


class Comparison(BaseModel):
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


class MunicipalityPublic(BaseModel):
    """A Gemeinde of the official directory."""

    ags: str
    name: str
    kind: str
    type_label: str
    population: int
    postcode: str | None
    kreis_key: str
    kreis_name: str | None
    land_name: str


def public(detail: AssessmentDetail) -> dict[str, Any]:
    """The API view of an assessment."""
    return {
        "id": detail.id,
        "title": detail.title,
        "status": detail.status,
        "municipality_ags": detail.municipality_ags,
        "municipality_name": detail.municipality_name,
        "decided_model": detail.decided_model,
        "council_decision_date": detail.council_decision_date,
        "notes": detail.notes,
        "current_version": detail.current_version,
        "lock_version": detail.lock_version,
        "recommendation": detail.result.get("recommendation"),
        "profile": detail.profile,
        "result": detail.result,
        "created_at": detail.created_at,
        "updated_at": detail.updated_at,
    }


LangQuery = Annotated[Lang, Query(description="Sprache der Texte im Ergebnis / language")]


# ----------------------------------------------------------------------------- routes


@router.get(
    "",
    response_model=AssessmentList,
    summary="Bewertungen der Organisation / The organisation's assessments",
)
def list_assessments(
    principal: PrincipalDep,
    session: SessionDep,
    status: Status | None = None,
    municipality: Annotated[str | None, Query(max_length=200)] = None,
    decided_model: Annotated[str | None, Query(max_length=50)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 20,
) -> dict[str, Any]:
    """Zuletzt geänderte zuerst; Filter nach Status, Gemeinde (Name oder AGS) und
    beschlossenem Modell. / Last changed first; filters by status, municipality, decided
    model."""
    result = service.list_assessments(
        session,
        principal,
        status=status,
        municipality=municipality,
        decided_model=decided_model,
        page=page,
        per_page=per_page,
    )
    return {
        "items": [_row(item) for item in result.items],
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "pages": result.pages,
    }


def _row(item: Any) -> dict[str, Any]:
    return {name: getattr(item, name) for name in item.__slots__}


@router.post(
    "",
    response_model=AssessmentPublic,
    status_code=HTTP_201_CREATED,
    summary="Bewertung anlegen / Create an assessment",
)
def create_assessment(
    body: Annotated[AssessmentCreate, Body(openapi_examples=CREATE_EXAMPLES)],
    principal: PrincipalDep,
    session: SessionDep,
    lang: LangQuery = "de",
) -> dict[str, Any]:
    """Berechnet die Empfehlung und speichert Profil und Ergebnis als Version 1 (Rolle
    Bearbeiter). / Runs the advisor, stores profile and result as version 1 (editor)."""
    detail = assessing.create_assessment(
        session,
        principal,
        title=body.title,
        profile=body.profile,
        ags=body.ags,
        note=body.note,
        lang=lang,
    )
    return public(detail)


@router.post(
    "/import",
    response_model=AssessmentPublic,
    status_code=HTTP_201_CREATED,
    summary="Exportdatei importieren / Import an export file",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
async def import_assessment(
    request: Request, principal: PrincipalDep, session: SessionDep, lang: LangQuery = "de"
) -> dict[str, Any]:
    """Legt eine Bewertung mit ihrer ganzen Geschichte aus einer Exportdatei an (höchstens
    1 MB, 32 Ebenen tief; geprüft wie jede Eingabe der API, bei einem Fehler wird nichts
    gespeichert). / Creates an assessment with its whole history from an export file (at most
    1 MB, 32 levels deep; checked like any API input, nothing is stored on an error)."""
    body = await request.body()
    document = await run_in_threadpool(
        service.read_export, body, max_bytes=MAX_IMPORT_BYTES, lang=lang
    )
    detail = await run_in_threadpool(
        assessing.import_assessment, session, principal, document, lang
    )
    return public(detail)


@router.get("/{id}", response_model=AssessmentPublic, summary="Eine Bewertung / One assessment")
def get_assessment(id: IdPath, principal: PrincipalDep, session: SessionDep) -> dict[str, Any]:
    """Mit Profil und Ergebnis der aktuellen Version. / With the current version."""
    return public(service.get_assessment(session, principal, id))


@router.put(
    "/{id}",
    response_model=AssessmentPublic,
    responses=CONFLICT,
    summary="Profil ändern (neue Version) / Change the profile (new version)",
)
def update_assessment(
    id: IdPath,
    body: Annotated[AssessmentUpdate, Body(openapi_examples=UPDATE_EXAMPLES)],
    principal: PrincipalDep,
    session: SessionDep,
    lang: LangQuery = "de",
) -> dict[str, Any]:
    """Neue Version, wenn ``lock_version`` noch aktuell ist, sonst 409 und nichts wird
    geschrieben. / New version if ``lock_version`` is current, else 409."""
    detail = assessing.update_assessment(
        session,
        principal,
        id,
        lock_version=body.lock_version,
        profile=body.profile,
        title=body.title,
        note=body.note,
        lang=lang,
    )
    return public(detail)


@router.delete(
    "/{id}",
    status_code=HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Bewertung löschen / Delete an assessment",
)
def delete_assessment(id: IdPath, principal: PrincipalDep, session: SessionDep) -> Response:
    """Mit allen Versionen und Workshops (Rolle Eigentümer). / With all versions (owner)."""
    service.delete_assessment(session, principal, id)
    return Response(status_code=HTTP_204_NO_CONTENT)


@router.get(
    "/{id}/history",
    response_model=list[VersionSummaryPublic],
    summary="Versionen / Versions",
)
def history(id: IdPath, principal: PrincipalDep, session: SessionDep) -> list[Any]:
    """Alle Versionen, neueste zuerst. / Every version, newest first."""
    return [_row(v) for v in service.history(session, principal, id)]


@router.get(
    "/{id}/versions/{version}",
    response_model=VersionPublic,
    summary="Eine Version / One version",
)
def get_version(
    id: IdPath, version: VersionPath, principal: PrincipalDep, session: SessionDep
) -> Any:
    """Profil und Ergebnis einer Version. / Profile and result of one version."""
    return _row(service.get_version(session, principal, id, version))


@router.post(
    "/{id}/versions/{version}/restore",
    response_model=AssessmentPublic,
    responses=CONFLICT,
    summary="Version wiederherstellen / Restore a version",
)
def restore_version(
    id: IdPath,
    version: VersionPath,
    body: RestoreRequest,
    principal: PrincipalDep,
    session: SessionDep,
) -> dict[str, Any]:
    """Eine neue Version gleich der Version ``version``. / A new version equal to it."""
    detail = service.restore_version(
        session, principal, id, version, lock_version=body.lock_version
    )
    return public(detail)


@router.get(
    "/{id}/compare",
    response_model=Comparison,
    summary="Zwei Versionen vergleichen / Compare two versions",
)
def compare(
    id: IdPath,
    principal: PrincipalDep,
    session: SessionDep,
    old: Annotated[int, Query(ge=1, le=MAX_ID)],
    new: Annotated[int, Query(ge=1, le=MAX_ID)],
) -> dict[str, Any]:
    """Was sich an Profil, Prioritäten und Rangfolge geändert hat. / What changed."""
    return service.compare_versions(session, principal, id, old, new)


@router.put(
    "/{id}/decision",
    response_model=AssessmentPublic,
    responses=CONFLICT,
    summary="Status und Beschluss / Status and decision",
)
def set_decision(
    id: IdPath, body: DecisionUpdate, principal: PrincipalDep, session: SessionDep
) -> dict[str, Any]:
    """Status (draft, discussed, decided), beschlossenes Modell, Datum des Ratsbeschlusses.
    / Status, decided model, date of the council decision."""
    detail = service.set_decision(
        session,
        principal,
        id,
        lock_version=body.lock_version,
        status=body.status,
        decided_model=body.decided_model,
        council_decision_date=body.council_decision_date,
    )
    return public(detail)


@router.put(
    "/{id}/notes",
    response_model=AssessmentPublic,
    responses=CONFLICT,
    summary="Notizen / Notes",
)
def set_notes(
    id: IdPath, body: NotesUpdate, principal: PrincipalDep, session: SessionDep
) -> dict[str, Any]:
    """Ersetzt die Notizen. / Replaces the notes."""
    detail = service.set_notes(
        session, principal, id, lock_version=body.lock_version, notes=body.notes
    )
    return public(detail)


@router.get(
    "/{id}/export",
    summary="Export (JSON mit allen Versionen) / Export with every version",
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}}},
    response_class=Response,
)
def export(id: IdPath, principal: PrincipalDep, session: SessionDep) -> Response:
    """Kanonisches JSON, importierbar in jede Installation. / Canonical JSON."""
    text = service.export_assessment(session, principal, id)
    return Response(
        text.encode("utf-8"),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="klimaorg-bewertung-{id}.json"'},
    )


@router.get(
    "/{id}/audit",
    response_model=list[AuditEntryPublic],
    summary="Protokoll / Audit log",
)
def audit(id: IdPath, principal: PrincipalDep, session: SessionDep) -> list[Any]:
    """Wer hat wann was geändert (Rolle Eigentümer). / Who changed what, when (owner)."""
    service.get_assessment(session, principal, id)  # 404 for another organisation's
    entries = service.list_audit(session, principal, object_type="assessment", object_id=id)
    return [_row(e) for e in entries]


# ----------------------------------------------------------------------------- directory


@directory_router.get(
    "/municipalities",
    name="directory_search",
    response_model=list[MunicipalityPublic],
    summary="Gemeinden suchen / Search municipalities",
)
def search(
    _principal: PrincipalDep,
    session: SessionDep,
    q: Annotated[str, Query(min_length=1, max_length=100)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    kreis: Annotated[str | None, Query(pattern=r"^\d{5}$")] = None,
) -> list[Any]:
    """Autovervollständigung: Namensteile ohne Rücksicht auf Groß-/Kleinschreibung und
    Umlaute, oder der AGS. / Autocomplete by part of the name or the AGS."""
    return [
        _row(m) for m in service.search_municipalities(session, q, limit=limit, kreis_key=kreis)
    ]


@directory_router.get(
    "/kreise/{key}/municipalities",
    response_model=list[MunicipalityPublic],
    summary="Gemeinden eines Kreises / Municipalities of a Kreis",
)
def in_kreis(key: str, _principal: PrincipalDep, session: SessionDep) -> list[Any]:
    """Alle Gemeinden eines Kreises, nach Namen. / Every municipality of a Kreis."""
    return [_row(m) for m in service.municipalities_in_kreis(session, key)]
