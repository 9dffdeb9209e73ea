"""How the errors of sign-in, CSRF and the storage layer reach the reader: a page in their
language or JSON under ``/api/`` (``{"detail": [{"field", "message"}]}``).

===============================  ======================================================
``LoginRequiredError``           303 to ``/anmelden?next=…`` (pages)
``InvalidTokenError``            401 with ``WWW-Authenticate: Bearer``
``AuthenticationError``          401 with ``WWW-Authenticate: Bearer``
``CsrfError``                    403 ("form expired or not from this site")
``PermissionDeniedError``        403
``ConflictError``                409 (nothing was overwritten)
``WorkshopClosedError``          410
``BodyTooLargeError``            413
===============================  ======================================================
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from klimaorg.i18n import gettext_for
from klimaorg.storage.service import (
    AuthenticationError,
    ConflictError,
    PermissionDeniedError,
    WorkshopClosedError,
)
from klimaorg.web.auth import CsrfError, InvalidTokenError, LoginRequiredError
from klimaorg.web.errors import error_response
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


async def handle_conflict(request: Request, _exc: Exception) -> Response:
    _ = gettext_for(request_lang(request))
    text = _(
        "Someone else has changed this in the meantime. Nothing was overwritten: please "
        "reload and make your change again."
    )
    return error_response(request, 409, _detail(text))


async def handle_workshop_closed(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WorkshopClosedError)
    _ = gettext_for(request_lang(request))
    if exc.reason == "expired":
        text = _("The workshop link has expired.")
    else:
        text = _("The workshop link has been revoked.")
    return error_response(request, 410, _detail(text))


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
    app.add_exception_handler(BodyTooLargeError, handle_too_large)
