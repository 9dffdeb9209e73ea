"""Fixtures of the HTTP tests: one app and one client for the module, the knowledge base."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from klimaorg.knowledge import KnowledgeBase, load_knowledge
from klimaorg.settings import Settings
from klimaorg.web.app import create_app

PAGES = [
    "/",
    "/modelle",
    "/modelle/stabsstelle",
    "/vergleich",
    "/vergleich?modell=team&modell=fachamt",
    "/kriterien",
    "/praxis",
    "/praxis?groesse=landkreis&land=09",
    "/quellen",
    "/barrierefreiheit",
    "/sicherheit",
    "/api/docs",
]


@pytest.fixture(scope="session")
def base() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def app() -> FastAPI:
    return create_app(Settings(contact_email="barrierefreiheit@example.org"))


@pytest.fixture()
def client(app: FastAPI) -> Iterator[TestClient]:
    """A fresh client (own cookie jar) per test."""
    with TestClient(app) as test_client:
        yield test_client
