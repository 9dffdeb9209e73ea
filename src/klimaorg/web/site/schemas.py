"""The JSON shapes of the site's own API routes (health, engine, directory)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from klimaorg.web.schemas import ErrorResponse

OPERATIONS_TAG = "Betrieb / Operations"
DIRECTORY_TAG = "Gemeindeverzeichnis / Municipality directory"
PROBLEM_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorResponse, "description": "Ungültiges Problem / bad problem"}
}


class MunicipalityPublic(BaseModel):
    """A Gemeinde of the official directory."""

    ags: str
    name: str
    kind: str
    type_label: str
    population: int
    postcode: str | None
    kreis_key: str
    kreis_name: str | None
    land_name: str
