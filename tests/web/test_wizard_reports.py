"""The wizard's result page offers the council documents, downloadable without JavaScript."""

from __future__ import annotations

import io

import pytest
from docx import Document
from fastapi.testclient import TestClient

from klimaorg.web.app import create_app
from klimaorg.web.wizard.form import profile_to_form
from tests.web.clients import csrf_client
from tests.web.test_wizard import post_data, scenario_profile


@pytest.fixture(scope="module")
def client() -> TestClient:
    test_client = TestClient(create_app())
    csrf_client(test_client)  # the forms carry a CSRF token; this client sends it as a header
    return test_client


FORM = post_data(profile_to_form(scenario_profile("03_city_coordination_stabsstelle.yaml")))


def test_result_page_links_the_documents(client: TestClient) -> None:
    page = client.post("/beratung/ergebnis", data=FORM)
    assert page.status_code == 200
    assert "Unterlagen für den Rat" in page.text
    assert "/beratung/bericht/pdf" in page.text


def test_pdf_report_download(client: TestClient) -> None:
    response = client.post("/beratung/bericht/pdf", data=FORM)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="klimaorg-bericht-')
    assert disposition.endswith('.pdf"')


def test_council_decision_draft_as_word(client: TestClient) -> None:
    response = client.post("/beratung/bericht/docx?only=beschlussvorlage&lang=en", data=FORM)
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Climate protection as a staff unit" in text
    assert "DRAFT" in text


def test_unknown_format_or_block_is_404(client: TestClient) -> None:
    assert client.post("/beratung/bericht/exe", data=FORM).status_code == 404
    assert client.post("/beratung/bericht/pdf?only=alles", data=FORM).status_code == 404


def test_bad_answers_go_back_to_their_step(client: TestClient) -> None:
    bad = {**FORM, "municipality.population": "0"}
    response = client.post("/beratung/bericht/pdf", data=bad)
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.text
