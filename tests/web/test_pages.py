"""Every page in both languages, language switching, the knowledge texts verbatim."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from klimaorg.knowledge import KnowledgeBase
from klimaorg.knowledge.catalogue import show_model
from tests.web.conftest import PAGES


def html_lang(html: str) -> str:
    match = re.search(r'<html lang="([a-z]+)"', html)
    assert match, "no <html lang>"
    return match.group(1)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_page_renders_in_both_languages(client: TestClient, path: str, lang: str) -> None:
    sep = "&" if "?" in path else "?"
    response = client.get(f"{path}{sep}lang={lang}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert html_lang(html) == lang
    assert html.count("<h1") == 1
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    other, label = ("en", "English") if lang == "de" else ("de", "Deutsch")
    assert f'hreflang="{other}" lang="{other}">{label}</a>' in html
    assert " style=" not in html, "inline style attribute (blocked by the CSP)"
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script (blocked by the CSP)"


def test_german_is_the_default(client: TestClient) -> None:
    html = client.get("/modelle").text
    assert html_lang(html) == "de"
    assert "Die sechs Organisationsmodelle" in html


def test_lang_parameter_sets_a_cookie_that_later_pages_follow(client: TestClient) -> None:
    response = client.get("/?lang=en")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("lang=en;")
    assert "SameSite=Lax" in cookie
    assert html_lang(client.get("/modelle").text) == "en"
    assert html_lang(client.get("/kriterien?lang=de").text) == "de"
    assert html_lang(client.get("/kriterien").text) == "de"


def test_an_unsupported_lang_is_ignored_on_pages(client: TestClient) -> None:
    response = client.get("/?lang=fr")
    assert response.status_code == 200
    assert html_lang(response.text) == "de"
    assert "set-cookie" not in response.headers


def test_language_switch_keeps_the_page_and_its_query(client: TestClient) -> None:
    html = client.get("/vergleich?modell=team&modell=fachamt").text
    assert 'href="/vergleich?modell=team&amp;modell=fachamt&amp;lang=en"' in html


def test_every_statement_and_description_is_on_the_pages_verbatim(
    client: TestClient, base: KnowledgeBase
) -> None:
    """The comparison writes them as plain text with soft hyphens in long words (invisible
    unless a line breaks there, the wording unchanged); its column headings link the model
    pages."""
    statements = descriptions = 0
    comparison = client.get("/vergleich").text.replace("\u00ad", "")
    for model_id in base.model_ids:
        model = show_model(base, model_id, "de")["model"]
        page = client.get(f"/modelle/{model_id}").text
        description = str(escape(model["description"]["text"]))
        assert description in page
        assert description in comparison
        descriptions += 1
        for item in model["advantages"] + model["disadvantages"]:
            text = str(escape(item["text"]))
            assert text in page, item["id"]
            assert f"<li>{text}</li>" in comparison, item["id"]
            assert f'id="{item["id"]}"' in page
            statements += 1
        assert f'href="/modelle/{model_id}"' in comparison  # the heading leads to the statements
    assert (statements, descriptions) == (26, 6)


def test_english_pages_show_the_german_original_with_lang_de(
    client: TestClient, base: KnowledgeBase
) -> None:
    model = show_model(base, "stabsstelle", "en")["model"]
    html = client.get("/modelle/stabsstelle?lang=en").text
    for item in model["advantages"] + model["disadvantages"]:
        assert item["text"] != item["quote"]
        assert f'<q lang="de">{escape(item["quote"])}</q>' in html


def test_model_page_shows_effects_sources_and_the_correction_note(client: TestClient) -> None:
    html = client.get("/modelle/fachamt").text
    assert "Umweltsamt" in html  # the note on the corrected typo
    assert "▲" in html and "stärkt" in html
    assert "Stärke 3 von 3" in html
    assert "Difu (2023), Praxisleitfaden Klimaschutz in Kommunen" in html
    assert "Spalte Vorteile, Punkt 1" in html
    assert 'href="/vergleich?modell=fachamt"' in html


def test_comparison_preselects_the_chosen_models(client: TestClient) -> None:
    html = client.get("/vergleich?modell=team&modell=fachamt").text
    checked = re.findall(r'value="([a-z]+)" id="modell-[a-z]+" checked', html)
    assert checked == ["fachamt", "team"]  # form lists all models in source order
    assert html.count('<th scope="col" class="kern-table__header"><a class="kern-link"') == 2


def test_comparison_defaults_to_all_models(client: TestClient, base: KnowledgeBase) -> None:
    html = client.get("/vergleich").text
    assert len(re.findall(r'id="modell-[a-z]+" checked', html)) == len(base.model_ids)


def test_accessibility_statement_names_contact_and_enforcement(client: TestClient) -> None:
    html = client.get("/barrierefreiheit").text
    assert "mailto:barrierefreiheit@example.org" in html
    assert "Schlichtungsstelle" in html
    assert "BITV 2.0" in html


def test_sources_page_names_sources_and_licences(client: TestClient, base: KnowledgeBase) -> None:
    html = client.get("/quellen").text
    for source in base.sources:
        assert f'id="source-{source.id}"' in html
    for needle in ("EUPL-1.2", "SIL Open Font License", "Destatis", "GV100AD", "Difu (2023)"):
        assert needle in html


def test_api_docs_page_uses_the_packaged_swagger_ui(client: TestClient) -> None:
    html = client.get("/api/docs").text
    assert "/openapi.json" in html
    if client.app.state.assets.swagger:  # type: ignore[attr-defined]
        assert 'src="/static/vendor/swagger/swagger-ui-bundle.js"' in html
        assert 'src="/static/js/swagger-init.js"' in html
    assert client.get("/docs").status_code == 404  # FastAPI's CDN page is off


def test_model_page_shows_each_rating_with_interval_basis_and_rationale(
    client: TestClient,
) -> None:
    """The team's overhead is silent in the source: the page shows the rating, its wide interval,
    the labelled expert assumption it rests on and the rationale."""
    html = client.get("/modelle/team?lang=de").text
    assert 'id="profile-table"' in html
    assert html.count('<tr class="kern-table__row">') >= 11
    assert ">2</td>" in html and ">1–3</td>" in html
    assert "<strong>Expertenannahme:</strong> Das Team bindet Arbeitszeit" in html
    assert "Aussage der Quelltabelle" in html
    criteria = client.get("/kriterien?lang=en").text
    assert "Rating method" in criteria and "3 = average" in criteria
