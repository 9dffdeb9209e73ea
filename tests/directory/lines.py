"""Hand-made GV100AD lines for tests, built from fields so the offsets live in one place.

Only synthetic values: the real file is read from ``../shared/data`` and never copied.
"""

from __future__ import annotations

RECORD_LENGTH = 220


def make_line(
    record_type: str,
    key: str,
    name: str = "",
    *,
    seat: str = "",
    type_code: str = "  ",
    area_ha: int | str | None = None,
    population: int | str | None = None,
    population_male: int | str | None = None,
    postcode: str = "",
    date: str = "20231130",
) -> str:
    """A 220-character record. ``key`` fills [10:22] (Land, RB, Kreis, Gemeinde, Verband);
    numbers are zero-padded like the official file, strings are placed as given."""
    chars = [" "] * RECORD_LENGTH

    def put(start: int, end: int, value: str) -> None:
        chars[start:end] = list(value[: end - start].ljust(end - start))

    def put_number(start: int, end: int, value: int | str | None) -> None:
        if value is not None:
            put(start, end, f"{value:0{end - start}d}" if isinstance(value, int) else value)

    put(0, 2, record_type)
    put(2, 10, date)
    put(10, 22, key)
    put(22, 72, name)
    put(72, 122, seat)
    put(122, 124, type_code)
    put_number(128, 139, area_ha)
    put_number(139, 150, population)
    put_number(150, 161, population_male)
    put(165, 170, postcode)
    return "".join(chars)


def land(key: str = "08", name: str = "Baden-Württemberg") -> str:
    """A Land record."""
    return make_line("10", key, name, seat="Stuttgart")


def kreis(key: str = "08316", name: str = "Emmendingen", type_code: str = "44") -> str:
    """A Kreis record."""
    return make_line("40", key, name, seat=name, type_code=type_code)


def verband(
    kreis_key: str = "08316",
    part: str = "5001",
    name: str = "GVV Denzlingen",
    type_code: str = "56",
) -> str:
    """A Gemeindeverband record."""
    return make_line("50", f"{kreis_key}   {part}", name, seat="Denzlingen", type_code=type_code)


def gemeinde(
    kreis_key: str = "08316",
    number: str = "009",
    part: str = "5001",
    name: str = "Denzlingen",
    *,
    type_code: str = "64",
    area_ha: int | str = 1694,
    population: int | str = 13910,
    population_male: int | str | None = None,
    postcode: str = "79211",
) -> str:
    """A Gemeinde record (men: half the inhabitants unless given)."""
    if population_male is None:
        population_male = population // 2 if isinstance(population, int) else 0
    return make_line(
        "60",
        f"{kreis_key}{number}{part}",
        name,
        type_code=type_code,
        area_ha=area_ha,
        population=population,
        population_male=population_male,
        postcode=postcode,
    )


def small_file() -> list[str]:
    """A consistent little directory: one Land, two Kreise, Verbände, Gemeinden of each kind."""
    return [
        land("08", "Baden-Württemberg"),
        kreis("08316", "Emmendingen", "44"),
        verband("08316", "5001", "GVV Denzlingen-Vörstetten-Reute", "56"),
        gemeinde("08316", "009", "5001", "Denzlingen", population=13910),
        gemeinde("08316", "050", "5001", "Vörstetten", population=3199),
        verband("08316", "0011", "Emmendingen, Stadt", "50"),
        gemeinde("08316", "011", "0011", "Emmendingen, Stadt", type_code="63", population=28856),
        land("09", "Bayern"),
        kreis("09162", "München, Landeshauptstadt", "41"),
        verband("09162", "0000", "München, Landeshauptstadt", "50"),
        gemeinde(
            "09162", "000", "0000", "München, Landeshauptstadt", type_code="61", population=1512491
        ),
        kreis("09184", "München", "44"),
        verband("09184", "0119", "Garching b.München, St", "50"),
        gemeinde(
            "09184", "119", "0119", "Garching b.München, St", type_code="63", population=17526
        ),
        verband("09184", "0451", "Gemeindefreie Gebiete", "50"),
        gemeinde(
            "09184",
            "451",
            "0451",
            "Forstenrieder Park, gemfr. Gebiet",
            type_code="66",
            population=0,
            population_male=0,
            postcode="",
        ),
        land("16", "Thüringen"),
        kreis("16076", "Greiz", "44"),
        verband("16076", "5006", "Münchenbernsdorf", "58"),
        gemeinde(
            "16076", "049", "5006", "Münchenbernsdorf, Stadt", type_code="63", population=2939
        ),
        gemeinde("16076", "050", "5006", "Neustadt an der Orla", type_code="63", population=9017),
        gemeinde("16076", "051", "5006", "Neustadt/Vogtl.", type_code="64", population=972),
    ]
