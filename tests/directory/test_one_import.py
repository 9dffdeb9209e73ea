"""One import command fills both stores that read the municipality directory: after
``klimaorg directory import`` the advice (cache) and the assessments (database) find it, and no
page says it is missing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from klimaorg.cli.main import app
from klimaorg.context import current_directory
from klimaorg.settings import get_settings
from klimaorg.storage import service
from klimaorg.storage.db import Database
from tests.directory.lines import small_file


def write_small(path: Path) -> Path:
    path.write_text("".join(f"{line}\n" for line in small_file()), encoding="utf-8")
    return path


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("KLIMAORG_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KLIMAORG_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_directory_import_fills_cache_and_database(data_dir: Path, tmp_path: Path) -> None:
    source = write_small(tmp_path / "gv100ad.txt")
    result = CliRunner().invoke(app, ["directory", "import", str(source)])
    assert result.exit_code == 0, result.output
    assert "Auch in der Datenbank:" in result.output
    directory = current_directory()
    assert directory is not None and directory.municipalities
    db = Database.from_settings(get_settings())
    try:
        with db.read() as session:
            counts = service.directory_counts(session)
    finally:
        db.dispose()
    assert counts["municipalities"] == len(directory.municipalities_in())
    assert counts["kreise"] == len(directory.kreise_in())


def test_db_import_directory_is_the_same_command(data_dir: Path, tmp_path: Path) -> None:
    source = write_small(tmp_path / "gv100ad.txt")
    result = CliRunner().invoke(app, ["db", "import-directory", str(source)])
    assert result.exit_code == 0, result.output
    assert "Verzeichnis-Cache" in result.output
    assert current_directory() is not None
