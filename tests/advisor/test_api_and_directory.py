"""``POST /api/v1/advise`` returns what the library returns; a profile may name only the AGS or the
name once the official directory is imported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from klimaorg.advisor import ProfileError, advise
from klimaorg.cli.main import app
from klimaorg.context import current_directory
from klimaorg.directory import Directory
from klimaorg.settings import get_settings
from klimaorg.web.app import create_app
from tests.conftest import shared_file

PROFILE = {
    "municipality": {"kind": "stadt", "population": 35000},
    "goals": ["internal_coordination"],
    "structures": {"eea": True},
}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def test_api_equals_library(client: TestClient) -> None:
    for lang in ("de", "en"):
        response = client.post(f"/api/v1/advise?lang={lang}", json=PROFILE)
        assert response.status_code == 200
        assert response.json() == advise(PROFILE, lang=lang)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"municipality": {"kind": "stadt", "population": 0}}, "municipality.population"),
        ({"municipality": {"kind": "stadt", "population": 10}, "foo": 1}, "foo"),
        (
            {"municipality": {"kind": "stadt", "population": 10}, "resources": {"staff_fte": -2}},
            "resources.staff_fte",
        ),
        ({"municipality": {"ags": "99999999"}}, "municipality.ags"),
    ],
)
def test_api_bad_profile_is_422_with_the_field(
    client: TestClient, body: dict[str, object], field: str
) -> None:
    response = client.post("/api/v1/advise", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field


def test_api_english_message(client: TestClient) -> None:
    response = client.post("/api/v1/advise?lang=en", json={"municipality": {"kind": "stadt"}})
    assert response.status_code == 422
    assert "population" in response.json()["detail"][0]["message"]


def test_api_not_json_is_422(client: TestClient) -> None:
    response = client.post(
        "/api/v1/advise", content=b"{kaputt", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    source = shared_file("data/GV100AD_301123.txt")
    folder = tmp_path_factory.mktemp("data")
    patch = pytest.MonkeyPatch()
    patch.setenv("KLIMAORG_DATA_DIR", str(folder))
    patch.delenv("KLIMAORG_DATABASE_URL", raising=False)
    get_settings.cache_clear()  # settings read before (at collection) named another folder
    upgraded = CliRunner().invoke(app, ["db", "upgrade"])  # the app needs its database there too
    assert upgraded.exit_code == 0, upgraded.output
    result = CliRunner().invoke(app, ["directory", "import", str(source)])
    assert result.exit_code == 0, result.output
    directory = current_directory()
    assert directory is not None
    yield directory
    patch.undo()
    get_settings.cache_clear()


def test_profile_by_ags_gets_kind_and_population(imported: Directory) -> None:
    result = advise({"municipality": {"ags": "08311000"}}, directory=imported)
    place = result["inputs"]["profile"]
    assert place["municipality.name"] == imported.municipality("08311000").name
    assert place["municipality.kind"] == imported.municipality("08311000").kind
    assert place["municipality.population"] == imported.municipality("08311000").population
    assert result["level"] is None  # a Gemeinde with an administration of its own


def test_member_by_ags_is_advised_as_its_verband(imported: Directory) -> None:
    """Denzlingen's administration is the GVV Denzlingen-Vörstetten-Reute (domain.md)."""
    result = advise({"municipality": {"ags": "08316009"}}, directory=imported)
    place = result["inputs"]["profile"]
    assert place["municipality.name"] == "Denzlingen"
    assert place["municipality.kind"] == "gemeindeverband"
    assert place["municipality.population"] == 19934
    assert result["level"]["name"] == "GVV Denzlingen-Vörstetten-Reute"


def test_profile_by_name_and_ambiguity(imported: Directory) -> None:
    result = advise({"municipality": {"name": "Denzlingen"}}, directory=imported)
    assert result["inputs"]["profile"]["municipality.ags"] == "08316009"
    with pytest.raises(ProfileError) as caught:
        advise({"municipality": {"name": "Neustadt"}}, directory=imported)
    assert caught.value.field == "municipality.name"
    assert "mehrdeutig" in caught.value.message


def test_unknown_ags_names_the_field(imported: Directory) -> None:
    with pytest.raises(ProfileError) as caught:
        advise({"municipality": {"ags": "09999999"}}, directory=imported, lang="en")
    assert caught.value.field == "municipality.ags"
    assert "unknown" in caught.value.message


def test_given_values_win_over_the_directory(imported: Directory) -> None:
    result = advise(
        {"municipality": {"ags": "08316009", "population": 14500, "kind": "stadt"}},
        directory=imported,
    )
    assert result["inputs"]["profile"]["municipality.population"] == 14500


def test_autocomplete_endpoint(imported: Directory, client: TestClient) -> None:
    response = client.get("/api/v1/municipalities", params={"q": "Denzl"})
    assert response.status_code == 200
    names = [r["name"] for r in response.json()["results"]]
    assert "Denzlingen" in names


def test_autocomplete_rejects_empty_query(client: TestClient) -> None:
    assert client.get("/api/v1/municipalities", params={"q": ""}).status_code == 422


def test_profile_file_path_written_in_cli(imported: Directory, tmp_path: Path) -> None:
    path = tmp_path / "denzlingen.yaml"
    path.write_text(
        "municipality:\n  ags: '08316009'\nresources:\n  staff_fte: 0.5\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["advise", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"municipality.name": "Denzlingen"' in result.stdout
