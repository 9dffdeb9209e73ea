"""``klimaorg batch`` as a user runs it: files in, files out, errors by line and field."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from klimaorg.batch import COLUMNS, ERROR_COLUMNS
from klimaorg.directory import Directory
from tests.batch.conftest import batch, write_csv

SVG = "{http://www.w3.org/2000/svg}"
GOOD = [
    {
        "municipality.name": "Dorf",
        "municipality.kind": "gemeinde",
        "municipality.population": "2000",
        "resources.staff_fte": "0,5",
        "structures.neighbours_to_share_with": "ja",
    },
    {
        "municipality.name": "Stadt",
        "municipality.kind": "stadt",
        "municipality.population": "40000",
        "goals": "internal_coordination;implementation",
        "backing.administration_head": "4",
    },
]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        return list(reader)


def sheet_rows(path: Path, sheet: str) -> list[list[Any]]:
    book = load_workbook(path)
    return [list(row) for row in book[sheet].iter_rows(values_only=True)]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_csv_output_columns_and_values(tmp_path: Path, without_directory: Path) -> None:
    source = write_csv(tmp_path / "p.csv", GOOD, delimiter=";")
    result = batch(source, "-o", tmp_path / "r.csv")
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / "r.csv")
    assert [r["line"] for r in rows] == ["2", "3"]
    dorf = rows[0]
    assert dorf["name"] == "Dorf" and dorf["kind"] == "gemeinde" and dorf["population"] == "2000"
    assert dorf["size_class"] == "1.000 bis unter 5.000"
    assert dorf["recommendation"] == "stellenteilung"
    assert dorf["recommendation_name"] == "Stellenteilung"
    assert 0 < float(dorf["first_rank_share"]) <= 1 and "." in dorf["score"]
    assert dorf["ranking"].startswith("stellenteilung:1;")
    assert "klimaschutzamt:own_office_below_10000" in dorf["excluded"]
    assert int(dorf["assumptions"]) > 0
    assert dorf["error"] == dorf["skipped"] == ""
    assert float(dorf["runner_up_share"]) <= float(dorf["first_rank_share"])
    assert "Größenklasse" in result.stdout and "Stellenteilung" in result.stdout
    assert "2 Zeilen: 2 bewertet" in result.stdout
    assert (tmp_path / "r.summary.svg").exists()
    assert leftovers(tmp_path) == []


def test_xlsx_output_numbers_summary_errors(tmp_path: Path, without_directory: Path) -> None:
    bad = {"municipality.name": "Kaputt", "municipality.kind": "stadt",
           "municipality.population": "5000", "resources.staff_fte": "0"}  # fmt: skip
    source = write_csv(tmp_path / "p.csv", [*GOOD, bad])
    out = tmp_path / "r.xlsx"
    result = batch(source, "-o", out)
    assert result.exit_code == 1
    book = load_workbook(out)
    assert book.sheetnames == ["Ergebnisse", "Zusammenfassung", "Fehler"]
    rows = [list(r) for r in book["Ergebnisse"].iter_rows(values_only=True)]
    assert tuple(rows[0]) == COLUMNS
    col = {name: i for i, name in enumerate(COLUMNS)}
    first = rows[1]
    assert isinstance(first[col["population"]], int) and first[col["population"]] == 2000
    assert isinstance(first[col["score"]], float)
    assert isinstance(first[col["first_rank_share"]], float)
    assert first[col["error"]] is None
    cells = next(book["Ergebnisse"].iter_rows(min_row=2, max_row=2))
    assert cells[col["first_rank_share"]].number_format == "0.0%"
    assert cells[col["score"]].number_format == "0.0000"
    assert cells[col["population"]].number_format == "#,##0"
    assert rows[3][col["error"]].startswith("resources.staff_fte: muss größer als 0 sein")
    assert rows[3][col["recommendation"]] is None and rows[3][col["line"]] == 4
    summary = [list(r) for r in book["Zusammenfassung"].iter_rows(values_only=True)]
    assert summary[0][0] == "Größenklasse" and summary[0][-1] == "Summe"
    assert summary[-1][0] == "Summe" and summary[-1][-1] == 3
    assert summary[-1][-2] == 1  # the error column
    errors = [list(r) for r in book["Fehler"].iter_rows(values_only=True)]
    assert tuple(errors[0]) == ERROR_COLUMNS
    assert errors[1][:4] == [4, None, "Kaputt", "resources.staff_fte"]
    assert errors[1][4].startswith("muss größer als 0 sein")


def test_bad_rows_skipped_with_line_and_field(tmp_path: Path, without_directory: Path) -> None:
    rows = [
        GOOD[0],
        {"municipality.kind": "stadt", "municipality.population": "9000",
         "resources.staff_fte": "0"},
        {"municipality.kind": "dorf", "municipality.population": "9000"},
        {"municipality.kind": "stadt", "municipality.population": "viele"},
        {"municipality.kind": "stadt", "municipality.population": "9000",
         "structures.eea": "vielleicht"},
        GOOD[1],
    ]  # fmt: skip
    source = write_csv(tmp_path / "p.csv", rows, delimiter=";")
    result = batch(source, "-o", tmp_path / "r.csv", "--on-error", "skip")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "Zeile 3: resources.staff_fte: muss größer als 0 sein"
    assert lines[1].startswith("Zeile 4: municipality.kind: ist nicht zulässig")
    assert lines[2].startswith("Zeile 5: municipality.population: muss eine ganze Zahl sein")
    assert lines[3].startswith("Zeile 6: structures.eea: muss ja, nein")
    assert lines[4] == "4 Zeilen nicht bewertet (Spalte error); Exit-Code 1"
    out = read_csv(tmp_path / "r.csv")
    assert [r["line"] for r in out] == ["2", "3", "4", "5", "6", "7"]
    assert [bool(r["error"]) for r in out] == [False, True, True, True, True, False]
    assert all(r["recommendation"] == "" for r in out if r["error"])
    assert out[1]["error"] == "resources.staff_fte: muss größer als 0 sein"


def test_stop_at_first_bad_row_writes_nothing(tmp_path: Path, without_directory: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "r.csv"
    previous.write_text("older result\n", encoding="utf-8")
    rows = [GOOD[0], {"municipality.kind": "stadt", "municipality.population": "0"}, GOOD[1]]
    source = write_csv(tmp_path / "p.csv", rows)
    result = batch(source, "-o", previous, "--on-error", "stop")
    assert result.exit_code == 2
    assert result.stderr == ("Fehler: Zeile 3: municipality.population: muss mindestens 1 sein\n")
    assert previous.read_text(encoding="utf-8") == "older result\n"
    assert sorted(p.name for p in out.iterdir()) == ["r.csv"]
    xlsx = batch(source, "-o", out / "r.xlsx", "--on-error", "stop")
    assert xlsx.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == ["r.csv"]


def test_unknown_column_names_it(tmp_path: Path, without_directory: Path) -> None:
    source = write_csv(tmp_path / "p.csv", [{**GOOD[0], "resources.budget": "1"}])
    result = batch(source, "-o", tmp_path / "r.csv")
    assert result.exit_code == 2
    assert result.stderr.startswith("Fehler: Zeile 1: resources.budget: unbekannte Spalte")
    assert "resources.own_budget_eur" in result.stderr
    assert not (tmp_path / "r.csv").exists() and leftovers(tmp_path) == []
    criterion = write_csv(tmp_path / "q.csv", [{**GOOD[0], "priorities.klimawirkung": "3"}])
    result = batch(criterion, "-o", tmp_path / "r.csv")
    assert result.exit_code == 2
    assert "Zeile 1: priorities.klimawirkung: unbekanntes Kriterium" in result.stderr


def test_bom_semicolon_decimal_comma(tmp_path: Path, without_directory: Path) -> None:
    source = tmp_path / "excel.csv"
    source.write_bytes(
        "\ufeffmunicipality.name;municipality.kind;municipality.population;resources.staff_fte;"
        "resources.own_budget_eur;goals\r\n"
        'Müllheim;stadt;19.500;1,5;20000;"concept;implementation"\r\n'
        ";;;;;\r\n".encode()
    )
    result = batch(source, "-o", tmp_path / "r.csv")
    assert result.exit_code == 0, result.output
    (row,) = read_csv(tmp_path / "r.csv")
    assert (row["name"], row["population"]) == ("Müllheim", "19500")
    comma = write_csv(tmp_path / "c.csv", GOOD, delimiter=",")
    assert batch(comma, "-o", tmp_path / "c_out.csv").exit_code == 0
    assert len(read_csv(tmp_path / "c_out.csv")) == 2


def test_not_utf8_is_one_error(tmp_path: Path, without_directory: Path) -> None:
    source = tmp_path / "ansi.csv"
    source.write_bytes(
        "municipality.name;municipality.kind;municipality.population\nMüllheim;stadt;19500\n".encode(
            "cp1252"
        )
    )
    result = batch(source, "-o", tmp_path / "r.csv")
    assert result.exit_code == 2
    assert "Zeile 2: kein UTF-8" in result.stderr


def test_usage_errors(tmp_path: Path, with_directory: Path) -> None:
    source = write_csv(tmp_path / "p.csv", GOOD)
    both = batch(source, "--land", "04", "-o", tmp_path / "r.csv")
    assert both.exit_code == 2 and "nicht beides" in both.stderr
    assert batch("-o", tmp_path / "r.csv").exit_code == 2
    wrong = batch(source, "-o", tmp_path / "r.json")
    assert wrong.exit_code == 2 and ".csv oder .xlsx" in wrong.stderr
    assert batch("--land", "8", "-o", tmp_path / "r.csv").exit_code == 2
    unknown = batch("--kreis", "99999", "-o", tmp_path / "r.csv")
    assert unknown.exit_code == 2 and "99999" in unknown.stderr
    missing = batch(tmp_path / "none.csv", "-o", tmp_path / "r.csv")
    assert missing.exit_code == 2 and "none.csv" in missing.stderr


@pytest.mark.parametrize("folder", ["r.csv", "r.summary.svg"])
def test_output_or_chart_path_is_a_folder(
    tmp_path: Path, without_directory: Path, folder: str
) -> None:
    source = write_csv(tmp_path / "p.csv", GOOD)
    (tmp_path / folder).mkdir()
    result = batch(source, "-o", tmp_path / "r.csv")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fehler: ") and "ist ein Ordner" in lines[0]
    assert folder in lines[0]


def test_unwritable_output_folder(
    tmp_path: Path, without_directory: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    source = write_csv(tmp_path / "p.csv", GOOD)
    monkeypatch.setattr("klimaorg.batch.output.tempfile.mkstemp", refuse)
    result = batch(source, "-o", tmp_path / "r.xlsx")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "nicht schreibbar (Permission denied)" in lines[0]
    assert not (tmp_path / "r.xlsx").exists()


def test_no_directory_for_area(tmp_path: Path, without_directory: Path) -> None:
    result = batch("--from-directory", "-o", tmp_path / "r.csv")
    assert result.exit_code == 2
    assert "nicht importiert" in result.stderr


@pytest.mark.parametrize(("option", "key"), [("--kreis", "08316"), ("--land", "04")])
def test_area_counts_match_directory(
    tmp_path: Path, with_directory: Path, real_directory: Directory, option: str, key: str
) -> None:
    if option == "--kreis":
        expected = real_directory.municipalities_in(kreis=key)
    else:
        expected = real_directory.municipalities_in(land=key)
    result = batch(option, key, "-o", tmp_path / "r.csv")
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / "r.csv")
    assert [r["ags"] for r in rows] == [m.ags for m in expected]
    assert all(r["recommendation"] and r["line"] == "" for r in rows)


def test_land_13_with_a_gemeindefreies_gebiet(
    tmp_path: Path, with_directory: Path, real_directory: Directory
) -> None:
    result = batch("--land", "13", "-o", tmp_path / "r.xlsx")
    assert result.exit_code == 0, result.output
    rows = sheet_rows(tmp_path / "r.xlsx", "Ergebnisse")[1:]
    assert len(rows) == len(real_directory.municipalities_in(land="13")) == 727
    col = {name: i for i, name in enumerate(COLUMNS)}
    skipped = [r for r in rows if r[col["skipped"]]]
    assert len(skipped) == 1
    assert skipped[0][col["kind"]] == "gemeindefrei"
    assert "gemeindefreies Gebiet" in skipped[0][col["skipped"]]
    assert skipped[0][col["error"]] is None and skipped[0][col["recommendation"]] is None
    assert "727 Zeilen: 726 bewertet, 1 übersprungen, 0 mit Fehler" in result.stdout


def test_ags_only_rows_use_the_directory(tmp_path: Path, with_directory: Path) -> None:
    rows = [
        {"municipality.ags": "08316009"},
        {"municipality.ags": "03351501"},  # Lohheide, gemeindefreier Bezirk
        {"municipality.ags": "08316999"},
        {"municipality.ags": "8316009"},  # Excel dropped the leading zero
        {"municipality.ags": "09175"},  # Landkreis Ebersberg
        {"municipality.ags": "073395007"},  # Verbandsgemeinde Rhein-Selz
        {"municipality.ags": "08316099"},  # no such Gemeinde
    ]
    result = batch(write_csv(tmp_path / "p.csv", rows), "-o", tmp_path / "r.csv")
    assert result.exit_code == 1
    out = read_csv(tmp_path / "r.csv")
    # Denzlingen's administration is the GVV: advised as it, with the members' population.
    assert (out[0]["name"], out[0]["population"], out[0]["kind"], out[0]["administration"]) == (
        "Denzlingen",
        "19934",
        "gemeindeverband",
        "GVV Denzlingen-Vörstetten-Reute",
    )
    assert (out[4]["name"], out[4]["kind"], out[4]["population"], out[4]["administration"]) == (
        "Landkreis Ebersberg",
        "landkreis",
        "146830",
        "Landkreis Ebersberg",
    )
    assert (out[5]["kind"], out[5]["population"]) == ("gemeindeverband", "41975")
    assert out[5]["administration"] == "Verbandsgemeinde Rhein-Selz" and out[5]["recommendation"]
    assert out[1]["skipped"] and out[1]["name"].startswith("Lohheide") and not out[1]["error"]
    assert out[2]["error"].startswith("municipality.ags: unbekannter Schlüssel")
    assert out[3]["error"].startswith("municipality.ags: hat 7 statt 8 Ziffern")
    assert result.stderr.splitlines()[:2] == [
        "Zeile 4: municipality.ags: unbekannter Schlüssel '08316999': keine Gemeinde, kein "
        "Kreis und kein Gemeindeverband hat ihn",
        out[3]["error"].join(["Zeile 5: ", ""]),
    ]


def test_whole_country_end_to_end(tmp_path: Path, with_directory: Path) -> None:
    result = batch("--from-directory", "-o", tmp_path / "de.csv")
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / "de.csv")
    assert len(rows) == 10_981
    assert sum(1 for r in rows if r["skipped"]) == 208
    assert all(r["recommendation"] for r in rows if not r["skipped"])
    assert "10.981 Zeilen: 10.773 bewertet, 208 übersprungen, 0 mit Fehler" in result.stdout


def test_summary_svg_is_accessible(tmp_path: Path, with_directory: Path) -> None:
    assert batch("--kreis", "08316", "-o", tmp_path / "r.csv").exit_code == 0
    root = ET.parse(tmp_path / "r.summary.svg").getroot()
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text and "Größenklasse" in title.text
    assert desc is not None and desc.text and "24 Kommunen" in desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    texts = "".join(t.text or "" for t in root.iter(f"{SVG}tspan"))
    assert "Fachamt" in texts and "Summe" in texts


def test_english(tmp_path: Path, without_directory: Path) -> None:
    bad = {"municipality.kind": "stadt", "municipality.population": "9000", "backing.council": "9"}
    source = write_csv(tmp_path / "p.csv", [GOOD[0], bad])
    result = batch(source, "-o", tmp_path / "r.xlsx", "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == ("Line 3: backing.council: must be at most 5")
    book = load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["Results", "Summary", "Errors"]
    row = next(book["Results"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert row[COLUMNS.index("recommendation_name")] == "Shared post"
    assert row[COLUMNS.index("size_class")] == "1,000 to under 5,000"


def test_no_reuse_gives_the_same_file(tmp_path: Path, with_directory: Path) -> None:
    assert batch("--kreis", "08316", "-o", tmp_path / "a.csv").exit_code == 0
    result = batch("--kreis", "08316", "--no-reuse", "-o", tmp_path / "b.csv")
    assert result.exit_code == 0
    assert "24 Analysen berechnet, 0 wiederverwendet" in result.stdout
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_summary_fits_a_narrow_terminal() -> None:
    from rich.console import Console

    from klimaorg.batch.summary import SummaryTable
    from klimaorg.cli.batch import _summary_table

    summary = SummaryTable(
        header=["Größenklasse", "Fachamt", "Klimaschutzteam", "übersprungen", "Fehler", "Summe"],
        model_ids=["fachamt", "team"],
        model_names=["Fachamt", "Klimaschutzteam"],
        rows=[("unter 1.000", [3772, 0, 206, 0, 3978])],
        total=[3772, 0, 206, 0, 3978],
    )
    console = Console(width=40, record=True)
    console.print(_summary_table(summary, "de", 40))
    text = console.export_text()
    for needle in ("Fachamt", "3.772", "übersprungen", "206", "3.978"):
        assert needle in text
    assert max(len(line) for line in text.splitlines()) <= 40
