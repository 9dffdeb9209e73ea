"""Errors as users see them: a page in their language, or JSON under ``/api/``; never a trace.

API errors always have one shape, ``{"detail": [{"field": ..., "message": ...}]}``.
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Any, cast

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from pydantic_core import ErrorDetails
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.i18n import Lang, gettext_for
from klimaorg.knowledge.yamlfile import MESSAGES, describe
from klimaorg.web.language import request_lang

log = logging.getLogger(__name__)

API_PREFIX = "/api/"
SHOWN_PART_CHARS = 60


def shown_part(text: str, limit: int = SHOWN_PART_CHARS) -> str:
    """A piece of the address as an error message repeats it: control characters (a ``%00``
    in the URL) as "�", at most ``limit`` characters (then "…"), so that neither a page nor a
    log line carries them and a long address does not fill the page."""
    cleaned = "".join("\ufffd" if unicodedata.category(c).startswith("C") else c for c in text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def is_api(request: Request) -> bool:
    """Whether the request is for the JSON API (errors answered as JSON)."""
    path = request.url.path
    return path.startswith(API_PREFIX) and not path.startswith("/api/docs")


def not_found_message(error: NotFoundError, lang: Lang) -> str:
    """The reader's sentence for an unknown id, naming the known ones."""
    _ = gettext_for(lang)
    sentences = {
        "Modell": _("There is no model with the id “%(id)s”."),
        "Kriterium": _("There is no criterion with the id “%(id)s”."),
        "Quelle": _("There is no source with the id “%(id)s”."),
    }
    if error.kind == "Workshop":  # the link's secret is never repeated back
        return str(
            _(
                "This workshop link is unknown or has been revoked. Please ask the organiser "
                "for the current link."
            )
        )
    shown = {"id": shown_part(error.identifier)}
    message = sentences.get(error.kind, _("The id “%(id)s” is unknown.")) % shown
    if error.known:
        message += " " + _("Known ids: %(ids)s.") % {"ids": ", ".join(error.known)}
    return message


def error_response(
    request: Request,
    status_code: int,
    detail: list[dict[str, str]],
    *,
    extra: dict[str, Any] | None = None,
) -> Response:
    """The error as JSON (API) or as a page in the reader's language."""
    if is_api(request):
        return JSONResponse({"detail": detail}, status_code=status_code)
    from klimaorg.web.rendering import render  # late: rendering imports templates lazily

    data = {"status": status_code, "detail": detail, **(extra or {})}
    return render(request, "error.html", data, status_code=status_code)


def internal_error_response(request: Request, error: BaseException) -> Response:
    """A 500 answer; the error is logged with its trace, the reader sees none of it."""
    log.error("error while serving %s %s", request.method, request.url.path, exc_info=error)
    _ = gettext_for(request_lang(request))
    detail = [{"field": "", "message": _("An unexpected error occurred. It has been logged.")}]
    try:
        return error_response(request, 500, detail)
    except Exception:  # the error page itself failed: plain text, still without a trace
        log.exception("error page failed")
        return Response(detail[0]["message"], status_code=500, media_type="text/plain")


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"query", "path", "body", "header", "cookie"} and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts)


async def handle_not_found(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotFoundError)
    message = not_found_message(exc, request_lang(request))
    return error_response(
        request, 404, [{"field": "id", "message": message}], extra={"error": exc.kind}
    )


async def handle_user_input(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UserInputError)
    return error_response(request, 422, [exc.to_dict()])


def validation_message(error: dict[str, Any], lang: Lang) -> str:
    """A request validation error in the reader's words, as the data files' messages: our own
    words for the common cases in either language, never pydantic's text or a pattern."""
    _ = gettext_for(lang)
    if error.get("type") not in MESSAGES[lang]:
        return str(_("Invalid value"))
    return f"{_('Invalid value')}: {describe(cast(ErrorDetails, error), lang)}"


async def handle_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    lang = request_lang(request)
    path_errors = [e for e in exc.errors() if tuple(e.get("loc", ()))[:1] == ("path",)]
    if path_errors and not is_api(request):
        # A page address with a part that cannot be (``/beratung/schritt/abc``): no such page,
        # said in words rather than as a validation message about a path parameter.
        _ = gettext_for(lang)
        part = shown_part(str(path_errors[0].get("input", "")))
        message = _("There is no page at this address: “%(part)s” is not a valid part of it.") % {
            "part": part
        }
        return error_response(request, 404, [{"field": "", "message": message}])
    detail = [
        {"field": _field(e.get("loc", ())), "message": validation_message(e, lang)}
        for e in exc.errors()
    ]
    return error_response(request, 422, detail)


async def handle_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    _ = gettext_for(request_lang(request))
    if exc.status_code == 404:
        message = _("There is no page at this address.")
    elif exc.status_code == 405:
        message = _("This address does not accept this kind of request.")
    else:
        message = str(exc.detail)
    response = error_response(request, exc.status_code, [{"field": "", "message": message}])
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    return internal_error_response(request, exc)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(NotFoundError, handle_not_found)
    app.add_exception_handler(UserInputError, handle_user_input)
    app.add_exception_handler(RequestValidationError, handle_validation)
    app.add_exception_handler(StarletteHTTPException, handle_http)
    app.add_exception_handler(Exception, handle_unexpected)
