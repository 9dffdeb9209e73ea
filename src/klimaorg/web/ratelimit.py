"""Per-client rate limits of the expensive endpoints (report, solve, advise, wizard).

Each quota allows ``rate_limit_<quota>`` requests per client address (IPv6: per /64 network)
in fixed windows of ``rate_limit_window_seconds``; one more is answered with 429 and
``Retry-After`` (seconds until the window ends). The count lives in the database
(``service.lease_quota``), shared by every worker. To keep a cheap endpoint
cheap, a worker leases a block of the quota (a twentieth of it, 1 to 1,000 requests) with one
write and spends it in memory; a client whose quota is used up is refused from memory until
the window ends. All workers together never grant more than the quota; a worker's unspent
lease is lost to the others (the limit only gets stricter).

Used as a route dependency (``Depends(rate_limited("report"))``), so a handler's signature
does not change.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import math
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final, Literal, cast

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from klimaorg.i18n import gettext_for
from klimaorg.settings import Settings
from klimaorg.storage import Database, service
from klimaorg.web.errors import error_response
from klimaorg.web.language import request_lang
from klimaorg.web.schemas import ErrorResponse

Quota = Literal["report", "solve", "advise", "wizard"]
MAX_BLOCK: Final = 1000

RATE_LIMIT_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    429: {
        "model": ErrorResponse,
        "description": "Zu viele Anfragen von dieser Adresse (Header Retry-After) / too many "
        "requests from this address (Retry-After header)",
        "headers": {
            "Retry-After": {"description": "Sekunden / seconds", "schema": {"type": "integer"}}
        },
    }
}


class RateLimitedError(Exception):
    """The client has used its quota for this window (429)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


@dataclass(slots=True)
class _Lease:
    window_start: int
    left: int
    exhausted: bool = False


def block_size(limit: int) -> int:
    """Requests one worker leases at once: a twentieth of the quota, 1 to ``MAX_BLOCK``."""
    return max(1, min(MAX_BLOCK, limit // 20))


def client_address(request: Request) -> str:
    """The client's address as counted: IPv6 by its /64 network (one host has many)."""
    return counted_address(request.client.host if request.client else "")


@functools.lru_cache(maxsize=4096)
def counted_address(host: str) -> str:
    """``host`` as counted. Cached: parsing an address costs more than the rest of the check,
    and a server sees the same clients again and again."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


class RateLimiter:
    """The quotas of one server process, backed by the shared database."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.window = settings.rate_limit_window_seconds
        self.limits: dict[str, int] = {
            "report": settings.rate_limit_report,
            "solve": settings.rate_limit_solve,
            "advise": settings.rate_limit_advise,
            "wizard": settings.rate_limit_wizard,
        }
        self._leases: dict[tuple[str, str], _Lease] = {}
        self._inflight: dict[tuple[str, str], asyncio.Future[None]] = {}
        self._lock = threading.Lock()

    def _take_local(self, key: tuple[str, str], window_start: int) -> bool | None:
        """True: granted from the lease; False: used up; None: the database must be asked."""
        with self._lock:
            held = self._leases.get(key)
            if held is None or held.window_start != window_start:
                return None
            if held.left > 0:
                held.left -= 1
                return True
            return False if held.exhausted else None

    def _lease(self, quota: str, client: str, key: tuple[str, str], window_start: int) -> None:
        limit = self.limits[quota]
        with self.db.transaction() as session:
            granted = service.lease_quota(
                session, service.quota_key(quota, client), window_start, block_size(limit), limit
            )
        with self._lock:
            if len(self._leases) > 100_000:  # many clients: forget finished windows
                self._leases = {
                    k: v for k, v in self._leases.items() if v.window_start == window_start
                }
            held = self._leases.get(key)
            left = held.left if held is not None and held.window_start == window_start else 0
            self._leases[key] = _Lease(window_start, left + granted, granted == 0)

    def _forget(self, key: tuple[str, str], done: asyncio.Future[None]) -> None:
        if self._inflight.get(key) is done:
            del self._inflight[key]

    async def check(self, quota: Quota, client: str) -> None:
        """Count one request of ``client``; raise :class:`RateLimitedError` over the quota."""
        now = time.time()
        window_start = int(now) - int(now) % self.window
        key = (quota, client)
        allowed = self._take_local(key, window_start)
        while allowed is None:  # one lease per client and quota in flight; the others wait
            pending = self._inflight.get(key)
            if pending is None or pending.done():
                pending = asyncio.ensure_future(
                    run_in_threadpool(self._lease, quota, client, key, window_start)
                )
                self._inflight[key] = pending
                pending.add_done_callback(lambda done: self._forget(key, done))
            await asyncio.shield(pending)
            allowed = self._take_local(key, window_start)
        if not allowed:
            raise RateLimitedError(max(1, math.ceil(window_start + self.window - now)))


def rate_limiter(request: Request) -> RateLimiter | None:
    """The app's limiter (made on first use); ``None`` for an app without a database."""
    state = request.app.state
    limiter = getattr(state, "rate_limiter", None)
    if limiter is None:
        db = getattr(state, "db", None)
        settings = getattr(state, "settings", None)
        if db is None or settings is None:
            return None
        limiter = state.rate_limiter = RateLimiter(db, settings)
    return cast(RateLimiter, limiter)


async def count_request(request: Request, quota: Quota) -> None:
    """Count ``request`` against ``quota``; raise :class:`RateLimitedError` over it.

    Hot endpoints call this directly instead of declaring :func:`rate_limited`: each level of
    FastAPI's dependency solving costs about 40 µs, a fifth of an advice request.
    """
    limiter = rate_limiter(request)
    if limiter is not None:
        await limiter.check(quota, client_address(request))


def rate_limited(quota: Quota) -> Callable[[Request], Awaitable[None]]:
    """A route dependency counting the request against ``quota``."""

    async def dependency(request: Request) -> None:
        await count_request(request, quota)

    dependency.__name__ = f"rate_limited_{quota}"
    return dependency


async def _limited(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RateLimitedError)
    _ = gettext_for(request_lang(request))
    text = _("Too many requests from your address. Please try again in %(seconds)s seconds.")
    message = text % {"seconds": exc.retry_after}
    response = error_response(request, 429, [{"field": "", "message": message}])
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


def install(app: Any) -> None:
    """Register the 429 handler on ``app``."""
    app.add_exception_handler(RateLimitedError, _limited)
