"""Storage: the database (SQLite by default, PostgreSQL via ``KLIMAORG_DATABASE_URL``), its
migrations and the service API (:mod:`klimaorg.storage.service`).

Public surface - the only names the interfaces (``web``, ``cli``) import from storage:

* this package: opening, migrating and backing up the database (below);
* :mod:`klimaorg.storage.service`: every function called inside a transaction, the frozen
  results they return, and the errors callers catch (``PermissionDeniedError``,
  ``ConflictError``, ``WorkshopClosedError`` … re-exported there from
  :mod:`klimaorg.storage.errors`).

Everything else (``models``, ``core``, ``errors``, ``assessments``, ``workshops``,
``accounts``, ``sessions``, ``login_attempts``, ``rate_limits``, ``municipalities``) is
internal, and so is any name with a leading underscore. Storage stores and loads: it imports
neither the engine nor the advisor (what it keeps the advisor computed, put together by
:mod:`klimaorg.assessing`); it reads the knowledge base only for the ids it checks (criteria,
models). ``tests/storage/test_layers.py`` reads the import graph and holds all of this.

Start-up of an app process::

    from klimaorg.storage import Database
    db = Database.from_settings(get_settings())
    db.check_migrated()          # NotMigratedError: "bitte `klimaorg db upgrade` ausführen"

Per request: ``with db.transaction() as session: service.some_function(session, principal, …)``.
"""

from klimaorg.storage.db import (
    BUSY_TIMEOUT_MS,
    Database,
    MigrationStatus,
    backup_sqlite,
    check_migrated,
    database_url,
    is_sqlite,
    make_engine,
    migration_status,
    pg_dump_command,
    restore_sqlite,
    sqlite_file,
    upgrade,
)

__all__ = [
    "BUSY_TIMEOUT_MS",
    "Database",
    "MigrationStatus",
    "backup_sqlite",
    "check_migrated",
    "database_url",
    "is_sqlite",
    "make_engine",
    "migration_status",
    "pg_dump_command",
    "restore_sqlite",
    "sqlite_file",
    "upgrade",
]
