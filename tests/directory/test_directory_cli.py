"""``klimaorg directory import|show|search`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from klimaorg.cli.main import app
from tests.directory.lines import gemeinde, kreis, land, verband

runner = CliRunner()


def run(*args: str) -> Any:
    result = runner.invoke(app, ["directory", *args])
    assert result.exit_code == 0, result.output
    return result


def run_json(*args: str) -> Any:
    return json.loads(run(*args, "--format", "json").stdout)


def test_import_real_file_prints_official_counts(real_file: Path, tmp_path: Path) -> None:
    cache = tmp_path / "gv100ad.json.gz"
    result = run("import", str(real_file), "--cache", str(cache))
    assert "10.981" in result.stdout
    for count in ("3.979", "4.012", "1.372", "907", "516", "113", "82", "400", "4.597"):
        assert count in result.stdout
    assert cache.exists()


def test_import_json(small_path: Path, tmp_path: Path) -> None:
    data = run_json("import", str(small_path), "--cache", str(tmp_path / "c.json.gz"))
    assert data["records"] == {"10": 3, "20": 0, "30": 0, "40": 4, "50": 6, "60": 9}
    assert data["reference_date"] == "2023-11-30"
    assert data["gemeindefrei"] == 1
    assert [c["count"] for c in data["size_classes"]] == [2, 2, 1, 2, 1, 0, 1]
    assert data["size_classes"][1] == {
        "label": "1.000 bis unter 5.000",
        "lower": 1000,
        "upper": 5000,
        "count": 2,
    }


def test_import_uses_klimaorg_data_dir(
    small_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KLIMAORG_DATA_DIR", str(tmp_path / "data"))
    run("import", str(small_path))
    assert (tmp_path / "data" / "gv100ad.json.gz").exists()
    assert run_json("show", "08316009")["name"] == "Denzlingen"


def test_bad_file_one_line_exit_2_cache_untouched(small_path: Path, tmp_path: Path) -> None:
    cache = tmp_path / "gv100ad.json.gz"
    run("import", str(small_path), "--cache", str(cache))
    before = cache.read_bytes()
    bad = tmp_path / "bad.txt"
    lines = [land(), kreis(), verband(), gemeinde(population="        abc")]
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["directory", "import", str(bad), "--cache", str(cache)])
    assert result.exit_code == 2
    assert result.stderr == f"Fehler: {bad}:4: population: 'abc' ist keine Zahl\n"
    assert result.stdout == ""
    assert cache.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_missing_and_empty_files(tmp_path: Path) -> None:
    cache = tmp_path / "c.json.gz"
    missing = runner.invoke(
        app, ["directory", "import", str(tmp_path / "x.txt"), "--cache", str(cache)]
    )
    assert missing.exit_code == 2
    assert missing.stderr.startswith("Fehler: ")
    assert "Traceback" not in missing.output
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["directory", "import", str(empty), "--cache", str(cache)])
    assert result.exit_code == 2
    assert "keine Gemeinden" in result.stderr
    assert not cache.exists()


def test_show_without_import(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["directory", "show", "08316009", "--cache", str(tmp_path / "none.json.gz")]
    )
    assert result.exit_code == 2
    assert "kein Gemeindeverzeichnis importiert" in result.stderr
    assert "klimaorg directory import" in result.stderr


def test_show_by_ags_table_and_json(real_cache: Path) -> None:
    table = run("show", "08316009", "--cache", str(real_cache)).stdout
    assert "Denzlingen" in table
    assert "13.910" in table
    data = run_json("show", "09162000", "--cache", str(real_cache))
    assert (data["name"], data["kind"], data["population"]) == (
        "München, Landeshauptstadt",
        "kreisfreie_stadt",
        1512491,
    )
    assert data["entity"] == "gemeinde"


def test_show_landkreis_by_key(real_cache: Path) -> None:
    data = run_json("show", "08316", "--cache", str(real_cache))
    assert (data["entity"], data["kind"], data["population"]) == ("kreis", "landkreis", 170996)


def test_show_ambiguous_name_lists_candidates(real_cache: Path) -> None:
    result = runner.invoke(app, ["directory", "show", "Berg", "--cache", str(real_cache)])
    assert result.exit_code == 2
    first, *candidates = result.stderr.splitlines()
    assert first.startswith("Fehler: 'Berg' ist mehrdeutig (5 Treffer)")
    assert len(candidates) == 5
    assert candidates[0].split()[0] == "09188113"


def test_show_unknown(real_cache: Path) -> None:
    for query in ("Atlantis", "99999999", "123"):
        result = runner.invoke(app, ["directory", "show", query, "--cache", str(real_cache)])
        assert result.exit_code == 2, query
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith("Fehler: ")


def test_search(real_cache: Path) -> None:
    data = run_json("search", "Muenchen", "--limit", "3", "--cache", str(real_cache))
    assert [d["key"] for d in data] == ["09162000", "09184", "160765006"]
    table = run("search", "Munchen", "-n", "2", "--cache", str(real_cache)).stdout
    assert "München" in table
    assert "1.512.491" in table
    none = run("search", "Qxyz", "--cache", str(real_cache)).stdout
    assert "Keine Treffer" in none


def test_help_is_german() -> None:
    result = run("--help")
    assert "Gemeindeverzeichnis" in result.stdout
    assert "importieren" in result.stdout
