"""Every JSON request body passes the untrusted-input reader before a route sees it.

FastAPI parses a JSON body with the standard library's ``json.loads``, which has no depth
limit of its own: ``[[[[…`` 5,000 levels deep ends in a ``RecursionError`` (FastAPI answers an
English 400), and a body a little less deep is handed to the route, where walking it may
recurse again. This ASGI middleware reads the body once, checks it with
:func:`klimaorg.untrusted.load` (depth at most 32, JSON types, finite 64-bit numbers, valid
UTF-8) and answers ``422 {"detail": [{"field": "body", "message": ...}]}`` in the reader's
language when it fails; otherwise the route gets the same bytes. The size is capped before,
by :class:`~klimaorg.web.middleware.WebMiddleware` (which runs outside this one).

The routes stay as they are (typed bodies, ``await request.body()``): nothing to remember
when a route is added.
"""

from __future__ import annotations

from anyio import to_thread
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from klimaorg.i18n import parse_lang
from klimaorg.untrusted import UntrustedInputError, load
from klimaorg.web.errors import error_response

METHODS = {"POST", "PUT", "PATCH", "DELETE"}
THREAD_ABOVE = 64 * 1024
"""Bodies larger than this are checked in a worker thread (the event loop stays free)."""
ANY_SIZE = 1 << 62
"""The size is WebMiddleware's business (``KLIMAORG_MAX_BODY_BYTES``)."""


def is_json_body(scope: Scope) -> bool:
    """Whether FastAPI would parse the body as JSON: a JSON media type, or none at all."""
    if scope.get("method") not in METHODS:
        return False
    content_type = ""
    for key, value in scope.get("headers", []):
        if key == b"content-type":
            content_type = value.decode("latin-1").split(";")[0].strip().lower()
    if not content_type:
        return str(scope.get("path", "")).startswith("/api/")
    main, _, sub = content_type.partition("/")
    return main == "application" and (sub == "json" or sub.endswith("+json"))


PARSED = "json_body"
"""``scope["state"][PARSED]``: the checked body as plain data, so that a route reading the JSON
itself (the advice) does not parse it a second time."""


def check_body(body: bytes, lang: str) -> object:
    """The body as plain data; :class:`UntrustedInputError` (field ``body``) unless it is
    acceptable JSON."""
    return load(body, "json", max_bytes=ANY_SIZE, field="body", lang=parse_lang(lang))


class JsonBodyGuard:
    """The ASGI middleware of the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_json_body(scope):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # client went away: let the app see it
                await self.app(scope, _replay(b"".join(chunks), receive, message), send)
                return
            chunks.append(message.get("body", b""))
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        if body:
            lang = str(scope.get("state", {}).get("lang", "de"))
            try:
                if len(body) > THREAD_ABOVE:
                    value = await to_thread.run_sync(check_body, body, lang)
                else:
                    value = check_body(body, lang)
                scope.setdefault("state", {})[PARSED] = value
            except UntrustedInputError as exc:
                response = error_response(Request(scope), 422, [exc.to_dict()])
                await response(scope, receive, send)
                return
        await self.app(scope, _replay(body, receive), send)


def _replay(body: bytes, receive: Receive, after: Message | None = None) -> Receive:
    """A ``receive`` that gives the buffered body once, then whatever comes next."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": after is not None}
        if after is not None:
            return after
        return await receive()

    return replay
