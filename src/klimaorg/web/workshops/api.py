"""The workshops' JSON API.

``/api/v1/assessments/{id}/workshops[...]`` (token or session; create, list, revoke,
submissions, aggregate, adopt) and ``/api/v1/workshop/{token}`` (anonymous by design: GET the
workshop, POST one participant's priorities). A workshop id under another assessment (or
another organisation) is a 404. Refusals (closed or full link, too many corrections, stale
``lock_version``, too small a role) are answered by :mod:`klimaorg.web.auth_errors`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse

from klimaorg import assessing
from klimaorg.storage import service
from klimaorg.web.auth import PrincipalDep, SessionDep
from klimaorg.web.language import request_lang
from klimaorg.web.params import IdPath, WorkshopIdPath
from klimaorg.web.schemas import ErrorResponse
from klimaorg.web.workshops import views
from klimaorg.web.workshops.schemas import (
    ERRORS,
    PUBLIC_ERRORS,
    SUBMIT_RESPONSES,
    AdoptIn,
    AdoptOut,
    Aggregate,
    PublicWorkshop,
    SubmissionIn,
    SubmissionList,
    SubmissionResult,
    WorkshopCreate,
    WorkshopCreated,
    WorkshopList,
    WorkshopOut,
)
from klimaorg.web.workshops.views import OwnedWorkshop

router = APIRouter(prefix="/api/v1", tags=["Workshops"])


# ----------------------------------------------------------------------------- participant


@router.get(
    "/workshop/{token}",
    response_model=PublicWorkshop,
    responses=PUBLIC_ERRORS,
    summary="Workshop über den Link / workshop behind a link (ohne Anmeldung / no login)",
)
def api_public(request: Request, token: str) -> Any:
    return views.public_out(views.public(request, token))


@router.post(
    "/workshop/{token}",
    response_model=SubmissionResult,
    status_code=201,
    responses=SUBMIT_RESPONSES,
    summary="Prioritäten abgeben / submit priorities (ohne Anmeldung / no login)",
)
def api_submit(request: Request, token: str, body: Annotated[SubmissionIn, Body()]) -> Any:
    """201: neue Person aufgenommen; 200: Angaben unter diesem Namen korrigiert. / 201: a new
    participant admitted; 200: the answers under this name corrected."""
    ahp = body.ahp.model_dump() if body.ahp is not None else None
    lang = request_lang(request)
    _public, info, leader = views.submit(
        request, token, body.participant, body.priorities, ahp, lang
    )
    return JSONResponse(
        {
            "participant": info.participant,
            "submitted_at": info.submitted_at.isoformat(),
            "leading_model": leader,
        },
        status_code=201 if info.new else 200,
    )


# ----------------------------------------------------------------------------- owner


@router.post(
    "/assessments/{id}/workshops",
    response_model=WorkshopCreated,
    status_code=201,
    responses=ERRORS,
    summary="Workshop-Link anlegen / create a workshop link",
)
def api_create(
    request: Request,
    id: IdPath,
    principal: PrincipalDep,
    session: SessionDep,
    body: Annotated[WorkshopCreate, Body()],
) -> Any:
    """Das Token steht nur in dieser Antwort. / The token is shown only in this answer."""
    info, token = service.create_workshop(
        session,
        principal,
        id,
        title=body.title,
        valid_for=timedelta(days=body.valid_for_days),
        max_participants=body.max_participants,
    )
    url = views.participant_url(request, token)
    return {**views.workshop_out(info), "token": token, "url": url}


@router.get(
    "/assessments/{id}/workshops",
    response_model=WorkshopList,
    responses=ERRORS,
    summary="Workshops einer Bewertung / workshops of an assessment",
)
def api_list(id: IdPath, principal: PrincipalDep, session: SessionDep) -> Any:
    items = service.list_workshops(session, principal, id)
    return {"items": [views.workshop_out(i) for i in items]}


@router.get(
    "/assessments/{id}/workshops/{workshop_id}",
    response_model=WorkshopOut,
    responses=ERRORS,
    summary="Ein Workshop / one workshop",
)
def api_get(workshop: OwnedWorkshop) -> Any:
    return views.workshop_out(workshop)


@router.post(
    "/assessments/{id}/workshops/{workshop_id}/revoke",
    response_model=WorkshopOut,
    responses=ERRORS,
    summary="Workshop-Link widerrufen / revoke a workshop link",
)
def api_revoke(workshop: OwnedWorkshop, principal: PrincipalDep, session: SessionDep) -> Any:
    return views.workshop_out(service.revoke_workshop(session, principal, workshop.id))


@router.get(
    "/assessments/{id}/workshops/{workshop_id}/submissions",
    response_model=SubmissionList,
    responses=ERRORS,
    summary="Beiträge der Teilnehmenden / participants' submissions",
)
def api_submissions(workshop: OwnedWorkshop, principal: PrincipalDep, session: SessionDep) -> Any:
    subs = service.list_submissions(session, principal, workshop.id)
    return {"items": [views.submission_out(s) for s in subs]}


@router.get(
    "/assessments/{id}/workshops/{workshop_id}/aggregate",
    response_model=Aggregate,
    responses={**ERRORS, 422: {"model": ErrorResponse, "description": "Noch keine Beiträge"}},
    summary="Gruppenergebnis und Übereinstimmung / group result and agreement",
)
def api_aggregate(
    request: Request, id: IdPath, workshop_id: WorkshopIdPath, principal: PrincipalDep
) -> Any:
    """Mittel der Gewichte (oder AIJ), Kendalls W mit Einstufung (``agreement``), die am
    stärksten abweichende Person und die Kriterien nach Streuung. Gelesen wird in einer kurzen
    Lesetransaktion, gerechnet danach. / Read in one short read-only transaction, computed
    after it."""
    return views.aggregate(request, principal, id, workshop_id)


@router.post(
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
    workshop: OwnedWorkshop,
    principal: PrincipalDep,
    session: SessionDep,
    body: Annotated[AdoptIn, Body()],
) -> Any:
    """Neue Version der Bewertung mit den Gruppengewichten. / A new assessment version."""
    done = assessing.adopt_aggregate(
        session, principal, workshop.id, lock_version=body.lock_version, lang=request_lang(request)
    )
    return {
        "id": done.id,
        "current_version": done.current_version,
        "lock_version": done.lock_version,
        "recommendation": done.result.get("recommendation"),
    }
