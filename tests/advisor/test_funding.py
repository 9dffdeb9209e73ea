"""Funding conditions of the Kommunalrichtlinie: notes with their source, never weights."""

from __future__ import annotations

from pathlib import Path

import pytest

from klimaorg.advisor import advise
from klimaorg.advisor.funding import DATA_FILE, load_funding
from klimaorg.knowledge.yamlfile import DataFileError

PLACE = {"kind": "gemeinde", "population": 8000}


def ids(profile: dict[str, object]) -> list[str]:
    return [n["id"] for n in advise({"municipality": PLACE, **profile})["funding"]]


def test_anschlussvorhaben_without_concept_is_named_a_contradiction() -> None:
    notes = advise(
        {
            "municipality": PLACE,
            "resources": {"funding": "anschlussvorhaben"},
            "structures": {"climate_concept": False},
        }
    )["funding"]
    assert notes[0]["id"] == "anschluss_without_concept"
    assert notes[0]["severity_label"] == "Widerspruch"
    assert "Klimaschutz- und Energieagentur Niedersachsen" in notes[0]["citation"]


def test_unknown_concept_is_not_read_as_no_concept() -> None:
    found = ids({"resources": {"funding": "anschlussvorhaben"}})
    assert "anschluss_without_concept" not in found
    assert "anschluss_concept_unknown" in found


def test_erstvorhaben_with_concept_and_without() -> None:
    assert "erstvorhaben_concept_exists" in ids(
        {"resources": {"funding": "erstvorhaben"}, "structures": {"climate_concept": True}}
    )
    found = ids(
        {"resources": {"funding": "erstvorhaben"}, "structures": {"climate_concept": False}}
    )
    assert "erstvorhaben_landkreis_concept" in found
    assert "erstvorhaben_additional_staff" in found
    assert "erstvorhaben_concept_exists" not in found


def test_financially_weak_rate_and_nothing_without_facts() -> None:
    assert ids({"resources": {"financially_weak": True}}) == ["financially_weak_rate"]
    assert ids({}) == []


def test_funding_notes_do_not_change_the_ranking() -> None:
    funding = {"funding": "anschlussvorhaben"}
    open_ = advise({"municipality": PLACE, "resources": funding})
    stated = advise(
        {"municipality": PLACE, "resources": funding, "structures": {"climate_concept": False}}
    )
    assert open_["funding"] != stated["funding"]
    assert open_["ranking"] == stated["ranking"]


def test_bad_file_names_file_and_entry(tmp_path: Path) -> None:
    text = DATA_FILE.read_text(encoding="utf-8").replace(
        "field: structures.climate_concept", "field: structures.concept", 1
    )
    bad = tmp_path / "funding.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_funding(bad)
    message = str(caught.value)
    assert "funding.yaml: checks[0].when[1].field" in message
    assert "\n" not in message


def test_packaged_file_loads() -> None:
    assert len(load_funding().checks) >= 8


def test_user_guides_list_every_check() -> None:
    """The guides' tables of checks (de and en) stay complete when a check is added."""
    docs = Path(__file__).resolve().parents[2] / "docs"
    for guide in (docs / "de" / "beratung.md", docs / "en" / "advice.md"):
        text = guide.read_text(encoding="utf-8")
        missing = [c.id for c in load_funding().checks if f"| `{c.id}` |" not in text]
        assert not missing, f"{guide.name} lacks {missing}"
