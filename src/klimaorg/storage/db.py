"""Engines, sessions, migrations and backups.

The app opens one :class:`Database` per process at start-up and one session (= one
transaction) per request::

    db = Database.from_settings(get_settings())
    db.check_migrated()                      # refuse to start on an old schema
    with db.transaction() as session:        # commit on success, rollback on exception
        service.get_assessment(session, principal, 42)

SQLite (default, one town on a laptop): WAL journal, ``synchronous=NORMAL``,
``foreign_keys=ON`` and ``busy_timeout`` on every connection, and every transaction starts with
``BEGIN IMMEDIATE`` so two writers queue up (for ``busy_timeout``) instead of failing with
"database is locked" when one upgrades from reading to writing. :meth:`Database.read` is the
exception: a plain (deferred) ``BEGIN`` that never takes the write lock, for work that only
reads and may take long (the login reads the user there, then checks the password with no
transaction open at all). PostgreSQL (several workers):
``KLIMAORG_DATABASE_URL=postgresql+psycopg://…``, READ COMMITTED; concurrent edits of one
assessment are caught by optimistic locking (``lock_version``), not by the isolation level.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from klimaorg.errors import UserInputError
from klimaorg.settings import Settings
from klimaorg.storage.errors import NotMigratedError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_FILE = "klimaorg.sqlite3"
BUSY_TIMEOUT_MS = 10_000
#: Execution option of :meth:`Database.read` connections (no write lock on SQLite).
READ_ONLY = "klimaorg_read_only"


def database_url(settings: Settings) -> str:
    """``KLIMAORG_DATABASE_URL``, or the SQLite file in the data folder (created if needed)."""
    if settings.database_url:
        return settings.database_url
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{settings.data_dir / SQLITE_FILE}"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite database URL (``None`` for PostgreSQL or a URL without a file)."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with KlimaOrg's connection set-up (SQLite pragmas; JSON without NaN)."""
    sa_url = sa.make_url(url)
    if sa_url.get_backend_name() == "sqlite":
        if sa_url.database in (None, "", ":memory:"):
            raise UserInputError("database_url", "SQLite braucht eine Datei (kein :memory:)")
        engine = sa.create_engine(
            sa_url,
            json_serializer=_dumps,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
            **kwargs,
        )
        _sqlite_setup(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return sa.create_engine(sa_url, json_serializer=_dumps, **kwargs)


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")  # deferred: a WAL reader takes no lock
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def is_sqlite(engine: Engine) -> bool:
    """Whether the engine talks to SQLite."""
    return engine.dialect.name == "sqlite"


# ----------------------------------------------------------------------------- migrations


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """Programmatic Alembic configuration (no alembic.ini): the packaged migrations folder."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration the code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (``None`` for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (default: the newest)."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def check_migrated(engine: Engine) -> None:
    """Raise :class:`NotMigratedError` unless the database is at the head revision."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise NotMigratedError(current, head)


@dataclass(frozen=True)
class MigrationStatus:
    """What ``klimaorg db status`` shows."""

    url: str
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        """Whether no migration is pending."""
        return self.current == self.head


def migration_status(engine: Engine) -> MigrationStatus:
    """Current and head revision, with the URL (password hidden)."""
    return MigrationStatus(
        engine.url.render_as_string(hide_password=True), current_revision(engine), head_revision()
    )


# ----------------------------------------------------------------------------- sessions


class Database:
    """An engine plus a session factory: what the app keeps for the life of the process."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.read_sessions = sessionmaker(
            engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
        )

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> Database:
        """Open a database by SQLAlchemy URL."""
        return cls(make_engine(url, **kwargs))

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        """Open the configured database (``KLIMAORG_DATABASE_URL`` or the SQLite file)."""
        return cls.from_url(database_url(settings))

    def check_migrated(self) -> None:
        """See :func:`check_migrated`."""
        check_migrated(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: commit on success, rollback on any exception."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only: on SQLite a deferred ``BEGIN`` (no write lock, so it
        never makes a writer wait); rolled back at the end, nothing it changes is kept."""
        with self.read_sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    def dispose(self) -> None:
        """Close all pooled connections."""
        self.engine.dispose()


# ----------------------------------------------------------------------------- backups


def pg_dump_command(engine: Engine, target: Path) -> str:
    """The ``pg_dump`` command line for a PostgreSQL database (password not shown)."""
    url = engine.url
    parts = ["pg_dump", "--format=custom", f"--file={target}"]
    if url.host:
        parts.append(f"--host={url.host}")
    if url.port:
        parts.append(f"--port={url.port}")
    if url.username:
        parts.append(f"--username={url.username}")
    parts.append(str(url.database))
    return " ".join(parts)


def backup_sqlite(engine: Engine, target: Path) -> None:
    """Consistent copy of a live SQLite database with the online backup API (pages copied
    while the app keeps running). ``target`` must not exist yet."""
    if not is_sqlite(engine):
        raise UserInputError(
            "database_url",
            "Online-Sicherung gibt es nur für SQLite; PostgreSQL mit pg_dump sichern",
        )
    if target.exists():
        raise UserInputError(str(target), "Datei existiert bereits; bitte einen neuen Namen wählen")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(str(engine.url.database))
    try:
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dest.close()
    finally:
        source.close()


def restore_sqlite(backup: Path, target: Path) -> None:
    """Copy a backup into ``target`` (the app must be stopped); checks the backup first."""
    if not backup.is_file():
        raise UserInputError(str(backup), "Sicherungsdatei nicht gefunden")
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        status = source.execute("PRAGMA integrity_check").fetchone()
        if status is None or status[0] != "ok":
            raise UserInputError(str(backup), "Sicherung ist beschädigt (integrity_check)")
        target.parent.mkdir(parents=True, exist_ok=True)
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=WAL")
        finally:
            dest.close()
    except sqlite3.DatabaseError as exc:
        raise UserInputError(str(backup), f"keine SQLite-Datenbank ({exc})") from None
    finally:
        source.close()
