"""The practice page (/praxis, /en/practice): every case with its source, filters by model, size
class and Land through a plain GET form, hostile filter values ignored with a message; and the
similar cases on the result page and in the API."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from klimaorg.web.openapi.results import Advice
from klimaorg.web.wizard.form import profile_to_form
from tests.web.clients import csrf_client


def _cases(html: str) -> list[str]:
    return re.findall(r'<tr class="kern-table__row" id="case-([a-z0-9_]+)">', html)


def test_all_cases_with_sources(client: TestClient) -> None:
    response = client.get("/praxis")
    assert response.status_code == 200
    assert len(_cases(response.text)) == 25
    assert 'href="https://www.bonn.de/vv/oe/' in response.text
    assert '<form class="practice-filter" method="get" action="/praxis">' in response.text


def test_filters_combine(client: TestClient) -> None:
    html = client.get("/praxis?groesse=landkreis&land=09&modell=").text
    found = _cases(html)
    assert "landkreis_freising" in found and "landkreis_schweinfurt" in found
    assert "ostalbkreis" not in found and "bonn" not in found  # BW, and a city
    assert '<option value="09" selected>Bayern</option>' in html
    stabsstelle = _cases(client.get("/praxis?modell=stabsstelle").text)
    assert "bonn" in stabsstelle and "frankfurt_am_main" not in stabsstelle


@pytest.mark.parametrize(
    "query",
    [
        "modell=%3Cscript%3Ealert(1)%3C/script%3E",
        "land=" + "9" * 5000,
        "groesse=landkreis%00",
        "modell=stabsstelle&modell=fachamt&land=%E2%80%AE",
    ],
)
def test_hostile_values_are_ignored_with_a_message(client: TestClient, query: str) -> None:
    response = client.get(f"/praxis?{query}")
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert 'id="filter-ignored"' in response.text or len(_cases(response.text)) < 25


def test_english_address(client: TestClient) -> None:
    moved = client.get("/en/practice?land=09&evil=%0d%0a", follow_redirects=False)
    assert moved.status_code == 307
    assert moved.headers["location"] == "/praxis?lang=en&land=09"
    page = client.get("/en/practice?groesse=nonsense")
    assert page.status_code == 200
    assert "<h1" in page.text and "Documented cases in practice" in page.text
    assert "were not applied: Size class." in page.text


def test_models_page_links_the_practice_page(client: TestClient) -> None:
    assert 'href="/praxis"' in client.get("/modelle").text


def test_result_page_and_api_show_similar_cases(client: TestClient, app: FastAPI) -> None:
    profile = {"municipality": {"name": "Kreis X", "kind": "landkreis", "population": 150000}}
    csrf_client(client)
    form = profile_to_form(profile, "de")
    html = client.post("/beratung/ergebnis", data={**form.values, "goals": []}).text
    section = html.split('id="practice"', 1)[1].split("</section>", 1)[0]
    assert section.count('<li class="practice-example"') == 3
    assert "Ähnliche Größe, ebenfalls ein Landkreis." in section
    assert 'href="/praxis"' in section
    body = client.post("/api/v1/advise", json=profile).json()
    Advice.model_validate(body)
    assert [e["kind"] for e in body["practice_examples"]] == ["landkreis"] * 3
    schemas = app.openapi()["components"]["schemas"]
    assert "PracticeExample" in schemas
    assert schemas["PracticeExample"]["properties"]["reason"]["type"] == "string"
