"""``POST /api/v1/solve``: the decision engine over HTTP.

The body is the JSON problem format (``schemas/problem.schema.json``); the answer is
``Result.to_dict()``. Bad input raises :class:`~klimaorg.errors.UserInputError`, which the
app's exception handler turns into ``422 {"detail": [{"field": ..., "message": ...}]}``.
Size and robustness cost are bounded by the settings (``KLIMAORG_MAX_ALTERNATIVES``,
``…_CRITERIA``, ``…_SAMPLES``, ``…_SOLVE_COST``); a solve with robustness runs in the
heavy-work pool (:mod:`klimaorg.web.heavy`); the route counts against the ``solve`` quota.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from pydantic import WithJsonSchema

from klimaorg.engine import Limits
from klimaorg.web.bounded import SOLVE_RESPONSES, solve_bounded, solve_limits
from klimaorg.web.openapi import field, ref
from klimaorg.web.openapi.examples import PROBLEMS, TOPSIS, openapi_examples
from klimaorg.web.ratelimit import rate_limited
from klimaorg.web.schemas import ErrorResponse

router = APIRouter(
    prefix="/api/v1",
    tags=["engine"],
    responses={422: {"model": ErrorResponse, "description": "Ungültiges Problem / bad problem"}},
)

EXAMPLE: dict[str, Any] = TOPSIS


@router.post(
    "/solve",
    summary="Entscheidungsproblem lösen / solve a decision problem",
    response_model=None,
    responses={
        200: {"content": {"application/json": {"schema": ref("SolveResult")}}},
        **SOLVE_RESPONSES,
    },
    dependencies=[Depends(rate_limited("solve"))],
)
async def solve(
    request: Request,
    problem: Annotated[
        dict[str, Any],
        Body(openapi_examples=openapi_examples(PROBLEMS)),
        WithJsonSchema(field("Problem")),
    ],
    limits: Annotated[Limits, Depends(solve_limits)],
) -> dict[str, Any]:
    """Scores, ranking, weights, method parameters, consistency and robustness of a problem."""
    return await solve_bounded(request, problem, limits)
