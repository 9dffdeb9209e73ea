"""Reading cells: German and English numbers, yes/no words, lists; ambiguity is an error."""

from __future__ import annotations

import pytest

from klimaorg.advisor import ProfileError, load_advisor_data
from klimaorg.batch.columns import boolean, id_list, input_columns, integer, number, to_profile
from klimaorg.batch.sources import sniff_delimiter


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1", 1.0),
        ("0,5", 0.5),
        ("0.5", 0.5),
        ("1,25", 1.25),
        ("0,125", 0.125),
        ("20000", 20000.0),
        ("1.234.567", 1234567.0),
        ("1,234,567", 1234567.0),
        ("20.000,50", 20000.5),
        ("20,000.50", 20000.5),
        ("20 000", 20000.0),
        ("-1", -1.0),
        ("1500.00", 1500.0),
    ],
)
def test_numbers(cell: str, value: float) -> None:
    assert number(cell, "resources.own_budget_eur", "de") == value


@pytest.mark.parametrize("cell", ["20.000", "1,500", "viel", "1e5", "nan", "1,5,0", "٣"])
def test_bad_or_ambiguous_numbers(cell: str) -> None:
    with pytest.raises(ProfileError) as caught:
        number(cell, "resources.own_budget_eur", "de")
    assert caught.value.field == "resources.own_budget_eur"
    assert cell in caught.value.message


def test_ambiguous_number_says_how_to_write_it() -> None:
    with pytest.raises(ProfileError, match="ohne Tausendertrennzeichen"):
        number("20.000", "resources.own_budget_eur", "de")
    with pytest.raises(ProfileError, match="without a thousands separator"):
        number("20.000", "resources.own_budget_eur", "en")


@pytest.mark.parametrize(("cell", "value"), [("13910", 13910), ("13.910", 13910), ("-1", -1)])
def test_integers(cell: str, value: int) -> None:
    assert integer(cell, "municipality.population", "de") == value


@pytest.mark.parametrize("cell", ["2,5", "2.5", "zwei", "1_000", "１２"])
def test_bad_integers(cell: str) -> None:
    with pytest.raises(ProfileError, match="ganze Zahl"):
        integer(cell, "backing.council", "de")


@pytest.mark.parametrize(
    ("cell", "value"),
    [("ja", True), ("Nein", False), ("TRUE", True), ("false", False), ("1", True), ("0", False)],
)
def test_booleans(cell: str, value: bool) -> None:
    assert boolean(cell, "structures.eea", "de") is value


def test_bad_boolean() -> None:
    with pytest.raises(ProfileError, match="ja, nein"):
        boolean("vielleicht", "structures.eea", "de")


def test_lists() -> None:
    assert id_list("concept; Implementation;", "goals", "de") == ["concept", "implementation"]


def test_to_profile_nests_and_skips_empty_cells() -> None:
    columns = input_columns(list(load_advisor_data().knowledge.criterion_ids))
    cells = {
        "municipality.kind": "Stadt",
        "municipality.population": "40000",
        "priorities.coordination": "4",
        "structures.eea": "",
        "weighting.method": "swing",
        "weighting.points.financing": "100",
    }
    assert to_profile(cells, columns, "de") == {
        "municipality": {"kind": "stadt", "population": 40000},
        "priorities": {"coordination": 4},
        "weighting": {"method": "swing", "points": {"financing": 100.0}},
    }
    with pytest.raises(ProfileError) as caught:
        to_profile({"weighting.points.financing": "100"}, columns, "de")
    assert caught.value.field == "weighting.method"


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [
        ("a;b;c", ";"),
        ("a,b,c", ","),
        ("a\tb\tc", "\t"),
        ('"a;x",b,c', ","),
        ("single", ","),
    ],
)
def test_sniff_delimiter(header: str, delimiter: str) -> None:
    assert sniff_delimiter(header) == delimiter


def test_control_characters_in_text_are_an_error() -> None:
    from klimaorg.batch.columns import text

    assert text("Müllheim, Stadt", "municipality.name", "de") == "Müllheim, Stadt"
    with pytest.raises(ProfileError, match="Steuerzeichen") as caught:
        text("A\x01B", "municipality.name", "de")
    assert "\\x01" in caught.value.message
