"""The site's own JSON routes beside the resources.

* ``GET /api/v1/health``: liveness for load balancers and monitoring (and the benchmark's
  reference of a trivial JSON endpoint).
* ``POST /api/v1/solve``: the decision engine over HTTP. The body is the JSON problem format
  (``schemas/problem.schema.json``); the answer is ``Result.to_dict()``. Bad input raises
  :class:`~klimaorg.errors.UserInputError`, which the app's exception handler turns into
  ``422 {"detail": [{"field": ..., "message": ...}]}``. Size and robustness cost are bounded
  by the settings (``KLIMAORG_MAX_ALTERNATIVES``, ``…_CRITERIA``, ``…_SAMPLES``,
  ``…_SOLVE_COST``); a solve with robustness runs in the heavy-work pool
  (:mod:`klimaorg.web.heavy`); the route counts against the ``solve`` quota.
* ``/api/v1/directory``: the municipality directory for a signed-in organisation.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from pydantic import WithJsonSchema

from klimaorg.engine import Limits
from klimaorg.web.auth import PrincipalDep, SessionDep
from klimaorg.web.bounded import SOLVE_RESPONSES, solve_bounded, solve_limits
from klimaorg.web.openapi import field, ref
from klimaorg.web.openapi.examples import PROBLEMS, openapi_examples
from klimaorg.web.ratelimit import rate_limited
from klimaorg.web.schemas import SIGNED_IN_ERRORS
from klimaorg.web.site import views
from klimaorg.web.site.schemas import (
    DIRECTORY_TAG,
    OPERATIONS_TAG,
    PROBLEM_ERRORS,
    MunicipalityPublic,
)

operations = APIRouter(prefix="/api/v1", tags=[OPERATIONS_TAG])
engine = APIRouter(prefix="/api/v1", tags=["engine"], responses=PROBLEM_ERRORS)
directory = APIRouter(prefix="/api/v1/directory", tags=[DIRECTORY_TAG], responses=SIGNED_IN_ERRORS)


@operations.get("/health", summary="Lebenszeichen / liveness")
async def health() -> dict[str, Any]:
    """Antwortet, solange der Prozess Anfragen bedient. / Answers while the process serves."""
    return views.health()


@engine.post(
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


@directory.get(
    "/municipalities",
    name="directory_search",
    response_model=list[MunicipalityPublic],
    summary="Gemeinden suchen / Search municipalities",
)
def search(
    _principal: PrincipalDep,
    session: SessionDep,
    q: Annotated[str, Query(min_length=1, max_length=100)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    kreis: Annotated[str | None, Query(pattern=r"^\d{5}$")] = None,
) -> list[Any]:
    """Autovervollständigung: Namensteile ohne Rücksicht auf Groß-/Kleinschreibung und
    Umlaute, oder der AGS. / Autocomplete by part of the name or the AGS."""
    return views.municipalities(session, q, limit, kreis)


@directory.get(
    "/kreise/{key}/municipalities",
    response_model=list[MunicipalityPublic],
    summary="Gemeinden eines Kreises / Municipalities of a Kreis",
)
def in_kreis(key: str, _principal: PrincipalDep, session: SessionDep) -> list[Any]:
    """Alle Gemeinden eines Kreises, nach Namen. / Every municipality of a Kreis."""
    return views.in_kreis(session, key)


router = APIRouter()
router.include_router(operations)
router.include_router(engine)
router.include_router(directory)
