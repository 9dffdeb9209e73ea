"""The funding notes in every output: CLI (table and Markdown), the report (Markdown, HTML, Word)
and its draft texts, which never contradict a note."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from typer.testing import CliRunner

from klimaorg.cli.main import app
from klimaorg.reports import markdown
from klimaorg.reports.build import report_for_profile
from klimaorg.reports.render import render

PLACE = {"name": "Teststadt", "kind": "stadt", "population": 25000}
NO_CONCEPT = {
    "municipality": PLACE,
    "resources": {"funding": "anschlussvorhaben"},
    "structures": {"climate_concept": False},
}
SOURCE_URL = "https://www.klimaschutz-niedersachsen.de"


def _profile(tmp_path: Path, profile: dict[str, Any]) -> Path:
    path = tmp_path / "profil.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    return path


def test_cli_table_names_the_contradiction_with_its_source(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["advise", str(_profile(tmp_path, NO_CONCEPT))])
    assert result.exit_code == 0, result.output
    text = result.output.split("Förderbedingungen", 1)[1]
    assert "Widerspruch" in text
    assert "Abschnitt „Anschlussvorhaben“" in text
    assert SOURCE_URL in text.replace("\n", "").replace("│", "").replace(" ", "")


def test_cli_markdown_and_json_carry_the_notes(tmp_path: Path) -> None:
    path = str(_profile(tmp_path, NO_CONCEPT))
    out = CliRunner().invoke(app, ["advise", path, "--format", "markdown"]).output
    section = out.split("## Förderbedingungen", 1)[1].split("\n## ", 1)[0]
    assert "- **Widerspruch:** Widersprüchliche Angaben" in section
    assert f"]({SOURCE_URL})" in section
    data = json.loads(CliRunner().invoke(app, ["advise", path, "--format", "json"]).output)
    assert data["funding"][0]["severity"] == "contradiction"


def test_no_funding_section_without_notes(tmp_path: Path) -> None:
    path = str(_profile(tmp_path, {"municipality": PLACE}))
    out = CliRunner().invoke(app, ["advise", path, "--format", "markdown"]).output
    assert "Förderbedingungen" not in out


@pytest.fixture(scope="module")
def contradiction_report() -> dict[str, Any]:
    return report_for_profile(NO_CONCEPT, "de")


def test_report_names_the_contradiction_in_summary_and_section(
    contradiction_report: dict[str, Any],
) -> None:
    text = markdown.report(contradiction_report)
    summary = text.split("## 1\u2002Zusammenfassung", 1)[1].split("\n## 2", 1)[0]
    assert "### Widersprüche bei der Förderung" in summary
    section = text.split("Förderung nach der Kommunalrichtlinie\n", 1)[1].split("\n## ", 1)[0]
    assert "- **Widerspruch:**" in section and "- **Hinweis:**" in section
    # the endnote cites the source with its section, and the source list links it
    assert "Abschnitt „Anschlussvorhaben“" in text.split("[^1]:", 1)[1]
    assert SOURCE_URL in text


def test_html_and_word_show_the_notes(contradiction_report: dict[str, Any]) -> None:
    html = render(contradiction_report, "html").decode()
    section = html.split('id="funding"', 1)[1].split("</section>", 1)[0]
    assert '<li class="funding-contradiction"><strong>Widerspruch:</strong>' in section
    document = Document(io.BytesIO(render(contradiction_report, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("Widerspruch: Widersprüchliche Angaben") for t in texts)


def _blocks(profile: dict[str, Any], lang: str = "de") -> str:
    report = report_for_profile(profile, lang)  # type: ignore[arg-type]
    return markdown.text_block(report, "foerderantrag") + markdown.text_block(
        report, "beschlussvorlage"
    )


def test_drafts_do_not_write_a_missing_concept_as_adopted() -> None:
    text = _blocks(NO_CONCEPT)
    assert "hat am [Datum] beschlossen, das Klimaschutzkonzept umzusetzen" not in text
    assert "[Widerspruch: Laut Profil liegt kein Klimaschutzkonzept vor" in text


def test_drafts_do_not_write_an_open_concept_as_adopted_or_missing() -> None:
    open_ = {"municipality": PLACE, "resources": {"funding": "anschlussvorhaben"}}
    text = _blocks(open_)
    assert "hat am [Datum] beschlossen" not in text
    assert "laut Profil ist offen, ob eines vorliegt" in text
    first = _blocks({"municipality": PLACE, "resources": {"funding": "erstvorhaben"}})
    assert "[Vor dem Antrag zu klären: Ein Erstvorhaben setzt voraus" in first
    assert "[70 %, bei finanzschwachen Kommunen 90 %]" in first  # financial weakness left open
    english = _blocks(open_, "en")
    assert "decided to implement" not in english and "leaves open" in english


def test_drafts_with_a_stated_concept() -> None:
    stated = {**NO_CONCEPT, "structures": {"climate_concept": True}}
    assert "hat am [Datum] beschlossen, das Klimaschutzkonzept umzusetzen" in _blocks(stated)
    first = {**stated, "resources": {"funding": "erstvorhaben", "financially_weak": True}}
    text = _blocks(first)
    assert "[Widerspruch: Laut Profil liegt bereits ein Klimaschutzkonzept vor" in text
    assert "90 % (finanzschwache Kommune)" in text
