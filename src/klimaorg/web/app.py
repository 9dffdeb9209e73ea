"""The FastAPI application: pages and JSON API over the knowledge base, loaded once at start."""

from __future__ import annotations

from fastapi import FastAPI

from klimaorg.knowledge import load_knowledge
from klimaorg.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app for ``settings`` (the process's settings by default)."""
    settings = settings or get_settings()
    app = FastAPI(title="KlimaOrg", docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.knowledge = load_knowledge(settings.knowledge_dir)
    return app
