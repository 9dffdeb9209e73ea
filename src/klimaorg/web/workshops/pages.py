"""The workshop pages: share links of an assessment, the participants' form, the group view.

::

    GET  /bewertungen/{id}/workshop                               links of an assessment
    POST /bewertungen/{id}/workshop                               new link (shown once)
    GET  /bewertungen/{id}/workshop/{workshop_id}/widerrufen      confirm revoking a link
    POST /bewertungen/{id}/workshop/{workshop_id}/widerrufen      revoke a link
    GET  /bewertungen/{id}/workshop/{workshop_id}                 the group view
    GET  /bewertungen/{id}/workshop/{workshop_id}/projektor       the same for the projector
    POST /bewertungen/{id}/workshop/{workshop_id}/uebernehmen     adopt the joint priorities
    GET  /workshop/{token}                                        participant's form (no login)
    POST /workshop/{token}                                        participant's answers

A refused answer (full link, too many corrections, a name storage refuses) shows the form again
with the input kept and the refusal at the name field; other storage errors propagate to
:mod:`klimaorg.web.auth_errors`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from klimaorg import assessing
from klimaorg.errors import UserInputError
from klimaorg.i18n import gettext_for
from klimaorg.storage import service
from klimaorg.storage.service import (
    ConflictError,
    CorrectionLimitError,
    Principal,
    Role,
    WorkshopFullError,
)
from klimaorg.web.auth import PrincipalDep, SessionDep
from klimaorg.web.auth_errors import changed_meanwhile, corrections_message, full_message
from klimaorg.web.language import request_lang
from klimaorg.web.params import MAX_ID, IdPath, WorkshopIdPath
from klimaorg.web.rendering import render
from klimaorg.web.workshops import views
from klimaorg.web.workshops.views import OwnedWorkshop

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


# ----------------------------------------------------------------------------- participant


@router.get("/workshop/{token}", name="workshop_participant")
def participant_page(request: Request, token: str) -> Response:
    public = views.public(request, token)
    data = views.participant_data(public, request_lang(request))
    return render(request, "workshops/participant.html", data)


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
    public = views.public(request, token)
    _ = gettext_for(lang)
    error = views.FormError(
        views.PARTICIPANT_FIELD, message, views.input_id(views.PARTICIPANT_FIELD), _("Your name")
    )
    data = views.participant_data(public, lang, values, [error])
    response = render(request, "workshops/participant.html", data, status_code=status_code)
    response.headers.update(headers or {})
    return response


@router.post("/workshop/{token}", name="workshop_submit")
async def participant_submit(request: Request, token: str) -> Response:
    lang = request_lang(request)
    form = await request.form(max_files=0, max_fields=50)
    values = views.read_participant_form(form.multi_items())
    if form.get("navigation") == "language":  # the header's switch: the form again, kept
        public = await run_in_threadpool(views.public, request, token)
        data = views.participant_data(public, lang, values)
        return render(request, "workshops/participant.html", data)
    name, priorities, errors = views.check_participant_form(values, lang)
    if errors:
        public = await run_in_threadpool(views.public, request, token)
        data = views.participant_data(public, lang, values, errors)
        return render(request, "workshops/participant.html", data, status_code=422)
    try:
        public, info, leader = await run_in_threadpool(
            views.submit, request, token, name, priorities, None, lang
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
    data = views.thanks_data(public, info.participant, info.priorities or {}, leader, lang)
    return render(request, "workshops/thanks.html", data)


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


@router.get("/bewertungen/{id}/workshop", name="workshops")
def workshops_page(
    request: Request, id: IdPath, principal: PrincipalDep, session: SessionDep
) -> Response:
    return _index(request, session, principal, id)


@router.post("/bewertungen/{id}/workshop", name="workshop_create")
def workshop_create(
    request: Request,
    id: IdPath,
    principal: PrincipalDep,
    session: SessionDep,
    title: Annotated[str, Form(max_length=400)] = "",
    days: Annotated[str, Form(max_length=20)] = "",
    cap: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    lang = request_lang(request)
    _ = gettext_for(lang)
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
    except UserInputError as exc:
        error = views.FormError("title", exc.message, "f-title", _("Title"))
        return _index(
            request, session, principal, id, values=values, errors=[error], status_code=422
        )
    url = views.participant_url(request, token)
    created = {
        "url": url,
        "qr": views.qr_svg(url, _("QR code of the participant link")),
        "title": info.title,
        "expires": views.when(info.expires_at, lang),
    }
    return _index(request, session, principal, id, created=created)


@router.get("/bewertungen/{id}/workshop/{workshop_id}/widerrufen", name="workshop_revoke_confirm")
def workshop_revoke_confirm(request: Request, workshop: OwnedWorkshop) -> Response:
    """Revoking cannot be undone: the owner confirms it on a page of its own (works without
    JavaScript; a mistaken click in a meeting costs nothing)."""
    data = {"assessment_id": workshop.assessment_id, "workshop": workshop}
    return render(request, "workshops/revoke.html", data)


@router.post("/bewertungen/{id}/workshop/{workshop_id}/widerrufen", name="workshop_revoke")
def workshop_revoke(
    request: Request, workshop: OwnedWorkshop, principal: PrincipalDep, session: SessionDep
) -> Response:
    service.revoke_workshop(session, principal, workshop.id)
    target = request.app.url_path_for("workshops", id=str(workshop.assessment_id))
    return RedirectResponse(f"{target}?widerrufen={workshop.id}", status_code=303)


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
    data, raw, subs = views.group_page(request, session, principal, assessment_id, workshop_id)
    data["can_edit"] = principal.can(Role.EDITOR)
    data["conflict"] = conflict
    data["adopted"] = adopted
    extras = views.group_extras(raw, subs, lang)
    return render(request, "workshops/show.html", data, extras=extras, status_code=status_code)


@router.get("/bewertungen/{id}/workshop/{workshop_id}", name="workshop_show")
def workshop_show(
    request: Request,
    id: IdPath,
    workshop_id: WorkshopIdPath,
    principal: PrincipalDep,
    uebernommen: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    return _show(request, None, principal, id, workshop_id, adopted=uebernommen)


@router.get("/bewertungen/{id}/workshop/{workshop_id}/projektor", name="workshop_projector")
def workshop_projector(
    request: Request,
    id: IdPath,
    workshop_id: WorkshopIdPath,
    principal: PrincipalDep,
    aktualisieren: Annotated[str | None, Query(max_length=8)] = None,
) -> Response:
    """The group result for the meeting room's projector: large type, the joint weights as one
    chart, how many took part. No script; it prints too. It refreshes itself every
    :data:`~klimaorg.web.workshops.views.PROJECTOR_REFRESH` seconds only when asked to
    (``?aktualisieren=1``, a link on the page): a page that reloads on its own unasked fails
    WCAG 2.2.1, and the link back switches it off."""
    data, _raw, _subs = views.group_page(request, None, principal, id, workshop_id)
    data["refresh"] = aktualisieren == "1"
    data["refresh_every"] = views.PROJECTOR_REFRESH
    extras = views.projector_extras(data, request_lang(request))
    return render(request, "workshops/projector.html", data, extras=extras)


@router.post("/bewertungen/{id}/workshop/{workshop_id}/uebernehmen", name="workshop_adopt")
def workshop_adopt(
    request: Request,
    workshop: OwnedWorkshop,
    principal: PrincipalDep,
    session: SessionDep,
    lock_version: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    id, workshop_id = workshop.assessment_id, workshop.id
    _ = gettext_for(request_lang(request))
    if not (lock_version.isascii() and lock_version.isdigit()) or len(lock_version) > 9:
        return _show(
            request, session, principal, id, workshop_id,
            conflict=_("The form was incomplete. Please try again."), status_code=422,
        )  # fmt: skip
    try:
        detail = assessing.adopt_aggregate(
            session,
            principal,
            workshop_id,
            lock_version=int(lock_version),
            lang=request_lang(request),
        )
    except ConflictError:
        message = changed_meanwhile(session, principal, id, request_lang(request))
        return _show(
            request, session, principal, id, workshop_id, conflict=message, status_code=409
        )
    target = request.app.url_path_for("workshop_show", id=str(id), workshop_id=str(workshop_id))
    return RedirectResponse(f"{target}?uebernommen={detail.current_version}", status_code=303)
