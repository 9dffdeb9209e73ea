"""The JSON shapes every resource shares: the one error shape of the API, the errors of a
signed-in route, and a storage record as a dict. Each resource's own shapes are in its
``schemas`` module (:mod:`klimaorg.web.catalogue.schemas`, …)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class ErrorItem(_Model):
    field: str = Field(description="The parameter concerned (empty when none)")
    message: str


class ErrorResponse(_Model):
    """Every API error: one entry per problem."""

    detail: list[ErrorItem]


#: The errors of every route that needs a signed-in principal (token or session).
SIGNED_IN_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Nicht angemeldet / not authenticated"},
    403: {"model": ErrorResponse, "description": "Rolle reicht nicht / role too small"},
    404: {"model": ErrorResponse, "description": "Unbekannt / unknown (or another organisation's)"},
    422: {"model": ErrorResponse, "description": "Ungültige Eingabe / invalid input"},
}


def row(item: Any) -> dict[str, Any]:
    """A storage record (a dataclass of :mod:`klimaorg.storage.service`) as a dict, with the
    fields it inherits (a list row shares its head with the detail)."""
    return {f.name: getattr(item, f.name) for f in fields(item)}
