"""``klimaorg report`` and ``POST /api/v1/report``: formats, errors, safe file names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from klimaorg.cli.main import app
from klimaorg.reports.render import MEDIA_TYPES, slug
from klimaorg.web.app import create_app
from tests.reports.conftest import SCENARIO

PROFILE = {
    "municipality": {
        "name": 'Bad Münster/../"x\r\nSet-Cookie: a=b',
        "kind": "stadt",
        "population": 30000,
    },
    "goals": ["internal_coordination"],
}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def test_cli_writes_markdown_and_only_block(tmp_path: Path) -> None:
    target = tmp_path / "bericht.md"
    result = CliRunner().invoke(app, ["report", str(SCENARIO), "--format", "md", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "## 1\u2002Zusammenfassung" in target.read_text(encoding="utf-8")
    result = CliRunner().invoke(
        app, ["report", str(SCENARIO), "--only", "beschlussvorlage", "-f", "md", "-o", "-"]
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("# Beschlussvorlage")


def test_cli_english_docx(tmp_path: Path) -> None:
    target = tmp_path / "report.docx"
    result = CliRunner().invoke(
        app, ["report", str(SCENARIO), "-f", "docx", "-o", str(target), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ("municipality: {kind: stadt, population: 0}\n", "municipality.population"),
        ("municipality: {kind: stadt, population: 5}\nfoo: 1\n", "foo"),
        ("municipality: [kaputt\n", "YAML"),
    ],
)
def test_cli_bad_profile_is_one_line_and_exit_2(tmp_path: Path, content: str, field: str) -> None:
    path = tmp_path / "profil.yaml"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["report", str(path), "-f", "md", "-o", str(tmp_path / "x.md")]
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fehler: ") and field in lines[0]
    assert not (tmp_path / "x.md").exists()


def test_cli_missing_file_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", str(tmp_path / "fehlt.yaml"), "-f", "md"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("target", ["ordner", "fehlt/bericht.md"])
def test_cli_unwritable_output_is_one_line_and_exit_2(tmp_path: Path, target: str) -> None:
    (tmp_path / "ordner").mkdir()
    result = CliRunner().invoke(
        app, ["report", str(SCENARIO), "-f", "md", "-o", str(tmp_path / target)]
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fehler: ") and "nicht schreibbar" in lines[0]


def test_cli_unwritable_output_speaks_english_under_lang_en(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["report", str(SCENARIO), "-f", "md", "--lang", "en", "-o", str(tmp_path)]
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "cannot be written" in lines[0]


def test_docx_with_control_characters_in_the_name(tmp_path: Path) -> None:
    path = tmp_path / "profil.yaml"
    path.write_text(
        'municipality: {name: "Neu\\x01stadt\\x0b", kind: stadt, population: 30000}\n',
        encoding="utf-8",
    )
    target = tmp_path / "bericht.docx"
    result = CliRunner().invoke(app, ["report", str(path), "-f", "docx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_api_media_types_and_safe_filename(client: TestClient, fmt: str) -> None:
    response = client.post(f"/api/v1/report?format={fmt}&lang=de", json=PROFILE)
    assert response.status_code == 200
    assert response.headers["content-type"] == MEDIA_TYPES[fmt]
    disposition = response.headers["content-disposition"]
    assert (
        disposition
        == f'attachment; filename="klimaorg-bericht-bad-muenster-x-set-cookie-a-b-{_today()}.{fmt}"'
    )
    assert "a=b" not in response.headers.get("set-cookie", "")


def test_api_pdf(client: TestClient, pdf_file: Path) -> None:
    del pdf_file  # rendered once for the session already; here only the HTTP wrapping
    response = client.post("/api/v1/report?format=pdf&only=foerderantrag", json=PROFILE)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "klimaorg-foerderantrag-" in response.headers["content-disposition"]


@pytest.mark.parametrize(
    ("query", "body", "field"),
    [
        (
            "format=pdf",
            {"municipality": {"kind": "stadt", "population": 0}},
            "municipality.population",
        ),
        ("format=md", {"municipality": {"kind": "stadt", "population": 10}, "x": 1}, "x"),
        ("format=exe", {"municipality": {"kind": "stadt", "population": 10}}, "format"),
        ("format=md&only=rede", {"municipality": {"kind": "stadt", "population": 10}}, "only"),
    ],
)
def test_api_bad_input_is_422(
    client: TestClient, query: str, body: dict[str, Any], field: str
) -> None:
    response = client.post(f"/api/v1/report?{query}", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field


def test_slug() -> None:
    assert slug("Groß-Umstadt") == "gross-umstadt"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("東京") == "kommune"
    assert len(slug("a" * 500)) == 60


def _today() -> str:
    from datetime import date

    return date.today().isoformat()


def test_a_method_that_ties_every_model_still_gives_a_report() -> None:
    """Found by schemathesis: with no priorities and almost no staff PROMETHEE II ties every
    model, Kendall's τ is undefined, and the report's method appendix failed (500)."""
    from klimaorg.knowledge import load_knowledge
    from klimaorg.reports.build import report_for_profile
    from klimaorg.reports.render import render

    # today: a village with a quarter post and a hostile head, judged on leadership access and
    # authority only, where the feasible models are too close for a preference
    zero = dict.fromkeys(load_knowledge().criterion_ids, 0)
    profile = {
        "municipality": {"kind": "gemeinde", "population": 1000},
        "resources": {"staff_fte": 0.25},
        "backing": {"administration_head": 1},
        "priorities": {**zero, "leadership_access": 4, "authority": 4},
    }
    report = report_for_profile(profile, "de")
    assert {"method": "PROMETHEE II", "tau": "–"} in report["method"]["kendall"]
    for fmt in ("md", "html", "docx"):
        assert render(report, fmt)
