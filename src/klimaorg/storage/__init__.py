"""Storage: the database (SQLite by default, PostgreSQL via ``KLIMAORG_DATABASE_URL``), its
migrations and the service API (:mod:`klimaorg.storage.service`).

Start-up of an app process::

    from klimaorg.storage import Database
    db = Database.from_settings(get_settings())
    db.check_migrated()          # NotMigratedError: "bitte `klimaorg db upgrade` ausführen"

Per request: ``with db.transaction() as session: service.some_function(session, principal, …)``.
"""

from klimaorg.storage.db import Database, check_migrated, database_url, make_engine, upgrade

__all__ = ["Database", "check_migrated", "database_url", "make_engine", "upgrade"]
