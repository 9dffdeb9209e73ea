"""Administrative levels in the real GV100AD file: which association runs a Gemeinde's
administration, its members, the keys of every level and the names users see."""

from __future__ import annotations

import pytest

from klimaorg.directory import Directory, Gemeindeverband, Kind, Kreis, Municipality


@pytest.mark.parametrize(
    ("ags", "verband_key", "label", "type_label", "members"),
    [
        # Rheinland-Pfalz: Verbandsgemeinde of 20 Ortsgemeinden
        ("07339049", "073395007", "Verbandsgemeinde Rhein-Selz", "Verbandsgemeinde", 20),
        # Schleswig-Holstein: Amt
        ("01058008", "010585890", "Amt Hüttener Berge", "Amt", 16),
        # Niedersachsen: Samtgemeinde
        ("03359023", "033595403", "Samtgemeinde Harsefeld", "Samtgemeinde", 4),
        # Baden-Württemberg: Gemeindeverwaltungsverband (domain.md's shared-post example)
        ("08316009", "083165001", "GVV Denzlingen-Vörstetten-Reute", "Verwaltungsverband", 3),
    ],
)
def test_member_gemeinde_and_its_administration(
    real_directory: Directory,
    ags: str,
    verband_key: str,
    label: str,
    type_label: str,
    members: int,
) -> None:
    gemeinde = real_directory.municipality(ags)
    verband = real_directory.administration(gemeinde)
    assert verband is not None
    assert (verband.key, verband.display_name, verband.type_label) == (
        verband_key,
        label,
        type_label,
    )
    assert gemeinde.ars.startswith(verband.key)  # the member's ARS carries the Verband's key
    listed = real_directory.members(verband)
    assert len(listed) == members and gemeinde in listed
    assert verband.population == sum(m.population for m in listed)


def test_verbandsfreie_gemeinde_has_its_own_administration(real_directory: Directory) -> None:
    freiburg = real_directory.municipality("08311000")
    assert real_directory.administration(freiburg) is None
    pseudo = real_directory.find(freiburg.verband_key)
    assert isinstance(pseudo, Gemeindeverband) and pseudo.is_verbandsfrei
    assert not pseudo.administers


def test_erfuellende_gemeinde_runs_the_administration(real_directory: Directory) -> None:
    """Type 58 (Thüringen): the record carries the administering Gemeinde's name."""
    goersbach = real_directory.municipality("16062008")
    verband = real_directory.administration(goersbach)
    assert verband is not None and verband.is_erfuellende_gemeinde
    names = [m.name for m in real_directory.members(verband)]
    assert verband.name in names and "Görsbach" in names


def test_keys_of_every_level(real_directory: Directory) -> None:
    kreis = real_directory.find("09175")
    assert isinstance(kreis, Kreis) and kreis.display_name == "Landkreis Ebersberg"
    assert kreis.kind is Kind.LANDKREIS and kreis.population == 146_830
    assert isinstance(real_directory.find("073395007"), Gemeindeverband)
    # the Verband written as a 12-digit ARS (key + "000") is the Verband …
    assert real_directory.find("073395007000") == real_directory.find("073395007")
    # … but a Gemeinde's own 12-digit ARS stays the Gemeinde
    assert isinstance(real_directory.find("073395007049"), Municipality)
    assert isinstance(real_directory.find("051110000000"), Municipality)  # Düsseldorf
    assert real_directory.find("073399999000") is None


def test_display_names(real_directory: Directory) -> None:
    assert real_directory.kreis("03241").display_name == "Region Hannover"
    assert real_directory.kreis("01051").display_name == "Kreis Dithmarschen"
    kreisfrei = real_directory.kreis("08311")
    assert kreisfrei.display_name == kreisfrei.name  # a kreisfreie Stadt keeps its name


def test_search_lists_levels_beside_gemeinden(real_directory: Directory) -> None:
    hits = [e.display_name for e in real_directory.search("Ebersberg", 5)]
    assert hits[:2] == ["Landkreis Ebersberg", "Ebersberg, St"]
    hits = [e.display_name for e in real_directory.search("Rhein-Selz", 5)]
    assert "Verbandsgemeinde Rhein-Selz" in hits
