"""One ASGI middleware for every response: language, security headers, and a last safety net.

* chooses the reader's language (``?lang=``, cookie, German) into ``request.state.lang`` and
  remembers an explicit ``?lang=`` in the ``lang`` cookie;
* adds the security headers (strict CSP: no inline scripts or styles anywhere);
* turns any exception that escaped the routes into a 500 page/JSON without a trace, with the
  same headers.
"""

from __future__ import annotations

import logging

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from klimaorg.web.errors import internal_error_response
from klimaorg.web.language import cookie_header, query_lang, scope_lang

log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class WebMiddleware:
    """Language, security headers and the 500 safety net (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lang = scope_lang(scope)
        scope.setdefault("state", {})["lang"] = lang
        remember = query_lang(scope)
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if remember is not None:
                    headers.append("set-cookie", cookie_header(remember).decode())
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as error:
            if started:  # too late for an error page; the client sees a cut-off response
                log.error("error after the response started", exc_info=error)
                return
            response = internal_error_response(Request(scope), error)
            await response(scope, receive, send_with_headers)
