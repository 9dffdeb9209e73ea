"""The strict loader: the real knowledge base loads; every deliberately broken file is refused
with one line naming the file and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from klimaorg.knowledge import DEFAULT_DIR, DataFileError, load_knowledge
from tests.conftest import SIX_MODELS

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def overlay(case: str, tmp_path: Path) -> Path:
    """A copy of the real knowledge folder with the broken case's files laid over it."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DIR, target)
    for path in (BROKEN / case).rglob("*.yaml"):
        relative = path.relative_to(BROKEN / case)
        shutil.copyfile(path, target / relative)
    return target


def test_real_knowledge_base_loads() -> None:
    base = load_knowledge()
    assert base.model_ids == SIX_MODELS
    assert len([s for s in base.statements() if s.kind == "advantage"]) == 14
    assert len([s for s in base.statements() if s.kind == "disadvantage"]) == 12


def test_there_are_broken_cases() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES)
def test_broken_file_is_refused_with_file_and_field(case: str, tmp_path: Path) -> None:
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").strip()
    with pytest.raises(DataFileError) as caught:
        load_knowledge(overlay(case, tmp_path))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(expected), message


def test_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="nicht gefunden"):
        load_knowledge(tmp_path / "nowhere")


def test_folder_without_models_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DIR, target)
    for path in (target / "models").glob("*.yaml"):
        path.unlink()
    with pytest.raises(DataFileError, match="keine Modelldatei"):
        load_knowledge(target)


def test_every_criterion_is_used_and_every_statement_has_effects() -> None:
    base = load_knowledge()
    used = {e.criterion for s in base.statements() for e in s.statement.effects}
    assert used == set(base.criterion_ids)
    assert len(base.criteria) >= 10
    assert all(s.statement.effects for s in base.statements())


def test_public_criterion_ids_are_stable() -> None:
    assert load_knowledge().criterion_ids == [
        "leadership_access",
        "authority",
        "coordination",
        "operational_integration",
        "expertise",
        "external_reach",
        "financing",
        "continuity",
        "low_overhead",
        "focus",
        "scope",
    ]
