"""Fixtures of the storage tests: every test runs on SQLite and on PostgreSQL.

PostgreSQL: ``KLIMAORG_TEST_POSTGRES_URL`` (default: the role and database
``scripts/postgres.sh`` creates). Each test session works in a fresh schema (dropped at the
end), so parallel sessions and other users of the database never meet. Not reachable: the
PostgreSQL half fails under CI (``CI`` set) and is skipped with the reason elsewhere.
Tables are emptied after each test; the directory tables stay (imported once per session).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from klimaorg.directory import Directory
from klimaorg.storage import service
from klimaorg.storage.core import Principal, Role
from klimaorg.storage.db import Database, make_engine, upgrade
from klimaorg.storage.models import Base
from tests.accounts import PASSWORD, cheap_hashing
from tests.postgres import create_schema, drop_schemas, postgres_url, require_server, with_schema

REPO = Path(__file__).resolve().parents[2]
REAL_FILE = REPO.parent / "shared" / "data" / "GV100AD_301123.txt"
KEEP = {"municipalities", "kreise"}


@dataclass
class PgServer:
    """A reachable server and the schemas the session made on it (dropped at the end)."""

    url: str
    schemas: list[str]

    def fresh(self) -> str:
        """A new empty schema; returns a URL that uses it."""
        schema = create_schema(self.url)
        self.schemas.append(schema)
        return with_schema(self.url, schema)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The PostgreSQL server (skip/fail when unreachable); drops its schemas at the end."""
    url = postgres_url()
    require_server(url)
    server = PgServer(url, [])
    yield server
    drop_schemas(*server.schemas)


@pytest.fixture(scope="session")
def fresh_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], str]:
    """A factory of URLs of new empty databases, per backend: ``fresh_url(backend)``."""

    def make(backend: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path_factory.mktemp('db') / 'klimaorg.sqlite3'}"
        server: PgServer = request.getfixturevalue("pg_server")
        return server.fresh()

    return make


@pytest.fixture(autouse=True, scope="session")
def _cheap_hashing() -> None:
    """argon2id with small parameters: the algorithm is the same, tests stay fast."""
    cheap_hashing()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, fresh_url: Callable[[str], str]) -> Iterator[Engine]:
    """A migrated database of each kind, shared by the session's tests."""
    url = fresh_url(request.param)
    engine = make_engine(url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Database]:
    """The database, emptied (except the directory) after the test."""
    database = Database(engine)
    yield database
    tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name not in KEEP]
    with engine.begin() as conn:  # DELETE: faster than TRUNCATE for a few rows
        for table in tables:
            conn.execute(table.delete())


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    """One transaction, committed at the end of the test."""
    with db.transaction() as s:
        yield s


@dataclass(frozen=True)
class Tenant:
    """An organisation with an owner, an editor and a viewer."""

    org_id: int
    owner: Principal
    editor: Principal
    viewer: Principal

    def as_role(self, role: Role) -> Principal:
        """The member with ``role``."""
        return {Role.OWNER: self.owner, Role.EDITOR: self.editor, Role.VIEWER: self.viewer}[role]


def make_tenant(session: Session, name: str) -> Tenant:
    """An organisation with three members (e-mails ``<role>@<name>.example``)."""
    org = service.create_organisation(session, name=name, kind="municipality")
    principals = {}
    for role in Role:
        email = f"{role.value}@{name.lower()}.example"
        user = service.create_user(session, email=email, password=PASSWORD)
        service.add_member(session, None, email=email, role=role, organisation_id=org.id)
        principals[role] = service.principal_for(session, user.id, org.id)
    return Tenant(org.id, principals[Role.OWNER], principals[Role.EDITOR], principals[Role.VIEWER])


@pytest.fixture
def tenants(db: Database) -> tuple[Tenant, Tenant]:
    """Two organisations, A and B, committed."""
    with db.transaction() as s:
        return make_tenant(s, "A"), make_tenant(s, "B")


PROFILE: dict[str, Any] = {
    "municipality": {"name": "Musterstadt", "kind": "stadt", "population": 25_000},
    "resources": {"staff_fte": 1.0, "own_budget_eur": 20_000},
}


@pytest.fixture(scope="session")
def real_directory() -> Directory:
    """The official GV100AD file, parsed once per session (skip when absent)."""
    if not REAL_FILE.exists():
        pytest.skip(f"GV100AD file not found: {REAL_FILE} (the ../shared folder)")
    return Directory.from_file(REAL_FILE)


_imported: set[str] = set()


@pytest.fixture
def directory_db(db: Database, real_directory: Directory) -> Database:
    """The database with the real directory imported (once per database)."""
    key = db.engine.url.render_as_string()
    if key not in _imported:
        with db.transaction() as s:
            service.import_directory(s, real_directory)
        _imported.add(key)
    return db
