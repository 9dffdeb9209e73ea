"""Workshops: share links for an assessment, the participants' form, the group view.

Pages (German paths)::

    GET  /bewertungen/{id}/workshop                               links of an assessment
    POST /bewertungen/{id}/workshop                               new link (shown once)
    POST /bewertungen/{id}/workshop/{workshop_id}/widerrufen      revoke a link
    GET  /bewertungen/{id}/workshop/{workshop_id}                 the group view
    GET  /bewertungen/{id}/workshop/{workshop_id}/projektor       the same for the projector
    POST /bewertungen/{id}/workshop/{workshop_id}/uebernehmen     adopt the joint priorities
    GET  /workshop/{token}                                        participant's form (no login)
    POST /workshop/{token}                                        participant's answers

API: ``/api/v1/assessments/{id}/workshops[...]`` (token or session; create, list, revoke,
submissions, aggregate, adopt) and ``/api/v1/workshop/{token}`` (anonymous by design: GET the
workshop, POST one participant's priorities). A workshop id under another assessment (or
another organisation) is a 404.

Limits, kept in the database so every worker counts the same: a link admits at most its cap
of distinct participants (1 to 5,000, default 1,000; a newcomer on a full link gets 422, and
that refusal counts toward nothing); an admitted participant may always correct their answers,
up to :data:`~klimaorg.storage.service.CORRECTIONS_PER_WINDOW` times per
``rate_limit_window_seconds`` (then 429 with ``Retry-After``). Every refusal is worded in the
participant's language. A participant's leading model is computed before the write
transaction opens and stored with their answers; the group view reads in one short read-only
transaction and computes with none open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Body, Depends, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from klimaorg import assessing
from klimaorg.advisor.workshop import check_answers
from klimaorg.errors import KlimaOrgError, NotFoundError, UserInputError
from klimaorg.i18n import Lang, gettext_for
from klimaorg.storage import service
from klimaorg.storage.service import (
    DEFAULT_PARTICIPANTS,
    MAX_PARTICIPANTS,
    ConflictError,
    CorrectionLimitError,
    PermissionDeniedError,
    Principal,
    Role,
    WorkshopClosedError,
    WorkshopFullError,
)
from klimaorg.web import auth
from klimaorg.web import workshops as views
from klimaorg.web.errors import error_response, is_api
from klimaorg.web.language import request_lang
from klimaorg.web.params import MAX_ID, IdPath, WorkshopIdPath
from klimaorg.web.rendering import render
from klimaorg.web.schemas import ErrorResponse

T = TypeVar("T")

# One transaction per request, committed when the route function returns - before the answer
# is sent, so that an acknowledged change is always a committed one (the default "request"
# scope would commit only after the response went out).
SessionDep = Annotated[Session, Depends(auth.db_session, scope="function")]

MAX_VALID_DAYS = 90


# ----------------------------------------------------------------------------- plumbing


def _closed(request: Request, error: WorkshopClosedError) -> Response:
    lang = request_lang(request)
    _ = gettext_for(lang)
    message = (
        _("This workshop link has expired.")
        if error.reason == "expired"
        else _("This workshop link was withdrawn by the organisers.")
    )
    if is_api(request):
        return JSONResponse(
            {"detail": [{"field": "token", "message": message}], "reason": error.reason},
            status_code=410,
        )
    return render(
        request,
        "workshops/closed.html",
        {"reason": error.reason, "message": message},
        status_code=410,
    )


def full_message(lang: Lang, cap: int) -> str:
    """The refusal of a newcomer on a full link, in the participant's language."""
    _ = gettext_for(lang)
    return _(
        "This workshop link is full: it accepts at most %(count)s participants. If you have "
        "already taken part, send your answers again under the same name."
    ) % {"count": cap}


def corrections_message(lang: Lang, retry_after: int) -> str:
    """The refusal of one correction too many, in the participant's language."""
    _ = gettext_for(lang)
    minutes = max(1, -(-retry_after // 60))
    return _(
        "You have corrected your answers very often in a short time. Your earlier answers "
        "remain saved; please send the correction again in %(minutes)s minutes."
    ) % {"minutes": minutes}


def _refused(request: Request, error: WorkshopFullError | CorrectionLimitError) -> Response:
    """The API's answer to a refused submission (422 full link, 429 too many corrections)."""
    lang = request_lang(request)
    if isinstance(error, WorkshopFullError):
        return JSONResponse(
            {"detail": [{"field": "participant", "message": full_message(lang, error.cap)}]},
            status_code=422,
        )
    return JSONResponse(
        {
            "detail": [
                {"field": "participant", "message": corrections_message(lang, error.retry_after)}
            ]
        },
        status_code=429,
        headers={"Retry-After": str(error.retry_after)},
    )


def storage_error(request: Request, error: KlimaOrgError) -> Response | None:
    """The answer to a storage error the app may not map itself (None: let it propagate)."""
    if isinstance(error, WorkshopClosedError):
        return _closed(request, error)
    if isinstance(error, WorkshopFullError | CorrectionLimitError):
        return _refused(request, error)
    if isinstance(error, ConflictError):
        return error_response(request, 409, [{"field": "lock_version", "message": str(error)}])
    if isinstance(error, PermissionDeniedError):
        _ = gettext_for(request_lang(request))
        message = _("Your role does not allow this.")
        return error_response(request, 403, [{"field": "", "message": message}])
    return None


def guarded(request: Request, action: Callable[[], T]) -> T | Response:
    """Run ``action``; storage errors without an app-wide handler become their answer."""
    try:
        return action()
    except (
        WorkshopClosedError,
        WorkshopFullError,
        CorrectionLimitError,
        ConflictError,
        PermissionDeniedError,
    ) as error:
        answer = storage_error(request, error)
        assert answer is not None
        return answer


def find_workshop(
    session: Session, principal: Principal, assessment_id: int, workshop_id: int
) -> service.WorkshopInfo:
    """The workshop ``workshop_id`` of assessment ``assessment_id`` (404 otherwise)."""
    for info in service.list_workshops(session, principal, assessment_id):
        if info.id == workshop_id:
            return info
    raise NotFoundError("Workshop", str(workshop_id))


def participant_url(request: Request, token: str) -> str:
    """The absolute link participants open."""
    return str(request.url_for("workshop_participant", token=token))


# ----------------------------------------------------------------------------- API schemas


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WorkshopCreate(_Schema):
    """A new share link."""

    title: str | None = Field(
        default=None, max_length=200, description="Titel (Standard: Titel der Bewertung)"
    )
    valid_for_days: int = Field(
        default=14, ge=1, le=MAX_VALID_DAYS, description="Gültigkeit in Tagen / validity in days"
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


def workshop_out(info: service.WorkshopInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "assessment_id": info.assessment_id,
        "title": info.title,
        "expires_at": info.expires_at,
        "revoked_at": info.revoked_at,
        "created_at": info.created_at,
        "submissions": info.submissions,
        "max_participants": info.max_participants,
        "open": info.open(),
    }


def submission_out(sub: service.SubmissionInfo) -> dict[str, Any]:
    return {
        "id": sub.id,
        "participant": sub.participant,
        "priorities": sub.priorities,
        "ahp": sub.ahp,
        "submitted_at": sub.submitted_at,
    }


router = APIRouter()
api = APIRouter(prefix="/api/v1", tags=["Workshops"])
pages = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


# ----------------------------------------------------------------------------- participant


def _public(request: Request, token: str) -> service.WorkshopPublic:
    """The workshop behind a link, read without taking SQLite's write lock."""
    with auth.database(request).read() as session:
        return service.resolve_workshop(session, token)


@pages.get("/workshop/{token}", name="workshop_participant")
def participant_page(request: Request, token: str) -> Response:
    result = guarded(request, lambda: _public(request, token))
    if isinstance(result, Response):
        return result
    lang = request_lang(request)
    return render(request, "workshops/participant.html", views.participant_data(result, lang))


def _submit(
    request: Request,
    token: str,
    participant: str,
    priorities: dict[str, int] | None,
    ahp: dict[str, Any] | None,
    lang: Lang,
) -> tuple[service.WorkshopPublic, service.SubmissionInfo, dict[str, Any] | None]:
    """Read (no write lock), check the answers and compute the leading model (no
    transaction), then store in one short write transaction."""
    db = auth.database(request)
    with db.read() as session:
        plan = service.plan_submission(session, token, participant=participant)
    priorities, ahp = check_answers(priorities, ahp)
    leader = views.leading_model(views.own_profile(plan.profile, priorities, ahp), lang)
    window = request.app.state.settings.rate_limit_window_seconds
    with db.transaction() as session:
        info = service.submit_priorities(
            session,
            token,
            participant=plan.participant,
            priorities=priorities,
            ahp=ahp,
            leading_model=leader["model"] if leader else None,
            profile_version=plan.profile_version,
            correction_window=window,
        )
    return plan.public, info, leader


def _form_refusal(
    request: Request,
    token: str,
    values: dict[str, str],
    message: str,
    status_code: int,
    headers: dict[str, str] | None = None,
) -> Response:
    """The participant's form again, their input kept, the refusal at the name field."""
    lang = request_lang(request)
    result = guarded(request, lambda: _public(request, token))
    if isinstance(result, Response):
        return result
    _ = gettext_for(lang)
    error = views.FormError(
        views.PARTICIPANT_FIELD, message, views.input_id(views.PARTICIPANT_FIELD), _("Your name")
    )
    data = views.participant_data(result, lang, values, [error])
    response = render(request, "workshops/participant.html", data, status_code=status_code)
    response.headers.update(headers or {})
    return response


def guarded_form(request: Request, action: Callable[[], T]) -> T | Response:
    """Like :func:`guarded`, but refusals propagate: the form shows them at the name field."""
    try:
        return action()
    except (WorkshopClosedError, ConflictError, PermissionDeniedError) as error:
        answer = storage_error(request, error)
        assert answer is not None
        return answer


@pages.post("/workshop/{token}", name="workshop_submit")
async def participant_submit(request: Request, token: str) -> Response:
    lang = request_lang(request)
    form = await request.form(max_files=0, max_fields=50)
    values = views.read_participant_form(form.multi_items())
    if form.get("navigation") == "language":  # the header's switch: the form again, kept
        shown = await run_in_threadpool(guarded, request, lambda: _public(request, token))
        if isinstance(shown, Response):
            return shown
        return render(
            request, "workshops/participant.html", views.participant_data(shown, lang, values)
        )
    name, priorities, errors = views.check_participant_form(values, lang)
    if errors:
        result = await run_in_threadpool(guarded, request, lambda: _public(request, token))
        if isinstance(result, Response):
            return result
        data = views.participant_data(result, lang, values, errors)
        return render(request, "workshops/participant.html", data, status_code=422)
    try:
        done = await run_in_threadpool(
            guarded_form, request, lambda: _submit(request, token, name, priorities, None, lang)
        )
    except WorkshopFullError as full:
        message = full_message(lang, full.cap)
        return await run_in_threadpool(_form_refusal, request, token, values, message, 422)
    except CorrectionLimitError as limited:
        message = corrections_message(lang, limited.retry_after)
        headers = {"Retry-After": str(limited.retry_after)}
        return await run_in_threadpool(_form_refusal, request, token, values, message, 429, headers)
    except UserInputError as exc:  # a name the form check let through but storage did not
        return await run_in_threadpool(_form_refusal, request, token, values, exc.message, 422)
    if isinstance(done, Response):
        return done
    public, info, leader = done
    data = views.thanks_data(public, info.participant, info.priorities or {}, leader, lang)
    return render(request, "workshops/thanks.html", data)


@api.get(
    "/workshop/{token}",
    response_model=PublicWorkshop,
    responses=PUBLIC_ERRORS,
    summary="Workshop über den Link / workshop behind a link (ohne Anmeldung / no login)",
)
def api_public(request: Request, token: str) -> Any:
    result = guarded(request, lambda: _public(request, token))
    if isinstance(result, Response):
        return result
    return {
        "title": result.title,
        "municipality_name": result.municipality_name,
        "criteria": result.criteria,
        "expires_at": result.expires_at,
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


@api.post(
    "/workshop/{token}",
    response_model=SubmissionResult,
    status_code=201,
    responses=SUBMIT_RESPONSES,
    summary="Prioritäten abgeben / submit priorities (ohne Anmeldung / no login)",
)
def api_submit(request: Request, token: str, body: Annotated[SubmissionIn, Body()]) -> Any:
    """201: neue Person aufgenommen; 200: Angaben unter diesem Namen korrigiert. / 201: a new
    participant admitted; 200: the answers under this name corrected."""
    lang = request_lang(request)
    ahp = body.ahp.model_dump() if body.ahp is not None else None
    done = guarded(
        request, lambda: _submit(request, token, body.participant, body.priorities, ahp, lang)
    )
    if isinstance(done, Response):
        return done
    _public_info, info, leader = done
    return JSONResponse(
        {
            "participant": info.participant,
            "submitted_at": info.submitted_at.isoformat(),
            "leading_model": leader,
        },
        status_code=201 if info.new else 200,
    )


# ----------------------------------------------------------------------------- owner pages


def _index(
    request: Request,
    session: Session,
    principal: Principal,
    assessment_id: int,
    *,
    created: dict[str, Any] | None = None,
    values: dict[str, str] | None = None,
    errors: list[views.FormError] | None = None,
    status_code: int = 200,
) -> Response:
    lang = request_lang(request)
    detail = service.get_assessment(session, principal, assessment_id)
    items = service.list_workshops(session, principal, assessment_id)
    data = views.index_data(detail, items, principal.can(Role.EDITOR), lang, values, errors)
    data["created"] = created
    return render(request, "workshops/index.html", data, status_code=status_code)


@pages.get("/bewertungen/{id}/workshop", name="workshops")
def workshops_page(
    request: Request, id: IdPath, principal: auth.PrincipalDep, session: SessionDep
) -> Response:
    return _index(request, session, principal, id)


@pages.post("/bewertungen/{id}/workshop", name="workshop_create")
def workshop_create(
    request: Request,
    id: IdPath,
    principal: auth.PrincipalDep,
    session: SessionDep,
    title: Annotated[str, Form(max_length=400)] = "",
    days: Annotated[str, Form(max_length=20)] = "",
    cap: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    lang = request_lang(request)
    values = {"title": title, "days": days, "cap": cap}
    (valid_days, max_participants), errors = views.check_create_form(values, lang)
    if errors or valid_days is None or max_participants is None:
        return _index(
            request, session, principal, id, values=values, errors=errors, status_code=422
        )
    try:
        info, token = service.create_workshop(
            session,
            principal,
            id,
            title=title.strip() or None,
            valid_for=timedelta(days=valid_days),
            max_participants=max_participants,
        )
    except PermissionDeniedError as denied:
        answer = storage_error(request, denied)
        assert answer is not None
        return answer
    except UserInputError as exc:
        _ = gettext_for(lang)
        error = views.FormError("title", exc.message, "f-title", _("Title"))
        return _index(
            request, session, principal, id, values=values, errors=[error], status_code=422
        )
    url = participant_url(request, token)
    _ = gettext_for(lang)
    created = {
        "url": url,
        "qr": views.qr_svg(url, _("QR code of the participant link")),
        "title": info.title,
        "expires": views.when(info.expires_at, lang),
    }
    return _index(request, session, principal, id, created=created)


@pages.get("/bewertungen/{id}/workshop/{workshop_id}/widerrufen", name="workshop_revoke_confirm")
def workshop_revoke_confirm(
    request: Request,
    id: IdPath,
    workshop_id: WorkshopIdPath,
    principal: auth.PrincipalDep,
    session: SessionDep,
) -> Response:
    """Revoking cannot be undone: the owner confirms it on a page of its own (works without
    JavaScript; a mistaken click in a meeting costs nothing)."""
    info = find_workshop(session, principal, id, workshop_id)
    data = {"assessment_id": id, "workshop": info}
    return render(request, "workshops/revoke.html", data)


@pages.post("/bewertungen/{id}/workshop/{workshop_id}/widerrufen", name="workshop_revoke")
def workshop_revoke(
    request: Request,
    id: IdPath,
    workshop_id: WorkshopIdPath,
    principal: auth.PrincipalDep,
    session: SessionDep,
) -> Response:
    find_workshop(session, principal, id, workshop_id)
    done = guarded(request, lambda: service.revoke_workshop(session, principal, workshop_id))
    if isinstance(done, Response):
        return done
    target = request.app.url_path_for("workshops", id=str(id))
    return RedirectResponse(f"{target}?widerrufen={workshop_id}", status_code=303)


def _read_group(
    session: Session, principal: Principal, assessment_id: int, workshop_id: int
) -> tuple[service.WorkshopInfo, service.AssessmentDetail, service.WorkshopSnapshot]:
    info = find_workshop(session, principal, assessment_id, workshop_id)
    detail = service.get_assessment(session, principal, assessment_id)
    return info, detail, service.workshop_snapshot(session, principal, workshop_id)


def _show(
    request: Request,
    session: Session | None,
    principal: Principal,
    assessment_id: int,
    workshop_id: WorkshopIdPath,
    *,
    conflict: str | None = None,
    adopted: int | None = None,
    status_code: int = 200,
) -> Response:
    """The group view. Without ``session`` it reads in a read-only transaction and computes
    after that is closed, so a refreshing owner never holds a lock while the maths runs."""
    lang = request_lang(request)
    data, raw, subs = _group(request, session, principal, assessment_id, workshop_id)
    data["can_edit"] = principal.can(Role.EDITOR)
    data["conflict"] = conflict
    data["adopted"] = adopted
    extras = views.group_extras(raw, subs, lang)
    return render(request, "workshops/show.html", data, extras=extras, status_code=status_code)


def _group(
    request: Request,
    session: Session | None,
    principal: Principal,
    assessment_id: int,
    workshop_id: int,
) -> tuple[dict[str, Any], dict[str, Any] | None, list[service.SubmissionInfo]]:
    """The group view's data, the raw aggregate (None without submissions) and the
    submissions; read in ``session``, or in a read-only transaction of its own."""
    if session is None:
        with auth.database(request).read() as reading:
            info, detail, snapshot = _read_group(reading, principal, assessment_id, workshop_id)
    else:
        info, detail, snapshot = _read_group(session, principal, assessment_id, workshop_id)
    subs = snapshot.submissions
    raw = assessing.group_view(snapshot) if subs else None
    data = views.group_data(info, subs, raw, snapshot.profile_version, request_lang(request))
    data["assessment"] = {
        "id": detail.id,
        "title": detail.title,
        "municipality": detail.municipality_name,
        "lock_version": detail.lock_version,
        "current_version": detail.current_version,
    }
    return data, raw, subs


@pages.get("/bewertungen/{id}/workshop/{workshop_id}", name="workshop_show")
def workshop_show(
    request: Request,
    id: IdPath,
    workshop_id: WorkshopIdPath,
    principal: auth.PrincipalDep,
    uebernommen: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    return _show(request, None, principal, id, workshop_id, adopted=uebernommen)


@pages.get("/bewertungen/{id}/workshop/{workshop_id}/projektor", name="workshop_projector")
def workshop_projector(
    request: Request,
    id: IdPath,
    workshop_id: WorkshopIdPath,
    principal: auth.PrincipalDep,
    aktualisieren: Annotated[str | None, Query(max_length=8)] = None,
) -> Response:
    """The group result for the meeting room's projector: large type, the joint weights as one
    chart, how many took part. No script; it prints too. It refreshes itself every
    :data:`~klimaorg.web.workshops.PROJECTOR_REFRESH` seconds only when asked to
    (``?aktualisieren=1``, a link on the page): a page that reloads on its own unasked fails
    WCAG 2.2.1, and the link back switches it off."""
    data, _raw, _subs = _group(request, None, principal, id, workshop_id)
    data["refresh"] = aktualisieren == "1"
    data["refresh_every"] = views.PROJECTOR_REFRESH
    extras = views.projector_extras(data, request_lang(request))
    return render(request, "workshops/projector.html", data, extras=extras)


@pages.post("/bewertungen/{id}/workshop/{workshop_id}/uebernehmen", name="workshop_adopt")
def workshop_adopt(
    request: Request,
    id: IdPath,
    workshop_id: WorkshopIdPath,
    principal: auth.PrincipalDep,
    session: SessionDep,
    lock_version: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    find_workshop(session, principal, id, workshop_id)
    _ = gettext_for(request_lang(request))
    if not (lock_version.isascii() and lock_version.isdigit()) or len(lock_version) > 9:
        return _show(
            request, session, principal, id, workshop_id,
            conflict=_("The form was incomplete. Please try again."), status_code=422,
        )  # fmt: skip
    try:
        detail = assessing.adopt_aggregate(
            session, principal, workshop_id, lock_version=int(lock_version)
        )
    except ConflictError:
        message = _(
            "Someone else saved this assessment in the meantime. Nothing was overwritten. The "
            "page now shows the current state; please check it and adopt again if you still "
            "want to."
        )
        return _show(
            request, session, principal, id, workshop_id, conflict=message, status_code=409
        )
    except PermissionDeniedError as error:
        answer = storage_error(request, error)
        assert answer is not None
        return answer
    target = request.app.url_path_for("workshop_show", id=str(id), workshop_id=str(workshop_id))
    return RedirectResponse(f"{target}?uebernommen={detail.current_version}", status_code=303)


# ----------------------------------------------------------------------------- owner API


@api.post(
    "/assessments/{id}/workshops",
    response_model=WorkshopCreated,
    status_code=201,
    responses=ERRORS,
    summary="Workshop-Link anlegen / create a workshop link",
)
def api_create(
    request: Request,
    id: IdPath,
    principal: auth.PrincipalDep,
    session: SessionDep,
    body: Annotated[WorkshopCreate, Body()],
) -> Any:
    """Das Token steht nur in dieser Antwort. / The token is shown only in this answer."""
    done = guarded(
        request,
        lambda: service.create_workshop(
            session,
            principal,
            id,
            title=body.title,
            valid_for=timedelta(days=body.valid_for_days),
            max_participants=body.max_participants,
        ),
    )
    if isinstance(done, Response):
        return done
    info, token = done
    return {**workshop_out(info), "token": token, "url": participant_url(request, token)}


@api.get(
    "/assessments/{id}/workshops",
    response_model=WorkshopList,
    responses=ERRORS,
    summary="Workshops einer Bewertung / workshops of an assessment",
)
def api_list(id: IdPath, principal: auth.PrincipalDep, session: SessionDep) -> Any:
    return {"items": [workshop_out(i) for i in service.list_workshops(session, principal, id)]}


@api.get(
    "/assessments/{id}/workshops/{workshop_id}",
    response_model=WorkshopOut,
    responses=ERRORS,
    summary="Ein Workshop / one workshop",
)
def api_get(
    id: IdPath, workshop_id: WorkshopIdPath, principal: auth.PrincipalDep, session: SessionDep
) -> Any:
    return workshop_out(find_workshop(session, principal, id, workshop_id))


@api.post(
    "/assessments/{id}/workshops/{workshop_id}/revoke",
    response_model=WorkshopOut,
    responses=ERRORS,
    summary="Workshop-Link widerrufen / revoke a workshop link",
)
def api_revoke(
    request: Request,
    id: IdPath,
    workshop_id: WorkshopIdPath,
    principal: auth.PrincipalDep,
    session: SessionDep,
) -> Any:
    find_workshop(session, principal, id, workshop_id)
    done = guarded(request, lambda: service.revoke_workshop(session, principal, workshop_id))
    return done if isinstance(done, Response) else workshop_out(done)


@api.get(
    "/assessments/{id}/workshops/{workshop_id}/submissions",
    response_model=SubmissionList,
    responses=ERRORS,
    summary="Beiträge der Teilnehmenden / participants' submissions",
)
def api_submissions(
    id: IdPath, workshop_id: WorkshopIdPath, principal: auth.PrincipalDep, session: SessionDep
) -> Any:
    find_workshop(session, principal, id, workshop_id)
    subs = service.list_submissions(session, principal, workshop_id)
    return {"items": [submission_out(s) for s in subs]}


@api.get(
    "/assessments/{id}/workshops/{workshop_id}/aggregate",
    response_model=Aggregate,
    responses={**ERRORS, 422: {"model": ErrorResponse, "description": "Noch keine Beiträge"}},
    summary="Gruppenergebnis und Übereinstimmung / group result and agreement",
)
def api_aggregate(
    request: Request, id: IdPath, workshop_id: WorkshopIdPath, principal: auth.PrincipalDep
) -> Any:
    """Mittel der Gewichte (oder AIJ), Kendalls W mit Einstufung (``agreement``), die am
    stärksten abweichende Person und die Kriterien nach Streuung. Gelesen wird in einer kurzen
    Lesetransaktion, gerechnet danach. / Read in one short read-only transaction, computed
    after it."""
    with auth.database(request).read() as session:
        find_workshop(session, principal, id, workshop_id)
        snapshot = service.workshop_snapshot(session, principal, workshop_id)
    group = assessing.group_view(snapshot)
    return {**group, "agreement": views.agreement(group["kendall_w"])}


@api.post(
    "/assessments/{id}/workshops/{workshop_id}/adopt",
    response_model=AdoptOut,
    responses={
        **ERRORS,
        409: {"model": ErrorResponse, "description": "Veralteter Stand / stale lock_version"},
        422: {"model": ErrorResponse, "description": "Noch keine Beiträge / no submissions"},
    },
    summary="Gemeinsame Prioritäten übernehmen / adopt the joint priorities",
)
def api_adopt(
    request: Request,
    id: IdPath,
    workshop_id: WorkshopIdPath,
    principal: auth.PrincipalDep,
    session: SessionDep,
    body: Annotated[AdoptIn, Body()],
) -> Any:
    """Neue Version der Bewertung mit den Gruppengewichten. / A new assessment version."""
    find_workshop(session, principal, id, workshop_id)
    done = guarded(
        request,
        lambda: assessing.adopt_aggregate(
            session, principal, workshop_id, lock_version=body.lock_version
        ),
    )
    if isinstance(done, Response):
        return done
    return {
        "id": done.id,
        "current_version": done.current_version,
        "lock_version": done.lock_version,
        "recommendation": done.result.get("recommendation"),
    }


router.include_router(pages)
router.include_router(api)
