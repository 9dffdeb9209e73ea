"""The example file of the documentation runs as documented."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.batch.conftest import EXAMPLE, batch


def test_example_with_directory(tmp_path: Path, with_directory: Path) -> None:
    result = batch(EXAMPLE, "-o", tmp_path / "ergebnisse.xlsx")
    assert result.exit_code == 0, result.output
    assert "6 Zeilen: 6 bewertet, 0 übersprungen, 0 mit Fehler" in result.stdout
    assert (tmp_path / "ergebnisse.summary.svg").exists()


def test_example_without_directory(tmp_path: Path, without_directory: Path) -> None:
    """Only the row that gives nothing but the AGS needs the directory."""
    result = batch(EXAMPLE, "-o", tmp_path / "ergebnisse.csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        "Zeile 4: municipality.ags: das Gemeindeverzeichnis ist nicht importiert"
    )
    with (tmp_path / "ergebnisse.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["recommendation"] for r in rows] == [
        "stellenteilung",
        "team",
        "",
        "team",
        "team",
        "fachamt",
    ]
    assert rows[1]["population"] == "13910"  # "13.910" in the file
