"""Quotas of the expensive endpoints in the database, so every worker (and every server
behind the proxy) counts the same requests.

A worker does not write once per request: it *leases* a block of the quota
(:func:`lease`) and spends it in memory (:mod:`klimaorg.web.ratelimit`). One atomic
``INSERT … ON CONFLICT DO UPDATE … RETURNING`` takes the block, never more than is left, so
all workers together never grant more than the quota. Rows of past windows are deleted when a
new window starts.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from klimaorg.storage.models import RateLimit

__all__ = ["RateLimit", "lease", "quota_key"]


def quota_key(quota: str, client: str) -> str:
    """The stored key of a quota name and a client address."""
    return hashlib.sha256(f"{quota}\n{client}".encode("utf-8", "surrogatepass")).hexdigest()


def lease(session: Session, key: str, window_start: int, block: int, limit: int) -> int:
    """Take up to ``block`` requests of ``limit`` for ``key`` in the window; return how many
    were granted (0 when the quota is used up).

    One statement: the window's row is created with the first block or, while the quota
    lasts, its count raised by a block (an upsert whose update is conditional). A row that
    comes back holding exactly one block is new: the finished windows are then forgotten.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(RateLimit).values(key=key, window_start=window_start, used=block)
    used = session.execute(
        statement.on_conflict_do_update(
            index_elements=[RateLimit.key, RateLimit.window_start],
            set_={"used": RateLimit.used + block},
            where=RateLimit.used < limit,
        ).returning(RateLimit.used)
    ).scalar_one_or_none()
    if used is None:
        return 0
    if used == block:  # first lease of a new window
        session.execute(sa.delete(RateLimit).where(RateLimit.window_start < window_start))
    return block - max(0, used - limit)
