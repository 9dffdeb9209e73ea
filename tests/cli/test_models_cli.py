"""``klimaorg models …`` and ``klimaorg criteria`` as a user runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from klimaorg.cli.main import app
from klimaorg.knowledge import DEFAULT_DIR
from klimaorg.knowledge.seed import normalise, read_seed
from tests.conftest import SIX_MODELS

runner = CliRunner()


def run_json(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_models_list_json_lists_the_six_models() -> None:
    data = run_json("models", "list")
    assert [m["id"] for m in data["models"]] == SIX_MODELS
    assert data["lang"] == "de"


def test_show_stabsstelle_has_its_statements_verbatim_with_effects_and_source(
    seed_path: Path,
) -> None:
    row = read_seed(seed_path)[1]
    model = run_json("models", "show", "stabsstelle")["model"]
    assert [a["text"] for a in model["advantages"]] == list(row.advantages)
    assert [d["text"] for d in model["disadvantages"]] == list(row.disadvantages)
    assert len(model["advantages"]) == 3
    assert len(model["disadvantages"]) == 4
    for statement in model["advantages"] + model["disadvantages"]:
        assert statement["effects"], statement
        assert statement["source"]["id"] == "difu2023"
        assert "Difu" in statement["source"]["citation"]
        assert statement["source"]["locator"]
        for effect in statement["effects"]:
            assert effect["criterion"] and effect["rationale"]
            assert 1 <= effect["strength"] <= 3


def test_lang_en_gives_english_texts_and_keeps_the_german_quote() -> None:
    model = run_json("models", "show", "stabsstelle", "--lang", "en")["model"]
    assert model["advantages"][0]["text"] == "Direct link to the head of the administration"
    assert model["advantages"][0]["quote"] == "Direkte Anbindung an die Verwaltungsspitze"
    assert model["name"]["text"] == "Climate protection as a staff unit"
    assert model["profile"][0]["criterion_name"] == "Access to the head of administration"


def test_every_source_statement_and_description_appears_verbatim_in_json(seed_path: Path) -> None:
    output = runner.invoke(app, ["models", "compare", "--format", "json"]).stdout
    flat = normalise(json.dumps(json.loads(output), ensure_ascii=False))
    rows = read_seed(seed_path)
    texts = [t for r in rows for t in (r.description, *r.advantages, *r.disadvantages)]
    assert len(texts) == 32
    for text in texts:
        assert text in flat, text


def test_criteria_json_lists_at_least_ten_criteria_each_used() -> None:
    criteria = run_json("criteria")["criteria"]
    assert len(criteria) >= 10
    for criterion in criteria:
        assert criterion["derived_from"], criterion["id"]
        assert criterion["name"] and criterion["definition"]


def test_compare_chosen_models_in_order_with_the_rating_method() -> None:
    """The comparison states how the table is rated (no longer a sum formula) and gives every
    cell with its interval, basis and rationale."""
    data = run_json("models", "compare", "team", "stabsstelle")
    assert [m["id"] for m in data["models"]] == ["team", "stabsstelle"]
    assert "Intervall" in data["method"]
    cell = data["models"][1]["profile"][0]
    assert (cell["criterion"], cell["value"], cell["low"], cell["high"]) == (
        "leadership_access",
        4.5,
        4.0,
        5.0,
    )
    assert cell["basis"][0]["kind"] == "statement" and cell["rationale"]


def test_table_and_markdown_formats() -> None:
    table = runner.invoke(app, ["models", "show", "fachamt"])
    assert table.exit_code == 0
    assert "Vorteile" in table.stdout and "Fachamt" in table.stdout
    assert "Expertenannahme" in table.stdout and "4,5 (4–5)" in table.stdout
    markdown = runner.invoke(app, ["models", "compare", "--format", "markdown", "--lang", "en"])
    assert markdown.exit_code == 0
    assert markdown.stdout.startswith("# Comparison of models")
    assert "| Criterion |" in markdown.stdout
    listing = runner.invoke(app, ["models", "list", "--format", "markdown"])
    assert "| `stabsstelle` |" in listing.stdout
    criteria = runner.invoke(app, ["criteria", "--format", "markdown"])
    assert "`leadership_access`" in criteria.stdout
    assert runner.invoke(app, ["criteria"]).exit_code == 0
    assert runner.invoke(app, ["models", "compare"]).exit_code == 0
    assert runner.invoke(app, ["models", "list"]).exit_code == 0


def test_unknown_model_is_one_line_and_exit_2() -> None:
    result = runner.invoke(app, ["models", "show", "buergermeister"])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "buergermeister" in result.stderr
    assert "stabsstelle" in result.stderr


def test_unknown_language_is_refused() -> None:
    result = runner.invoke(app, ["models", "list", "--lang", "fr"])
    assert result.exit_code == 2


def klimaorg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real console entry point in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "klimaorg", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
        timeout=60,
    )


def test_malformed_knowledge_file_gives_one_line_and_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "data"
    shutil.copytree(DEFAULT_DIR, broken)
    team = broken / "models" / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("strength: 3", "strength: 7", 1))
    result = klimaorg("models", "list", env={"KLIMAORG_KNOWLEDGE_DIR": str(broken)})
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Fehler: models/team.yaml: advantages[0].effects[0].strength: darf höchstens 3 sein\n"
    )


def test_knowledge_check_against_the_seed(seed_path: Path) -> None:
    result = runner.invoke(app, ["knowledge", "check", "--seed", str(seed_path)])
    assert result.exit_code == 0, result.output
    assert "6 Modelle, 26 Aussagen, 11 Kriterien, 66 Bewertungen" in result.stdout
    assert "alle Zitate stimmen" in result.stdout


def test_knowledge_check_reports_a_deviation(seed_path: Path, tmp_path: Path) -> None:
    broken = tmp_path / "data"
    shutil.copytree(DEFAULT_DIR, broken)
    path = broken / "models" / "stabsstelle.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Meist geringes eigenes Budget", "Meist kein eigenes Budget"))
    result = runner.invoke(app, ["knowledge", "check", str(broken), "--seed", str(seed_path)])
    assert result.exit_code == 2
    assert "Meist geringes eigenes Budget" in result.stderr
    assert "Meist kein eigenes Budget" in result.stderr


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("klimaorg ")


def test_knowledge_check_refuses_an_incoherent_rating_with_one_line(tmp_path: Path) -> None:
    """An interval that does not hold its value: one line naming file and cell, exit code 2."""
    broken = tmp_path / "data"
    shutil.copytree(DEFAULT_DIR, broken)
    path = broken / "models" / "team.yaml"
    text = path.read_text(encoding="utf-8")
    cell = "  coordination:\n    value: 4.5\n    interval: [4, 5]\n"
    assert cell in text
    path.write_text(text.replace(cell, "  coordination:\n    value: 4.5\n    interval: [2, 3]\n"))
    result = runner.invoke(app, ["knowledge", "check", str(broken)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Fehler: models/team.yaml: Bewertung team × coordination: "
        "Intervall [2; 3] enthält den Wert 4,5 nicht\n"
    )
