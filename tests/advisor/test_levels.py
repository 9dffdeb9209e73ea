"""Advice at the administrative level: a member Gemeinde is advised as the association that
runs its administration, a Landkreis knows its tasks and Klimaschutzkoordination, keys of every
length work in the API, and the notes rest on listed sources."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from klimaorg.advisor import ProfileError, advise
from klimaorg.advisor.levels import load_levels
from klimaorg.cli.main import app
from klimaorg.directory import Directory
from klimaorg.i18n import Lang
from klimaorg.reports.build import report_for_profile
from klimaorg.reports.render import render
from klimaorg.web.app import create_app
from tests.advisor.test_api_and_directory import imported  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("imported")


def test_member_is_advised_as_its_verbandsgemeinde(imported: Directory) -> None:  # noqa: F811
    result = advise({"municipality": {"ags": "07339049"}}, directory=imported)
    level = result["level"]
    assert level["text"] == (
        "Die Verwaltung von Oppenheim führt die Verbandsgemeinde Rhein-Selz (20 Ortsgemeinden, "
        "41.975 Einwohner). Die Empfehlung gilt für ihre Verwaltung."
    )
    assert (level["key"], level["kind"], level["administered"]) == (
        "073395007",
        "gemeindeverband",
        True,
    )
    assert {"key": "07339049", "name": "Oppenheim, Stadt", "population": 7560} in level["members"]
    assert sum(m["population"] for m in level["members"]) == 41975
    place = result["inputs"]["profile"]
    assert (place["municipality.kind"], place["municipality.population"]) == (
        "gemeindeverband",
        41975,
    )
    # the shared post is weighed: members count as neighbours sharing it, and the rule fires
    assert place["structures.neighbours_to_share_with"] is True
    shared = next(
        a for a in result["assumptions"] if a["field"] == "structures.neighbours_to_share_with"
    )
    assert "Rhein-Selz" in shared["rationale"]
    assert "verband_administration_shared_post" in [r["id"] for r in result["rules_fired"]]
    assert [n["id"] for n in result["level_notes"]] == ["verband_shared_post"]


def test_shared_post_raises_stellenteilung(imported: Directory) -> None:  # noqa: F811
    """The same figures as an association score the shared post higher than as a Gemeinde."""
    as_verband = advise({"municipality": {"ags": "083165001"}}, directory=imported)
    as_gemeinde = advise(
        {"municipality": {"kind": "gemeinde", "population": 19934}}, directory=imported
    )

    def score(result: dict[str, object], model: str) -> float:
        rows = result["ranking"]
        assert isinstance(rows, list)
        return float(next(r["score"] for r in rows if r["model"] == model))

    assert score(as_verband, "stellenteilung") > score(as_gemeinde, "stellenteilung")


def test_an_explicit_answer_on_sharing_wins(imported: Directory) -> None:  # noqa: F811
    result = advise(
        {"municipality": {"ags": "07339049"}, "structures": {"neighbours_to_share_with": False}},
        directory=imported,
    )
    assert result["inputs"]["profile"]["structures.neighbours_to_share_with"] is False


def test_given_figures_are_advised_and_the_verband_named(imported: Directory) -> None:  # noqa: F811
    result = advise({"municipality": {"name": "Oppenheim", "population": 7600}}, directory=imported)
    assert result["inputs"]["profile"]["municipality.population"] == 7600
    assert result["level"]["own_figures"] is True
    assert "Verbandsgemeinde Rhein-Selz" in result["level"]["text"]
    assert result["level_notes"] == []


def test_landkreis_by_key_knows_its_tasks_and_koordination(imported: Directory) -> None:  # noqa: F811
    cases: tuple[tuple[Lang, str], ...] = (
        ("de", "Klimaschutzkoordination"),
        ("en", "coordination"),
    )
    for lang, words in cases:
        result = advise({"municipality": {"ags": "09175"}}, directory=imported, lang=lang)
        assert result["inputs"]["profile"]["municipality.kind"] == "landkreis"
        assert result["inputs"]["profile"]["municipality.name"] == "Landkreis Ebersberg"
        assert len(result["level"]["members"]) == 21
        notes = {n["id"]: n for n in result["level_notes"]}
        assert set(notes) == {"landkreis_own_tasks", "landkreis_klimaschutzkoordination"}
        koordination = notes["landkreis_klimaschutzkoordination"]
        assert words in koordination["text"] and "4.1.7" in koordination["text"]
        assert koordination["url"].startswith("https://www.klimaschutz.de/")
        assert notes["landkreis_own_tasks"]["url"].startswith(
            "https://leitfaden.kommunaler-klimaschutz.de/"
        )


def test_landkreis_notes_without_directory() -> None:
    """The notes follow the kind: a Landkreis given by kind and population gets them too."""
    result = advise({"municipality": {"kind": "landkreis", "population": 150000}})
    assert result["level"] is None
    assert len(result["level_notes"]) == 2


def test_verbandsfrei_pseudo_key_means_the_gemeinde(imported: Directory) -> None:  # noqa: F811
    result = advise({"municipality": {"ags": "083110000"}}, directory=imported)
    place = result["inputs"]["profile"]
    assert place["municipality.kind"] == "kreisfreie_stadt"  # Freiburg im Breisgau
    assert place["municipality.population"] == imported.municipality("08311000").population
    assert result["level"] is None


def test_verband_as_12_digit_ars_and_erfuellende_gemeinde(imported: Directory) -> None:  # noqa: F811
    result = advise({"municipality": {"ags": "073395007000"}}, directory=imported, lang="en")
    assert result["level"]["text"].startswith(
        "The recommendation applies to the administration of the Verbandsgemeinde Rhein-Selz"
    )
    result = advise({"municipality": {"name": "Görsbach"}}, directory=imported)
    assert result["level"]["administering_municipality"] == "Heringen/Helme"
    assert "als erfüllende Gemeinde" in result["level"]["text"]


@pytest.mark.parametrize(
    ("key", "lang", "field", "words"),
    [
        ("123", "de", "municipality.ags", "kein gültiger Schlüssel"),
        ("123", "en", "municipality.ags", "not a valid key"),
        ("09999", "de", "municipality.ags", "unbekannter Schlüssel"),
        ("099999999", "en", "municipality.ags", "unknown key"),
    ],
)
def test_bad_keys_name_the_field(
    imported: Directory,  # noqa: F811
    key: str,
    lang: Lang,
    field: str,
    words: str,
) -> None:
    with pytest.raises(ProfileError) as caught:
        advise({"municipality": {"ags": key}}, directory=imported, lang=lang)
    assert caught.value.field == field
    assert words in caught.value.message
    assert "^" not in caught.value.message  # no pattern syntax shown to users


def test_api_advise_and_autocomplete_with_levels(imported: Directory) -> None:  # noqa: F811
    client = TestClient(create_app())
    response = client.post("/api/v1/advise", json={"municipality": {"ags": "010585890"}})
    assert response.status_code == 200
    assert response.json()["level"]["name"] == "Amt Hüttener Berge"
    response = client.post("/api/v1/advise?lang=en", json={"municipality": {"ags": "12"}})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "municipality.ags"
    hits = client.get("/api/v1/municipalities", params={"q": "Ebersberg"}).json()["results"]
    assert hits[0]["label"] == "Landkreis Ebersberg" and hits[0]["kind"] == "landkreis"
    hits = client.get("/api/v1/municipalities", params={"q": "Oppenheim"}).json()["results"]
    assert hits[0]["administration"] == {
        "key": "073395007",
        "name": "Verbandsgemeinde Rhein-Selz",
        "type": "Verbandsgemeinde",
    }


def test_cli_advise_with_a_key(imported: Directory, tmp_path: Path) -> None:  # noqa: F811
    run = CliRunner().invoke(app, ["advise", "--kommune", "07339049"])
    assert run.exit_code == 0, run.output
    assert "Die Verwaltung von Oppenheim führt die Verbandsgemeinde Rhein-Selz" in " ".join(
        run.stdout.split()
    )
    run = CliRunner().invoke(app, ["advise", "-k", "09175", "--format", "markdown"])
    assert run.exit_code == 0, run.output
    assert "## Verwaltungsebene" in run.stdout and "Klimaschutzkoordination" in run.stdout
    assert "- Vaterstetten (09175132): 25.530" in run.stdout
    run = CliRunner().invoke(app, ["advise", "-k", "12"])
    assert run.exit_code == 2
    assert "--kommune" in run.output and "municipality" not in run.output


def test_every_note_names_a_listed_source() -> None:
    data = load_levels()
    sources = {s.id: s for s in data.sources}
    for note in data.notes:
        assert note.basis.ref in sources, note.id
        assert note.text.de and note.text.en
    assert sources["klimaschutz_de_koordination"].url


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_report_summary_names_the_level(imported: Directory, fmt: str) -> None:  # noqa: F811
    report = report_for_profile({"municipality": {"ags": "07339049"}}, directory=imported)
    assert report["summary"]["level"][0].startswith(
        "Die Verwaltung von Oppenheim führt die Verbandsgemeinde Rhein-Selz"
    )
    body = render(report, fmt)
    if fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(body)) as document:
            body = document.read("word/document.xml")
    assert "Verbandsgemeinde Rhein-Selz (20 Ortsgemeinden" in body.decode("utf-8")
