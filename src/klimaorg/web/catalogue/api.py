"""The catalogue's JSON API (``/api/v1/models``, ``/criteria``, ``/compare``): the catalogue's
dicts, the same ones the pages render."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from klimaorg.knowledge import catalogue
from klimaorg.web.catalogue.schemas import (
    INVALID,
    NOT_FOUND,
    TAG,
    Comparison,
    CriteriaList,
    LangQuery,
    ModelList,
    ModelShow,
)

router = APIRouter(prefix="/api/v1", tags=[TAG], responses=INVALID)


@router.get(
    "/models",
    response_model=ModelList,
    response_model_exclude_unset=True,
    summary="Alle Organisationsmodelle / All organisational models",
)
def api_models(request: Request, lang: LangQuery = "de") -> dict[str, Any]:
    """Die sechs Modelle in der Reihenfolge der Quelle. / The six models in the source's order."""
    return catalogue.list_models(request.app.state.knowledge, lang)


@router.get(
    "/models/{model_id}",
    response_model=ModelShow,
    response_model_exclude_unset=True,
    responses=NOT_FOUND,
    summary="Ein Modell mit Vor- und Nachteilen / One model with its pros and cons",
)
def api_model(request: Request, model_id: str, lang: LangQuery = "de") -> dict[str, Any]:
    """Beschreibung, Vor- und Nachteile mit Quelle und Wirkungen, Kriterienprofil.
    / Description, advantages and disadvantages with source and effects, criteria profile."""
    return catalogue.show_model(request.app.state.knowledge, model_id, lang)


@router.get(
    "/criteria",
    response_model=CriteriaList,
    response_model_exclude_unset=True,
    summary="Kriterien und ihre Herleitung / Criteria and their derivation",
)
def api_criteria(request: Request, lang: LangQuery = "de") -> dict[str, Any]:
    """Jedes Kriterium mit Definition, Herkunft und Profilwerten.
    / Every criterion with definition, origin and profile values."""
    return catalogue.list_criteria(request.app.state.knowledge, lang)


@router.get(
    "/compare",
    response_model=Comparison,
    response_model_exclude_unset=True,
    responses=NOT_FOUND,
    summary="Modelle vergleichen / Compare models",
)
def api_compare(
    request: Request,
    lang: LangQuery = "de",
    models: Annotated[
        list[str],
        Query(
            description="Modell-IDs, wiederholt oder durch Komma getrennt; leer = alle "
            "/ model ids, repeated or comma-separated; empty = all"
        ),
    ] = [],  # noqa: B006 - FastAPI copies query defaults
) -> dict[str, Any]:
    """Gewählte Modelle nebeneinander mit ihren Kriterienprofilen.
    / Chosen models side by side with their criteria profiles."""
    ids = [part.strip() for value in models for part in value.split(",") if part.strip()]
    return catalogue.compare_models(request.app.state.knowledge, ids, lang)
