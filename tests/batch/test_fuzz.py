"""Random rows: each becomes a result row or an error naming its line and field, never a crash;
both writers take whatever the rows hold."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klimaorg.advisor import load_advisor_data
from klimaorg.advisor.schema import Profile
from klimaorg.batch import Assessor, CsvSource, Row, run
from klimaorg.batch.columns import input_columns

ADVISOR = load_advisor_data()
COLUMNS = list(input_columns(list(ADVISOR.knowledge.criterion_ids)))
SECTIONS = set(Profile.model_fields)  # the profile's sections, as the advisor defines them

PLAUSIBLE = [
    "", "", "", "0", "1", "2", "4", "5", "-1", "0,5", "1.5", "20.000", "13.910", "2000", "50000",
    "ja", "nein", "true", "x", "gemeinde", "stadt", "landkreis", "swing", "ahp", "ratings",
    "erstvorhaben", "none", "concept;implementation", "concept;weltfrieden", "08316009",
    "8316009", "1e3", "  3 ", "Ä", '"', ";", ",", "\n",
]  # fmt: skip
cells = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.text(
        alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
        max_size=12,
    ),
    st.integers(-10, 10**7).map(str),
    st.floats(-10, 10**6, allow_nan=False).map(lambda f: f"{f:.3f}".replace(".", ",")),
)
rows = st.lists(
    st.dictionaries(st.sampled_from(COLUMNS), cells, max_size=10), min_size=1, max_size=4
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rows, delimiter=st.sampled_from([";", ","]), kind_and_population=st.booleans())
def test_random_rows_give_results_or_located_errors(
    rows: list[dict[str, str]], delimiter: str, kind_and_population: bool
) -> None:
    if kind_and_population:  # most rows then get past the municipality check
        rows = [
            {"municipality.kind": "stadt", "municipality.population": "9000", **r} for r in rows
        ]
    # Two columns at least: the delimiter is sniffed from the header line.
    names = list(dict.fromkeys(["municipality.name", *(k for row in rows for k in row)]))
    if len(names) == 1:
        names.append("municipality.ags")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(names)
    starts = []
    for row in rows:
        starts.append(buffer.getvalue().count("\n") + 1)
        writer.writerow([row.get(n, "") for n in names])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        assessor = Assessor(ADVISOR, None, samples=50)
        out: list[Row] = []
        suffix = "xlsx" if delimiter == ";" else "csv"  # both writers see every kind of cell
        run(
            CsvSource(path, ADVISOR, "de"),
            Path(folder) / f"r.{suffix}",
            assessor,
            on_row=out.append,
        )
    expected = [
        line for line, row in zip(starts, rows, strict=True) if any(v.strip() for v in row.values())
    ]
    assert [r.line for r in out] == expected, repr(buffer.getvalue())
    for result in out:
        if result.error is None:
            assert result.outcome is not None or result.skipped
            continue
        assert result.outcome is None
        assert result.error.field.split(".")[0].split("[")[0] in SECTIONS, result.error
        assert str(result.error).startswith(f"Zeile {result.line}: {result.error.field}: ")
