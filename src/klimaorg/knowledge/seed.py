"""Reader of the source table (tab-separated, scraped HTML) and the check of the knowledge base
against it.

The table is the product's only primary source for the six models. Its Vorteile/Nachteile cells are
HTML lists whose bullets start with ``→``. Comparisons are whitespace-normalised, nothing else: a
quotation that differs in a single letter from the source is reported.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from klimaorg.knowledge.base import KnowledgeBase
from klimaorg.knowledge.yamlfile import DataFileError

COLUMNS = ("Modellname", "Kurzbeschreibung", "Vorteile", "Nachteile")


@dataclass(frozen=True)
class SeedRow:
    """One model as the source table states it."""

    line: int
    name: str
    description: str
    advantages: tuple[str, ...]
    disadvantages: tuple[str, ...]

    def texts(self) -> list[str]:
        """Every text of the row: name, description, advantages, disadvantages."""
        return [self.name, self.description, *self.advantages, *self.disadvantages]


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def normalise(text: str) -> str:
    """Collapse runs of whitespace (the only difference the comparison forgives)."""
    return " ".join(text.split())


def bullets(cell: str) -> tuple[str, ...]:
    """The ``→`` bullets of an HTML list cell, as plain normalised text."""
    parser = _TextOnly()
    parser.feed(cell)
    parser.close()
    text = "".join(parser.parts)
    return tuple(normalise(part) for part in text.split("→") if normalise(part))


def read_seed(path: Path) -> list[SeedRow]:
    """Parse the source table; a malformed line raises an error naming file and line."""
    name = path.name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(name, "", f"nicht lesbar ({exc})") from None
    numbered = [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]
    if not numbered:
        raise DataFileError(name, "", "leer")
    rows = list(csv.reader([line for _, line in numbered], delimiter="\t", quoting=csv.QUOTE_NONE))
    header_line, header = numbered[0][0], rows[0]
    if tuple(h.strip() for h in header) != COLUMNS:
        raise DataFileError(name, f"Zeile {header_line}", f"Kopfzeile muss {COLUMNS} sein")
    return [
        _row(name, number, cells) for (number, _), cells in zip(numbered[1:], rows[1:], strict=True)
    ]


def _row(name: str, number: int, cells: list[str]) -> SeedRow:
    if len(cells) != len(COLUMNS):
        raise DataFileError(name, f"Zeile {number}", f"{len(cells)} statt 4 Spalten")
    return SeedRow(
        line=number,
        name=normalise(cells[0]),
        description=normalise(cells[1]),
        advantages=bullets(cells[2]),
        disadvantages=bullets(cells[3]),
    )


def check_against_seed(base: KnowledgeBase, rows: list[SeedRow]) -> list[str]:
    """Problems between knowledge base and source table (empty when they agree).

    Two directions: every text of the table must be quoted verbatim by the knowledge base, and every
    quotation that names a ``seed`` source must stand in the table.
    """
    seed_sources = {s.id for s in base.sources if s.seed}
    quoted = {
        normalise(q): where for where, q, source in _quotations(base) if source in seed_sources
    }
    in_table = {normalise(t) for row in rows for t in row.texts()}
    problems = [
        f"Zeile {row.line}: nicht in der Wissensbasis: „{text}“"
        for row in rows
        for text in row.texts()
        if normalise(text) not in quoted
    ]
    problems += [
        f"{where}: nennt die Quelltabelle als Quelle, steht aber nicht darin: „{text}“"
        for text, where in quoted.items()
        if text not in in_table
    ]
    return problems


def _quotations(base: KnowledgeBase) -> list[tuple[str, str, str]]:
    """(where, quotation, source id) for every quoted text in the knowledge base."""
    out = []
    for model in base.models:
        file = f"models/{model.id}.yaml"
        out.append((f"{file}: name", model.name.quote, model.name.source))
        out.append((f"{file}: description", model.description.quote, model.description.source))
    for item in base.statements():
        field = "advantages" if item.kind == "advantage" else "disadvantages"
        where = f"models/{item.model.id}.yaml: {field}[{item.index}]"
        out.append((where, item.statement.quote, item.statement.source))
    return out
