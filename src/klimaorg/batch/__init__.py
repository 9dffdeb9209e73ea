"""Batch assessment: many municipalities at once, from a CSV file of profiles or the directory.

    source = DirectorySource(directory, "de", kreis="08316")
    report = run(source, Path("out.csv"), Assessor(advisor, directory))

Every row goes through the advisor's own steps (parse, complete, analyse), so a batch row says
what ``klimaorg advise`` says for that profile. See docs/de/stapel.md for the columns.
"""

from klimaorg.batch.assess import Assessor, Outcome, Row, RowError, analysis_key
from klimaorg.batch.output import COLUMNS, ERROR_COLUMNS, SHEETS, chart_path
from klimaorg.batch.runner import BatchStoppedError, Report, check_output, run
from klimaorg.batch.sources import BatchFileError, CsvSource, DirectorySource, InputRow

__all__ = [
    "COLUMNS",
    "ERROR_COLUMNS",
    "SHEETS",
    "Assessor",
    "BatchFileError",
    "BatchStoppedError",
    "CsvSource",
    "DirectorySource",
    "InputRow",
    "Outcome",
    "Report",
    "Row",
    "RowError",
    "analysis_key",
    "chart_path",
    "check_output",
    "run",
]
