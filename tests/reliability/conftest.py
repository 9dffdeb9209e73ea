"""Fixtures of the reliability tests: databases of both kinds, and the real server as a
subprocess (``klimaorg serve --workers 2``) that can be killed with SIGKILL and restarted.

PostgreSQL: ``KLIMAORG_TEST_POSTGRES_URL`` (default: what ``scripts/postgres.sh`` creates),
each test in a fresh schema dropped afterwards. Unreachable: fails under CI (``CI`` set), is
skipped with the reason elsewhere.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from klimaorg.storage import service
from klimaorg.storage.core import Role
from klimaorg.storage.db import Database, upgrade

DEFAULT_PG = "postgresql+psycopg://klimaorg:klimaorg-test@127.0.0.1:5432/klimaorg_test"
KLIMAORG = Path(sys.executable).with_name("klimaorg")
STARTUP_SECONDS = 60


def postgres_url() -> str:
    return os.environ.get("KLIMAORG_TEST_POSTGRES_URL", DEFAULT_PG)


def unavailable(reason: str) -> None:
    """Fail under CI, skip elsewhere."""
    message = f"PostgreSQL not reachable ({reason}); start it with: bash scripts/postgres.sh"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def fresh_database(kind: str, folder: Path) -> Iterator[str]:
    """A new, migrated, empty database of ``kind`` (sqlite | postgresql); its URL."""
    schema = None
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'klimaorg.sqlite3'}"
    else:
        base = postgres_url()
        try:
            probe = sa.create_engine(base, connect_args={"connect_timeout": 3})
            with probe.begin() as conn:
                schema = f"klimaorg_r_{uuid.uuid4().hex[:12]}"
                conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
            probe.dispose()
        except sa.exc.OperationalError as exc:
            unavailable(str(exc.orig).strip().splitlines()[0])
        url = (
            sa.make_url(base)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    db = Database.from_url(url)
    upgrade(db.engine)
    db.dispose()
    try:
        yield url
    finally:
        if schema is not None:
            admin = sa.create_engine(postgres_url())
            with admin.begin() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, migrated, empty database of each kind."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@dataclass
class Account:
    """An organisation with an editor and the editor's API token."""

    organisation_id: int
    user_id: int
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def account(database_url: str) -> Account:
    service.configure_password_hashing(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    db = Database.from_url(database_url)
    with db.transaction() as s:
        org = service.create_organisation(s, name="Denzlingen", kind="municipality")
        user = service.create_user(
            s, email="editor@denzlingen.example", password="Reliability-Kaiserstuhl-16"
        )
        service.add_member(s, None, email=user.email, role=Role.EDITOR, organisation_id=org.id)
        principal = service.principal_for(s, user.id, org.id)
        _info, token = service.create_api_token(s, principal, "reliability")
    db.dispose()
    return Account(org.id, user.id, token)


@dataclass
class Server:
    """``klimaorg serve --workers 2`` in its own process group (master and workers)."""

    database_url: str
    data_dir: Path
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {
            **os.environ,
            "KLIMAORG_DATABASE_URL": self.database_url,
            "KLIMAORG_DATA_DIR": str(self.data_dir),
        }
        self.log = self.data_dir / f"server-{time.monotonic_ns()}.log"
        with self.log.open("wb") as out:
            command = [str(KLIMAORG), "serve", "--port", str(self.port)]
            self.process = subprocess.Popen(
                [*command, "--workers", str(self.workers)],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: SIGKILL reaches every worker
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"server exited at start:\n{self.log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.kill()
        pytest.fail(f"server did not start:\n{self.log.read_text(errors='replace')}")

    def kill(self) -> None:
        """SIGKILL to the whole process group: no shutdown handler, no flush, no goodbye."""
        if self.process is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        # the workers are in the same group; wait until none answers any more
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.url}/api/v1/health", timeout=0.5)
            except httpx.HTTPError:
                break
            time.sleep(0.05)
        self.process = None


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Server]:
    data = tmp_path / "data"
    data.mkdir()
    running = Server(database_url, data)
    yield running
    running.kill()
