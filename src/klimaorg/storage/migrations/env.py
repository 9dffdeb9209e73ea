"""Alembic environment: runs on the connection the caller passes in ``config.attributes``
(``klimaorg.storage.db.upgrade``), or on ``KLIMAORG_DATABASE_URL``/the SQLite default."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from klimaorg.settings import Settings
from klimaorg.storage.db import database_url, make_engine
from klimaorg.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Migrate on the given connection (batch mode lets SQLite alter tables)."""
    connection = config.attributes.get("connection")
    if connection is None:
        engine = make_engine(database_url(Settings()))
        with engine.begin() as own:
            _run(own)
        engine.dispose()
    else:
        _run(connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations (SQL scripts) are not supported")
run_migrations_online()
