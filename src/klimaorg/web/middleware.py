"""One ASGI middleware for every response: proxy, body limit, language, security headers,
cookies, and a last safety net.

* believes ``X-Forwarded-Proto``/``X-Forwarded-For`` only from the ``trusted_proxies``
  (scheme and client address of the request are set from them);
* refuses request bodies larger than ``max_body_bytes`` with 413 (by ``Content-Length`` at
  once, else while the body is read);
* chooses the reader's language (``?lang=``, cookie, German) into ``request.state.lang`` and
  remembers an explicit ``?lang=`` in the ``lang`` cookie;
* adds the security headers (strict CSP: no inline scripts or styles anywhere;
  ``Strict-Transport-Security`` only when the request came over HTTPS);
* adds the cookies a request asked for (the CSRF seed; :mod:`klimaorg.web.auth`);
* forbids storing private answers (``Cache-Control: no-store``, :func:`is_private`): every
  response to a request with a session cookie or an API token, every page or answer under a
  workshop link, every download (``Content-Disposition: attachment``);
* turns any exception that escaped the routes into a 500 page/JSON without a trace, with the
  same headers.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Sequence

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from klimaorg.i18n import gettext_for
from klimaorg.settings import Settings
from klimaorg.web.auth import SESSION_COOKIE, pending_cookies
from klimaorg.web.errors import error_response, internal_error_response
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
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
    ),
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"
NO_STORE = "no-store"
#: Paths whose answers name people without a login: the secret workshop links.
PRIVATE_PREFIXES = ("/workshop/", "/api/v1/workshop/")
DEFAULT_MAX_BODY = 1024 * 1024

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str) -> list[Network]:
    """``"127.0.0.1, 10.0.0.0/8"`` → networks (a bad entry raises ValueError naming it)."""
    networks = []
    for part in text.split(","):
        item = part.strip()
        if item:
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                raise ValueError(f"KLIMAORG_TRUSTED_PROXIES: keine IP-Adresse: {item!r}") from None
    return networks


def _trusted(host: str | None, networks: Sequence[Network]) -> bool:
    if not host or not networks:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(address in network for network in networks)


def is_private(scope: Scope, headers: MutableHeaders) -> bool:
    """Whether a response must not be stored by the browser or a proxy: it answers a signed-in
    user (session cookie or API token; static files excepted, they are public), belongs to a
    workshop link, or is a download. Decided from the request, so a route cannot forget it."""
    path: str = scope.get("path", "")
    if "attachment" in headers.get("content-disposition", "").lower():
        return True
    if path.startswith(PRIVATE_PREFIXES):
        return True
    if path.startswith("/static/"):
        return False
    if _header(scope, b"authorization") is not None:
        return True
    cookie = _header(scope, b"cookie") or ""
    return any(
        part.strip().startswith(f"{SESSION_COOKIE}=") and part.strip() != f"{SESSION_COOKIE}="
        for part in cookie.split(";")
    )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def apply_proxy(scope: Scope, networks: Sequence[Network]) -> None:
    """Take scheme and client address from a trusted proxy's forwarding headers."""
    client = scope.get("client")
    if not client or not _trusted(client[0], networks):
        return
    proto = _header(scope, b"x-forwarded-proto")
    if proto:
        scheme = proto.split(",")[-1].strip().lower()
        if scheme in ("http", "https"):
            scope["scheme"] = scheme
    forwarded = _header(scope, b"x-forwarded-for")
    if forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        # the nearest hop that is not a trusted proxy is the client
        while hops and _trusted(hops[-1], networks):
            hops.pop()
        if hops:
            scope["client"] = (hops[-1], 0)


class BodyTooLargeError(HTTPException):
    """The request body exceeds the limit (413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, str(limit))
        self.limit = limit


def too_large_message(request: Request, limit: int) -> str:
    """The reader's sentence for a too large request."""
    _ = gettext_for(scope_lang(request.scope))
    size = f"{limit // 1024} KB" if limit < 1024 * 1024 else f"{limit / (1024 * 1024):g} MB"
    return _("The request is too large (at most %(size)s).") % {"size": size}


class WebMiddleware:
    """Proxy, body limit, language, headers, cookies and the 500 safety net (module
    docstring)."""

    def __init__(self, app: ASGIApp, settings: Settings | None = None) -> None:
        self.app = app
        self.networks = parse_networks(settings.trusted_proxies) if settings else []
        self.max_body = settings.max_body_bytes if settings else DEFAULT_MAX_BODY

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        apply_proxy(scope, self.networks)
        lang = scope_lang(scope)
        state = scope.setdefault("state", {})
        state["lang"] = lang
        remember = query_lang(scope)
        https = scope.get("scheme") == "https"
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if https:
                    headers["Strict-Transport-Security"] = HSTS
                if is_private(scope, headers):
                    headers["Cache-Control"] = NO_STORE
                if remember is not None:
                    headers.append("set-cookie", cookie_header(remember).decode())
                for cookie in pending_cookies(state):
                    headers.append("set-cookie", cookie)
            await send(message)

        length = _header(scope, b"content-length")
        if length is not None and length.strip().isdigit() and int(length) > self.max_body:
            await self._too_large(scope, receive, send_with_headers)
            return
        received = 0
        limit = self.max_body

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(limit)
            return message

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLargeError:
            if not started:
                await self._too_large(scope, receive, send_with_headers)
        except Exception as error:
            if started:  # too late for an error page; the client sees a cut-off response
                log.error("error after the response started", exc_info=error)
                return
            response = internal_error_response(Request(scope), error)
            await response(scope, receive, send_with_headers)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        detail = [{"field": "", "message": too_large_message(request, self.max_body)}]
        response = error_response(request, 413, detail)
        response.headers["Connection"] = "close"
        await response(scope, receive, send)
