"""The JSON API of saved assessments (``/api/v1/assessments``).

Authentication: ``Authorization: Bearer <token>`` (``klimaorg tokens create``) or the session
cookie of the pages (then unsafe methods need the ``X-CSRF-Token`` header). Anonymous → 401
with ``WWW-Authenticate: Bearer``. Everything is scoped to the organisation of the token or
session: another organisation's assessment is a 404 exactly like a missing one; a stale
``lock_version`` is a 409 (:mod:`klimaorg.web.auth_errors`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.status import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from klimaorg import assessing
from klimaorg.storage import service
from klimaorg.storage.service import MAX_IMPORT_BYTES, MAX_PER_PAGE
from klimaorg.web.assessments import views
from klimaorg.web.assessments.schemas import (
    CONFLICT,
    CREATE_EXAMPLES,
    RESPONSES,
    TAG,
    UPDATE_EXAMPLES,
    AssessmentCreate,
    AssessmentList,
    AssessmentPublic,
    AssessmentUpdate,
    AuditEntryPublic,
    DecisionUpdate,
    LangQuery,
    NotesUpdate,
    RestoreRequest,
    Status,
    VersionComparison,
    VersionPublic,
    VersionSummaryPublic,
)
from klimaorg.web.auth import PrincipalDep, SessionDep
from klimaorg.web.params import MAX_ID, IdPath, VersionPath
from klimaorg.web.schemas import row

router = APIRouter(prefix="/api/v1/assessments", tags=[TAG], responses=RESPONSES)


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
    return views.page_out(result)


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
    return views.public(detail)


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
    return views.public(detail)


@router.get("/{id}", response_model=AssessmentPublic, summary="Eine Bewertung / One assessment")
def get_assessment(id: IdPath, principal: PrincipalDep, session: SessionDep) -> dict[str, Any]:
    """Mit Profil und Ergebnis der aktuellen Version. / With the current version."""
    return views.public(service.get_assessment(session, principal, id))


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
    return views.public(detail)


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
    return [row(v) for v in service.history(session, principal, id)]


@router.get(
    "/{id}/versions/{version}",
    response_model=VersionPublic,
    summary="Eine Version / One version",
)
def get_version(
    id: IdPath, version: VersionPath, principal: PrincipalDep, session: SessionDep
) -> Any:
    """Profil und Ergebnis einer Version. / Profile and result of one version."""
    return row(service.get_version(session, principal, id, version))


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
    return views.public(detail)


@router.get(
    "/{id}/compare",
    response_model=VersionComparison,
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
    return views.public(detail)


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
    return views.public(detail)


@router.get(
    "/{id}/export",
    summary="Export (JSON mit allen Versionen) / Export with every version",
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}}},
    response_class=Response,
)
def export(id: IdPath, principal: PrincipalDep, session: SessionDep) -> Response:
    """Kanonisches JSON, importierbar in jede Installation. / Canonical JSON."""
    return views.export_file(session, principal, id)


@router.get(
    "/{id}/audit",
    response_model=list[AuditEntryPublic],
    summary="Protokoll / Audit log",
)
def audit(id: IdPath, principal: PrincipalDep, session: SessionDep) -> list[Any]:
    """Wer hat wann was geändert (Rolle Eigentümer). / Who changed what, when (owner)."""
    service.get_assessment(session, principal, id)  # 404 for another organisation's
    entries = service.list_audit(session, principal, object_type="assessment", object_id=id)
    return [row(e) for e in entries]
