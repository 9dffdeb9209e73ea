"""Lookup, name resolution and autocomplete on the hand-made directory."""

from __future__ import annotations

import pytest

from klimaorg.directory import (
    AmbiguousNameError,
    Directory,
    Kind,
    Kreis,
    Municipality,
    NameNotFoundError,
)
from klimaorg.directory.text import fold
from klimaorg.errors import NotFoundError, UserInputError


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("München", "munchen"),
        ("Muenchen", "munchen"),
        ("MUNCHEN", "munchen"),
        ("Gießen", "giessen"),
        ("Oehringen", "ohringen"),
        ("Neustadt/ Westerwald", "neustadt westerwald"),
        ("Garching b.München, St", "garching b munchen st"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_lookup_by_ags_and_ars(small_directory: Directory) -> None:
    by_ags = small_directory.get("08316009")
    assert isinstance(by_ags, Municipality)
    assert by_ags.name == "Denzlingen"
    assert small_directory.get("083165001009") is by_ags
    assert small_directory.municipality("08316 009") is by_ags
    assert small_directory.find("00000000") is None


def test_malformed_and_unknown_keys(small_directory: Directory) -> None:
    with pytest.raises(UserInputError, match="kein Schlüssel"):
        small_directory.get("0831600")
    with pytest.raises(NotFoundError):
        small_directory.get("08316999")
    with pytest.raises(UserInputError):
        small_directory.municipality("08316")


@pytest.mark.parametrize("query", ["München", "Muenchen", "Munchen", "münchen", "MÜNCHEN"])
def test_umlaut_tolerant_search(small_directory: Directory, query: str) -> None:
    hits = small_directory.search(query, 10)
    assert hits[0].name == "München, Landeshauptstadt"
    assert [h.name for h in hits[:2]] == ["München, Landeshauptstadt", "München"]


def test_search_orders_by_relevance_then_population(small_directory: Directory) -> None:
    names = [h.name for h in small_directory.search("münchen", 10)]
    assert names == [
        "München, Landeshauptstadt",  # exact short name, 1.5 million
        "München",  # exact, Landkreis (17,526 summed from its Gemeinden)
        "Münchenbernsdorf",  # name prefix, Verband of 12,928
        "Münchenbernsdorf, Stadt",  # name prefix, 2,939
        "Garching b.München, St",  # word prefix only
    ]


def test_search_substring_and_limit(small_directory: Directory) -> None:
    assert [h.name for h in small_directory.search("stetten")] == [
        "GVV Denzlingen-Vörstetten-Reute",  # inside a word, 17,109 inhabitants
        "Vörstetten",  # inside a word, 3,199
    ]
    assert len(small_directory.search("en", 3)) == 3
    assert small_directory.search("", 5) == []
    assert small_directory.search("xyz", 5) == []
    assert small_directory.search("München", 0) == []


def test_single_letter_matches_word_starts_only(small_directory: Directory) -> None:
    names = [h.name for h in small_directory.search("v", 10)]
    assert names == ["Vörstetten", "GVV Denzlingen-Vörstetten-Reute", "Neustadt/Vogtl."]


def test_search_excludes_gemeindefreie_gebiete_unless_asked(small_directory: Directory) -> None:
    assert small_directory.search("Forstenrieder") == []
    hits = small_directory.search("Forstenrieder", kinds=frozenset(Kind))
    assert [h.kind for h in hits] == [Kind.GEMEINDEFREI]


def test_search_by_key_prefix(small_directory: Directory) -> None:
    keys = [h.key for h in small_directory.search("08316", 10)]
    assert keys[0] == "08316"
    assert set(keys) == {"08316", "083165001", "08316009", "08316050", "08316011"}


def test_by_name_returns_all_candidates(small_directory: Directory) -> None:
    hits = small_directory.by_name("München")
    assert [(h.name, h.kind) for h in hits] == [
        ("München, Landeshauptstadt", Kind.KREISFREIE_STADT),
        ("München", Kind.LANDKREIS),
    ]
    assert small_directory.by_name("Muenchen, Landeshauptstadt")[0].key == "09162000"


def test_resolve_unique_name(small_directory: Directory) -> None:
    assert small_directory.resolve("Denzlingen").key == "08316009"
    assert small_directory.resolve("Vorstetten").key == "08316050"
    assert small_directory.resolve("08316011").kind is Kind.STADT


def test_resolve_ambiguous_name_lists_candidates(small_directory: Directory) -> None:
    with pytest.raises(AmbiguousNameError) as info:
        small_directory.resolve("Neustadt", field="profile.name")
    error = info.value
    assert isinstance(error, UserInputError)
    assert error.field == "profile.name"
    assert [c.name for c in error.candidates] == ["Neustadt an der Orla", "Neustadt/Vogtl."]
    assert "mehrdeutig, 2 Treffer" in str(error)


def test_resolve_restricted_to_kinds(small_directory: Directory) -> None:
    municipality = small_directory.resolve("München", kinds={Kind.KREISFREIE_STADT})
    assert municipality.key == "09162000"
    kreis = small_directory.resolve("München", kinds={Kind.LANDKREIS})
    assert isinstance(kreis, Kreis)
    assert kreis.population == 17526


def test_resolve_unknown_name(small_directory: Directory) -> None:
    with pytest.raises(NameNotFoundError) as info:
        small_directory.resolve("Atlantis")
    assert isinstance(info.value, NotFoundError)
    assert "Atlantis" in str(info.value)


def test_resolve_gemeindefreies_gebiet_by_key_is_refused_by_default(
    small_directory: Directory,
) -> None:
    with pytest.raises(UserInputError, match="nicht zulässig"):
        small_directory.resolve("09184451")
    found = small_directory.resolve("09184451", kinds=frozenset(Kind))
    assert found.kind is Kind.GEMEINDEFREI


def test_listings(small_directory: Directory) -> None:
    in_kreis = small_directory.municipalities_in(kreis="08316")
    assert [m.ags for m in in_kreis] == ["08316009", "08316050", "08316011"]
    in_verband = small_directory.municipalities_in(verband="083165001")
    assert [m.name for m in in_verband] == ["Denzlingen", "Vörstetten"]
    bayern = small_directory.municipalities_in(land="09", include_gemeindefrei=False)
    assert [m.ags for m in bayern] == ["09162000", "09184119"]
    assert [k.key for k in small_directory.kreise_in("09")] == ["09162", "09184"]
    with pytest.raises(NotFoundError):
        small_directory.municipalities_in(kreis="08999")


def test_kreis_and_verband_population_are_sums(small_directory: Directory) -> None:
    assert small_directory.kreis("08316").population == 13910 + 3199 + 28856
    assert small_directory.kreis("08316").area_ha == 3 * 1694
    assert small_directory.verband("083165001").population == 13910 + 3199
    assert small_directory.land("09").name == "Bayern"


def test_counts(small_directory: Directory) -> None:
    assert small_directory.record_counts() == {
        "10": 3,
        "20": 0,
        "30": 0,
        "40": 4,
        "50": 6,
        "60": 9,
    }
    counts = {band.label: n for band, n in small_directory.size_class_counts()}
    assert counts["unter 1.000"] == 2  # Neustadt/Vogtl. and the gemeindefreie Gebiet
    without = {
        band.label: n for band, n in small_directory.size_class_counts(include_gemeindefrei=False)
    }
    assert without["unter 1.000"] == 1
