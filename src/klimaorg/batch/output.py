"""Writing the results: CSV or XLSX, one row per municipality, streamed, atomically renamed.

Each writer writes into a temporary file beside the target; :meth:`commit` renames it into place,
:meth:`discard` deletes it. A stopped or crashed batch therefore never leaves a half-written
result, and an existing result file is only replaced by a complete one.

CSV: comma-separated, UTF-8 without BOM, ``.`` as decimal point, whatever the language (a stable
machine format; for Excel use XLSX). XLSX: numbers are numbers with number formats, a sheet
"Zusammenfassung"/"Summary" with the counts and a sheet "Fehler"/"Errors" with the bad rows.

Names and error messages come from the input file or the directory, so no text cell may become a
formula when the file is opened in a spreadsheet (CSV or formula injection): following OWASP,
:func:`neutral` puts an apostrophe before text that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return, in both formats; XLSX writes every text as an explicit string cell. Numbers
stay numbers (a negative number is a number cell, never text). In CSV a carriage return inside a
text becomes a line feed, so the field is quoted and no text can start a row of its own.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from pathlib import Path
from typing import IO, Any, Protocol

from klimaorg.batch.assess import Row
from klimaorg.batch.summary import SummaryTable

COLUMNS: tuple[str, ...] = (
    "line",
    "ags",
    "name",
    "kind",
    "population",
    "size_class",
    "administration",
    "recommendation",
    "recommendation_name",
    "score",
    "first_rank_share",
    "runner_up",
    "runner_up_name",
    "runner_up_share",
    "ranking",
    "excluded",
    "assumptions",
    "skipped",
    "error",
)
"""Output columns, in order (documented in docs/de/stapel.md)."""

ERROR_COLUMNS: tuple[str, ...] = ("line", "ags", "name", "field", "message")

NUMBER_FORMATS = {
    "line": "0",
    "population": "#,##0",
    "score": "0.0000",
    "first_rank_share": "0.0%",
    "runner_up_share": "0.0%",
    "assumptions": "0",
}

SHEETS = {
    "de": ("Ergebnisse", "Zusammenfassung", "Fehler"),
    "en": ("Results", "Summary", "Errors"),
}


def values(row: Row) -> list[Any]:
    """The cells of one output row (None = empty), in the order of :data:`COLUMNS`."""
    out = row.outcome
    return [
        row.line,
        row.ags,
        row.name,
        row.kind,
        row.population,
        row.size_class,
        row.administration,
        out.recommendation if out else None,
        out.recommendation_name if out else None,
        out.score if out else None,
        out.first_rank_share if out else None,
        out.runner_up if out else None,
        out.runner_up_name if out else None,
        out.runner_up_share if out else None,
        ";".join(f"{model}:{rank}" for model, rank in out.ranks) if out else None,
        ";".join(f"{model}:{','.join(rules)}" for model, rules in out.excluded) if out else None,
        row.assumptions,
        row.skipped,
        row.error.detail if row.error else None,
    ]


def chart_path(output: Path) -> Path:
    """Where the summary chart goes: ``results.csv`` → ``results.summary.svg``."""
    return output.with_name(f"{output.stem}.summary.svg")


class Writer(Protocol):
    """What the runner needs of a writer."""

    path: Path

    def write(self, row: Row) -> None:
        """Append one row."""

    def finish(self, summary: SummaryTable) -> None:
        """Write what is known only at the end (the summary sheet) and close the file."""

    def commit(self) -> None:
        """Rename the finished temporary file into place."""

    def discard(self) -> None:
        """Delete the temporary file."""


class _Atomic:
    """A temporary file beside the target, renamed into place on commit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        handle, name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or Path()
        )
        os.close(handle)
        self.temp = Path(name)

    def commit(self) -> None:
        self.temp.replace(self.path)

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.temp.unlink()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def neutral(text: str) -> str:
    """``text`` as a spreadsheet shows it, never runs it: ``'`` before a formula's first character.

    ``=cmd|' /C calc'!A0`` becomes ``'=cmd|' /C calc'!A0``; any other text is unchanged.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value: Any) -> Any:
    """A CSV field: text neutralised, a carriage return inside it written as a line feed.

    The csv module quotes a field holding a line feed but not one holding a lone carriage
    return, which readers take as the end of the row: a name could otherwise add rows.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return neutral(value).replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, float):
        return repr(value)
    return value


class CsvWriter(_Atomic):
    """Comma-separated UTF-8, ``.`` decimals, header of :data:`COLUMNS`."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.handle: IO[str] = self.temp.open("w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.handle, lineterminator="\n")
        self.writer.writerow(COLUMNS)

    def write(self, row: Row) -> None:
        self.writer.writerow([_csv_cell(v) for v in values(row)])

    def finish(self, summary: SummaryTable) -> None:
        del summary  # the chart and the printed table carry it
        self.handle.close()

    def discard(self) -> None:
        self.handle.close()
        super().discard()


class XlsxWriter(_Atomic):
    """A workbook in openpyxl's write-only mode (rows go to disk as they come)."""

    def __init__(self, path: Path, lang: str) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        super().__init__(path)
        self._cell = WriteOnlyCell
        self._bold = Font(bold=True)
        results, summary, errors = SHEETS["en" if lang == "en" else "de"]
        self.book = Workbook(write_only=True)
        self.results = self.book.create_sheet(results)
        self.summary = self.book.create_sheet(summary)
        self.errors = self.book.create_sheet(errors)
        widths = {"name": 36, "recommendation_name": 22, "ranking": 60, "excluded": 50}
        for index, column in enumerate(COLUMNS):
            letter = _letter(index)
            self.results.column_dimensions[letter].width = widths.get(column, 14)
        self.results.column_dimensions[_letter(len(COLUMNS) - 1)].width = 60
        self.results.freeze_panes = "A2"
        self.errors.column_dimensions["E"].width = 80
        self.results.append(self._header(self.results, COLUMNS))
        self.errors.append(self._header(self.errors, ERROR_COLUMNS))
        self.formats = [NUMBER_FORMATS.get(c) for c in COLUMNS]

    def _header(self, sheet: Any, names: tuple[str, ...] | list[str]) -> list[Any]:
        cells = []
        for name in names:
            cell = self._text(sheet, name)
            cell.font = self._bold
            cells.append(cell)
        return cells

    def _text(self, sheet: Any, value: str) -> Any:
        """An explicit string cell (never a formula, error code or number), neutralised."""
        cell = self._cell(sheet, value=_xlsx_text(neutral(value)))
        cell.data_type = "s"
        return cell

    def _row(
        self, sheet: Any, row: list[Any], formats: list[str | None] | None = None
    ) -> list[Any]:
        """The cells of one row: texts as string cells, numbers with their number format."""
        cells: list[Any] = []
        for index, value in enumerate(row):
            fmt = formats[index] if formats else None
            if isinstance(value, str):
                cells.append(self._text(sheet, value))
            elif fmt is not None and isinstance(value, int | float) and not isinstance(value, bool):
                cell = self._cell(sheet, value=value)
                cell.number_format = fmt
                cells.append(cell)
            else:
                cells.append(value)
        return cells

    def write(self, row: Row) -> None:
        self.results.append(self._row(self.results, values(row), self.formats))
        if row.error is not None:
            self.errors.append(
                self._row(
                    self.errors,
                    [
                        row.line,
                        row.ags,
                        row.name,
                        row.error.field or None,
                        row.error.message,
                    ],
                )
            )

    def finish(self, summary: SummaryTable) -> None:
        self.summary.column_dimensions["A"].width = 26
        self.summary.append(self._header(self.summary, summary.header))
        for label, counts in summary.rows:
            self.summary.append(self._row(self.summary, [label, *counts]))
        total = self._text(self.summary, summary.header[-1])
        total.font = self._bold
        self.summary.append([total, *summary.total])
        self.book.save(self.temp)

    def discard(self) -> None:
        """Close the sheets' streams and delete their temporary files, then the workbook's."""
        for sheet in (self.results, self.summary, self.errors):
            with contextlib.suppress(Exception):  # already closed by a failed save
                sheet.close()
            writer = getattr(sheet, "_writer", None)
            with contextlib.suppress(Exception):
                writer.cleanup()  # type: ignore[union-attr]
        super().discard()


def _xlsx_text(value: str) -> str:
    """Text as a worksheet can hold it: characters XML forbids shown as U+FFFD."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def open_writer(path: Path, lang: str) -> Writer:
    """The writer for the output's suffix (``.csv`` or ``.xlsx``, checked by the caller)."""
    if path.suffix.lower() == ".xlsx":
        return XlsxWriter(path, lang)
    return CsvWriter(path)


def write_text_atomically(path: Path, content: str) -> _Atomic:
    """Write ``content`` to a temporary file beside ``path``; the caller commits or discards."""
    target = _Atomic(path)
    target.temp.write_text(content, encoding="utf-8")
    return target
