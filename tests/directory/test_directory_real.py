"""The whole official file (30.11.2023): counts of domain.md and known municipalities."""

from __future__ import annotations

from collections import Counter

import pytest

from klimaorg.directory import AmbiguousNameError, Directory, Kind, Kreis, Municipality


def test_record_counts(real_directory: Directory) -> None:
    assert real_directory.record_counts() == {
        "10": 16,
        "20": 29,
        "30": 12,
        "40": 400,
        "50": 4597,
        "60": 10981,
    }


def test_size_classes_reproduce_the_official_figures(real_directory: Directory) -> None:
    """Destatis counts all 10,981 type-60 records, the 208 gemeindefreie Gebiete included."""
    counts = [n for _, n in real_directory.size_class_counts()]
    assert counts == [3979, 4012, 1372, 907, 516, 113, 82]
    gemeindefrei = [m for m in real_directory.municipalities if m.is_gemeindefrei]
    assert len(gemeindefrei) == 208
    assert len(real_directory.municipalities) - len(gemeindefrei) == 10773
    without = [n for _, n in real_directory.size_class_counts(include_gemeindefrei=False)]
    assert without == [3772, 4011, 1372, 907, 516, 113, 82]


def test_kreis_types(real_directory: Directory) -> None:
    by_code = Counter(k.type_code for k in real_directory.kreise)
    assert by_code == {"44": 251, "43": 42, "45": 1, "41": 97, "42": 9}
    kinds = Counter(k.kind for k in real_directory.kreise)
    assert kinds == {Kind.LANDKREIS: 294, Kind.KREISFREIE_STADT: 106}


def test_gemeinde_kinds(real_directory: Directory) -> None:
    kinds = Counter(m.kind for m in real_directory.municipalities)
    assert kinds == {
        Kind.GEMEINDE: 8328 + 386,
        Kind.STADT: 1829 + 124,
        Kind.KREISFREIE_STADT: 97 + 9,
        Kind.GEMEINDEFREI: 206 + 2,
    }


def test_population_totals(real_directory: Directory) -> None:
    total = sum(m.population for m in real_directory.municipalities)
    assert total == 84_358_845
    assert sum(k.population or 0 for k in real_directory.kreise) == total


def test_denzlingen(real_directory: Directory) -> None:
    municipality = real_directory.get("08316009")
    assert isinstance(municipality, Municipality)
    assert municipality.name == "Denzlingen"
    assert municipality.kind is Kind.GEMEINDE
    assert municipality.population == 13910
    assert municipality.kreis_name == "Emmendingen"
    assert municipality.verband_name == "GVV Denzlingen-Vörstetten-Reute"
    assert municipality.verband_type_label == "Verwaltungsverband"
    assert real_directory.get("083165001009") is municipality


@pytest.mark.parametrize(
    ("ags", "name", "population"),
    [
        ("09162000", "München, Landeshauptstadt", 1_512_491),
        ("11000000", "Berlin, Stadt", 3_755_251),
        ("02000000", "Hamburg, Freie und Hansestadt", 1_892_122),
    ],
)
def test_big_cities(real_directory: Directory, ags: str, name: str, population: int) -> None:
    city = real_directory.municipality(ags)
    assert (city.name, city.population, city.kind) == (name, population, Kind.KREISFREIE_STADT)


def test_landkreis_as_a_user(real_directory: Directory) -> None:
    kreis = real_directory.resolve("Emmendingen", kinds={Kind.LANDKREIS})
    assert isinstance(kreis, Kreis)
    assert (kreis.key, kreis.type_label, kreis.population) == ("08316", "Landkreis", 170_996)


def test_many_neustadt(real_directory: Directory) -> None:
    with pytest.raises(AmbiguousNameError) as info:
        real_directory.resolve("Neustadt", kinds={Kind.GEMEINDE, Kind.STADT, Kind.KREISFREIE_STADT})
    names = [c.name for c in info.value.candidates]
    assert len(names) == 20
    assert "Neustadt an der Weinstraße, Stadt" in names
    assert names[0] == "Neustadt an der Weinstraße, Stadt"  # most populous of the prefixes


@pytest.mark.parametrize("query", ["Muenchen", "Munchen", "münchen"])
def test_search_muenchen(real_directory: Directory, query: str) -> None:
    assert real_directory.search(query, 5)[0].key == "09162000"


def test_search_umlaut_spellings_agree(real_directory: Directory) -> None:
    assert real_directory.search("Goettingen", 3) == real_directory.search("Göttingen", 3)
    assert real_directory.search("Giessen", 1)[0].name.startswith("Gießen")


def test_gemeindefreie_gebiete_outside_any_kreis(real_directory: Directory) -> None:
    for ags in ("07000999", "13000999"):
        area = real_directory.municipality(ags)
        assert (area.kind, area.kreis_name, area.population) == (Kind.GEMEINDEFREI, None, 0)
