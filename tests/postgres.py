"""The PostgreSQL server the tests share: where it is, whether it answers, fresh schemas on it.

Storage, web, reliability and security tests all run on PostgreSQL as well as SQLite; one
place keeps the rule for an unreachable server (fail under CI, skip with the reason elsewhere)
and the way a test gets a schema of its own, so parallel runs and other users never meet.
"""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

DEFAULT_PG = "postgresql+psycopg://klimaorg:klimaorg-test@127.0.0.1:5432/klimaorg_test"


def postgres_url() -> str:
    """The PostgreSQL server the tests use (``KLIMAORG_TEST_POSTGRES_URL`` or the default)."""
    return os.environ.get("KLIMAORG_TEST_POSTGRES_URL", DEFAULT_PG)


def unavailable(reason: str) -> None:
    """Fail under CI, skip elsewhere."""
    message = f"PostgreSQL not reachable ({reason}); start it with: bash scripts/postgres.sh"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def with_schema(url: str, schema: str) -> str:
    """The URL with ``search_path`` set to ``schema`` for every connection."""
    return (
        sa.make_url(url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


def require_server(url: str) -> None:
    """Skip (or fail under CI) unless the server at ``url`` answers within three seconds."""
    probe = sa.create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with probe.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.OperationalError as exc:
        unavailable(str(exc.orig).strip().splitlines()[0])
    finally:
        probe.dispose()


def create_schema(url: str, prefix: str = "klimaorg_t") -> str:
    """A new empty schema on the (reachable) server at ``url``; its name."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    admin.dispose()
    return schema


def fresh_schema(prefix: str = "klimaorg_t") -> tuple[str, str]:
    """A new empty schema on the test server (skip/fail when unreachable): (name, its URL)."""
    url = postgres_url()
    require_server(url)
    schema = create_schema(url, prefix)
    return schema, with_schema(url, schema)


def drop_schemas(*schemas: str) -> None:
    """Remove test schemas with everything in them."""
    admin = sa.create_engine(postgres_url())
    with admin.begin() as conn:
        for schema in schemas:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    admin.dispose()
