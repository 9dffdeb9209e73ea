"""Shared set-up of the sign-in, assessment, isolation and security tests: an app on a
migrated database (SQLite and PostgreSQL, like ``tests/storage``), two organisations with an
owner, an editor and a viewer each, an instance administrator, and logged-in clients.

PostgreSQL must not be skipped in CI: unreachable → ``pytest.fail`` when ``CI`` is set.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from klimaorg import assessing
from klimaorg.settings import Settings
from klimaorg.storage import service
from klimaorg.storage.core import Principal, Role
from klimaorg.storage.db import Database, make_engine, upgrade
from klimaorg.web.app import create_app
from tests.accounts import PASSWORD, cheap_hashing
from tests.postgres import drop_schemas, fresh_schema
from tests.web.clients import csrf_client, login_client

SECRET = "test-secret-key-" + "x" * 32
PROFILE: dict[str, Any] = {
    "municipality": {"name": "Musterstadt", "kind": "stadt", "population": 25_000},
    "resources": {"staff_fte": 1.0, "own_budget_eur": 20_000},
}
BACKENDS = ["sqlite", "postgresql"]


def database_url(backend: str, folder: Path) -> tuple[str, str | None]:
    """A fresh migrated database of ``backend``: (URL, PostgreSQL schema or None)."""
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'klimaorg.sqlite3'}"
        schema = None
    else:
        schema, url = fresh_schema("klimaorg_w")
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url, schema


def drop_schema(schema: str | None) -> None:
    """Remove a PostgreSQL test schema."""
    if schema is None:
        return
    drop_schemas(schema)


def migrated_app(settings: Settings) -> FastAPI:
    """The web app on its database, migrated first (the app itself never migrates)."""
    migrate = Database.from_settings(settings)
    upgrade(migrate.engine)
    migrate.dispose()
    return create_app(settings)


def make_app(url: str, folder: Path, **settings: Any) -> FastAPI:
    """The web app on ``url``."""
    return create_app(Settings(database_url=url, data_dir=folder, secret_key=SECRET, **settings))


@dataclass
class Org:
    """An organisation with its members' principals and e-mails."""

    id: int
    name: str
    members: dict[Role, Principal]
    emails: dict[Role, str]


@dataclass
class World:
    """The app, its database and two organisations (plus an admin in A)."""

    app: FastAPI
    db: Database
    backend: str
    a: Org
    b: Org
    admin: Principal
    admin_email: str
    clients: list[TestClient] = field(default_factory=list)

    def client(self, principal: Principal | None = None, **kwargs: Any) -> TestClient:
        """A client logged in as ``principal`` (anonymous: None), with a CSRF token."""
        client = TestClient(self.app, follow_redirects=False, **kwargs)
        if principal is not None:
            assert principal.user_id is not None
            login_client(client, principal.user_id, principal.organisation_id)
        csrf_client(client)
        self.clients.append(client)
        return client

    def token(self, principal: Principal) -> dict[str, str]:
        """An ``Authorization`` header with a new API token of ``principal``."""
        with self.db.transaction() as s:
            _info, token = service.create_api_token(s, principal, "test")
        return {"Authorization": f"Bearer {token}"}

    def assessment(self, org: Org, title: str = "Klimaschutz Musterstadt") -> int:
        """A new assessment of ``org`` (by its editor)."""
        with self.db.transaction() as s:
            detail = assessing.create_assessment(
                s, org.members[Role.EDITOR], title=title, profile=PROFILE
            )
        return detail.id


def make_org(s: Any, name: str) -> Org:
    """An organisation with an owner, an editor and a viewer."""
    org = service.create_organisation(s, name=name, kind="municipality")
    members, emails = {}, {}
    slug = re.sub(r"[^a-z0-9]", "", name.lower())
    for role in Role:
        email = f"{role.value}@{slug}.example"
        user = service.create_user(
            s, email=email, password=PASSWORD, display_name=f"{role.value} {name}"
        )
        service.add_member(s, None, email=email, role=role, organisation_id=org.id)
        members[role] = service.principal_for(s, user.id, org.id)
        emails[role] = email
    return Org(org.id, name, members, emails)


def build_world(backend: str, folder: Path, **settings: Any) -> tuple[World, str | None]:
    """A world on a fresh database of ``backend``."""
    cheap_hashing()
    url, schema = database_url(backend, folder)
    app = make_app(url, folder, **settings)
    db: Database = app.state.db
    suffix = uuid.uuid4().hex[:6]
    with db.transaction() as s:
        a = make_org(s, f"Musterstadt {suffix}")
        b = make_org(s, f"Anderdorf {suffix}")
        admin_email = f"admin@{suffix}.example"
        user = service.create_user(s, email=admin_email, password=PASSWORD, is_admin=True)
        service.add_member(s, None, email=admin_email, role=Role.OWNER, organisation_id=a.id)
        admin = service.principal_for(s, user.id, a.id)
    return World(app, db, backend, a, b, admin, admin_email), schema


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """The world on SQLite and on PostgreSQL (one per module and backend)."""
    folder = tmp_path_factory.mktemp(f"world-{request.param}")
    built, schema = build_world(request.param, folder)
    yield built
    for client in built.clients:
        client.close()
    built.db.dispose()
    drop_schema(schema)


@pytest.fixture(scope="module")
def sqlite_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The world on SQLite only (tests of the web layer that do not depend on the database)."""
    folder = tmp_path_factory.mktemp("world-sqlite")
    built, _schema = build_world("sqlite", folder)
    yield built
    built.db.dispose()


def form_token(html: str) -> str:
    """The CSRF token of the first form of a page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1)
