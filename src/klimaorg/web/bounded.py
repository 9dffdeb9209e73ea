"""Bounded work of the routes: the engine's limits from the settings, solve and report files
through the heavy-work pool, and the limit errors in the reader's language.

One function per route keeps the handlers' change small: ``solve_bounded`` for
``POST /api/v1/solve``, ``report_file`` for ``POST /api/v1/report`` and the wizard's report
downloads.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from klimaorg.advisor import advise
from klimaorg.context import current_directory
from klimaorg.engine import Limits, parse_problem
from klimaorg.engine import solve as engine_solve
from klimaorg.engine.errors import LimitError, ProblemError
from klimaorg.i18n import Lang, gettext_for, number
from klimaorg.settings import Settings, get_settings
from klimaorg.web.errors import error_response
from klimaorg.web.heavy import HEAVY_RESPONSES, run_heavy
from klimaorg.web.language import request_lang
from klimaorg.web.ratelimit import RATE_LIMIT_RESPONSES
from klimaorg.web.tasks import report_task, solve_task

SOLVE_RESPONSES: Final = {**RATE_LIMIT_RESPONSES, **HEAVY_RESPONSES}
REPORT_RESPONSES: Final = {**RATE_LIMIT_RESPONSES, **HEAVY_RESPONSES}
POOLED_FORMATS: Final = frozenset({"pdf", "docx"})
"""Formats rendered in the pool; HTML and Markdown take milliseconds."""


def _settings(request: Request) -> Settings:
    settings = getattr(request.app.state, "settings", None)
    return settings if isinstance(settings, Settings) else get_settings()


def solve_limits(request: Request) -> Limits:
    """Route dependency: the engine's limits from the app's settings."""
    return _settings(request).engine_limits()


async def solve_bounded(request: Request, problem: Any, limits: Limits) -> dict[str, Any]:
    """Check ``problem`` against ``limits`` here (422 at once), then solve: inline when there is
    no robustness or group analysis (microseconds), else in the pool."""
    parsed = parse_problem(problem, limits=limits)
    if parsed.robustness is None and parsed.group is None:
        return engine_solve(parsed).to_dict()
    outcome = await run_heavy(request, solve_task, problem, limits)
    if isinstance(outcome, tuple):
        raise ProblemError(*outcome)
    return outcome


async def report_file(
    request: Request, profile: Any, lang: Lang, fmt: str, only: str | None
) -> tuple[bytes, str]:
    """The report of ``profile`` as ``fmt`` and its download name. The recommendation is made
    here (profile errors answer 422 at once; it is memoised and takes about a millisecond);
    building and rendering PDF and DOCX happen in the pool."""
    result = await run_in_threadpool(advise, profile, lang=lang, directory=current_directory())
    if fmt in POOLED_FORMATS:
        return await run_heavy(request, report_task, profile, result, fmt, only)
    return await run_in_threadpool(report_task, profile, result, fmt, only)


def limit_message(error: LimitError, lang: Lang) -> str:
    """The reader's sentence for a problem over a limit."""
    _ = gettext_for(lang)
    texts = {
        "alternatives": _("%(value)s alternatives are too many (at most %(limit)s)."),
        "criteria": _("%(value)s criteria are too many (at most %(limit)s)."),
        "samples": _("%(value)s samples are too many (at most %(limit)s)."),
        "cost": _(
            "The robustness analysis would cost %(value)s units, more than the budget of "
            "%(limit)s (samples × alternatives × (alternatives + criteria), plus the stability "
            "check): ask for fewer samples or alternatives, or switch the stability check off."
        ),
    }
    values = {"value": number(error.value, lang, 0), "limit": number(error.limit, lang, 0)}
    return texts[error.kind] % values


async def _limit(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LimitError)
    message = limit_message(exc, request_lang(request))
    return error_response(request, 422, [{"field": exc.field, "message": message}])


def install(app: FastAPI) -> None:
    """Register the handler that words limit errors in the reader's language."""
    app.add_exception_handler(LimitError, _limit)
