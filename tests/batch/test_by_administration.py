"""``klimaorg batch --from-directory/--land/--kreis --by-administration``: one row per
administration, each association once and advised at its level."""

from __future__ import annotations

from pathlib import Path

from klimaorg.directory import Directory, Municipality
from tests.batch.conftest import batch, write_csv
from tests.batch.test_cli import GOOD, read_csv

KREIS = "07339"  # Mainz-Bingen: Verbandsgemeinden (Rhein-Selz …) and verbandsfreie Städte


def test_one_row_per_administration(
    tmp_path: Path, with_directory: Path, real_directory: Directory
) -> None:
    result = batch("--kreis", KREIS, "--by-administration", "-o", tmp_path / "r.csv")
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / "r.csv")
    municipalities = real_directory.municipalities_in(kreis=KREIS)
    expected: list[str] = []
    for m in municipalities:
        verband = real_directory.administration(m)
        key = m.ags if verband is None else verband.key
        if key not in expected:
            expected.append(key)
    assert [r["ags"] for r in rows] == expected
    assert len(rows) < len(municipalities)
    verbaende = [r for r in rows if len(r["ags"]) == 9]
    assert verbaende, "Mainz-Bingen has Verbandsgemeinden"
    for row in verbaende:
        verband = real_directory.verband(row["ags"])
        members = real_directory.members(verband)
        assert row["kind"] == "gemeindeverband"
        assert int(row["population"]) == sum(m.population for m in members)
        assert row["administration"] == verband.display_name
        assert row["recommendation"] and not row["error"]
    rhein_selz = [r for r in verbaende if r["administration"] == "Verbandsgemeinde Rhein-Selz"]
    assert len(rhein_selz) == 1
    own = [r for r in rows if len(r["ags"]) == 8]
    for row in own:
        entity = real_directory.find(row["ags"])
        assert isinstance(entity, Municipality)
        assert real_directory.administration(entity) is None
        assert row["administration"] == "" and row["recommendation"]
    assert f"{len(rows)} Zeilen: {len(rows)} bewertet" in result.stdout


def test_without_the_option_every_gemeinde_keeps_its_own_figures(
    tmp_path: Path, with_directory: Path, real_directory: Directory
) -> None:
    result = batch("--kreis", KREIS, "-o", tmp_path / "r.csv")
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / "r.csv")
    assert len(rows) == len(real_directory.municipalities_in(kreis=KREIS))
    assert all(r["administration"] == "" for r in rows)


def test_only_with_the_directory(tmp_path: Path, with_directory: Path) -> None:
    source = write_csv(tmp_path / "p.csv", GOOD)
    result = batch(source, "--by-administration", "-o", tmp_path / "r.csv")
    assert result.exit_code == 2
    assert "--by-administration gilt nur mit --from-directory" in result.stderr
    assert not (tmp_path / "r.csv").exists()
