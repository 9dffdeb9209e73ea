"""Quota leases on both databases: never more than the quota, a new window forgets the old."""

from __future__ import annotations

import sqlalchemy as sa

from klimaorg.storage.db import Database
from klimaorg.storage.models import RateLimit
from klimaorg.storage.rate_limits import lease, quota_key


def test_leases_grant_exactly_the_quota(db: Database) -> None:
    key = quota_key("advise", "192.0.2.1")
    with db.transaction() as session:
        granted = [lease(session, key, 600, 3, 7) for _ in range(4)]
    assert granted == [3, 3, 1, 0]


def test_a_new_window_forgets_the_finished_ones(db: Database) -> None:
    first, second = quota_key("advise", "192.0.2.1"), quota_key("report", "192.0.2.2")
    with db.transaction() as session:
        lease(session, first, 600, 5, 100)
        lease(session, second, 600, 5, 100)
        assert lease(session, first, 1200, 5, 100) == 5
    with db.read() as session:
        rows = session.execute(sa.select(RateLimit.key, RateLimit.window_start, RateLimit.used))
        assert sorted(rows) == [(first, 1200, 5)]
