"""Migrations: up from empty, the schema equals the models, an old schema is detected."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from klimaorg import assessing
from klimaorg.storage.db import (
    check_migrated,
    current_revision,
    head_revision,
    make_engine,
    migration_status,
    upgrade,
)
from klimaorg.storage.errors import NotMigratedError
from klimaorg.storage.models import Base

BACKENDS = ["sqlite", "postgresql"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrade_from_empty_creates_every_table(
    backend: str, fresh_url: Callable[[str], str]
) -> None:
    engine = make_engine(fresh_url(backend))
    assert current_revision(engine) is None
    with pytest.raises(NotMigratedError, match=r"bitte `klimaorg db upgrade` ausführen"):
        check_migrated(engine)
    upgrade(engine)
    check_migrated(engine)
    assert current_revision(engine) == head_revision()
    assert migration_status(engine).up_to_date
    tables = set(sa.inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models and migrations differ: {diff}"
    upgrade(engine)  # running it again changes nothing
    assert current_revision(engine) == head_revision()
    engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_old_schema_is_detected_and_downgrade_works(
    backend: str, fresh_url: Callable[[str], str]
) -> None:
    engine = make_engine(fresh_url(backend))
    upgrade(engine)
    upgrade_to_base(engine)
    assert current_revision(engine) is None
    with pytest.raises(NotMigratedError) as info:
        check_migrated(engine)
    assert info.value.head == head_revision()
    assert "Datenbank ist nicht auf dem neuesten Stand" in str(info.value)
    engine.dispose()


def upgrade_to_base(engine: sa.Engine) -> None:
    from alembic import command

    from klimaorg.storage.db import alembic_config

    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")


def test_sqlite_connection_settings(fresh_url: Callable[[str], str]) -> None:
    engine = make_engine(fresh_url("sqlite"))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    engine.dispose()


def test_models_alone_register_every_table() -> None:
    """The metadata Alembic compares against holds every table as soon as the models module is
    imported, without any other module of the app (checked in a fresh interpreter)."""
    code = (
        "from klimaorg.storage.models import Base\nprint(' '.join(sorted(Base.metadata.tables)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    assert "login_attempts" in out
    assert set(out) == set(Base.metadata.tables)


@pytest.mark.parametrize("backend", BACKENDS)
def test_workshop_counter_is_filled_from_existing_submissions(
    backend: str, fresh_url: Callable[[str], str]
) -> None:
    """0005 down and up again: the counter of a link equals its stored participants and the
    cap is the one such links had (200), so no existing link changes behaviour."""
    from alembic import command

    from klimaorg.storage import service
    from klimaorg.storage.db import Database, alembic_config
    from tests.storage.conftest import PROFILE, make_tenant

    engine = make_engine(fresh_url(backend))
    upgrade(engine)
    db = Database(engine)
    with db.transaction() as s:
        tenant = make_tenant(s, "M")
        assessment = assessing.create_assessment(s, tenant.editor, title="M", profile=PROFILE)
        info, token = service.create_workshop(s, tenant.editor, assessment.id)
        criteria = service.resolve_workshop(s, token).criteria
        for name in ("A", "B", "C", "A"):
            service.submit_priorities(
                s, token, participant=name, priorities=dict.fromkeys(criteria, 2)
            )
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0004")
    assert current_revision(engine) == "0004"
    upgrade(engine)
    with engine.connect() as conn:
        row = conn.execute(
            sa.text("SELECT participants, max_participants FROM workshops WHERE id = :id"),
            {"id": info.id},
        ).one()
    assert tuple(row) == (3, 200)
    engine.dispose()
