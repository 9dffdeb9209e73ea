"""Bad profiles give one clear message naming the field as spelled in the profile file, in the
user's language: exit code 2 on the CLI, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from klimaorg.advisor import ProfileError, advise, read_profile_text
from klimaorg.cli.main import app
from klimaorg.errors import UserInputError
from klimaorg.knowledge import load_knowledge

BASE: dict[str, Any] = {"municipality": {"kind": "stadt", "population": 20000}}

CASES = [
    (
        {"municipality": {"kind": "stadt", "population": 20000}, "budget": 1},
        "budget",
        "unbekanntes Feld",
    ),
    (
        {"municipality": {"kind": "stadt", "population": 0}},
        "municipality.population",
        "mindestens 1",
    ),
    (
        {"municipality": {"kind": "stadt", "population": "viele"}},
        "municipality.population",
        "ganze Zahl",
    ),
    ({**BASE, "resources": {"staff_fte": -1}}, "resources.staff_fte", "größer als 0"),
    ({**BASE, "backing": {"administration_head": 7}}, "backing.administration_head", "höchstens 5"),
    ({**BASE, "priorities": {"coordination": 5}}, "priorities.coordination", "höchstens 4"),
    (
        {**BASE, "priorities": {"klimawirkung": 3}},
        "priorities.klimawirkung",
        "unbekanntes Kriterium",
    ),
    ({**BASE, "goals": ["weltfrieden"]}, "goals[0]", "nicht zulässig"),
    (
        {"municipality": {"kind": "dorf", "population": 500}},
        "municipality.kind",
        "nicht zulässig",
    ),
    ({"municipality": {"kind": "stadt"}}, "municipality.population", "Einwohnerzahl"),
    ({"municipality": {"ags": "123"}}, "municipality.ags", "kein gültiger Schlüssel"),
    ({**BASE, "structures": {"eea": "ja"}}, "structures.eea", "ja (true) oder nein (false)"),
    ({**BASE, "priorities": dict.fromkeys(["leadership_access"], 0)}, "", ""),
]


@pytest.mark.parametrize(("data", "field", "words"), CASES)
def test_bad_profile_names_the_field(data: dict[str, Any], field: str, words: str) -> None:
    if not field:
        advise(data)  # a single zero priority is fine: the others keep their defaults
        return
    with pytest.raises(ProfileError) as caught:
        advise(data)
    assert caught.value.field == field
    assert words in caught.value.message


def test_english_messages() -> None:
    with pytest.raises(ProfileError) as caught:
        advise({**BASE, "priorities": {"klimawirkung": 3}}, lang="en")
    assert "unknown criterion" in caught.value.message
    with pytest.raises(ProfileError) as caught:
        advise({"municipality": {"kind": "stadt"}}, lang="en")
    assert "population" in caught.value.message


def test_all_priorities_zero_is_refused() -> None:
    zero = dict.fromkeys(load_knowledge().criterion_ids, 0)
    with pytest.raises(ProfileError) as caught:
        advise({**BASE, "priorities": zero})
    assert caught.value.field == "priorities"


def test_ags_without_directory_says_how_to_import() -> None:
    with pytest.raises(ProfileError) as caught:
        advise({"municipality": {"ags": "08316009"}})
    assert "klimaorg directory import" in caught.value.message


def test_invalid_yaml() -> None:
    with pytest.raises(ProfileError) as caught:
        read_profile_text("municipality: [kind: stadt\n", "de")
    assert "YAML" in caught.value.message


def test_a_profile_must_be_a_mapping() -> None:
    with pytest.raises(ProfileError):
        advise(["stadt"])


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "municipality: {kind: stadt, population: 0}\n",
            "Fehler: Einwohnerzahl (municipality.population): muss mindestens 1 sein\n",
        ),
        (
            "municipality: {kind: stadt, population: 1000}\nextra: 1\n",
            "Fehler: extra: unbekanntes Feld\n",
        ),
        ("municipality: [\n", None),
    ],
)
def test_cli_bad_profile_exit_2_one_line(
    tmp_path: Path, content: str, expected: str | None
) -> None:
    path = tmp_path / "profil.yaml"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["advise", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    if expected:
        assert result.stderr == expected


def test_cli_english_prefix(tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    path.write_text('{"municipality": {"kind": "stadt", "population": -5}}', encoding="utf-8")
    result = CliRunner().invoke(app, ["advise", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: Population (municipality.population):")


def test_cli_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["advise", str(tmp_path / "fehlt.yaml")])
    assert result.exit_code == 2
    assert "fehlt.yaml" in result.stderr


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10**7),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.lists(st.text(max_size=8), max_size=3),
)
sections = st.dictionaries(
    st.sampled_from(
        [
            "kind",
            "population",
            "ags",
            "name",
            "staff_fte",
            "own_budget_eur",
            "funding",
            "eea",
            "administration_head",
            "council",
            "coordination",
            "financing",
            "zzz",
        ]
    ),
    values,
    max_size=5,
)
profiles = st.dictionaries(
    st.sampled_from(
        [
            "municipality",
            "goals",
            "structures",
            "resources",
            "backing",
            "priorities",
            "weighting",
            "x",
        ]
    ),
    st.one_of(sections, values),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(profiles)
def test_fuzzed_profiles_either_advise_or_name_a_field(data: dict[str, Any]) -> None:
    try:
        result = advise(data, samples=200)
    except UserInputError as exc:
        assert exc.message
    else:
        assert result["ranking"][0]["rank"] == 1
