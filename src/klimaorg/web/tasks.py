"""The functions the heavy-work pool runs in its worker processes (:mod:`klimaorg.web.heavy`).

Kept apart, with few imports, because every worker process imports this module: a task gets
plain data (a problem mapping, a built report) and returns bytes or a JSON-ready dict. Bad
input found inside a worker comes back as a ``(field, message)`` pair rather than as the
exception, whose constructor cannot be rebuilt from its pickled arguments.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from klimaorg.engine.limits import Limits
from klimaorg.errors import UserInputError

Failure = tuple[str, str]


def lower_priority() -> None:
    """Worker initialiser: heavy work yields the CPU to the server process answering pages."""
    with contextlib.suppress(OSError):  # not permitted on some systems
        os.nice(10)


def solve_task(problem: dict[str, Any], limits: Limits) -> dict[str, Any] | Failure:
    """``engine.solve(problem).to_dict()``, or the input error as ``(field, message)``."""
    from klimaorg.engine import solve

    try:
        return solve(problem, limits=limits).to_dict()
    except UserInputError as error:
        return (error.field, error.message)


def report_task(
    profile: Any, result: dict[str, Any], fmt: str, only: str | None
) -> tuple[bytes, str]:
    """The report of ``profile`` and its recommendation ``result`` rendered as ``fmt`` (pdf,
    docx, html, md), with its download name. Building the report (charts, texts: tens of
    milliseconds) happens here too, so it does not hold the server's GIL."""
    from klimaorg.reports.build import build_report
    from klimaorg.reports.render import filename, render

    report = build_report(profile, result)
    return render(report, fmt, only=only), filename(report, fmt, only=only)
