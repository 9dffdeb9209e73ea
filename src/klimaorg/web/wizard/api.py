"""The advice as JSON: ``POST /api/v1/advise``, the municipality lookup the wizard's
autocomplete uses, and ``POST /api/v1/report`` (the report of a recommendation as a file).

The handlers are thin: the body goes to :func:`klimaorg.advisor.advise`, the same function the CLI
and the wizard's result page call. They are ``async`` on purpose: the analysis takes about a
millisecond of CPU, less than handing it to a worker thread would cost.

The report's body is the profile, as for ``/advise``. The file name in ``Content-Disposition``
is built from a safe slug of the municipality's name, never from the input verbatim. Rendering
a PDF or DOCX takes seconds of CPU: it runs in the heavy-work pool (:mod:`klimaorg.web.heavy`);
the route counts against the ``report`` quota.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import WithJsonSchema

from klimaorg.advisor import advise_json, read_profile_text
from klimaorg.advisor.profile import MAX_PROFILE_BYTES
from klimaorg.context import current_directory
from klimaorg.reports.render import MEDIA_TYPES
from klimaorg.web.bounded import REPORT_RESPONSES, report_file
from klimaorg.web.json_guard import PARSED, THREAD_ABOVE
from klimaorg.web.openapi import field, json_body, ref
from klimaorg.web.openapi.examples import PROFILES, openapi_examples
from klimaorg.web.params import LANG_PARAMETER, lang_parameter
from klimaorg.web.ratelimit import RATE_LIMIT_RESPONSES, count_request, rate_limited
from klimaorg.web.wizard import views
from klimaorg.web.wizard.schemas import EXAMPLE, PROFILE_ERRORS, FormatQuery, LangQuery, OnlyQuery

advice = APIRouter(prefix="/api/v1", tags=["Beratung / Advice"], responses=PROFILE_ERRORS)
reports = APIRouter(prefix="/api/v1", tags=["Berichte / Reports"], responses=PROFILE_ERRORS)
_UNSET = object()


@advice.post(
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


@advice.get(
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
    return {
        "imported": True,
        "results": [views.hit(directory, e) for e in directory.search(q, limit)],
    }


@reports.post(
    "/report",
    summary="Bericht zur Empfehlung als Datei / report of the recommendation as a file",
    response_class=Response,
    responses={
        200: {
            "description": "Die Datei / the file",
            "content": {media: {} for media in MEDIA_TYPES.values()},
        },
        **REPORT_RESPONSES,
    },
    dependencies=[Depends(rate_limited("report"))],
)
async def api_report(
    request: Request,
    profile: Annotated[
        dict[str, Any],
        Body(openapi_examples=openapi_examples({"stadt": EXAMPLE})),
        WithJsonSchema(field("Profile")),
    ],
    fmt: FormatQuery = "pdf",
    lang: LangQuery = "de",
    only: OnlyQuery = None,
) -> Response:
    """Zusammenfassung, Rangfolge mit Diagrammen, Begründung mit Quellen, Organigramm, Vergleich
    der Modelle, Textbausteine und Methodenanhang. / Summary, ranking with charts, reasons with
    sources, organisation chart, comparison of the models, text blocks and method appendix."""
    payload, name = await report_file(request, profile, lang, fmt, only)
    return Response(
        content=payload,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


router = APIRouter()
router.include_router(advice)
router.include_router(reports)
