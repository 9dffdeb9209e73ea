"""Saved assessments as pages (German paths): list, new (municipality from the directory, then
the wizard), detail with the recommendation, decision, notes, profile editing, history,
comparison, restore, export and import, audit log; and ``/kommunen`` for a Landkreis.

The detail page extends the wizard's result template (the same ranking, robustness, reasons
and documents); viewers see everything but no buttons that change, and the server refuses
their changes (403) anyway. Every change carries the ``lock_version`` the page was built with:
a stale form changes nothing and says who saved in between.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from klimaorg.storage import service
from klimaorg.storage.service import MAX_IMPORT_BYTES, ConflictError, Principal
from klimaorg.web.assessments import views
from klimaorg.web.auth import PrincipalDep, SessionDep
from klimaorg.web.auth_errors import changed_meanwhile
from klimaorg.web.language import request_lang
from klimaorg.web.params import MAX_ID, IdPath, VersionPath
from klimaorg.web.rendering import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

LockForm = Annotated[int, Form(ge=0, le=MAX_ID)]


def _to_detail(request: Request, id: int) -> Response:
    return RedirectResponse(request.app.url_path_for("assessment", id=str(id)), status_code=303)


@router.get("/bewertungen", name="assessments")
def assessment_list(
    request: Request,
    principal: PrincipalDep,
    session: SessionDep,
    status: Annotated[str, Query(max_length=20)] = "",
    gemeinde: Annotated[str, Query(max_length=200)] = "",
    modell: Annotated[str, Query(max_length=50)] = "",
    seite: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    filters = {"status": status, "gemeinde": gemeinde, "modell": modell}
    data = views.list_data(session, principal, request_lang(request), filters, seite)
    return render(request, "assessments/list.html", data)


@router.get("/bewertungen/neu", name="assessment_new")
def assessment_new(
    request: Request,
    principal: PrincipalDep,
    session: SessionDep,
    q: Annotated[str, Query(max_length=100)] = "",
    ags: Annotated[str, Query(max_length=12)] = "",
) -> HTMLResponse:
    return render(request, "assessments/new.html", views.new_data(session, principal, q, ags))


@router.post("/bewertungen", name="assessment_create")
async def assessment_create(request: Request) -> Response:
    raw = await request.form()
    response: Response = await run_in_threadpool(views.create, request, raw)
    return response


# ----------------------------------------------------------------------------- detail


def _detail_page(
    request: Request,
    session: Session,
    principal: Principal,
    id: int,
    *,
    conflict: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    lang = request_lang(request)
    detail = service.get_assessment(session, principal, id)
    data, extras = views.detail_data(session, principal, detail, lang)
    data["conflict"] = conflict
    data["notice"] = None
    return render(request, "assessments/show.html", data, extras=extras, status_code=status_code)


def _conflict(request: Request, session: Session, principal: Principal, id: int) -> HTMLResponse:
    message = changed_meanwhile(session, principal, id, request_lang(request))
    return _detail_page(request, session, principal, id, conflict=message, status_code=409)


@router.get("/bewertungen/{id}", name="assessment")
def assessment_show(
    request: Request, principal: PrincipalDep, session: SessionDep, id: IdPath
) -> HTMLResponse:
    return _detail_page(request, session, principal, id)


@router.post("/bewertungen/{id}/entscheidung", name="assessment_decision")
def assessment_decision(
    request: Request,
    principal: PrincipalDep,
    session: SessionDep,
    id: IdPath,
    lock_version: LockForm,
    status: Annotated[str, Form(max_length=20)],
    decided_model: Annotated[str, Form(max_length=50)] = "",
    council_decision_date: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    try:
        service.set_decision(
            session,
            principal,
            id,
            lock_version=lock_version,
            status=status,
            decided_model=decided_model or None,
            council_decision_date=views.parse_date(council_decision_date),
        )
    except ConflictError:
        return _conflict(request, session, principal, id)
    return _to_detail(request, id)


@router.post("/bewertungen/{id}/notizen", name="assessment_notes")
def assessment_notes(
    request: Request,
    principal: PrincipalDep,
    session: SessionDep,
    id: IdPath,
    lock_version: LockForm,
    notes: Annotated[str, Form(max_length=50_000)] = "",
) -> Response:
    try:
        service.set_notes(session, principal, id, lock_version=lock_version, notes=notes)
    except ConflictError:
        return _conflict(request, session, principal, id)
    return _to_detail(request, id)


@router.post("/bewertungen/{id}/bearbeiten", name="assessment_edit")
def assessment_edit(
    request: Request, principal: PrincipalDep, session: SessionDep, id: IdPath
) -> Response:
    """ "Profil bearbeiten": continue in the wizard with the posted answers."""
    return views.start_edit(request, session, principal, id)


@router.post("/bewertungen/{id}/profil", name="assessment_profile")
async def assessment_profile(request: Request, id: IdPath) -> Response:
    raw = await request.form()
    response: Response = await run_in_threadpool(views.update_profile, request, id, raw, _conflict)
    return response


# ----------------------------------------------------------------------------- versions


@router.get("/bewertungen/{id}/versionen", name="assessment_history")
def assessment_history(
    request: Request, principal: PrincipalDep, session: SessionDep, id: IdPath
) -> HTMLResponse:
    data = {
        "assessment": service.get_assessment(session, principal, id),
        "history": service.history(session, principal, id),
        "models": views.model_names(request_lang(request)),
        "can_edit": views.can_edit(principal),
    }
    return render(request, "assessments/history.html", data)


@router.get("/bewertungen/{id}/vergleich", name="assessment_compare")
def assessment_compare(
    request: Request,
    principal: PrincipalDep,
    session: SessionDep,
    id: IdPath,
    alt: Annotated[int, Query(ge=1, le=MAX_ID)],
    neu: Annotated[int, Query(ge=1, le=MAX_ID)],
) -> HTMLResponse:
    data = views.compare_data(session, principal, id, alt, neu, request_lang(request))
    return render(request, "assessments/compare.html", data)


@router.post("/bewertungen/{id}/versionen/{version}/wiederherstellen", name="assessment_restore")
def assessment_restore(
    request: Request,
    principal: PrincipalDep,
    session: SessionDep,
    id: IdPath,
    version: VersionPath,
    lock_version: LockForm,
) -> Response:
    try:
        service.restore_version(session, principal, id, version, lock_version=lock_version)
    except ConflictError:
        return _conflict(request, session, principal, id)
    return _to_detail(request, id)


@router.get("/bewertungen/{id}/export", name="assessment_export")
def assessment_export(principal: PrincipalDep, session: SessionDep, id: IdPath) -> Response:
    return views.export_file(session, principal, id)


@router.post("/bewertungen/import", name="assessment_import")
async def assessment_import(request: Request) -> Response:
    raw = await request.form(max_files=1, max_fields=5)
    file = raw.get("datei")
    content = b""
    if isinstance(file, UploadFile):
        content = await file.read(MAX_IMPORT_BYTES + 1)
        await file.close()
    response: Response = await run_in_threadpool(views.import_file, request, content)
    return response


@router.get("/bewertungen/{id}/protokoll", name="assessment_audit")
def assessment_audit(
    request: Request, principal: PrincipalDep, session: SessionDep, id: IdPath
) -> HTMLResponse:
    data = views.audit_data(session, principal, id, request_lang(request))
    return render(request, "assessments/audit.html", data)


@router.get("/kommunen", name="municipalities_page")
def municipalities_page(
    request: Request, principal: PrincipalDep, session: SessionDep
) -> HTMLResponse:
    """The municipalities of the organisation's Landkreis with the status of their
    assessments (an organisation without a Kreis sees its assessments by municipality)."""
    data = views.municipalities_data(session, principal, request_lang(request))
    return render(request, "assessments/municipalities.html", data)
