"""The similar practice cases in the CLI (table, Markdown, JSON) and in the report (Markdown, HTML,
Word): what each chose, whether it changed, why it is similar, with its source address."""

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
from klimaorg.reports.build import build_report, report_for_profile
from klimaorg.reports.render import render

LANDKREIS = {"municipality": {"name": "Kreis Test", "kind": "landkreis", "population": 150000}}


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return report_for_profile(LANDKREIS, "de")


def test_cli_table_markdown_and_json(tmp_path: Path) -> None:
    path = tmp_path / "kreis.yaml"
    path.write_text(yaml.safe_dump(LANDKREIS), encoding="utf-8")
    table = CliRunner().invoke(app, ["advise", str(path)])
    assert table.exit_code == 0, table.output
    part = table.output.split("Ähnliche Fälle aus der Praxis", 1)[1]
    assert "Landkreis" in part and "Warum" in part and "https://" in part  # cells wrap
    text = CliRunner().invoke(app, ["advise", str(path), "-f", "markdown"]).output
    section = text.split("## Ähnliche Fälle aus der Praxis", 1)[1].split("\n## ", 1)[0]
    assert section.count("\n- **") == 3
    assert "Warum ähnlich: Ähnliche Größe, ebenfalls ein Landkreis." in section
    data = json.loads(CliRunner().invoke(app, ["advise", str(path), "-f", "json"]).output)
    assert len(data["practice_examples"]) == 3


def test_report_section_in_every_format(report: dict[str, Any]) -> None:
    assert len(report["practice"]) == 3
    text = markdown.report(report)
    section = text.split("Ähnliche Fälle aus der Praxis\n", 1)[1].split("\n## ", 1)[0]
    assert section.count("\n### ") == 3
    assert "**Warum ähnlich:** Ähnliche Größe, ebenfalls ein Landkreis." in section
    assert "Quelle: https://" in section
    html = render(report, "html").decode()
    part = html.split('id="practice"', 1)[1].split("</section>", 1)[0]
    assert part.count('<div class="practice-case">') == 3
    assert 'Quelle: <span class="url">https://' in part  # as text: the file links nowhere
    document = Document(io.BytesIO(render(report, "docx")))
    assert any(p.text.startswith("Warum ähnlich: ") for p in document.paragraphs)


def test_a_stored_result_without_examples_still_reports(report: dict[str, Any]) -> None:
    from klimaorg.advisor import advise

    result = advise(LANDKREIS, lang="de")
    del result["practice_examples"], result["funding"]
    old = build_report(LANDKREIS, result)
    assert old["practice"] == [] and old["funding"] == []
    assert "Keine dokumentierten Fälle verfügbar." in markdown.report(old)
