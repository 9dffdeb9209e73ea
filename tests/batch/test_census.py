"""The census pages (docs/de/zensus.md, docs/en/census.md and their charts) are what
``python scripts/census.py`` generates from the official directory with the current knowledge
base and rules; and the census counts every administration once."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from klimaorg.advisor import AdvisorData
from klimaorg.advisor.analysis import DEFAULT_SAMPLES, DEFAULT_SEED
from klimaorg.directory import Directory
from tests.conftest import shared_file

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "census.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("census_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


census = _load()


@pytest.fixture(scope="module")
def generated(real_directory: Directory, advisor: AdvisorData) -> tuple[dict[str, str], Any]:
    """The files the command writes, and the census they show."""
    files, result = census.render(real_directory, advisor, DEFAULT_SAMPLES, DEFAULT_SEED)
    return files, result


def test_committed_census_is_current(generated: tuple[dict[str, str], Any]) -> None:
    files, _ = generated
    stale = [
        relative
        for relative, content in files.items()
        if not (REPO / relative).exists()
        or (REPO / relative).read_text(encoding="utf-8") != content
    ]
    assert not stale, f"census pages are stale, run `{census.COMMAND}`: {', '.join(stale)}"


def test_command_writes_into_a_folder_and_checks_it(
    tmp_path: Path, generated: tuple[dict[str, str], Any]
) -> None:
    real = str(shared_file("data/GV100AD_301123.txt"))
    assert census.main(["--file", real, "--out", str(tmp_path)]) == 0
    files, _ = generated
    for relative, content in files.items():
        assert (tmp_path / relative).read_text(encoding="utf-8") == content
    page = tmp_path / "docs" / "de" / "zensus.md"
    page.write_text(page.read_text(encoding="utf-8") + "von Hand\n", encoding="utf-8")
    assert census.main(["--file", real, "--out", str(tmp_path), "--check"]) == 1


def test_every_municipality_once_and_every_association_once(
    generated: tuple[dict[str, str], Any], real_directory: Directory
) -> None:
    _, result = generated
    # per municipality: all 10,981 records, the gemeindefreie Gebiete skipped
    assert len(result.rows) == len(real_directory.municipalities) == 10_981
    skipped = sum(1 for row in result.rows if row.skipped is not None)
    assert skipped == sum(1 for m in real_directory.municipalities if m.is_gemeindefrei)
    assert all(row.error is None for row in result.rows)
    # per administration: each administering association once, with all its members
    verbaende = [v for v in real_directory.verbaende if v.administers]
    counted = sum(t.assessed for code, t in result.levels.items() if code.isdigit())
    assert counted == sum(1 for v in verbaende if real_directory.members(v))
    members = sum(t.members for code, t in result.levels.items() if code != "landkreis")
    assert members == len(real_directory.municipalities) - skipped
    landkreise = [k for k in real_directory.kreise if str(k.kind) == "landkreis"]
    assert result.levels["landkreis"].assessed == len(landkreise)


def test_a_moved_distribution_asks_for_review(
    generated: tuple[dict[str, str], Any], advisor: AdvisorData, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, result = generated
    page = census.page(result, advisor, "de", DEFAULT_SAMPLES, DEFAULT_SEED)
    assert ("Zu prüfen" in page) == (
        result.leaders(census._models(advisor, "de")[0]) != (census.ASSESSED_LEADERS)
    )
    moved = {**census.ASSESSED_LEADERS, "band:6": "energieagentur"}
    monkeypatch.setattr(census, "ASSESSED_LEADERS", moved)
    page = census.page(result, advisor, "de", DEFAULT_SAMPLES, DEFAULT_SEED)
    assert "**Zu prüfen:**" in page
    stale = next(line for line in page.splitlines() if line.startswith("**Zu prüfen:**"))
    assert "100.000 und mehr Energieagentur" in stale.split("jetzt:")[0]


def test_german_page_has_no_english_model_names(
    generated: tuple[dict[str, str], Any], advisor: AdvisorData
) -> None:
    files, _ = generated
    german = files["docs/de/zensus.md"] + files["docs/de/zensus.svg"]
    kb = advisor.knowledge
    for model in kb.model_ids:
        name = kb.model(model).short_name
        if name.get("en") != name.get("de"):
            assert name.get("en") not in german, model
