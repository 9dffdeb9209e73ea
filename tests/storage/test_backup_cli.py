"""Backups (SQLite online backup → restore → same data; PostgreSQL: the pg_dump command) and
the ``klimaorg db|orgs|users|tokens|assessments`` commands on both databases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from klimaorg import assessing
from klimaorg.cli.main import app
from klimaorg.settings import get_settings
from klimaorg.storage import service
from klimaorg.storage.db import (
    Database,
    backup_sqlite,
    make_engine,
    pg_dump_command,
    restore_sqlite,
)
from klimaorg.storage.models import ApiToken, Assessment, AssessmentVersion
from tests.accounts import PASSWORD
from tests.storage.conftest import PROFILE, Tenant

runner = CliRunner()


def _snapshot(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(Assessment.title, AssessmentVersion.number, AssessmentVersion.profile)
            .join(AssessmentVersion, AssessmentVersion.assessment_id == Assessment.id)
            .order_by(Assessment.id, AssessmentVersion.number)
        ).all()
    return [tuple(r) for r in rows]


def test_sqlite_backup_and_restore(
    db: Database, tenants: tuple[Tenant, Tenant], tmp_path: Path
) -> None:
    if db.engine.dialect.name != "sqlite":
        command = pg_dump_command(db.engine, tmp_path / "k.dump")
        assert command.startswith("pg_dump --format=custom") and "klimaorg_test" in command
        assert "klimaorg-test" not in command  # never the password
        return
    a, _ = tenants
    with db.transaction() as s:
        created = assessing.create_assessment(s, a.editor, title="Gesichert", profile=PROFILE)
        assessing.update_assessment(s, a.editor, created.id, lock_version=1, profile=PROFILE)
    backup = tmp_path / "backup.sqlite3"
    with db.transaction() as s:  # a transaction open meanwhile: backup is online
        service.get_assessment(s, a.viewer, created.id)
        backup_sqlite(db.engine, backup)
    restored = tmp_path / "restored" / "klimaorg.sqlite3"
    restore_sqlite(backup, restored)
    engine = make_engine(f"sqlite:///{restored}")
    Database(engine).check_migrated()
    assert _snapshot(engine) == _snapshot(db.engine) and len(_snapshot(engine)) == 2
    with Database(engine).transaction() as s:
        assert service.authenticate(s, "editor@a.example", PASSWORD)
    engine.dispose()
    (tmp_path / "junk").write_text("not a database")
    with pytest.raises(service.UserInputError):
        restore_sqlite(tmp_path / "junk", tmp_path / "x.sqlite3")
    with pytest.raises(service.UserInputError, match="existiert"):
        backup_sqlite(db.engine, backup)


@pytest.fixture
def cli_env(db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Database]:
    """The CLI pointed at the test database."""
    monkeypatch.setenv("KLIMAORG_DATABASE_URL", db.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("KLIMAORG_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield db
    get_settings.cache_clear()


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_cli_accounts_tokens_export_import(cli_env: Database, tmp_path: Path) -> None:
    code, out, _ = _run("db", "status")
    assert code == 0 and "Auf dem neuesten Stand" in out
    assert _run("db", "upgrade")[0] == 0
    code, out, _ = _run(
        "orgs", "create", "Stadt Emmendingen", "--kind", "municipality", "--ags", "08316011"
    )
    assert code == 0 and "angelegt" in out
    assert _run("orgs", "create", "Agentur", "--kind", "energy_agency", "--kreis", "08316")[0] == 0
    code, _, err = _run("orgs", "create", "X", "--kind", "verein")
    assert code == 2 and err.startswith("Fehler: kind") and err.count("\n") == 1
    # weak password refused, no account made
    create_anna = ("users", "create", "anna@example.org", "--org", "Stadt Emmendingen")
    code, _, err = _run(*create_anna, "--role", "owner", "--password-stdin", stdin="kurz\n")
    assert code == 2 and "mindestens 12 Zeichen" in err
    code, out, _ = _run(
        *create_anna, "--role", "owner", "--admin", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert code == 0 and "Administrator" in out
    # prompted twice
    code, out, _ = _run(
        "users",
        "create",
        "ben@example.org",
        "--org",
        "Agentur",
        "--role",
        "editor",
        stdin=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert code == 0, out
    code, _, err = _run(
        "users",
        "create",
        "ANNA@example.org",
        "--org",
        "Agentur",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert code == 2 and "gibt es schon" in err
    code, out, _ = _run("users", "reset-password", "anna@example.org", "--generate")
    one_time = out.strip().rsplit(" ", 1)[-1]
    assert code == 0 and len(one_time) >= 12
    with cli_env.transaction() as s:
        assert service.authenticate(s, "anna@example.org", one_time)
    code, out, _ = _run(
        "tokens",
        "create",
        "--user",
        "anna@example.org",
        "--org",
        "Stadt Emmendingen",
        "--name",
        "Fachverfahren",
    )
    token = out.strip()
    assert code == 0 and token.startswith("ko_")
    with cli_env.transaction() as s:
        assert token not in str(s.execute(sa.select(ApiToken.__table__)).all())
        principal = service.resolve_api_token(s, token)
        created = assessing.create_assessment(s, principal, title="CLI", profile=PROFILE)
    exported = tmp_path / "export.json"
    code, out, _ = _run("assessments", "export", str(created.id), "-o", str(exported))
    assert code == 0
    code, out, _ = _run("assessments", "import", str(exported), "--org", "Agentur")
    assert code == 0 and "importiert" in out
    new_id = int(out.split()[1])
    again = tmp_path / "again.json"
    assert _run("assessments", "export", str(new_id), "-o", str(again))[0] == 0
    assert again.read_bytes() == exported.read_bytes()
    assert json.loads(again.read_text())["assessment"]["title"] == "CLI"
    code, _, err = _run("assessments", "export", "999999", "-o", str(tmp_path / "n.json"))
    assert code == 2 and "999999" in err
    code, _, err = _run(
        "tokens", "create", "--user", "ben@example.org", "--org", "Stadt Emmendingen", "--name", "x"
    )
    assert code == 2  # ben is no member of the town
    code, out, _ = _run("db", "backup", str(tmp_path / "b.sqlite3"))
    assert code == 0
    assert ("pg_dump" in out) == (cli_env.engine.dialect.name == "postgresql")


def test_cli_refuses_an_unmigrated_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("KLIMAORG_DATABASE_URL", raising=False)
    monkeypatch.setenv("KLIMAORG_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        code, _, err = _run("orgs", "create", "X", "--kind", "municipality")
        assert code == 2 and "klimaorg db upgrade" in err
        code, out, _ = _run("db", "status")
        assert code == 1 and "Migration nötig" in out
        assert _run("db", "upgrade")[0] == 0
        assert (tmp_path / "klimaorg.sqlite3").exists()
        backup = tmp_path / "b.sqlite3"
        assert _run("db", "backup", str(backup))[0] == 0
        code, _, err = _run("db", "restore", str(backup))
        assert code == 2 and "--force" in err
        assert _run("db", "restore", str(backup), "--force")[0] == 0
        assert _run("db", "status")[0] == 0
    finally:
        get_settings.cache_clear()
