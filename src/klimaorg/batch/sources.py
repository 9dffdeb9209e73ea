"""Where the rows of a batch come from: a CSV file of profiles, or the municipality directory.

Both yield :class:`InputRow` one at a time, so a file of any length is read in constant memory.
Problems of the whole file (unreadable, not UTF-8, a bad header) raise :class:`BatchFileError`;
a problem of one row travels with that row (``problem``) and is reported by the caller.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from klimaorg.advisor.data import AdvisorData
from klimaorg.advisor.profile import ProfileError
from klimaorg.advisor.profile import text as profile_text
from klimaorg.batch.columns import input_columns, to_profile
from klimaorg.directory import Directory
from klimaorg.directory import Municipality as DirectoryMunicipality
from klimaorg.errors import UserInputError
from klimaorg.i18n import Lang

_TEXT = {
    "de": {
        "line": "Zeile {line}",
        "column": "Spalte {index}",
        "unreadable": "nicht lesbar ({problem})",
        "not_utf8": "Zeile {line}: kein UTF-8 – in Excel „CSV UTF-8 (durch Trennzeichen "
        "getrennt)“ wählen",
        "empty": "die Datei ist leer (erwartet: eine Kopfzeile mit Spaltennamen)",
        "bad_csv": "Zeile {line}: kein gültiges CSV ({problem})",
        "unknown_column": "unbekannte Spalte (erlaubt: {known})",
        "duplicate_column": "Spalte doppelt (schon Spalte {first})",
        "too_many_cells": "{cells} Felder, die Kopfzeile hat nur {columns} Spalten",
        "unnamed_column": "ein Wert in einer Spalte ohne Namen in der Kopfzeile",
        "gemeindefrei": "gemeindefreies Gebiet: keine Kommune, nicht bewertet",
    },
    "en": {
        "line": "Line {line}",
        "column": "column {index}",
        "unreadable": "not readable ({problem})",
        "not_utf8": "line {line}: not UTF-8 – in Excel choose “CSV UTF-8 (comma delimited)”",
        "empty": "the file is empty (expected: a header line with column names)",
        "bad_csv": "line {line}: not valid CSV ({problem})",
        "unknown_column": "unknown column (allowed: {known})",
        "duplicate_column": "duplicate column (already column {first})",
        "too_many_cells": "{cells} cells, but the header has only {columns} columns",
        "unnamed_column": "a value in a column without a name in the header",
        "gemeindefrei": "unincorporated area (gemeindefreies Gebiet): no municipality, "
        "not assessed",
    },
}

DELIMITERS = (";", ",", "\t")


def message(lang: Lang, key: str, **values: object) -> str:
    """A batch message in the user's language."""
    return _TEXT[lang][key].format(**values)


class BatchFileError(UserInputError):
    """A batch input that cannot be used as a whole (exit code 2, nothing written)."""


@dataclass(frozen=True, slots=True)
class InputRow:
    """One municipality to assess, as read; ``problem``/``skip`` when it cannot be assessed."""

    line: int | None  # line of the input file where the row starts; None for directory rows
    data: Any  # the profile as plain data (None when the row could not be read)
    ags: str | None = None  # identity as given, for rows that end in an error or are skipped
    name: str | None = None
    kind: str | None = None
    population: Any = None
    problem: ProfileError | None = None
    skip: str | None = None


def sniff_delimiter(header: str) -> str:
    """The delimiter of a header line: the most frequent of ``;``, ``,`` and tab outside quotes
    (``;`` on a tie, as German Excel writes it)."""
    outside, quoted = [], False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(char)
    plain = "".join(outside)
    counts = {d: plain.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    return best if counts[best] else ","


class CsvSource:
    """The rows of a CSV profile file (UTF-8 with or without BOM, ``;``/``,``/tab sniffed)."""

    def __init__(self, path: Path, advisor: AdvisorData, lang: Lang) -> None:
        self.path = path
        self.lang = lang
        self.columns = input_columns(list(advisor.knowledge.criterion_ids))
        self.criteria = advisor.knowledge.criterion_ids

    def count(self) -> int:
        """Physical lines after the header: the progress total (exact unless cells span lines)."""
        try:
            with self.path.open("rb") as handle:
                lines = sum(1 for _ in handle)
        except OSError:
            return 0
        return max(0, lines - 1)

    def __iter__(self) -> Iterator[InputRow]:
        try:
            handle = self.path.open("rb")
        except OSError as exc:
            raise BatchFileError(
                str(self.path), message(self.lang, "unreadable", problem=exc.strerror or exc)
            ) from None
        with handle:
            yield from self._rows(handle)

    def _lines(self, handle: IO[bytes]) -> Iterator[str]:
        for number, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise BatchFileError(
                    str(self.path), message(self.lang, "not_utf8", line=number)
                ) from None
            yield line.removeprefix("\ufeff") if number == 1 else line

    def _rows(self, handle: IO[bytes]) -> Iterator[InputRow]:
        lines = self._lines(handle)
        first = next(lines, None)
        if first is None or not first.strip():
            raise BatchFileError(str(self.path), message(self.lang, "empty"))
        reader = csv.reader(_chain(first, lines), delimiter=sniff_delimiter(first))
        try:
            header = next(reader)
        except csv.Error as exc:
            raise BatchFileError(
                str(self.path), message(self.lang, "bad_csv", line=1, problem=exc)
            ) from None
        names = self._header(header)
        end = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise BatchFileError(
                    str(self.path),
                    message(self.lang, "bad_csv", line=reader.line_num, problem=exc),
                ) from None
            start, end = end + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                yield self._row(start, names, cells)

    def _header(self, header: list[str]) -> list[str | None]:
        """Column names by position (None for an unnamed column); the first bad name raises."""
        names: list[str | None] = []
        seen: dict[str, int] = {}
        for index, raw in enumerate(header, 1):
            name = raw.strip().lower()
            if not name:
                names.append(None)
                continue
            where = f"{message(self.lang, 'line', line=1)}: {raw.strip()}"
            if name not in self.columns:
                raise BatchFileError(where, self._unknown(name))
            if name in seen:
                raise BatchFileError(
                    where, message(self.lang, "duplicate_column", first=seen[name])
                )
            seen[name] = index
            names.append(name)
        return names

    def _unknown(self, name: str) -> str:
        section, _, criterion = name.rpartition(".")
        if section in ("priorities", "weighting.points") and criterion:
            return profile_text(self.lang, "unknown_criterion", known=", ".join(self.criteria))
        shown = [c for c in self.columns if not c.startswith(("priorities.", "weighting."))]
        shown += ["priorities.<…>", "weighting.method", "weighting.points.<…>"]
        return message(self.lang, "unknown_column", known=", ".join(shown))

    def _row(self, line: int, names: list[str | None], cells: list[str]) -> InputRow:
        named = {n: cells[i] for i, n in enumerate(names) if n is not None and i < len(cells)}
        ags, name = named.get("municipality.ags"), named.get("municipality.name")
        identity: dict[str, Any] = {
            "ags": (ags or "").strip() or None,
            "name": (name or "").strip() or None,
            "kind": (named.get("municipality.kind") or "").strip() or None,
            "population": (named.get("municipality.population") or "").strip() or None,
        }
        problem: ProfileError | None = None
        if len(cells) > len(names):
            problem = ProfileError(
                "",
                message(self.lang, "too_many_cells", cells=len(cells), columns=len(names)),
            )
        else:
            for index, (column, cell) in enumerate(zip(names, cells, strict=False), 1):
                if column is None and cell.strip():
                    problem = ProfileError(
                        message(self.lang, "column", index=index),
                        message(self.lang, "unnamed_column", index=index),
                    )
                    break
        if problem is None:
            try:
                return InputRow(line, to_profile(named, self.columns, self.lang), **identity)
            except ProfileError as exc:
                problem = exc
        return InputRow(line, None, problem=problem, **identity)


def _chain(first: str, rest: Iterable[str]) -> Iterator[str]:
    yield first
    yield from rest


class DirectorySource:
    """Baseline profiles (kind, population) of every municipality of an area of the directory.

    Gemeindefreie Gebiete (forests, lakes, military areas) are no municipality: they come as
    skipped rows with the reason, so the counts still match the directory.

    ``by_administration``: one row per administration instead of one per Gemeinde. The members
    of an Amt, Samtgemeinde, Verbandsgemeinde, Verwaltungsverband or Verwaltungsgemeinschaft
    have no administration of their own, so they become one row for their association, named
    by its key only: the advisor then advises it at that level (population of all members, a
    shared post assumed; :mod:`klimaorg.advisor.levels`). Gemeinden with an administration of
    their own keep their baseline row.
    """

    def __init__(
        self,
        directory: Directory,
        lang: Lang,
        *,
        land: str | None = None,
        kreis: str | None = None,
        by_administration: bool = False,
    ) -> None:
        self.lang = lang
        self.directory = directory
        self.by_administration = by_administration
        self.municipalities = directory.municipalities_in(land=land, kreis=kreis)

    def count(self) -> int:
        """How many rows the batch will have."""
        if not self.by_administration:
            return len(self.municipalities)
        return len({self._unit_key(m) for m in self.municipalities})

    def _unit_key(self, municipality: DirectoryMunicipality) -> str:
        verband = self.directory.administration(municipality)
        return municipality.ags if verband is None else verband.key

    def __iter__(self) -> Iterator[InputRow]:
        skip = message(self.lang, "gemeindefrei")
        seen: set[str] = set()
        for m in self.municipalities:
            verband = self.directory.administration(m) if self.by_administration else None
            if verband is not None:
                if verband.key not in seen:
                    seen.add(verband.key)
                    yield InputRow(
                        None,
                        {"municipality": {"ags": verband.key}},
                        ags=verband.key,
                        name=verband.display_name,
                        kind=str(verband.kind),
                        population=verband.population,
                    )
                continue
            identity: dict[str, Any] = {
                "ags": m.ags,
                "name": m.name,
                "kind": m.kind.value,
                "population": m.population,
            }
            if m.is_gemeindefrei:
                yield InputRow(None, None, skip=skip, **identity)
            else:
                yield InputRow(None, {"municipality": dict(identity)}, **identity)
