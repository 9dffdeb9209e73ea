"""``klimaorg batch``: recommendations for many municipalities at once (CSV in, CSV/XLSX out)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from klimaorg.advisor import load_advisor_data
from klimaorg.advisor.analysis import DEFAULT_SAMPLES
from klimaorg.batch import Assessor, CsvSource, DirectorySource, Report, Row, check_output, run
from klimaorg.batch.summary import SummaryTable
from klimaorg.cli.common import LangChoice, LangOpt, fail, handle_errors, lang_of, stdout
from klimaorg.context import current_directory
from klimaorg.i18n import Lang, number

_TEXT = {
    "de": {
        "source_twice": "entweder eine Profildatei oder --from-directory/--land/--kreis angeben, "
        "nicht beides",
        "no_source": "bitte eine Profildatei (CSV) oder --from-directory, --land oder --kreis "
        "angeben",
        "no_directory": "das Gemeindeverzeichnis ist nicht importiert "
        "(klimaorg directory import DATEI)",
        "by_administration": "--by-administration gilt nur mit --from-directory, --land oder "
        "--kreis",
        "bad_land": "--land: erwartet einen Länderschlüssel mit 2 Ziffern, z. B. 08",
        "bad_kreis": "--kreis: erwartet einen Kreisschlüssel mit 5 Ziffern, z. B. 08316",
        "nothing": "keine Gemeinde in dieser Auswahl",
        "progress": "Bewertung",
        "title": "Empfohlene Modelle nach Größenklasse",
        "counts": "Empfehlungen",
        "done": "{rows} Zeilen: {assessed} bewertet, {skipped} übersprungen, {errors} mit "
        "Fehler – {seconds} s ({analyses} Analysen berechnet, {reused} wiederverwendet).",
        "files": "Ergebnisse: {output} · Übersicht: {chart}",
        "failed_rows": "{errors} {rows} nicht bewertet (Spalte error); Exit-Code 1",
    },
    "en": {
        "source_twice": "give either a profile file or --from-directory/--land/--kreis, not both",
        "no_source": "please give a profile file (CSV) or --from-directory, --land or --kreis",
        "no_directory": "the municipality directory is not imported "
        "(klimaorg directory import FILE)",
        "by_administration": "--by-administration applies only with --from-directory, --land "
        "or --kreis",
        "bad_land": "--land: expected a 2-digit Land key, e.g. 08",
        "bad_kreis": "--kreis: expected a 5-digit Kreis key, e.g. 08316",
        "nothing": "no municipality in this selection",
        "progress": "Assessing",
        "title": "Recommended models by size class",
        "counts": "Recommendations",
        "done": "{rows} rows: {assessed} assessed, {skipped} skipped, {errors} with errors – "
        "{seconds} s ({analyses} analyses computed, {reused} reused).",
        "files": "Results: {output} · Summary: {chart}",
        "failed_rows": "{errors} {rows} not assessed (column error); exit code 1",
    },
}


class OnError(StrEnum):
    """What a bad row does."""

    skip = "skip"
    stop = "stop"


@handle_errors
def batch_command(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Ergebnisdatei, .csv oder .xlsx (daneben NAME.summary.svg).",
            show_default=False,
        ),
    ],
    profiles: Annotated[
        Path | None,
        typer.Argument(
            help="CSV-Datei mit einem Profil je Zeile (Spalten: docs/de/stapel.md). "
            "Entfällt mit --from-directory/--land/--kreis.",
            show_default=False,
        ),
    ] = None,
    from_directory: Annotated[
        bool,
        typer.Option(
            "--from-directory",
            help="Alle Gemeinden des importierten Gemeindeverzeichnisses (Grundprofil: Art, "
            "Einwohnerzahl).",
        ),
    ] = False,
    land: Annotated[
        str | None,
        typer.Option(
            "--land", help="Nur die Gemeinden eines Landes, z. B. 08.", show_default=False
        ),
    ] = None,
    kreis: Annotated[
        str | None,
        typer.Option(
            "--kreis", help="Nur die Gemeinden eines Kreises, z. B. 08316.", show_default=False
        ),
    ] = None,
    by_administration: Annotated[
        bool,
        typer.Option(
            "--by-administration",
            help="Mit --from-directory/--land/--kreis: eine Zeile je Verwaltung. Die "
            "Mitgliedsgemeinden eines Amts, einer Samtgemeinde, Verbandsgemeinde, eines "
            "Verwaltungsverbands oder einer Verwaltungsgemeinschaft werden einmal als ihr "
            "Verband bewertet (Einwohnerzahl aller Mitglieder).",
        ),
    ] = False,
    on_error: Annotated[
        OnError,
        typer.Option(
            "--on-error",
            help="Fehlerhafte Zeile: skip = melden, in Spalte error vermerken, weiter "
            "(Exit-Code 1 am Ende); stop = beim ersten Fehler abbrechen, nichts schreiben "
            "(Exit-Code 2).",
        ),
    ] = OnError.skip,
    reuse: Annotated[
        bool,
        typer.Option(
            "--reuse/--no-reuse",
            help="Gleiche vervollständigte Profile nur einmal rechnen (Ergebnis identisch).",
        ),
    ] = True,
    samples: Annotated[
        int,
        typer.Option("--samples", min=1, max=100_000, help="Stichproben der Robustheitsanalyse."),
    ] = DEFAULT_SAMPLES,
    lang: LangOpt = LangChoice.de,
) -> None:
    """Empfehlungen für viele Kommunen: eine Zeile je Kommune, Übersicht nach Größenklasse."""
    language = lang_of(lang)
    text = _TEXT[language]
    area = from_directory or land is not None or kreis is not None
    if profiles is not None and area:
        fail(text["source_twice"], language)
    if profiles is None and not area:
        fail(text["no_source"], language)
    if by_administration and not area:
        fail(text["by_administration"], language)
    check_output(output, language)
    advisor = load_advisor_data()
    directory = current_directory()
    source: CsvSource | DirectorySource
    if profiles is not None:
        source = CsvSource(profiles, advisor, language)
    else:
        if directory is None:
            fail(text["no_directory"], language)
        if land is not None and not (len(land) == 2 and land.isascii() and land.isdigit()):
            fail(text["bad_land"], language)
        if kreis is not None and not (len(kreis) == 5 and kreis.isascii() and kreis.isdigit()):
            fail(text["bad_kreis"], language)
        source = DirectorySource(
            directory, language, land=land, kreis=kreis, by_administration=by_administration
        )
        if not source.count():
            fail(text["nothing"], language)
    assessor = Assessor(advisor, directory, lang=language, samples=samples, reuse=reuse)
    with _progress(text["progress"], source.count()) as advance:

        def on_row(row: Row) -> None:
            advance()
            if row.error is not None:
                sys.stderr.write(f"{row.error}\n")

        report = run(source, output, assessor, on_error=on_error.value, on_row=on_row)
    _print(report, language)
    if report.errors:
        rows = ("Zeile" if report.errors == 1 else "Zeilen") if language == "de" else "row(s)"
        failed = text["failed_rows"].format(errors=number(report.errors, language), rows=rows)
        sys.stderr.write(f"{failed}\n")
        raise typer.Exit(1)


@contextmanager
def _progress(label: str, total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal; nothing when stdout is a pipe or a file."""
    if not stdout.is_terminal:
        yield lambda: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=stdout,
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=total or None)
        yield lambda: progress.advance(task)


def _summary_table(summary: SummaryTable, lang: Lang, width: int) -> Table:
    """Size classes × models when that fits ``width``, else one line of counts per size class."""
    cells = [
        [label, *(number(c, lang) for c in counts)]
        for label, counts in [*summary.rows, (summary.header[-1], summary.total)]
    ]
    widths = [max(len(row[i]) for row in [summary.header, *cells]) for i in range(len(cells[0]))]
    table = Table()
    if sum(widths) + 3 * len(widths) + 1 <= width:
        table.add_column(summary.header[0])
        for heading in summary.header[1:]:
            table.add_column(heading, justify="right")
        rows = cells
    else:
        table.add_column(summary.header[0])
        table.add_column(_TEXT[lang]["counts"])
        table.add_column(summary.header[-1], justify="right", no_wrap=True)
        rows = [
            [
                row[0],
                ", ".join(
                    f"{h} {n}"
                    for h, n in zip(summary.header[1:-1], row[1:-1], strict=True)
                    if n != "0"
                ),
                row[-1],
            ]
            for row in cells
        ]
    for index, row in enumerate(rows):
        last = index == len(rows) - 1
        table.add_row(*row, style="bold" if last else None, end_section=index == len(rows) - 2)
    return table


def _print(report: Report, lang: Lang) -> None:
    text = _TEXT[lang]
    console = stdout if stdout.is_terminal else Console(width=200, soft_wrap=False)
    stdout.print(f"[bold]{text['title']}[/bold]")
    console.print(_summary_table(report.summary, lang, console.width))
    stdout.print(
        text["done"].format(
            rows=number(report.rows, lang),
            assessed=number(report.assessed, lang),
            skipped=number(report.skipped, lang),
            errors=number(report.errors, lang),
            seconds=number(report.seconds, lang, 2),
            analyses=number(report.analyses, lang),
            reused=number(report.reused, lang),
        ),
        highlight=False,
        soft_wrap=True,
    )
    stdout.print(
        text["files"].format(output=report.output, chart=report.chart),
        highlight=False,
        soft_wrap=True,
    )
