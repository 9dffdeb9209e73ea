"""What the assessment pages and API show, and the steps behind them.

The routes (:mod:`.pages`, :mod:`.api`) parse, call one function here (or the storage service)
and render the returned dicts. The detail page extends the wizard's result template, so its
data comes from :mod:`klimaorg.web.wizard.views`. Storage errors are not caught here except
a stale ``lock_version`` on a page, which shows the current state with who saved in between.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from jinja2 import pass_context
from jinja2.runtime import Context
from sqlalchemy.orm import Session

from klimaorg import assessing
from klimaorg.advisor import ProfileError, advise, load_advisor_data
from klimaorg.context import current_directory
from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.i18n import Lang, gettext_for
from klimaorg.jsondata import Data
from klimaorg.storage import service
from klimaorg.storage.service import (
    MAX_IMPORT_BYTES,
    AssessmentDetail,
    ConflictError,
    PermissionDeniedError,
    Principal,
    Role,
)
from klimaorg.web.auth import current_principal, database, is_https, require_principal
from klimaorg.web.language import request_lang
from klimaorg.web.params import MAX_ID
from klimaorg.web.schemas import row
from klimaorg.web.wizard import views as wizard_views
from klimaorg.web.wizard.form import form_to_profile, profile_to_form, read_form

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


def can_edit(principal: Principal) -> bool:
    """Whether the principal may change assessments (editor or owner)."""
    return principal.can(Role.EDITOR)


def require_editor(principal: Principal, action: str) -> None:
    """403 (by :mod:`klimaorg.web.auth_errors`) unless the principal may edit."""
    if not can_edit(principal):
        raise PermissionDeniedError(action, Role.EDITOR.value)


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


def _edit_cookie(request: Request, value: str, max_age: int) -> str:
    secure = "; Secure" if is_https(request) else ""
    return f"{EDIT_COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"


def clear_edit(response: Response, request: Request) -> None:
    """Forget which assessment the wizard is changing."""
    response.headers.append("set-cookie", _edit_cookie(request, "", 0))


def start_edit(request: Request, session: Session, principal: Principal, id: int) -> Response:
    """ "Profil bearbeiten": remember which assessment (and lock_version) is being changed,
    then continue in the wizard's first step with the posted answers (307 keeps the POST)."""
    require_editor(principal, "update_assessment")
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
    target = request.app.url_path_for("wizard_step_post", step="1")
    response = RedirectResponse(target, status_code=307)
    response.headers.append("set-cookie", _edit_cookie(request, value, EDIT_MAX_AGE))
    return response


# ----------------------------------------------------------------------------- list and new


def list_data(
    session: Session, principal: Principal, lang: Lang, filters: dict[str, str], page: int
) -> Data:
    """One page of the organisation's assessments with the filters as given."""
    names = model_names(lang)
    status, municipality, model = filters["status"], filters["gemeinde"], filters["modell"]
    found = service.list_assessments(
        session,
        principal,
        status=status if status in STATUSES else None,
        municipality=municipality.strip() or None,
        decided_model=model if model in names else None,
        page=page,
        per_page=PER_PAGE,
    )
    base = {k: v for k, v in filters.items() if v}
    return {
        "page": found,
        "filters": filters,
        "statuses": status_names(lang),
        "models": names,
        "can_edit": can_edit(principal),
        "previous_url": "?" + urlencode({**base, "seite": page - 1}) if page > 1 else None,
        "next_url": "?" + urlencode({**base, "seite": page + 1}) if page < found.pages else None,
    }


def _key(text: str) -> str:
    """A municipality key as typed, digits only (spaces and dots of a copied key removed)."""
    return "".join(ch for ch in text if ch.isdigit())[:12]


def new_data(session: Session, principal: Principal, q: str, ags: str) -> Data:
    """The first step of a new assessment: search the directory or take a typed key."""
    require_editor(principal, "create_assessment")
    matches = service.search_municipalities(session, q, limit=20) if q.strip() else []
    chosen, key, corrected = None, _key(ags), False
    if len(key) in (7, 11):  # a spreadsheet dropped the leading zero of the Land's key
        key, corrected = f"0{key}", True
    if key:
        try:
            chosen = service.get_municipality(session, key)
        except (NotFoundError, UserInputError):
            chosen = None
    return {
        "key": key,
        "key_unknown": bool(key) and chosen is None,
        "key_corrected": corrected and chosen is not None,
        "q": q,
        "matches": matches,
        "searched": bool(q.strip()),
        "chosen": chosen,
        "directory_empty": service.directory_counts(session).get("municipalities", 0) == 0,
    }


def _form_profile(request: Request, raw: Any) -> dict[str, Any]:
    form = read_form(raw.multi_items())
    lang = request_lang(request)
    errors = wizard_views.validate(form, lang, current_directory(), set(range(1, 6)))
    if errors:
        first = errors[0]
        raise UserInputError(first.label, first.message)
    return form_to_profile(form)


def _to_assessment(request: Request, id: int) -> Response:
    return RedirectResponse(request.app.url_path_for("assessment", id=str(id)), status_code=303)


def create(request: Request, raw: Any) -> Response:
    """Save the wizard's answers as a new assessment (runs in a worker thread)."""
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
    return _to_assessment(request, detail.id)


# ----------------------------------------------------------------------------- detail


def detail_data(
    session: Session, principal: Principal, detail: AssessmentDetail, lang: Lang
) -> tuple[Data, Data]:
    """The detail page's data and extras: the wizard's result for the stored profile."""
    directory = current_directory()
    form = profile_to_form(detail.profile, lang)
    try:
        result = advise(form_to_profile(form), lang=lang, directory=directory)
    except ProfileError:
        result = advise(detail.profile, lang=lang, directory=directory)
    data = wizard_views.result_data(result, form, lang, None, directory)
    data["assessment"] = detail
    data["history"] = service.history(session, principal, detail.id)
    data["statuses"] = status_names(lang)
    data["models"] = model_names(lang)
    data["can_edit"] = can_edit(principal)
    data["is_owner"] = principal.can(Role.OWNER)
    return data, wizard_views.result_extras(data, lang)


def parse_date(text: str) -> date | None:
    """The council's decision date as the form sends it (empty: none)."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserInputError("council_decision_date", "Datum als JJJJ-MM-TT") from None


def update_profile(request: Request, id: int, raw: Any, conflict: Any) -> Response:
    """Save the wizard's changed answers as a new version (runs in a worker thread);
    ``conflict(request, session, principal, id)`` answers a stale ``lock_version``."""
    principal = require_principal(request)
    with database(request).transaction() as session:  # 404 before looking at the input
        service.get_assessment(session, principal, id)
    require_editor(principal, "update_assessment")
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
            response: Response = conflict(request, session, principal, id)
            clear_edit(response, request)
            return response
    response = _to_assessment(request, id)
    clear_edit(response, request)
    return response


# ----------------------------------------------------------------------------- versions


def compare_data(
    session: Session, principal: Principal, id: int, old: int, new: int, lang: Lang
) -> Data:
    """Two versions side by side: answers, priorities, ranking."""
    detail = service.get_assessment(session, principal, id)
    comparison = service.compare_versions(session, principal, id, old, new)
    comparison = {**comparison, "profile": wizard_views.answer_rows(comparison["profile"], lang)}
    return {
        "assessment": detail,
        "comparison": comparison,
        "models": model_names(lang),
        "criteria": wizard_views.criterion_names(lang),
    }


def export_file(session: Session, principal: Principal, id: int) -> Response:
    """The export as a JSON download (canonical, importable into any installation)."""
    text = service.export_assessment(session, principal, id)
    return Response(
        text.encode("utf-8"),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="klimaorg-bewertung-{id}.json"'},
    )


def import_file(request: Request, content: bytes) -> Response:
    """Runs in a worker thread: parsing and checking a 1 MB export is real work."""
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
    return _to_assessment(request, detail.id)


def audit_data(session: Session, principal: Principal, id: int, lang: Lang) -> Data:
    """The audit log of one assessment in sentences."""
    detail = service.get_assessment(session, principal, id)
    entries = service.list_audit(session, principal, object_type="assessment", object_id=id)
    rows = [
        {"at": e.at, "actor": e.actor, "what": wizard_views.audit_sentence(e.action, lang)}
        for e in entries
    ]
    return {"assessment": detail, "entries": rows}


def municipalities_data(session: Session, principal: Principal, lang: Lang) -> Data:
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
    return {
        "kreis_key": kreis_key,
        "kreis": service.kreis_label(session, kreis_key) if kreis_key else None,
        "municipalities": municipalities,
        "assessments": by_ags,
        "statuses": status_names(lang),
    }


# ----------------------------------------------------------------------------- API


def page_out(found: Any) -> Data:
    """One page of the list as the API shows it."""
    return {
        "items": [row(item) for item in found.items],
        "total": found.total,
        "page": found.page,
        "per_page": found.per_page,
        "pages": found.pages,
    }


def public(detail: AssessmentDetail) -> Data:
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
