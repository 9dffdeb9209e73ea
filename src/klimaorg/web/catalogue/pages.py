"""The catalogue's pages (German paths): start, models, one model, comparison, criteria,
sources, practice cases. Each route takes one catalogue dict and renders it (with the HTML-only
extras of :mod:`.views`)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from klimaorg.advisor.practice import FILTERS, case_table
from klimaorg.knowledge import catalogue
from klimaorg.web.catalogue import views
from klimaorg.web.language import request_lang
from klimaorg.web.rendering import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/", name="start")
def start(request: Request) -> HTMLResponse:
    lang = request_lang(request)
    return render(request, "start.html", catalogue.list_models(request.app.state.knowledge, lang))


@router.get("/modelle", name="models")
def models(request: Request) -> HTMLResponse:
    lang = request_lang(request)
    return render(request, "models.html", catalogue.list_models(request.app.state.knowledge, lang))


@router.get("/modelle/{model_id}", name="model")
def model(request: Request, model_id: str) -> HTMLResponse:
    lang = request_lang(request)
    data = catalogue.show_model(request.app.state.knowledge, model_id, lang)
    return render(request, "model.html", data, extras=views.model_extras(data, lang))


@router.get("/vergleich", name="compare")
def compare(request: Request, modell: Annotated[list[str] | None, Query()] = None) -> HTMLResponse:
    lang = request_lang(request)
    base = request.app.state.knowledge
    data = catalogue.compare_models(base, modell or [], lang)
    extras = views.compare_extras(data, catalogue.list_models(base, lang), lang)
    return render(request, "compare.html", data, extras=extras)


@router.get("/praxis", name="practice")
def practice(
    request: Request,
    modell: str | None = None,
    groesse: str | None = None,
    land: str | None = None,
) -> HTMLResponse:
    """All documented cases, filtered by model, size class and Land (a plain GET form). An
    unknown value is ignored and named on the page, never an error."""
    lang = request_lang(request)
    data = case_table(lang, {"modell": modell, "groesse": groesse, "land": land})
    return render(request, "practice.html", data)


@router.get("/en/practice", name="practice_en")
def practice_en(request: Request) -> RedirectResponse:
    """The English address of the practice page: the page in English, filters kept."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k in FILTERS]
    query = urlencode([("lang", "en"), *params])
    return RedirectResponse(f"{request.url_for('practice').path}?{query}", status_code=307)


@router.get("/kriterien", name="criteria")
def criteria(request: Request) -> HTMLResponse:
    lang = request_lang(request)
    base = request.app.state.knowledge
    data = catalogue.list_criteria(base, lang)
    extras = views.criteria_extras(data, catalogue.list_models(base, lang))
    return render(request, "criteria.html", data, extras=extras)


@router.get("/quellen", name="sources")
def sources(request: Request) -> HTMLResponse:
    lang = request_lang(request)
    return render(
        request, "sources.html", catalogue.list_sources(request.app.state.knowledge, lang)
    )
