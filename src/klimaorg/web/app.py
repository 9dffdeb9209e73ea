"""The FastAPI application: pages and JSON API over the knowledge base, loaded once at start."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from klimaorg import __version__
from klimaorg.advisor import load_advisor_data
from klimaorg.knowledge import KnowledgeBase
from klimaorg.settings import Settings, get_settings
from klimaorg.storage import Database
from klimaorg.web import (
    account,
    assessments,
    auth,
    auth_errors,
    bounded,
    catalogue,
    errors,
    heavy,
    openapi,
    ratelimit,
    site,
    wizard,
    workshops,
)
from klimaorg.web.assessments.schemas import TAG as ASSESSMENTS_TAG
from klimaorg.web.assessments.views import template_globals as assessment_globals
from klimaorg.web.blas import limit_blas_threads
from klimaorg.web.catalogue.schemas import TAG as CATALOGUE_TAG
from klimaorg.web.json_guard import JsonBodyGuard
from klimaorg.web.middleware import WebMiddleware
from klimaorg.web.rendering import STATIC_DIR, environment, find_assets
from klimaorg.web.site.schemas import DIRECTORY_TAG

DESCRIPTION = (
    "Entscheidungshilfe für die Organisation des kommunalen Klimaschutzmanagements: "
    "die sechs Organisationsmodelle mit Vor- und Nachteilen, Quellen und Kriterienprofilen. "
    "Alle Endpunkte nehmen `?lang=de|en`. JSON-Rümpfe: höchstens 1 MB "
    "(`KLIMAORG_MAX_BODY_BYTES`, sonst 413) und 32 Ebenen tief, Zahlen endlich und höchstens "
    "64 Bit; sonst 422 mit dem Feld `body` und einer Meldung, die Zeile oder Feld nennt.\n\n"
    "Decision support for organising municipal climate protection management: the six "
    "organisational models with advantages, disadvantages, sources and criteria profiles. "
    "Every endpoint takes `?lang=de|en`. JSON bodies: at most 1 MB (`KLIMAORG_MAX_BODY_BYTES`, "
    "else 413) and 32 levels deep, numbers finite and within 64 bits; else 422 with the field "
    "`body` and a message naming the line or field."
)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Stop the heavy-work pool on shutdown without waiting for its tasks."""
    yield
    heavy.shutdown(app)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app for ``settings`` (the process's settings by default).

    Opens the database once and refuses to start (:class:`NotMigratedError`: "bitte
    `klimaorg db upgrade` ausführen") when its schema is not the code's.
    """
    settings = settings or get_settings()
    limit_blas_threads()  # one BLAS thread per server process (klimaorg.web.blas)
    db = Database.from_settings(settings)
    try:
        db.check_migrated()
    except Exception:
        db.dispose()
        raise
    app = FastAPI(
        title="KlimaOrg API",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(auth.csrf_protect)],
        lifespan=_lifespan,
        openapi_tags=[
            {
                "name": CATALOGUE_TAG,
                "description": "Modelle, Aussagen, Kriterien / models, statements, criteria",
            },
            {
                "name": ASSESSMENTS_TAG,
                "description": "Gespeicherte Bewertungen der Organisation mit Versionen "
                "(API-Token oder Sitzung) / the organisation's saved assessments with versions "
                "(API token or session)",
            },
            {
                "name": DIRECTORY_TAG,
                "description": "Amtliches Gemeindeverzeichnis / official municipality directory",
            },
        ],
    )
    app.state.settings = settings
    auth.install(app, settings, db)
    environment().globals.update(auth.template_globals())
    environment().globals.update(assessment_globals())
    app.state.knowledge = knowledge_of(settings)
    app.state.assets = find_assets()
    app.add_middleware(JsonBodyGuard)  # inside WebMiddleware: after its size limit
    app.add_middleware(WebMiddleware, settings=settings)
    errors.install(app)
    auth_errors.install(app)
    openapi.install(app, settings.max_samples)
    heavy.install(app, settings)
    ratelimit.install(app)
    bounded.install(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # One router per resource (klimaorg.web.<resource>: pages, api, schemas, views). The
    # busiest API routes first (the advice, then health): FastAPI matches routes in the order
    # they were included.
    for resource in (wizard, site, catalogue, account, assessments, workshops):
        app.include_router(resource.router)
    return app


def knowledge_of(settings: Settings) -> KnowledgeBase:
    """The knowledge base of the app: the one every layer reads (the advisor's, named by the
    process's settings). An app made with another knowledge folder than the process's would
    show one base in the catalogue and advise with another, so that is refused."""
    if settings.knowledge_dir != get_settings().knowledge_dir:
        raise ValueError(
            "KLIMAORG_KNOWLEDGE_DIR gilt für den ganzen Prozess: in der Umgebung setzen, "
            "nicht nur in den Einstellungen der App"
        )
    return load_advisor_data().knowledge
