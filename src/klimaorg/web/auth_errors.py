"""How the errors of sign-in, CSRF and the storage layer reach the reader: a page in their
language or JSON under ``/api/`` (``{"detail": [{"field", "message"}]}``). This is the one
mapping of these errors, one wording each: the routes let them propagate (a form that shows a
refusal at its field takes the wording from here).

===============================  ======================================================
``LoginRequiredError``           303 to ``/anmelden?next=…`` (pages)
``InvalidTokenError``            401 with ``WWW-Authenticate: Bearer``
``AuthenticationError``          401 with ``WWW-Authenticate: Bearer``
``CsrfError``                    403 ("form expired or not from this site")
``PermissionDeniedError``        403
``ConflictError``                409 (nothing was overwritten; a page that shows the current
                                 state again says who saved: :func:`changed_meanwhile`)
``WorkshopClosedError``          410 (the page ``workshops/closed.html``; JSON adds ``reason``)
``WorkshopFullError``            422 at the field ``participant``
``CorrectionLimitError``         429 at the field ``participant``, with ``Retry-After``
``BodyTooLargeError``            413
===============================  ======================================================
"""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from klimaorg.i18n import Lang, gettext_for
from klimaorg.storage import service
from klimaorg.storage.service import (
    AuthenticationError,
    ConflictError,
    CorrectionLimitError,
    PermissionDeniedError,
    Principal,
    WorkshopClosedError,
    WorkshopFullError,
)
from klimaorg.web.auth import CsrfError, InvalidTokenError, LoginRequiredError
from klimaorg.web.errors import error_response, is_api
from klimaorg.web.language import request_lang
from klimaorg.web.middleware import BodyTooLargeError, too_large_message

BEARER = {"WWW-Authenticate": "Bearer"}


def _detail(message: str) -> list[dict[str, str]]:
    return [{"field": "", "message": message}]


async def handle_login_required(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequiredError)
    return RedirectResponse(exc.next_url, status_code=303)


async def handle_invalid_token(request: Request, _exc: Exception) -> Response:
    _ = gettext_for(request_lang(request))
    response = error_response(request, 401, _detail(_("The API token is not valid.")))
    response.headers.update(BEARER)
    return response


async def handle_authentication(request: Request, _exc: Exception) -> Response:
    _ = gettext_for(request_lang(request))
    response = error_response(request, 401, _detail(_("Authentication failed.")))
    response.headers.update(BEARER)
    return response


async def handle_csrf(request: Request, _exc: Exception) -> Response:
    _ = gettext_for(request_lang(request))
    text = _(
        "The form has expired or was not sent from this site. Please reload the page and "
        "send it again."
    )
    return error_response(request, 403, _detail(text))


async def handle_permission(request: Request, _exc: Exception) -> Response:
    _ = gettext_for(request_lang(request))
    text = _("Your role in this organisation does not allow this change.")
    return error_response(request, 403, _detail(text))


def changed_meanwhile(
    session: Session, principal: Principal, assessment_id: int, lang: Lang
) -> str:
    """A stale ``lock_version`` on a page that shows the current state again (the assessment's
    detail page, the workshop's group view): who saved in between, and that nothing was lost.
    """
    _ = gettext_for(lang)
    return _(
        "This assessment was changed in the meantime by %(who)s. Nothing was overwritten: "
        "the page now shows the current state; please make your change again."
    ) % {"who": service.last_editor(session, principal, assessment_id)}


async def handle_conflict(request: Request, _exc: Exception) -> Response:
    _ = gettext_for(request_lang(request))
    text = _(
        "Someone else has changed this in the meantime. Nothing was overwritten: please "
        "reload and make your change again."
    )
    return error_response(request, 409, _detail(text))


def closed_message(lang: Lang, reason: str) -> str:
    """Why a workshop link no longer opens, in the participant's language."""
    _ = gettext_for(lang)
    if reason == "expired":
        return str(_("This workshop link has expired."))
    return str(_("This workshop link was withdrawn by the organisers."))


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


async def handle_workshop_closed(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WorkshopClosedError)
    message = closed_message(request_lang(request), exc.reason)
    if is_api(request):
        body = {"detail": [{"field": "token", "message": message}], "reason": exc.reason}
        return JSONResponse(body, status_code=410)
    from klimaorg.web.rendering import render  # late, as in klimaorg.web.errors

    data = {"reason": exc.reason, "message": message}
    return render(request, "workshops/closed.html", data, status_code=410)


async def handle_workshop_full(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WorkshopFullError)
    message = full_message(request_lang(request), exc.cap)
    return error_response(request, 422, [{"field": "participant", "message": message}])


async def handle_correction_limit(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CorrectionLimitError)
    message = corrections_message(request_lang(request), exc.retry_after)
    response = error_response(request, 429, [{"field": "participant", "message": message}])
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


async def handle_too_large(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BodyTooLargeError)
    detail = [{"field": "", "message": too_large_message(request, exc.limit)}]
    response = error_response(request, 413, detail)
    response.headers["Connection"] = "close"
    return response


def install(app: FastAPI) -> None:
    """Register the handlers on ``app`` (after :func:`klimaorg.web.errors.install`)."""
    app.add_exception_handler(LoginRequiredError, handle_login_required)
    app.add_exception_handler(InvalidTokenError, handle_invalid_token)
    app.add_exception_handler(AuthenticationError, handle_authentication)
    app.add_exception_handler(CsrfError, handle_csrf)
    app.add_exception_handler(PermissionDeniedError, handle_permission)
    app.add_exception_handler(ConflictError, handle_conflict)
    app.add_exception_handler(WorkshopClosedError, handle_workshop_closed)
    app.add_exception_handler(WorkshopFullError, handle_workshop_full)
    app.add_exception_handler(CorrectionLimitError, handle_correction_limit)
    app.add_exception_handler(BodyTooLargeError, handle_too_large)
