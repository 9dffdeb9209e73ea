"""The reader's language: ``?lang=`` on any URL, else the ``lang`` cookie, else German."""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import cast
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from starlette.requests import Request
from starlette.routing import Match
from starlette.types import Scope

from klimaorg.i18n import DEFAULT_LANG, Lang, is_lang

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _cookie_lang(scope: Scope) -> Lang | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is the reader's browser's, not an error
                return None
            morsel = jar.get(COOKIE)
            if morsel is not None and is_lang(morsel.value):
                return cast(Lang, morsel.value)
    return None


def query_lang(scope: Scope) -> Lang | None:
    """The language asked for by ``?lang=`` (only a supported code counts)."""
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query):
        if name == "lang" and is_lang(value):
            return cast(Lang, value)
    return None


def scope_lang(scope: Scope) -> Lang:
    """The language of a request: query, then cookie, then the default (German)."""
    return query_lang(scope) or _cookie_lang(scope) or DEFAULT_LANG


def cookie_header(lang: Lang) -> bytes:
    """The ``Set-Cookie`` value remembering ``lang``."""
    return f"{COOKIE}={lang}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly".encode()


def request_lang(request: Request) -> Lang:
    """The language the middleware chose for this request."""
    lang = getattr(request.state, "lang", None)
    if isinstance(lang, str) and is_lang(lang):
        return cast(Lang, lang)
    return scope_lang(request.scope)


def _readable(request: Request, path: str) -> bool:
    """Whether a route of the app answers a GET of ``path``."""
    scope = {**request.scope, "method": "GET", "path": path, "query_string": b""}
    return any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes)


def _came_from(request: Request) -> tuple[str, list[tuple[str, str]]]:
    """The page a form was posted from: the ``Referer`` of this site (the app sends
    ``Referrer-Policy: same-origin``), if a GET reaches it; else the start page."""
    referer = urlsplit(request.headers.get("referer", ""))
    path = unquote(referer.path)
    if referer.netloc == request.url.netloc and path.startswith("/") and _readable(request, path):
        return path, parse_qsl(referer.query)
    return "/", []


def switch_url(request: Request, lang: Lang) -> str:
    """This page in ``lang``: path and query kept, ``lang`` replaced (the path quoted again:
    a ``%00`` or a space in the address stays encoded in the link).

    A page answering a posted form links to the page the form was on instead: a link is a
    GET, and the form's address may have no page of its own (an upload, a password reset).
    Pages whose unsaved answers must survive the switch submit their form instead (the
    wizard, the workshop participant's form).
    """
    path, params = request.url.path, request.query_params.multi_items()
    if request.method not in ("GET", "HEAD"):
        path, params = _came_from(request)
    kept = [(k, v) for k, v in params if k != "lang"]
    kept.append(("lang", lang))
    return f"{quote(path)}?{urlencode(kept)}"
