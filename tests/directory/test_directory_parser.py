"""The GV100AD parser on hand-made lines: fields, kind mapping, tolerated variants, errors."""

from __future__ import annotations

from datetime import date

import pytest

from klimaorg.directory import (
    DirectoryFormatError,
    Gemeindeverband,
    Kind,
    Kreis,
    Land,
    Municipality,
    Record,
    parse_lines,
)
from klimaorg.errors import UserInputError
from tests.directory.lines import gemeinde, kreis, land, make_line, verband

HEADER = [land(), kreis(), verband()]


def parse(lines: list[str]) -> list[Record]:
    return list(parse_lines(lines, source="GV100AD.txt"))


def parse_one(line: str) -> Municipality:
    record = parse([*HEADER, line])[-1]
    assert isinstance(record, Municipality)
    return record


def error_of(lines: list[str]) -> DirectoryFormatError:
    with pytest.raises(DirectoryFormatError) as info:
        parse(lines)
    return info.value


def test_parses_each_record_type_with_keys_names_and_numbers() -> None:
    records = parse([*HEADER, gemeinde(population_male=6770)])
    land_record, kreis_record, verband_record, municipality = records
    assert land_record == Land("08", "Baden-Württemberg", "Stuttgart", date(2023, 11, 30))
    assert isinstance(kreis_record, Kreis)
    assert (kreis_record.key, kreis_record.kind, kreis_record.type_label) == (
        "08316",
        Kind.LANDKREIS,
        "Landkreis",
    )
    assert isinstance(verband_record, Gemeindeverband)
    assert verband_record.key == "083165001"
    assert verband_record.type_label == "Verwaltungsverband"
    assert isinstance(municipality, Municipality)
    assert municipality.ags == "08316009"
    assert municipality.ars == "083165001009"
    assert municipality.name == "Denzlingen"
    assert municipality.kind is Kind.GEMEINDE
    assert (municipality.type_code, municipality.type_label) == ("64", "Kreisangehörige Gemeinde")
    assert (municipality.area_ha, municipality.population, municipality.population_male) == (
        1694,
        13910,
        6770,
    )
    assert municipality.postcode == "79211"
    assert (municipality.land_key, municipality.land_name) == ("08", "Baden-Württemberg")
    assert (municipality.kreis_key, municipality.kreis_name) == ("08316", "Emmendingen")
    assert (municipality.verband_key, municipality.verband_name) == ("083165001", "GVV Denzlingen")
    assert municipality.reference_date == date(2023, 11, 30)


@pytest.mark.parametrize(
    ("code", "kind", "label"),
    [
        ("60", Kind.GEMEINDE, "Markt"),
        ("61", Kind.KREISFREIE_STADT, "Kreisfreie Stadt"),
        ("62", Kind.KREISFREIE_STADT, "Stadtkreis"),
        ("63", Kind.STADT, "Stadt"),
        ("64", Kind.GEMEINDE, "Kreisangehörige Gemeinde"),
        ("65", Kind.GEMEINDEFREI, "Gemeindefreies Gebiet, bewohnt"),
        ("66", Kind.GEMEINDEFREI, "Gemeindefreies Gebiet, unbewohnt"),
        ("67", Kind.STADT, "Große Kreisstadt"),
    ],
)
def test_gemeinde_type_codes_map_to_kinds(code: str, kind: Kind, label: str) -> None:
    municipality = parse_one(gemeinde(type_code=code))
    assert (municipality.kind, municipality.type_label, municipality.type_code) == (
        kind,
        label,
        code,
    )
    assert municipality.is_gemeindefrei is (kind is Kind.GEMEINDEFREI)


@pytest.mark.parametrize(
    ("code", "kind", "label"),
    [
        ("41", Kind.KREISFREIE_STADT, "Kreisfreie Stadt"),
        ("42", Kind.KREISFREIE_STADT, "Stadtkreis"),
        ("43", Kind.LANDKREIS, "Kreis"),
        ("44", Kind.LANDKREIS, "Landkreis"),
        ("45", Kind.LANDKREIS, "Regionalverband"),
    ],
)
def test_kreis_type_codes_map_to_kinds(code: str, kind: Kind, label: str) -> None:
    record = parse([land(), kreis(type_code=code)])[-1]
    assert isinstance(record, Kreis)
    assert (record.kind, record.type_label, record.type_code) == (kind, label, code)


def test_unpopulated_gemeindefreies_gebiet_without_postcode() -> None:
    municipality = parse_one(gemeinde(type_code="66", population=0, population_male=0, postcode=""))
    assert municipality.kind is Kind.GEMEINDEFREI
    assert municipality.population == 0
    assert municipality.postcode is None


def test_area_outside_any_kreis_needs_no_kreis_record() -> None:
    """Like the real 07000999 (deutsch-luxemburgisches Hoheitsgebiet): Kreis part 000."""
    lines = [
        land("07", "Rheinland-Pfalz"),
        verband("07000", "9999", "Gemeinsames Hoheitsgebiet", "50"),
        gemeinde("07000", "999", "9999", "Gemeinsames Hoheitsgebiet", type_code="66"),
    ]
    municipality = parse(lines)[-1]
    assert isinstance(municipality, Municipality)
    assert (municipality.ags, municipality.kreis_name) == ("07000999", None)


def test_tolerates_stripped_trailing_blanks_crlf_bom_and_blank_lines() -> None:
    lines = [
        "\ufeff" + land().rstrip() + "\r\n",
        kreis().rstrip() + "\n",
        "\n",
        verband().rstrip(),
        gemeinde(postcode="").rstrip(),
    ]
    records = parse(lines)
    assert len(records) == 4
    last = records[-1]
    assert isinstance(last, Municipality)
    assert last.population == 13910


def test_accepts_utf8_bytes() -> None:
    records = list(parse_lines([line.encode() + b"\n" for line in [*HEADER, gemeinde()]]))
    assert records[0].name == "Baden-Württemberg"


def test_error_is_a_user_input_error_with_file_line_and_field() -> None:
    error = error_of([*HEADER, gemeinde(population="        abc")])
    assert isinstance(error, UserInputError)
    assert str(error) == "GV100AD.txt:4: population: 'abc' ist keine Zahl"
    assert (error.source, error.line_no, error.record_field) == ("GV100AD.txt", 4, "population")
    assert error.field == "GV100AD.txt:4: population"


def test_short_line() -> None:
    error = error_of([*HEADER, gemeinde()[:140]])
    assert (error.line_no, error.record_field) == (4, "line")
    assert "zu kurz: 140 Zeichen" in str(error)


def test_too_long_line() -> None:
    error = error_of([land() + "x"])
    assert (error.line_no, error.record_field) == (1, "line")


def test_unknown_record_type() -> None:
    error = error_of([land(), "99" + kreis()[2:]])
    assert (error.line_no, error.record_field) == (2, "record_type")
    assert "'99'" in str(error)


@pytest.mark.parametrize("bad_date", ["20231131", "2023113X", "        "])
def test_bad_date(bad_date: str) -> None:
    error = error_of(
        [land(), make_line("40", "08316", "Emmendingen", type_code="44", date=bad_date)]
    )
    assert (error.line_no, error.record_field) == (2, "date")


def test_date_differing_from_the_first_line() -> None:
    error = error_of(
        [land(), make_line("40", "08316", "Emmendingen", type_code="44", date="20221231")]
    )
    assert (error.line_no, error.record_field) == (2, "date")
    assert "2023-11-30" in str(error)


def test_unknown_type_code() -> None:
    error = error_of([*HEADER, gemeinde(type_code="68")])
    assert (error.line_no, error.record_field) == (4, "type_code")


def test_kreis_type_code_on_a_gemeinde_is_rejected() -> None:
    error = error_of([*HEADER, gemeinde(type_code="44")])
    assert error.record_field == "type_code"


def test_non_digit_key() -> None:
    error = error_of([*HEADER, gemeinde(kreis_key="08A16")])
    assert (error.line_no, error.record_field) == (4, "rb")


def test_non_digit_postcode() -> None:
    error = error_of([*HEADER, gemeinde(postcode="7921X")])
    assert (error.line_no, error.record_field) == (4, "postcode")


def test_more_men_than_inhabitants() -> None:
    error = error_of([*HEADER, gemeinde(population=10, population_male=11)])
    assert error.record_field == "population_male"


def test_missing_name() -> None:
    error = error_of([*HEADER, gemeinde(name="")])
    assert (error.line_no, error.record_field) == (4, "name")


def test_gemeinde_without_its_verband_record() -> None:
    error = error_of([land(), kreis(), gemeinde()])
    assert (error.line_no, error.record_field) == (3, "verband")


def test_gemeinde_without_its_kreis_record() -> None:
    error = error_of([land(), verband(), gemeinde()])
    assert (error.line_no, error.record_field) == (2, "kreis")


def test_duplicate_ags() -> None:
    error = error_of([*HEADER, gemeinde(), gemeinde()])
    assert (error.line_no, error.record_field) == (5, "key")
    assert "Zeile 4" in str(error)


def test_shifted_column_is_caught() -> None:
    """A line shifted by one character must not yield plausible wrong numbers."""
    error = error_of([*HEADER, " " + gemeinde()[:-1]])
    assert error.line_no == 4


def test_invalid_utf8() -> None:
    lines = [line.encode() for line in HEADER] + [gemeinde(name="D\xfcnzlingen").encode("latin-1")]
    with pytest.raises(DirectoryFormatError) as info:
        list(parse_lines(lines, source="alt.txt"))
    assert (info.value.line_no, info.value.record_field) == (4, "encoding")
    assert str(info.value).startswith("alt.txt:4: encoding: ")
