"""``POST /api/v1/report``: the report of a recommendation as a file (PDF, HTML, Markdown, DOCX).

The body is the profile, as for ``POST /api/v1/advise``. The file name in ``Content-Disposition``
is built from a safe slug of the municipality's name, never from the input verbatim. Rendering a
PDF or DOCX takes seconds of CPU: it runs in the heavy-work pool (:mod:`klimaorg.web.heavy`);
the route counts against the ``report`` quota.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import Response
from pydantic import WithJsonSchema

from klimaorg.i18n import Lang
from klimaorg.reports.render import MEDIA_TYPES
from klimaorg.web.bounded import REPORT_RESPONSES, report_file
from klimaorg.web.openapi import field
from klimaorg.web.openapi.examples import openapi_examples
from klimaorg.web.ratelimit import rate_limited
from klimaorg.web.routes.advise import EXAMPLE
from klimaorg.web.schemas import ErrorResponse

router = APIRouter(
    prefix="/api/v1",
    tags=["Berichte / Reports"],
    responses={422: {"model": ErrorResponse, "description": "Ungültiges Profil / invalid profile"}},
)

FormatQuery = Annotated[
    Literal["pdf", "html", "md", "docx"],
    Query(alias="format", description="Dateiformat / file format (pdf, html, md, docx)"),
]
OnlyQuery = Annotated[
    Literal["beschlussvorlage", "foerderantrag"] | None,
    Query(description="Nur ein Textbaustein / only one text block"),
]
LangQuery = Annotated[Lang, Query(description="Sprache / language (de, en)")]


@router.post(
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
