"""``POST /api/v1/advise`` and the municipality lookup the wizard's autocomplete uses.

The handlers are thin: the body goes to :func:`klimaorg.advisor.advise`, the same function the CLI
and the wizard's result page call. They are ``async`` on purpose: the analysis takes about a
millisecond of CPU, less than handing it to a worker thread would cost.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from klimaorg.advisor import advise_json, read_profile_text
from klimaorg.advisor.profile import MAX_PROFILE_BYTES
from klimaorg.context import current_directory
from klimaorg.directory import Directory, Entity, Municipality
from klimaorg.web.json_guard import PARSED, THREAD_ABOVE
from klimaorg.web.openapi import json_body, ref
from klimaorg.web.openapi.examples import PROFILE, PROFILES
from klimaorg.web.params import LANG_PARAMETER, lang_parameter
from klimaorg.web.ratelimit import RATE_LIMIT_RESPONSES, count_request
from klimaorg.web.schemas import ErrorResponse

router = APIRouter(
    prefix="/api/v1",
    tags=["Beratung / Advice"],
    responses={422: {"model": ErrorResponse, "description": "Ungültiges Profil / invalid profile"}},
)


EXAMPLE: dict[str, Any] = PROFILE
_UNSET = object()


@router.post(
    "/advise",
    summary="Empfehlung für eine Kommune / recommendation for a municipality",
    response_class=Response,
    responses={
        200: {
            "description": "Die Empfehlung / the recommendation",
            "content": {"application/json": {"schema": ref("Advice")}},
        },
        **RATE_LIMIT_RESPONSES,
    },
    openapi_extra={**json_body("Profile", PROFILES), "parameters": [LANG_PARAMETER]},
)
async def api_advise(request: Request) -> Response:
    """Rangfolge der sechs Modelle mit Begründung, Robustheit, Risiken und Gegenmaßnahmen,
    Was-wäre-wenn, Ergänzung und Annahmen. Das Profilformat ist das der Kommandozeile.
    / Ranking of the six models with explanation, robustness, risks and mitigations, what-if,
    complement and assumptions. The profile format is the CLI's.

    The body is read and decoded here rather than by FastAPI's body machinery: the profile is
    validated field by field by the advisor anyway, with messages that name profile fields.
    """
    await count_request(request, "advise")  # not a dependency: see count_request
    lang = lang_parameter(request)  # not a declared parameter: see lang_parameter
    body = await request.body()
    checked = request.scope.get("state", {}).get(PARSED, _UNSET)
    if checked is not _UNSET and len(body) <= MAX_PROFILE_BYTES:
        profile = checked  # read by the JSON guard with the same reader and limits
    elif len(body) > THREAD_ABOVE:  # a large profile is parsed in a worker thread
        profile = await run_in_threadpool(read_profile_text, body, lang, json_only=True)
    else:
        profile = read_profile_text(body, lang, json_only=True)
    body = advise_json(profile, lang=lang, directory=current_directory)
    return Response(body, media_type="application/json")


@router.get(
    "/municipalities",
    summary="Kommunen suchen (Gemeindeverzeichnis) / search municipalities (directory)",
)
async def api_municipalities(
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=100,
            description="Name oder Schlüssel (AGS/ARS, Kreis, Gemeindeverband) / name or key "
            "(municipality, district, association)",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict[str, Any]:
    """Gemeinden, Landkreise und Gemeindeverbände aus dem importierten Gemeindeverzeichnis, die
    relevantesten zuerst; leer, wenn keines importiert ist. / Municipalities, districts and
    associations from the imported directory, most relevant first; empty when none is
    imported."""
    directory = current_directory()
    if directory is None:
        return {"imported": False, "results": []}
    return {"imported": True, "results": [hit(directory, e) for e in directory.search(q, limit)]}


def hit(directory: Directory, entity: Entity) -> dict[str, Any]:
    """One autocomplete hit. ``label`` names Kreise and Verbände with their type
    ("Verbandsgemeinde Rhein-Selz", "Landkreis Ebersberg"); ``administration`` is the
    association that runs a member Gemeinde's administration (the advice is given for it)."""
    verband = directory.administration(entity) if isinstance(entity, Municipality) else None
    return {
        "key": entity.key,
        "name": entity.name,
        "label": entity.display_name,
        "kind": str(entity.kind),
        "type": entity.type_label,
        "population": entity.population,
        "administration": None
        if verband is None
        else {"key": verband.key, "name": verband.display_name, "type": verband.type_label},
    }
