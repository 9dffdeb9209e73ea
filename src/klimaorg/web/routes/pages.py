"""Server-rendered pages (German paths). Each view takes one catalogue dict and renders it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse

from klimaorg.advisor.practice import FILTERS, case_table
from klimaorg.knowledge import catalogue
from klimaorg.settings import Settings
from klimaorg.web import presenters
from klimaorg.web.language import request_lang
from klimaorg.web.rendering import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/favicon.ico", name="favicon")
async def favicon(request: Request) -> RedirectResponse:
    """Browsers and bookmark tools ask for ``/favicon.ico`` whatever the page links: the icon
    is one SVG among the static files."""
    return RedirectResponse(request.url_for("static", path="icons/favicon.svg"), status_code=308)


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
    return render(request, "model.html", data, extras=presenters.model_extras(data, lang))


@router.get("/vergleich", name="compare")
def compare(request: Request, modell: Annotated[list[str] | None, Query()] = None) -> HTMLResponse:
    lang = request_lang(request)
    base = request.app.state.knowledge
    data = catalogue.compare_models(base, modell or [], lang)
    extras = presenters.compare_extras(data, catalogue.list_models(base, lang), lang)
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
    extras = presenters.criteria_extras(data, catalogue.list_models(base, lang))
    return render(request, "criteria.html", data, extras=extras)


@router.get("/quellen", name="sources")
def sources(request: Request) -> HTMLResponse:
    lang = request_lang(request)
    return render(
        request, "sources.html", catalogue.list_sources(request.app.state.knowledge, lang)
    )


@router.get("/barrierefreiheit", name="accessibility")
def accessibility(request: Request) -> HTMLResponse:
    contact = request.app.state.settings.contact_email
    return render(request, "accessibility.html", {"contact_email": contact})


SECURITY_TXT_VALIDITY = timedelta(days=180)  # RFC 9116 asks for less than a year


def security_contact(settings: Settings) -> str | None:
    """Where vulnerabilities go: the dedicated address, else the general contact, else none."""
    if settings.security_contact:
        return settings.security_contact
    return f"mailto:{settings.contact_email}" if settings.contact_email else None


@router.get("/sicherheit", name="security")
def security(request: Request) -> HTMLResponse:
    return render(
        request, "security.html", {"contact": security_contact(request.app.state.settings)}
    )


@router.get("/.well-known/security.txt", name="security_txt", response_class=PlainTextResponse)
def security_txt(request: Request) -> PlainTextResponse:
    """RFC 9116. Without a configured address the contact is the security page, which tells
    reporters to go to the operating administration (an honest answer rather than none)."""
    page = str(request.url_for("security"))
    contact = security_contact(request.app.state.settings) or page
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    expires = (today + SECURITY_TXT_VALIDITY).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires}",
        "Preferred-Languages: de, en",
        f"Policy: {page}",
        f"Canonical: {request.url_for('security_txt')}",
    ]
    return PlainTextResponse("\n".join(lines) + "\n")
