"""Heavy work (PDF/DOCX reports, solve with robustness) in a bounded pool of worker processes.

Why processes: a PDF takes seconds of CPU and holds the GIL; in the server process it would
stall every page. The pool (``pebble``) gives each task a time limit and can stop a running
task by ending its worker process, which threads cannot. Per server process:

* at most ``heavy_workers`` tasks run and ``heavy_queue`` wait; one more is answered at once
  with 503 and ``Retry-After`` (:class:`BusyError`);
* a task over ``heavy_timeout_seconds`` is stopped, its worker replaced, the answer is 504
  (:class:`TaskTimeoutError`);
* a task whose client has gone is stopped (the request watches for ``http.disconnect``);
* a request cancelled by the server (graceful shutdown past ``shutdown_timeout_seconds``)
  stops its task, and the app's shutdown stops the pool, so a stop never waits for a task.

Workers are started from a fork server that has imported the task module once: replacing a
stopped worker costs milliseconds, and no worker inherits the server's threads.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Final, TypeVar, cast

from fastapi import FastAPI
from pebble import ProcessPool
from starlette.requests import Request
from starlette.responses import Response

from klimaorg.i18n import gettext_for
from klimaorg.settings import Settings, get_settings
from klimaorg.web.errors import error_response
from klimaorg.web.language import request_lang
from klimaorg.web.schemas import ErrorResponse
from klimaorg.web.tasks import lower_priority

log = logging.getLogger(__name__)

T = TypeVar("T")
BUSY_RETRY_AFTER: Final = 10
"""Seconds a client is asked to wait when the queue is full (about one PDF's time)."""
CLIENT_CLOSED: Final = 499
PRELOAD: Final = [
    "klimaorg.web.tasks",
    "klimaorg.engine",
    "klimaorg.reports.build",
    "klimaorg.reports.preload",
]

HEAVY_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    503: {
        "model": ErrorResponse,
        "description": "Ausgelastet, später erneut versuchen (Header Retry-After) / busy, "
        "retry later (Retry-After header)",
        "headers": {
            "Retry-After": {"description": "Sekunden / seconds", "schema": {"type": "integer"}}
        },
    },
    504: {
        "model": ErrorResponse,
        "description": "Zeitlimit der Berechnung überschritten / computation time limit exceeded",
    },
}


class BusyError(Exception):
    """Every worker is busy and the queue is full (503 with Retry-After)."""


class TaskTimeoutError(Exception):
    """A task ran over its time limit and was stopped (504)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"task exceeded {seconds:g} s")
        self.seconds = seconds


class ClientGoneError(Exception):
    """The client disconnected while its task ran; the task was stopped."""


class HeavyPool:
    """The bounded process pool of one server process (module docstring)."""

    def __init__(self, workers: int, queue: int, timeout: float) -> None:
        self.workers = workers
        self.capacity = workers + queue
        self.timeout = timeout
        self._pool: ProcessPool | None = None
        self._lock = threading.Lock()
        self._active = 0
        self._futures: set[Future[Any]] = set()

    @classmethod
    def from_settings(cls, settings: Settings) -> HeavyPool:
        """A pool sized by ``heavy_workers``, ``heavy_queue`` and ``heavy_timeout_seconds``."""
        return cls(settings.heavy_workers, settings.heavy_queue, settings.heavy_timeout_seconds)

    @property
    def active(self) -> int:
        """Tasks running or waiting now."""
        return self._active

    def _get(self) -> ProcessPool:
        with self._lock:
            if self._pool is None or not self._pool.active:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(PRELOAD)
                self._pool = ProcessPool(
                    max_workers=self.workers, initializer=lower_priority, context=context
                )
            return self._pool

    def _reserve(self) -> None:
        with self._lock:
            if self._active >= self.capacity:
                raise BusyError()
            self._active += 1

    def _release(self, future: Future[Any] | None = None) -> None:
        with self._lock:
            self._active -= 1
            self._futures.discard(future)

    async def run(self, request: Request, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` in a worker; stopped on time-out, disconnect or cancellation."""
        self._reserve()
        try:
            scheduled = self._get().schedule(function, args=args, timeout=self.timeout)
            future = cast("Future[T]", scheduled)
        except BaseException:
            self._release()
            raise
        with self._lock:
            self._futures.add(future)
        future.add_done_callback(self._release)
        try:
            return await _result_or_disconnect(request, future, self.timeout)
        except BaseException:
            future.cancel()  # stops the worker if the task is running
            raise

    def close(self) -> None:
        """Stop every worker now (running tasks included; their requests answer 503); a later
        ``run`` starts afresh."""
        with self._lock:
            pool, self._pool = self._pool, None
            futures = list(self._futures)
        for future in futures:
            future.cancel()
        if pool is not None:
            pool.stop()  # type: ignore[no-untyped-call]
            pool.join(timeout=5)


async def _result_or_disconnect(request: Request, future: Future[T], timeout: float) -> T:
    waiting: asyncio.Future[Any] = asyncio.wrap_future(future)
    watcher: asyncio.Future[Any] = asyncio.ensure_future(_disconnected(request))
    try:
        done, _pending = await asyncio.wait([waiting, watcher], return_when=asyncio.FIRST_COMPLETED)
    finally:
        watcher.cancel()
    if waiting not in done:
        waiting.cancel()
        raise ClientGoneError()
    if waiting.cancelled():  # the pool was closed (server stopping): try again later
        raise BusyError()
    try:
        return cast(T, waiting.result())
    except TimeoutError:
        raise TaskTimeoutError(timeout) from None


async def _disconnected(request: Request) -> None:
    """Return when the client disconnects (the body has been read before: nothing is lost)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


def heavy_pool(request: Request) -> HeavyPool:
    """The app's pool (made on first use for an app built without :func:`install`)."""
    state = request.app.state
    pool = getattr(state, "heavy", None)
    if pool is None:
        settings = getattr(state, "settings", None) or get_settings()
        pool = state.heavy = HeavyPool.from_settings(settings)
    return cast(HeavyPool, pool)


async def run_heavy(request: Request, function: Callable[..., T], *args: Any) -> T:
    """Run ``function(*args)`` in the app's pool (see :class:`HeavyPool`)."""
    return await heavy_pool(request).run(request, function, *args)


async def _busy(request: Request, exc: Exception) -> Response:
    del exc
    _ = gettext_for(request_lang(request))
    text = _(
        "The server is busy with other reports and calculations. Please try again in "
        "%(seconds)s seconds."
    )
    message = text % {"seconds": BUSY_RETRY_AFTER}
    response = error_response(request, 503, [{"field": "", "message": message}])
    response.headers["Retry-After"] = str(BUSY_RETRY_AFTER)
    return response


async def _timeout(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TaskTimeoutError)
    _ = gettext_for(request_lang(request))
    text = _(
        "The calculation took longer than %(seconds)s seconds and was stopped. Please ask "
        "for less (fewer samples or alternatives)."
    )
    message = text % {"seconds": f"{exc.seconds:g}"}
    return error_response(request, 504, [{"field": "", "message": message}])


async def _gone(request: Request, exc: Exception) -> Response:
    del exc
    log.info("client left during %s %s; task stopped", request.method, request.url.path)
    return Response(status_code=CLIENT_CLOSED)


def install(app: FastAPI, settings: Settings) -> None:
    """Give ``app`` its pool and the handlers of the pool's errors."""
    app.state.heavy = HeavyPool.from_settings(settings)
    app.add_exception_handler(BusyError, _busy)
    app.add_exception_handler(TaskTimeoutError, _timeout)
    app.add_exception_handler(ClientGoneError, _gone)


def shutdown(app: FastAPI) -> None:
    """Stop the app's workers (the app's shutdown; a running task is not waited for)."""
    pool = getattr(app.state, "heavy", None)
    if isinstance(pool, HeavyPool):
        pool.close()
