"""``POST /api/v1/solve``: the decision engine over HTTP.

The body is the JSON problem format (``schemas/problem.schema.json``); the answer is
``Result.to_dict()``. Bad input raises :class:`~klimaorg.errors.UserInputError`, which the
app's exception handler turns into ``422 {"detail": [{"field": ..., "message": ...}]}``.
The number of SMAA samples per request is capped by ``KLIMAORG_MAX_SAMPLES``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from pydantic import WithJsonSchema

from klimaorg.engine import solve as engine_solve
from klimaorg.web.openapi import field, ref
from klimaorg.web.openapi.examples import PROBLEMS, TOPSIS, openapi_examples
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
    responses={200: {"content": {"application/json": {"schema": ref("SolveResult")}}}},
)
def solve(
    problem: Annotated[
        dict[str, Any],
        Body(openapi_examples=openapi_examples(PROBLEMS)),
        WithJsonSchema(field("Problem")),
    ],
) -> dict[str, Any]:
    """Scores, ranking, weights, method parameters, consistency and robustness of a problem."""
    return engine_solve(problem).to_dict()
