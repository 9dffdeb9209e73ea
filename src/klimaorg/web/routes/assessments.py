"""Saved assessments as pages (German paths): list, new (municipality from the directory, then
the wizard), detail with the recommendation, decision, notes, profile editing, history,
comparison, restore, export and import, audit log; and ``/kommunen`` for a Landkreis.

The detail page extends the wizard's result template (the same ranking, robustness, reasons
and documents); viewers see everything but no buttons that change, and the server refuses
their changes (403) anyway. Every change carries the ``lock_version`` the page was built with:
a stale form changes nothing and says who saved in between.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from jinja2 import pass_context
from jinja2.runtime import Context
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from klimaorg import assessing
from klimaorg.advisor import ProfileError, advise, load_advisor_data
from klimaorg.context import current_directory
from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.i18n import Lang, gettext_for
from klimaorg.storage import service
from klimaorg.storage.service import (
    MAX_IMPORT_BYTES,
    AssessmentDetail,
    ConflictError,
    PermissionDeniedError,
    Principal,
    Role,
)
from klimaorg.web import wizard_views as views
from klimaorg.web.auth import PrincipalDep, SessionDep, current_principal, is_https
from klimaorg.web.language import request_lang
from klimaorg.web.params import MAX_ID, IdPath, VersionPath
from klimaorg.web.rendering import render
from klimaorg.web.wizard import form_to_profile, profile_to_form, read_form

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

EDIT_COOKIE = "klimaorg_edit"
EDIT_MAX_AGE = 24 * 3600
PER_PAGE = 20
STATUSES = ("draft", "discussed", "decided")


def status_names(lang: Lang) -> dict[str, str]:
    """The statuses in the reader's language."""
    _ = gettext_for(lang)
    return {"draft": _("draft"), "discussed": _("discussed"), "decided": _("decided")}


def model_names(lang: Lang) -> dict[str, str]:
    """Model id → short name in the reader's language."""
    kb = load_advisor_data().knowledge
    return {m: kb.model(m).short_name.get(lang) for m in kb.model_ids}


def _editor(principal: Principal) -> bool:
    return principal.can(Role.EDITOR)


def conflict_message(session: Session, principal: Principal, assessment_id: int, lang: Lang) -> str:
    """ "Diese Bewertung wurde inzwischen von … geändert …" with the name of who saved."""
    _ = gettext_for(lang)
    return _(
        "This assessment was changed in the meantime by %(who)s. Nothing was overwritten: "
        "the page now shows the current state; please make your change again."
    ) % {"who": service.last_editor(session, principal, assessment_id)}


# ----------------------------------------------------------------------------- edit cookie


def _edit_serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.secret_key, salt="klimaorg.edit")


@pass_context
def editing_assessment(context: Context) -> dict[str, Any] | None:
    """Jinja global: the assessment whose profile the user is changing in the wizard (signed
    cookie set by "Profil bearbeiten"), if it belongs to the current user and organisation."""
    request: Request = context["request"]
    raw = request.cookies.get(EDIT_COOKIE)
    if not raw:
        return None
    try:
        data = _edit_serializer(request).loads(raw, max_age=EDIT_MAX_AGE)
        principal = current_principal(request)
    except (BadSignature, Exception):
        return None
    if (
        principal is None
        or not isinstance(data, dict)
        or data.get("u") != principal.user_id
        or data.get("o") != principal.organisation_id
    ):
        return None
    return {"id": data.get("a"), "lock_version": data.get("l"), "title": data.get("t", "")}


def template_globals() -> dict[str, Any]:
    """Registered on the Jinja environment by ``create_app``."""
    return {"editing_assessment": editing_assessment}


def _clear_edit(response: Response, request: Request) -> None:
    secure = "; Secure" if is_https(request) else ""
    response.headers.append(
        "set-cookie", f"{EDIT_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}"
    )


# ----------------------------------------------------------------------------- list


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
    lang = request_lang(request)
    names = model_names(lang)
    page = service.list_assessments(
        session,
        principal,
        status=status if status in STATUSES else None,
        municipality=gemeinde.strip() or None,
        decided_model=modell if modell in names else None,
        page=seite,
        per_page=PER_PAGE,
    )
    filters = {"status": status, "gemeinde": gemeinde, "modell": modell}
    base = {k: v for k, v in filters.items() if v}
    data = {
        "page": page,
        "filters": filters,
        "statuses": status_names(lang),
        "models": names,
        "can_edit": _editor(principal),
        "previous_url": "?" + urlencode({**base, "seite": seite - 1}) if seite > 1 else None,
        "next_url": "?" + urlencode({**base, "seite": seite + 1}) if seite < page.pages else None,
    }
    return render(request, "assessments/list.html", data)


# ----------------------------------------------------------------------------- new


def _key(text: str) -> str:
    """A municipality key as typed, digits only (spaces and dots of a copied key removed)."""
    return "".join(ch for ch in text if ch.isdigit())[:12]


@router.get("/bewertungen/neu", name="assessment_new")
def assessment_new(
    request: Request,
    principal: PrincipalDep,
    session: SessionDep,
    q: Annotated[str, Query(max_length=100)] = "",
    ags: Annotated[str, Query(max_length=12)] = "",
) -> HTMLResponse:
    if not _editor(principal):
        raise PermissionDeniedError("create_assessment", Role.EDITOR.value)
    matches = service.search_municipalities(session, q, limit=20) if q.strip() else []
    chosen, key, corrected = None, _key(ags), False
    if len(key) in (7, 11):  # a spreadsheet dropped the leading zero of the Land's key
        key, corrected = f"0{key}", True
    if key:
        try:
            chosen = service.get_municipality(session, key)
        except (NotFoundError, UserInputError):
            chosen = None
    data = {
        "key": key,
        "key_unknown": bool(key) and chosen is None,
        "key_corrected": corrected and chosen is not None,
        "q": q,
        "matches": matches,
        "searched": bool(q.strip()),
        "chosen": chosen,
        "directory_empty": service.directory_counts(session).get("municipalities", 0) == 0,
    }
    return render(request, "assessments/new.html", data)


def _form_profile(request: Request, raw: Any) -> dict[str, Any]:
    form = read_form(raw.multi_items())
    lang = request_lang(request)
    errors = views.validate(form, lang, current_directory(), set(range(1, 6)))
    if errors:
        first = errors[0]
        raise UserInputError(first.label, first.message)
    return form_to_profile(form)


@router.post("/bewertungen", name="assessment_create")
async def assessment_create(request: Request) -> Response:
    raw = await request.form()
    return await _run_sync(request, _create, raw)


def _create(request: Request, raw: Any) -> Response:
    from klimaorg.web.auth import database, require_principal

    principal = require_principal(request)
    profile = _form_profile(request, raw)
    title = str(raw.get("title", "")).strip() or "—"
    ags = profile.get("municipality", {}).get("ags")
    with database(request).transaction() as session:
        detail = assessing.create_assessment(
            session,
            principal,
            title=title[:200],
            profile=profile,
            ags=ags if isinstance(ags, str) else None,
            lang=request_lang(request),
        )
    return RedirectResponse(
        request.app.url_path_for("assessment", id=str(detail.id)), status_code=303
    )


async def _run_sync(request: Request, func: Any, *args: Any) -> Response:
    from starlette.concurrency import run_in_threadpool

    result: Response = await run_in_threadpool(func, request, *args)
    return result


# ----------------------------------------------------------------------------- detail


def _detail_page(
    request: Request,
    session: Session,
    principal: Principal,
    detail: AssessmentDetail,
    *,
    conflict: str | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    lang = request_lang(request)
    directory = current_directory()
    form = profile_to_form(detail.profile, lang)
    try:
        result = advise(form_to_profile(form), lang=lang, directory=directory)
    except ProfileError:
        result = advise(detail.profile, lang=lang, directory=directory)
    data = views.result_data(result, form, lang, None, directory)
    data["assessment"] = detail
    data["history"] = service.history(session, principal, detail.id)
    data["statuses"] = status_names(lang)
    data["models"] = model_names(lang)
    data["can_edit"] = _editor(principal)
    data["is_owner"] = principal.can(Role.OWNER)
    data["conflict"] = conflict
    data["notice"] = notice
    extras = views.result_extras(data, lang)
    return render(request, "assessments/show.html", data, extras=extras, status_code=status_code)


@router.get("/bewertungen/{id}", name="assessment")
def assessment_show(
    request: Request, principal: PrincipalDep, session: SessionDep, id: IdPath
) -> HTMLResponse:
    detail = service.get_assessment(session, principal, id)
    return _detail_page(request, session, principal, detail)


def _parse_date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserInputError("council_decision_date", "Datum als JJJJ-MM-TT") from None


@router.post("/bewertungen/{id}/entscheidung", name="assessment_decision")
def assessment_decision(
    request: Request,
    principal: PrincipalDep,
    session: SessionDep,
    id: IdPath,
    lock_version: Annotated[int, Form(ge=0, le=MAX_ID)],
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
            council_decision_date=_parse_date(council_decision_date),
        )
    except ConflictError:
        return _conflict(request, session, principal, id)
    return RedirectResponse(request.app.url_path_for("assessment", id=str(id)), status_code=303)


def _conflict(request: Request, session: Session, principal: Principal, id: int) -> HTMLResponse:
    message = conflict_message(session, principal, id, request_lang(request))
    detail = service.get_assessment(session, principal, id)
    return _detail_page(request, session, principal, detail, conflict=message, status_code=409)


@router.post("/bewertungen/{id}/notizen", name="assessment_notes")
def assessment_notes(
    request: Request,
    principal: PrincipalDep,
    session: SessionDep,
    id: IdPath,
    lock_version: Annotated[int, Form(ge=0, le=MAX_ID)],
    notes: Annotated[str, Form(max_length=50_000)] = "",
) -> Response:
    try:
        service.set_notes(session, principal, id, lock_version=lock_version, notes=notes)
    except ConflictError:
        return _conflict(request, session, principal, id)
    return RedirectResponse(request.app.url_path_for("assessment", id=str(id)), status_code=303)


@router.post("/bewertungen/{id}/bearbeiten", name="assessment_edit")
def assessment_edit(
    request: Request, principal: PrincipalDep, session: SessionDep, id: IdPath
) -> Response:
    """ "Profil bearbeiten": remember which assessment (and lock_version) is being changed,
    then continue in the wizard's first step with the posted answers (307 keeps the POST)."""
    if not _editor(principal):
        raise PermissionDeniedError("update_assessment", Role.EDITOR.value)
    detail = service.get_assessment(session, principal, id)
    value = _edit_serializer(request).dumps(
        {
            "a": detail.id,
            "l": detail.lock_version,
            "t": detail.title,
            "u": principal.user_id,
            "o": principal.organisation_id,
        }
    )
    response = RedirectResponse(
        request.app.url_path_for("wizard_step_post", step="1"), status_code=307
    )
    secure = "; Secure" if is_https(request) else ""
    response.headers.append(
        "set-cookie",
        f"{EDIT_COOKIE}={value}; Path=/; Max-Age={EDIT_MAX_AGE}; HttpOnly; SameSite=Lax{secure}",
    )
    return response


@router.post("/bewertungen/{id}/profil", name="assessment_profile")
async def assessment_profile(request: Request, id: IdPath) -> Response:
    raw = await request.form()
    return await _run_sync(request, _update_profile, id, raw)


def _update_profile(request: Request, id: int, raw: Any) -> Response:
    from klimaorg.web.auth import database, require_principal

    principal = require_principal(request)
    with database(request).transaction() as session:  # 404 before looking at the input
        service.get_assessment(session, principal, id)
    if not principal.can(Role.EDITOR):
        raise PermissionDeniedError("update_assessment", Role.EDITOR.value)
    profile = _form_profile(request, raw)
    try:
        lock_version = int(str(raw.get("lock_version", "")))
    except ValueError:
        raise UserInputError("lock_version", "fehlt") from None
    if not 0 <= lock_version <= MAX_ID:
        raise UserInputError("lock_version", "ungültig")
    with database(request).transaction() as session:
        try:
            assessing.update_assessment(
                session,
                principal,
                id,
                lock_version=lock_version,
                profile=profile,
                lang=request_lang(request),
            )
        except ConflictError:
            response: Response = _conflict(request, session, principal, id)
            _clear_edit(response, request)
            return response
    response = RedirectResponse(request.app.url_path_for("assessment", id=str(id)), status_code=303)
    _clear_edit(response, request)
    return response


# ----------------------------------------------------------------------------- versions


@router.get("/bewertungen/{id}/versionen", name="assessment_history")
def assessment_history(
    request: Request, principal: PrincipalDep, session: SessionDep, id: IdPath
) -> HTMLResponse:
    detail = service.get_assessment(session, principal, id)
    data = {
        "assessment": detail,
        "history": service.history(session, principal, id),
        "models": model_names(request_lang(request)),
        "can_edit": _editor(principal),
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
    lang = request_lang(request)
    detail = service.get_assessment(session, principal, id)
    comparison = service.compare_versions(session, principal, id, alt, neu)
    comparison = {**comparison, "profile": views.answer_rows(comparison["profile"], lang)}
    data = {
        "assessment": detail,
        "comparison": comparison,
        "models": model_names(lang),
        "criteria": views.criterion_names(lang),
    }
    return render(request, "assessments/compare.html", data)


@router.post("/bewertungen/{id}/versionen/{version}/wiederherstellen", name="assessment_restore")
def assessment_restore(
    request: Request,
    principal: PrincipalDep,
    session: SessionDep,
    id: IdPath,
    version: VersionPath,
    lock_version: Annotated[int, Form(ge=0, le=MAX_ID)],
) -> Response:
    try:
        service.restore_version(session, principal, id, version, lock_version=lock_version)
    except ConflictError:
        return _conflict(request, session, principal, id)
    return RedirectResponse(request.app.url_path_for("assessment", id=str(id)), status_code=303)


@router.get("/bewertungen/{id}/export", name="assessment_export")
def assessment_export(principal: PrincipalDep, session: SessionDep, id: IdPath) -> Response:
    text = service.export_assessment(session, principal, id)
    return Response(
        text.encode("utf-8"),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="klimaorg-bewertung-{id}.json"'},
    )


@router.post("/bewertungen/import", name="assessment_import")
async def assessment_import(request: Request) -> Response:
    raw = await request.form(max_files=1, max_fields=5)
    file = raw.get("datei")
    content = b""
    if isinstance(file, UploadFile):
        content = await file.read(MAX_IMPORT_BYTES + 1)
        await file.close()
    return await _run_sync(request, _import, content)


def _import(request: Request, content: bytes) -> Response:
    """Runs in a worker thread: parsing and checking a 1 MB export is real work."""
    from klimaorg.web.auth import database, require_principal

    principal = require_principal(request)
    lang = request_lang(request)
    _ = gettext_for(lang)
    if not content:
        raise UserInputError("datei", _("Please choose an export file."))
    if len(content) > MAX_IMPORT_BYTES:
        raise UserInputError("datei", _("The file is too large (at most 1 MB)."))
    document = service.read_export(content, max_bytes=MAX_IMPORT_BYTES, lang=lang)
    with database(request).transaction() as session:
        detail = assessing.import_assessment(session, principal, document, lang)
    return RedirectResponse(
        request.app.url_path_for("assessment", id=str(detail.id)), status_code=303
    )


@router.get("/bewertungen/{id}/protokoll", name="assessment_audit")
def assessment_audit(
    request: Request, principal: PrincipalDep, session: SessionDep, id: IdPath
) -> HTMLResponse:
    detail = service.get_assessment(session, principal, id)
    entries = service.list_audit(session, principal, object_type="assessment", object_id=id)
    lang = request_lang(request)
    rows = [
        {"at": e.at, "actor": e.actor, "what": views.audit_sentence(e.action, lang)}
        for e in entries
    ]
    return render(request, "assessments/audit.html", {"assessment": detail, "entries": rows})


# ----------------------------------------------------------------------------- Kreis


@router.get("/kommunen", name="municipalities_page")
def municipalities_page(
    request: Request, principal: PrincipalDep, session: SessionDep
) -> HTMLResponse:
    """The municipalities of the organisation's Landkreis with the status of their
    assessments (an organisation without a Kreis sees its assessments by municipality)."""
    kreis_key = service.get_organisation(session, principal).kreis_key
    by_ags: dict[str, list[dict[str, Any]]] = {}
    for place in service.assessment_places(session, principal):
        if place.municipality_ags:
            by_ags.setdefault(place.municipality_ags[:8], []).append(
                {"status": place.status, "id": place.id, "title": place.title}
            )
    municipalities = service.municipalities_in_kreis(session, kreis_key) if kreis_key else []
    data = {
        "kreis_key": kreis_key,
        "kreis": service.kreis_label(session, kreis_key) if kreis_key else None,
        "municipalities": municipalities,
        "assessments": by_ags,
        "statuses": status_names(request_lang(request)),
    }
    return render(request, "assessments/municipalities.html", data)
