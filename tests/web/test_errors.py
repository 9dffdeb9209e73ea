"""404 and 500 in the reader's language; never a trace; security headers on everything."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from klimaorg.errors import UserInputError
from klimaorg.settings import Settings
from klimaorg.web.app import create_app
from klimaorg.web.middleware import SECURITY_HEADERS

SECRET = "secret-detail-7f3a"


@pytest.fixture(scope="module")
def broken_client() -> Iterator[TestClient]:
    """An app with routes that fail the way real code might."""
    app: FastAPI = create_app(Settings())
    router = APIRouter()

    @router.get("/kaputt")
    def broken_page() -> None:
        raise RuntimeError(SECRET)

    @router.get("/api/v1/kaputt")
    def broken_api() -> None:
        raise RuntimeError(SECRET)

    @router.get("/api/v1/eingabe")
    def bad_input() -> None:
        raise UserInputError("weights.focus", "muss zwischen 0 und 1 liegen")

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=True) as client:
        yield client


@pytest.mark.parametrize(
    ("lang", "heading"), [("de", "Seite nicht gefunden"), ("en", "Page not found")]
)
def test_unknown_model_page_is_a_localized_404(client: TestClient, lang: str, heading: str) -> None:
    response = client.get(f"/modelle/unbekannt?lang={lang}")
    assert response.status_code == 404
    assert f'<html lang="{lang}"' in response.text
    assert heading in response.text
    assert "unbekannt" in response.text


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("de", "Unter dieser Adresse gibt es keine Seite."),
        ("en", "There is no page at this address."),
    ],
)
def test_unknown_path_is_a_localized_404(client: TestClient, lang: str, message: str) -> None:
    response = client.get(f"/gibt/es/nicht?lang={lang}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert message in response.text


def test_404_follows_the_language_cookie(client: TestClient) -> None:
    client.get("/?lang=en")
    assert "Page not found" in client.get("/modelle/unbekannt").text


def test_unknown_comparison_model_is_a_404_page(client: TestClient) -> None:
    assert client.get("/vergleich?modell=nope").status_code == 404


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_failing_page_gives_a_500_without_a_trace(broken_client: TestClient, lang: str) -> None:
    response = broken_client.get(f"/kaputt?lang={lang}")
    assert response.status_code == 500
    body = response.text
    assert f'<html lang="{lang}"' in body
    for leak in (SECRET, "Traceback", "RuntimeError", 'File "'):
        assert leak not in body
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


def test_a_failing_api_route_gives_a_500_json_without_a_trace(broken_client: TestClient) -> None:
    response = broken_client.get("/api/v1/kaputt")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    assert SECRET not in response.text and "Traceback" not in response.text
    assert response.json()["detail"][0]["message"]


def test_user_input_error_is_a_422_with_the_field(broken_client: TestClient) -> None:
    response = broken_client.get("/api/v1/eingabe")
    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"field": "weights.focus", "message": "muss zwischen 0 und 1 liegen"}]
    }


@pytest.mark.parametrize(
    "path", ["/", "/modelle/team", "/api/v1/models", "/modelle/unbekannt", "/static/css/app.css"]
)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    response = client.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
