"""The funding notes on the web result page and in the JSON API (typed in the OpenAPI document)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from klimaorg.i18n import Lang
from klimaorg.web.openapi.results import Advice
from klimaorg.web.wizard.form import profile_to_form
from tests.web.clients import csrf_client

NO_CONCEPT = {
    "municipality": {"name": "Teststadt", "kind": "stadt", "population": 25000},
    "resources": {"funding": "anschlussvorhaben"},
    "structures": {"climate_concept": False},
}
LABELS = {"de": ("Förderbedingungen", "Widerspruch"), "en": ("Funding conditions", "Contradiction")}


def _result_page(client: TestClient, profile: dict[str, Any], lang: Lang) -> str:
    csrf_client(client)
    form = profile_to_form(profile, lang)
    data = {**form.values, "goals": list(form.goals)}
    response = client.post(f"/beratung/ergebnis?lang={lang}", data=data)
    assert response.status_code == 200, response.text[:500]
    return str(response.text)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_result_page_names_the_contradiction_with_its_source(
    client: TestClient, lang: Lang
) -> None:
    html = _result_page(client, NO_CONCEPT, lang)
    title, contradiction = LABELS[lang]
    assert 'id="funding-contradiction"' in html and 'role="alert"' in html
    section = html.split('id="funding"', 1)[1].split("</section>", 1)[0]
    assert "<h2" not in section and title in section
    first = section.split('<li class="funding-note', 2)[1]
    assert "funding-note--contradiction" in first and contradiction in first
    link = r'<a class="kern-link" href="https://www\.klimaschutz-niedersachsen\.de"'
    assert re.search(link, first)
    assert 'href="#funding"' in html  # table of contents


def test_result_page_without_notes_has_no_section(client: TestClient) -> None:
    html = _result_page(client, {"municipality": NO_CONCEPT["municipality"]}, "de")
    assert 'id="funding"' not in html and "funding-contradiction" not in html


def test_api_answers_typed_notes(client: TestClient, app: FastAPI) -> None:
    response = client.post("/api/v1/advise?lang=en", json=NO_CONCEPT)
    assert response.status_code == 200
    body = response.json()
    Advice.model_validate(body)
    note = body["funding"][0]
    assert note["severity"] == "contradiction" and note["severity_label"] == "Contradiction"
    assert note["url"] == "https://www.klimaschutz-niedersachsen.de"
    schemas = app.openapi()["components"]["schemas"]
    assert schemas["Advice"]["properties"]["funding"]["items"] == {
        "$ref": "#/components/schemas/FundingNote"
    }
    assert set(schemas["FundingNote"]["properties"]["severity"]["enum"]) == {
        "note",
        "warning",
        "contradiction",
    }
