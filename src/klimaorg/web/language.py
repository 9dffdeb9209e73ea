"""The reader's language: ``?lang=`` on any URL, else the ``lang`` cookie, else German."""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import cast
from urllib.parse import parse_qsl, quote, urlencode

from starlette.requests import Request
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


def switch_url(request: Request, lang: Lang) -> str:
    """The same page in ``lang``: path and query kept, ``lang`` replaced (the path quoted again:
    a ``%00`` or a space in the address stays encoded in the link)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    params.append(("lang", lang))
    return f"{quote(request.url.path)}?{urlencode(params)}"
