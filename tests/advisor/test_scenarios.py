"""Scenario tests written as data: every YAML file in scenarios/ is a named profile with the
outcome the source's advantages and disadvantages support. They run through the library and
through ``klimaorg advise`` exactly as a user would run them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from klimaorg.advisor import advise
from klimaorg.advisor.scenarios import Scenario, unmet
from klimaorg.cli.main import app
from klimaorg.directory import Directory
from tests.advisor.test_api_and_directory import imported  # noqa: F401 - fixture
from tests.conftest import SIX_MODELS

FOLDER = Path(__file__).parent / "scenarios"
FILES = sorted(FOLDER.glob("*.yaml"))


def load(path: Path) -> Scenario:
    return Scenario.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_there_are_at_least_twelve_scenarios_and_every_model_wins_one() -> None:
    assert len(FILES) >= 12
    leaders = {load(path).expect.leading for path in FILES}
    assert set(SIX_MODELS) <= leaders


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario(path: Path, imported: Directory) -> None:  # noqa: F811 - the directory
    scenario = load(path)
    for lang in ("de", "en"):
        result = advise(scenario.profile, lang=lang, directory=imported)
        assert unmet(scenario.expect, result) == [], scenario.name


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
@pytest.mark.usefixtures("imported")
def test_scenario_file_through_the_cli(path: Path) -> None:
    result = CliRunner().invoke(app, ["advise", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Szenario erfüllt" in result.stderr


def test_an_unmet_scenario_exits_1(tmp_path: Path) -> None:
    data = yaml.safe_load(FILES[0].read_text(encoding="utf-8"))
    data["expect"]["leading"] = "klimaschutzamt"
    path = tmp_path / "wrong.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["advise", str(path)])
    assert result.exit_code == 1
    assert "leading: expected klimaschutzamt" in result.stderr
