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
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from klimaorg.storage import service
from klimaorg.storage.core import Role
from klimaorg.storage.db import Database, upgrade
from tests.accounts import cheap_hashing, sole_member
from tests.postgres import drop_schemas, fresh_schema

KLIMAORG = Path(sys.executable).with_name("klimaorg")
STARTUP_SECONDS = 60


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
        schema, url = fresh_schema("klimaorg_r")
    db = Database.from_url(url)
    upgrade(db.engine)
    db.dispose()
    try:
        yield url
    finally:
        if schema is not None:
            drop_schemas(schema)


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


def api_account(database_url: str, organisation: str) -> Account:
    """A new organisation with one editor, and an API token of theirs, in the database at
    ``database_url``: what the tests against a real server send their requests as."""
    cheap_hashing()
    db = Database.from_url(database_url)
    with db.transaction() as s:
        principal = sole_member(s, organisation, Role.EDITOR).principal
        _info, token = service.create_api_token(s, principal, "reliability")
    db.dispose()
    assert principal.user_id is not None
    return Account(principal.organisation_id, principal.user_id, token)


@pytest.fixture
def account(database_url: str) -> Account:
    """An editor's API account in the test's database."""
    return api_account(database_url, "Denzlingen")


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


@contextmanager
def running(database_url: str, folder: Path) -> Iterator[Server]:
    """``klimaorg serve`` with one worker on ``database_url`` (data in ``folder/data``), killed
    at the end: the set-up of the tests that need a real server but no crash."""
    data = folder / "data"
    data.mkdir()
    server = Server(database_url, data, workers=1)
    server.start()
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Server]:
    data = tmp_path / "data"
    data.mkdir()
    running = Server(database_url, data)
    yield running
    running.kill()
