"""An edited knowledge folder (``KLIMAORG_KNOWLEDGE_DIR``) shows everywhere: catalogue, advice,
report, wizard and workshop read the same knowledge base through one accessor
(:func:`klimaorg.advisor.load_advisor_data`), never the packaged one behind its back."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from klimaorg import assessing
from klimaorg.advisor import advise, load_advisor_data
from klimaorg.knowledge import DEFAULT_DIR
from klimaorg.knowledge.yamlfile import DataFileError
from klimaorg.reports.build import report_for_profile
from klimaorg.reports.markdown import report as markdown_report
from klimaorg.settings import Settings, get_settings
from klimaorg.storage import service
from tests.accounts import sole_member
from tests.web.assessment_world import migrated_app
from tests.web.clients import login_client

MODEL = "Stabsstelle im Prüfstand"
CRITERION = "Nähe zur Spitze im Prüfstand"
PROFILE = {"municipality": {"kind": "stadt", "population": 30_000}, "resources": {"staff_fte": 1}}


def edited_copy(target: Path) -> Path:
    """The packaged knowledge with one model and one criterion renamed, as a reviewer would."""
    shutil.copytree(DEFAULT_DIR, target)
    model = target / "models" / "stabsstelle.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("  de: Stabsstelle\n", f"  de: {MODEL}\n", 1), encoding="utf-8")
    criteria = target / "criteria.yaml"
    text = criteria.read_text(encoding="utf-8")
    criteria.write_text(
        text.replace("de: Nähe zur Verwaltungsspitze\n", f"de: {CRITERION}\n", 1),
        encoding="utf-8",
    )
    return target


def use_knowledge(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Iterator[None]:
    monkeypatch.setenv("KLIMAORG_KNOWLEDGE_DIR", str(folder))
    get_settings.cache_clear()
    try:
        yield
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


@pytest.fixture
def edited(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    folder = edited_copy(tmp_path / "knowledge")
    yield from (folder for _ in use_knowledge(monkeypatch, folder))


def test_advice_and_report_use_the_edited_base(edited: Path) -> None:
    assert load_advisor_data().knowledge.model("stabsstelle").short_name.de == MODEL
    result = advise(PROFILE)
    names = {entry["name"] for entry in result["ranking"]}
    assert MODEL in names
    text = markdown_report(report_for_profile(PROFILE))
    assert MODEL in text
    assert "| Stabsstelle |" not in text


def test_catalogue_wizard_and_workshop_use_the_edited_base(edited: Path, tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'k.sqlite3'}", data_dir=tmp_path)
    app = migrated_app(settings)
    with app.state.db.transaction() as s:
        owner = sole_member(s, "Prüfstadt", service.Role.OWNER).principal
        detail = assessing.create_assessment(s, owner, title="Prüfung", profile=PROFILE)
        info, token = service.create_workshop(s, owner, detail.id, title="Runde")
    with TestClient(app) as client:
        assert MODEL in client.get("/vergleich").text
        assert CRITERION in client.get("/beratung/schritt/5").text
        assert CRITERION in client.get(f"/workshop/{token}").text
        with app.state.db.transaction() as s:
            priorities = dict.fromkeys(load_advisor_data().knowledge.criterion_ids, 2)
            service.submit_priorities(s, token, participant="Anna", priorities=priorities)
        assert owner.user_id is not None
        login_client(client, owner.user_id, owner.organisation_id)
        group = client.get(f"/bewertungen/{detail.id}/workshop/{info.id}")
        assert group.status_code == 200
        assert MODEL in group.text  # the aggregation ranks the edited model by its new name
        assert CRITERION in group.text
    app.state.db.dispose()


def test_a_folder_with_other_criteria_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = edited_copy(tmp_path / "knowledge")
    criteria = folder / "criteria.yaml"
    criteria.write_text(
        criteria.read_text(encoding="utf-8").replace("id: leadership_access", "id: nearness"),
        encoding="utf-8",
    )
    for _ in use_knowledge(monkeypatch, folder):
        with pytest.raises(DataFileError):
            load_advisor_data()
