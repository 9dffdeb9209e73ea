"""Fixtures of the batch tests: the advisor, the real directory as an imported cache, helpers to
write profile files and run ``klimaorg batch``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from klimaorg.advisor import AdvisorData, load_advisor_data
from klimaorg.cli.main import app
from klimaorg.directory import Directory, save
from tests.conftest import shared_file

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "tests" / "advisor" / "scenarios"
EXAMPLE = REPO / "examples" / "batch" / "profiles.csv"

runner = CliRunner()


@pytest.fixture(scope="session")
def advisor() -> AdvisorData:
    """The packaged advisor data."""
    return load_advisor_data()


@pytest.fixture(scope="session")
def real_directory() -> Directory:
    """The official GV100AD file beside the project, parsed once (skip when absent)."""
    return Directory.from_file(shared_file("data/GV100AD_301123.txt"))


@pytest.fixture(scope="session")
def real_cache(real_directory: Directory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the imported real directory (what `directory import` writes)."""
    folder = tmp_path_factory.mktemp("data")
    save(real_directory, folder / "gv100ad.json.gz")
    return folder


@pytest.fixture
def with_directory(real_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Commands see the imported real directory."""
    monkeypatch.setenv("KLIMAORG_DATA_DIR", str(real_cache))
    yield real_cache


@pytest.fixture
def without_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Commands see no imported directory."""
    monkeypatch.setenv("KLIMAORG_DATA_DIR", str(tmp_path / "empty"))
    yield tmp_path


def flatten(profile: dict[str, Any]) -> dict[str, str]:
    """A profile as batch cells: dotted names, goals joined by ';', booleans as ja/nein."""
    cells: dict[str, str] = {}

    def visit(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                visit(f"{prefix}.{key}" if prefix else key, inner)
        elif isinstance(value, list):
            cells[prefix] = ";".join(value)
        elif isinstance(value, bool):
            cells[prefix] = "ja" if value else "nein"
        else:
            cells[prefix] = str(value)

    visit("", profile)
    return cells


def write_csv(
    path: Path,
    rows: Sequence[dict[str, str]],
    *,
    delimiter: str = ",",
    bom: bool = False,
    columns: Sequence[str] | None = None,
) -> Path:
    """A profile file with the union of the rows' columns (quoted where needed)."""
    import csv
    import io

    names = list(columns or dict.fromkeys(k for row in rows for k in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([row.get(name, "") for name in names])
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8")
    return path


def batch(*args: str | Path) -> Result:
    """Run ``klimaorg batch`` with these arguments."""
    return runner.invoke(app, ["batch", *(str(a) for a in args)])
