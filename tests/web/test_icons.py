"""The site has an icon and a web manifest; ``/favicon.ico`` is no 404; a page address with an
impossible part and an unknown workshop link get a sentence in the reader's language."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from klimaorg.web.app import create_app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def test_icon_and_manifest_are_linked_and_served(client: TestClient) -> None:
    page = client.get("/")
    assert 'rel="icon" href="/static/icons/favicon.svg"' in page.text
    assert 'rel="manifest" href="/static/manifest.webmanifest"' in page.text
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    manifest = json.loads(client.get("/static/manifest.webmanifest").text)
    assert manifest["short_name"] == "KlimaOrg"
    assert manifest["icons"][0]["src"] == "/static/icons/favicon.svg"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("de", "Unter dieser Adresse gibt es keine Seite: „abc“ ist kein gültiger Teil davon."),
        ("en", "There is no page at this address: “abc” is not a valid part of it."),
    ],
)
def test_impossible_part_of_a_page_address_is_a_404_in_words(
    client: TestClient, lang: str, expected: str
) -> None:
    response = client.get(f"/beratung/schritt/abc?lang={lang}")
    assert response.status_code == 404
    assert expected in response.text
    assert "step" not in response.text.split("<main", 1)[1].split("</main>", 1)[0]


def test_unknown_workshop_link_says_so_without_echoing_it(client: TestClient) -> None:
    response = client.get("/workshop/abcdef?lang=de")
    assert response.status_code == 404
    assert "Dieser Workshop-Link ist unbekannt oder wurde widerrufen." in response.text
    assert "„?“" not in response.text


def test_the_api_keeps_its_field_messages(client: TestClient) -> None:
    response = client.get("/api/v1/models/xyz")
    assert response.status_code == 404
    assert response.json()["detail"][0]["field"] == "id"


def test_counts_agree_in_number(client: TestClient) -> None:
    """ "1 Nachteil", "2 Nachteile": the count and the noun agree in both languages."""
    german = client.get("/modelle?lang=de").text
    assert "1 Nachteil<" in german or "1 Nachteil," in german or "1 Nachteil " in german
    assert "1 Nachteile" not in german and "1 Vorteile" not in german
    english = client.get("/modelle?lang=en").text
    assert "1 disadvantages" not in english and "1 advantages" not in english
