"""Running a batch: rows in, assessed one at a time, written as they come, summary at the end.

Nothing but the summary counts and the reuse cache grows with the input, so memory stays flat
however many municipalities are assessed. The result file and the chart appear only when the
whole batch succeeded (temporary files, renamed at the end).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from klimaorg.batch.assess import Assessor, Row
from klimaorg.batch.output import chart_path, open_writer, write_text_atomically
from klimaorg.batch.sources import BatchFileError, InputRow
from klimaorg.batch.summary import Summary, SummaryTable, chart
from klimaorg.errors import UserInputError
from klimaorg.i18n import Lang

OnError = Literal["skip", "stop"]

_TEXT = {
    "de": {
        "suffix": "erwartet eine Datei mit der Endung .csv oder .xlsx",
        "no_folder": "der Ordner {folder} existiert nicht",
        "is_folder": "ist ein Ordner, keine Datei",
        "unwritable": "nicht schreibbar ({reason})",
    },
    "en": {
        "suffix": "expected a file ending in .csv or .xlsx",
        "no_folder": "the folder {folder} does not exist",
        "is_folder": "is a folder, not a file",
        "unwritable": "cannot be written ({reason})",
    },
}


class BatchStoppedError(UserInputError):
    """The first bad row with ``--on-error stop``: the batch ends, nothing is written."""


@dataclass(frozen=True)
class Report:
    """What a finished batch did."""

    output: Path
    chart: Path
    rows: int
    assessed: int
    skipped: int
    errors: int
    analyses: int  # analyses computed (fewer than ``assessed`` when results were reused)
    reused: int
    seconds: float
    summary: SummaryTable


def check_output(path: Path, lang: Lang) -> None:
    """A usable output path: ``.csv``/``.xlsx`` in an existing folder."""
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise BatchFileError(str(path), _TEXT[lang]["suffix"])
    folder = path.parent
    if not folder.is_dir():
        raise BatchFileError(str(path), _TEXT[lang]["no_folder"].format(folder=folder))
    for target in (path, chart_path(path)):
        if target.is_dir():
            raise BatchFileError(str(target), _TEXT[lang]["is_folder"])


def _unwritable(path: Path, exc: OSError, lang: Lang) -> BatchFileError:
    reason = exc.strerror or type(exc).__name__
    return BatchFileError(str(path), _TEXT[lang]["unwritable"].format(reason=reason))


def run(
    source: Iterable[InputRow],
    output: Path,
    assessor: Assessor,
    *,
    on_error: OnError = "skip",
    on_row: Callable[[Row], None] | None = None,
) -> Report:
    """Assess every row of ``source`` and write ``output`` plus its summary chart.

    ``on_row`` sees every row after it was written (progress, error lines on stderr). With
    ``on_error="stop"`` the first bad row raises :class:`BatchStoppedError` and nothing is written;
    with ``"skip"`` it is written with its ``error`` and the batch goes on.
    """
    lang = assessor.lang
    check_output(output, lang)
    started = time.perf_counter()
    summary = Summary(assessor.advisor, lang)
    rows = assessed = skipped = errors = 0
    try:
        writer = open_writer(output, lang)
    except OSError as exc:
        raise _unwritable(output, exc, lang) from None
    svg = None
    try:
        for item in source:
            row = assessor.assess(item)
            if row.error is not None:
                if on_error == "stop":
                    raise BatchStoppedError(row.error.location, row.error.message)
                errors += 1
            elif row.skipped is not None:
                skipped += 1
            else:
                assessed += 1
            rows += 1
            writer.write(row)
            summary.add(row)
            if on_row is not None:
                on_row(row)
        table = summary.table()
        writer.finish(table)
        try:
            svg = write_text_atomically(chart_path(output), chart(table, lang))
        except OSError as exc:
            raise _unwritable(chart_path(output), exc, lang) from None
    except BaseException:
        writer.discard()
        if svg is not None:
            svg.discard()
        raise
    try:
        writer.commit()
        svg.commit()
    except OSError as exc:
        writer.discard()
        svg.discard()
        raise _unwritable(output, exc, lang) from None
    return Report(
        output=output,
        chart=chart_path(output),
        rows=rows,
        assessed=assessed,
        skipped=skipped,
        errors=errors,
        analyses=assessor.analyses,
        reused=assessor.reused,
        seconds=time.perf_counter() - started,
        summary=table,
    )
