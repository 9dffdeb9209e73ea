"""The JSON API returns exactly the catalogue's dicts, documented in OpenAPI."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from klimaorg.i18n import Lang
from klimaorg.knowledge import KnowledgeBase
from klimaorg.knowledge.catalogue import compare_models, list_criteria, list_models, show_model


@pytest.mark.parametrize("lang", ["de", "en"])
def test_models_equal_the_catalogue(client: TestClient, base: KnowledgeBase, lang: Lang) -> None:
    assert client.get(f"/api/v1/models?lang={lang}").json() == list_models(base, lang)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_each_model_equals_the_catalogue(
    client: TestClient, base: KnowledgeBase, lang: Lang
) -> None:
    for model_id in base.model_ids:
        response = client.get(f"/api/v1/models/{model_id}?lang={lang}")
        assert response.status_code == 200
        assert response.json() == show_model(base, model_id, lang)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_criteria_equal_the_catalogue(client: TestClient, base: KnowledgeBase, lang: Lang) -> None:
    assert client.get(f"/api/v1/criteria?lang={lang}").json() == list_criteria(base, lang)


def test_compare_takes_repeated_or_comma_separated_ids(
    client: TestClient, base: KnowledgeBase
) -> None:
    expected = compare_models(base, ["team", "fachamt"], "en")
    assert client.get("/api/v1/compare?models=team,fachamt&lang=en").json() == expected
    assert client.get("/api/v1/compare?models=team&models=fachamt&lang=en").json() == expected
    assert client.get("/api/v1/compare").json() == compare_models(base, [], "de")


def test_api_defaults_to_german(client: TestClient) -> None:
    assert client.get("/api/v1/models").json()["lang"] == "de"


def test_unknown_model_is_a_404_with_a_useful_message(client: TestClient) -> None:
    response = client.get("/api/v1/models/unbekannt")
    assert response.status_code == 404
    (item,) = response.json()["detail"]
    assert item["field"] == "id"
    assert "unbekannt" in item["message"]
    assert "stabsstelle" in item["message"]  # names the known ids
    assert "Es gibt kein Modell" in item["message"]
    english = client.get("/api/v1/models/unbekannt?lang=en").json()["detail"][0]["message"]
    assert english.startswith("There is no model with the id “unbekannt”.")


def test_unknown_model_in_compare_is_a_404(client: TestClient) -> None:
    assert client.get("/api/v1/compare?models=team,nope").status_code == 404


def test_invalid_lang_is_a_422_naming_the_field(client: TestClient) -> None:
    response = client.get("/api/v1/models?lang=fr")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "lang"


def test_unknown_api_path_is_json(client: TestClient) -> None:
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json()["detail"][0]["message"]


def test_openapi_documents_the_endpoints(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/models", "/api/v1/models/{model_id}", "/api/v1/criteria"):
        operation = spec["paths"][path]["get"]
        assert operation["tags"] == ["Wissensbasis / Knowledge base"]
        assert " / " in operation["summary"]  # German / English
        assert "$ref" in str(operation["responses"]["200"])
    assert "/api/v1/compare" in spec["paths"]
    assert "404" in spec["paths"]["/api/v1/models/{model_id}"]["get"]["responses"]
    assert not any(path.startswith(("/modelle", "/vergleich")) for path in spec["paths"])
