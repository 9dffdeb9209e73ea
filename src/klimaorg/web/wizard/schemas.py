"""The shapes of the advice API: the example profile, the report's query parameters and the
documented error of an invalid profile. The profile itself is described by the advisor's JSON
schema (:mod:`klimaorg.web.openapi`), the answer by :mod:`klimaorg.web.openapi.results`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query

from klimaorg.i18n import Lang
from klimaorg.web.openapi.examples import PROFILE
from klimaorg.web.schemas import ErrorResponse

EXAMPLE: dict[str, Any] = PROFILE

PROFILE_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorResponse, "description": "Ungültiges Profil / invalid profile"}
}

FormatQuery = Annotated[
    Literal["pdf", "html", "md", "docx"],
    Query(alias="format", description="Dateiformat / file format (pdf, html, md, docx)"),
]
OnlyQuery = Annotated[
    Literal["beschlussvorlage", "foerderantrag"] | None,
    Query(description="Nur ein Textbaustein / only one text block"),
]
LangQuery = Annotated[Lang, Query(description="Sprache / language (de, en)")]
