"""Failed logins, kept in the database so every worker (and every server behind the proxy)
counts the same attempts: the login rate limit.

Only a SHA-256 of e-mail (normalised) and client address is stored, with the time; rows older
than the window are deleted as new ones arrive. The table, :class:`LoginAttempt`, lives with
the others in :mod:`klimaorg.storage.models` (migration ``0002``).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from klimaorg.storage.models import LoginAttempt, utcnow

__all__ = [
    "LoginAttempt",
    "attempt_key",
    "clear_failures",
    "recent_failures",
    "record_failure",
    "retry_after",
]


def attempt_key(email: str, address: str) -> str:
    """The stored key of an e-mail (case-insensitive) and a client address."""
    text = f"{email.strip().lower()}\n{address}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def recent_failures(session: Session, key: str, window: timedelta) -> int:
    """How many failures of ``key`` lie within ``window`` before now."""
    since = utcnow() - window
    query = sa.select(sa.func.count()).where(LoginAttempt.key == key, LoginAttempt.at >= since)
    return session.scalar(query) or 0


def retry_after(session: Session, key: str, window: timedelta, limit: int) -> timedelta | None:
    """``None`` while fewer than ``limit`` failures lie in the window, else the time until the
    oldest counted failure leaves it (when the next attempt is allowed)."""
    since = utcnow() - window
    times = session.scalars(
        sa.select(LoginAttempt.at)
        .where(LoginAttempt.key == key, LoginAttempt.at >= since)
        .order_by(LoginAttempt.at.desc())
        .limit(limit)
    ).all()
    if len(times) < limit:
        return None
    return max(timedelta(seconds=1), times[-1] + window - utcnow())


def record_failure(session: Session, key: str, window: timedelta) -> None:
    """Store a failure of ``key`` and forget failures older than ``window`` (of every key)."""
    now = utcnow()
    session.execute(sa.delete(LoginAttempt).where(LoginAttempt.at < now - window))
    session.add(LoginAttempt(key=key, at=now))
    session.flush()


def clear_failures(session: Session, key: str) -> None:
    """Forget the failures of ``key`` (after a successful login)."""
    session.execute(sa.delete(LoginAttempt).where(LoginAttempt.key == key))
