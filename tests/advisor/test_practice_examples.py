"""Practice examples: the packaged cases agree with the shared collection and the test profiles,
the loaders are strict, and the three nearest cases are the ones an expert would pick."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from klimaorg.advisor import advise
from klimaorg.advisor.practice import (
    DATA_FILE as SIMILARITY_FILE,
)
from klimaorg.advisor.practice import (
    case_table,
    load_similarity,
    practice_examples,
)
from klimaorg.knowledge.practice import DATA_FILE, load_practice
from klimaorg.knowledge.yamlfile import DataFileError
from tests.conftest import shared_file

PROFILES = Path(__file__).parent / "practice"
SHARED_CLASS = {"gemeindeverband": "interkommunal"}  # the shared file's name for our class


def _profiles() -> dict[str, dict[str, Any]]:
    """The test profiles of tests/advisor/practice/, by official key."""
    out = {}
    for path in sorted(PROFILES.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[str(doc["key"])] = doc
    return out


def test_every_case_matches_its_shared_entry() -> None:
    shared = yaml.safe_load(shared_file("data/praxisfaelle.yaml").read_text(encoding="utf-8"))
    implemented = [c for c in shared["cases"] if c.get("status") == "implemented"]
    cases = load_practice().cases
    assert len(cases) == len(implemented) == 25
    by_source = {(c["source"], c["model"]): c for c in implemented}
    for case in cases:
        entry = by_source.get((case.source, case.model))
        assert entry is not None, f"{case.id}: no shared case with this model and source"
        assert entry["land"] == _land_code(case.land), case.id
        assert entry["size_class"] == SHARED_CLASS.get(case.size_class, case.size_class), case.id
        assert set(case.sources) <= {entry["source"], *(entry.get("extra_sources") or [])}
    assert len({(c.source, c.model) for c in cases}) == 25  # one packaged case per shared one


def _land_code(code: str) -> str:
    letters = "SH HH NI HB NW HE RP BW BY SL BE BB MV SN ST TH"  # in the order of the codes
    return letters.split()[int(code) - 1]


def test_every_case_matches_its_test_profile() -> None:
    profiles = _profiles()
    cases = load_practice().cases
    assert {c.key for c in cases} == set(profiles)
    for case in cases:
        doc = profiles[case.key]
        place = doc["profile"]["municipality"]
        assert (doc["observed"], doc["source"]) == (case.model, case.source), case.id
        assert (place["kind"], place["population"]) == (case.kind, case.population), case.id
        assert doc["case"] == case.name, case.id
        staff = (doc["profile"].get("resources") or {}).get("staff_fte")
        assert case.facts.staff_fte == staff, case.id
        assert case.facts.goals == (doc["profile"].get("goals") or []), case.id


def _broken(tmp_path: Path, old: str, new: str, source: Path = DATA_FILE) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / source.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("model: klimaschutzamt", "model: referat", "cases[0].model"),
        (
            "size_class: grossstadt\n    model: stabsstelle",
            "size_class: mittelstadt\n    model: stabsstelle",
            "cases[1].size_class",
        ),
        ('key: "06412000"', 'key: "99412000"', "cases[0].key"),
        ('key: "09178"', 'key: "091780000"', "cases[18].key"),
        ("id: bonn", "id: stuttgart", "cases[2].id"),
        ("  - https://www.bonn.de", "  - ftp://www.bonn.de", "cases[2].sources[0]"),
        ("    change: null\n", "    changed: null\n", "cases[2]"),
    ],
)
def test_loader_names_file_and_entry(tmp_path: Path, old: str, new: str, where: str) -> None:
    with pytest.raises(DataFileError) as error:
        load_practice(_broken(tmp_path, old, new))
    message = str(error.value)
    assert message.startswith(f"practice_cases.yaml: {where}"), message
    assert "\n" not in message


def test_similarity_file_is_strict(tmp_path: Path) -> None:
    path = _broken(tmp_path, "  staff: 0.15\n", "  staff: 0.25\n", SIMILARITY_FILE)
    with pytest.raises(DataFileError) as error:
        load_similarity(path)
    assert str(error.value).startswith("practice.yaml: weights"), str(error.value)
    assert abs(sum(load_similarity().weights.model_dump().values()) - 1) < 1e-9


def _nearest(values: dict[str, Any], assumed: set[str] | None = None) -> list[dict[str, Any]]:
    return practice_examples(values, assumed or set(), "de")


def test_a_landkreis_gets_landkreise() -> None:
    found = _nearest({"municipality.kind": "landkreis", "municipality.population": 150_000})
    assert [e["kind"] for e in found] == ["landkreis"] * 3
    assert all("ebenfalls ein Landkreis" in e["reason"] for e in found)


def test_a_large_city_gets_large_cities() -> None:
    found = _nearest({"municipality.kind": "kreisfreie_stadt", "municipality.population": 600_000})
    assert {e["id"] for e in found} == {"frankfurt_am_main", "stuttgart", "bonn"}
    assert found[0]["reason"] == "Ähnliche Größe, ebenfalls eine kreisfreie Stadt."


def test_an_association_gets_associations_and_goals_and_staff_count() -> None:
    found = _nearest({"municipality.kind": "gemeindeverband", "municipality.population": 15_000})
    assert [e["size_class"] for e in found[:2]] == ["gemeindeverband"] * 2
    coordinating = _nearest(
        {
            "municipality.kind": "kreisfreie_stadt",
            "municipality.population": 120_000,
            "resources.staff_fte": 4.0,
            "goals": ["funding_acquisition"],
        }
    )
    assert coordinating[0]["id"] == "bottrop"
    assert coordinating[0]["reason"] == (
        "Ähnliche Größe, ebenfalls eine kreisfreie Stadt, ähnlich viele Stellen für Klimaschutz, "
        "gemeinsames Ziel „Fördermittel einwerben“."
    )


def test_assumed_facts_are_unknown() -> None:
    values = {
        "municipality.kind": "stadt",
        "municipality.population": 30_000,
        "resources.staff_fte": 1.0,
    }
    stated = _nearest(values)
    assumed = _nearest(values, {"resources.staff_fte"})
    assert "ähnlich viele Stellen" in stated[0]["reason"]
    assert all("Stellen" not in e["reason"] for e in assumed)


def test_result_carries_the_examples_in_both_languages() -> None:
    profile = {"municipality": {"kind": "landkreis", "population": 120_000}}
    german, english = advise(profile, lang="de"), advise(profile, lang="en")
    assert len(german["practice_examples"]) == 3
    first = english["practice_examples"][0]
    assert first["reason"].startswith("Similar size, also a district")
    assert first["source"].startswith("https://")
    assert first["model_name"] and first["change"]


def test_case_table_filters_and_ignores_unknown_values() -> None:
    every = case_table("de", {})
    assert len(every["cases"]) == every["total"] == 25 and every["ignored"] == []
    landkreise = case_table("de", {"groesse": "landkreis", "land": "09"})
    assert {c["name"] for c in landkreise["cases"]} >= {"Landkreis Freising"}
    assert all(c["land"] == "09" and c["kind"] == "landkreis" for c in landkreise["cases"])
    hostile = case_table("en", {"modell": "<script>", "land": "9" * 5000, "groesse": None})
    assert hostile["ignored"] == ["modell", "land"] and len(hostile["cases"]) == 25


def test_user_guides_state_the_weights_of_the_file() -> None:
    """The similarity tables of docs/de/beratung.md and docs/en/advice.md match practice.yaml."""
    docs = Path(__file__).resolve().parents[2] / "docs"
    weights = load_similarity().weights
    rows = {
        "de": ("Art der Verwaltung", "Einwohnerzahl", "Stellen für Klimaschutz", "Ziele"),
        "en": ("Kind of administration", "Population", "Climate posts", "Goals"),
    }
    for lang, guide in (("de", "de/beratung.md"), ("en", "en/advice.md")):
        text = (docs / guide).read_text(encoding="utf-8")
        features = ("kind", "population", "staff", "goals")
        for label, feature in zip(rows[lang], features, strict=True):
            value = f"{getattr(weights, feature):.2f}"
            value = value.replace(".", ",") if lang == "de" else value
            assert f"| {label} | {value} |" in text, (guide, label, value)
