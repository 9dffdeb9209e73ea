"""Login sessions kept on the server, so that ending one (logout, password or role change,
an administrator's "sign out everywhere", the account page) takes effect at once, also for a
copied cookie.

The browser's cookie holds only a random id of 256 bits; the table
(:class:`~klimaorg.storage.models.UserSession`, migration ``0003``) stores its SHA-256, so a
read of the database does not give anyone a usable cookie. A session ends after ``idle``
without a request and ``lifetime`` after the login; ``last_used_at`` is written at most once
per :data:`TOUCH_INTERVAL` (not on every request), so the idle limit is exact to that.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from klimaorg.storage.core import token_hash
from klimaorg.storage.models import UserSession, utcnow

#: ``last_used_at`` is renewed at most this often (the idle limit's precision).
TOUCH_INTERVAL = timedelta(minutes=1)
MAX_USER_AGENT = 200
MAX_TOKEN = 100


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A live session as the account page shows it (never the cookie value)."""

    id: int
    user_id: int
    organisation_id: int
    user_agent: str
    created_at: datetime
    last_used_at: datetime

    @classmethod
    def of(cls, row: UserSession) -> SessionInfo:
        """From a row."""
        return cls(
            row.id, row.user_id, row.organisation_id, row.user_agent, row.created_at,
            row.last_used_at,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Limits:
    """Idle and absolute lifetime of a session (from the settings)."""

    idle: timedelta
    lifetime: timedelta


def new_token() -> str:
    """A fresh cookie value: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


def start(
    session: Session, token: str, user_id: int, organisation_id: int, user_agent: str
) -> SessionInfo:
    """Store a new session for the cookie value ``token``."""
    now = utcnow()
    row = UserSession(
        token_hash=token_hash(token),
        user_id=user_id,
        organisation_id=organisation_id,
        user_agent=(user_agent or "")[:MAX_USER_AGENT],
        created_at=now,
        last_used_at=now,
    )
    session.add(row)
    session.flush()
    return SessionInfo.of(row)


def _live(row: UserSession, limits: Limits, now: datetime) -> bool:
    return now - row.last_used_at <= limits.idle and now - row.created_at <= limits.lifetime


def lookup(session: Session, token: str, limits: Limits) -> SessionInfo | None:
    """The live session of a cookie value (``None``: unknown, ended or expired; an expired
    row is deleted). Renews ``last_used_at`` when it is older than :data:`TOUCH_INTERVAL`."""
    if not token or len(token) > MAX_TOKEN:
        return None
    row = session.scalar(sa.select(UserSession).where(UserSession.token_hash == token_hash(token)))
    if row is None:
        return None
    now = utcnow()
    if not _live(row, limits, now):
        session.delete(row)
        session.flush()
        return None
    if now - row.last_used_at >= TOUCH_INTERVAL:
        row.last_used_at = now
        session.flush()
    return SessionInfo.of(row)


def switch_organisation(session: Session, token: str, organisation_id: int) -> None:
    """The session now acts for another organisation (membership checked by the caller)."""
    session.execute(
        sa.update(UserSession)
        .where(UserSession.token_hash == token_hash(token))
        .values(organisation_id=organisation_id)
    )


def end(session: Session, token: str) -> None:
    """End the session of a cookie value (logout)."""
    session.execute(sa.delete(UserSession).where(UserSession.token_hash == token_hash(token)))


def end_one(session: Session, user_id: int, session_id: int) -> bool:
    """End one of the user's own sessions by id; whether there was one."""
    result = session.execute(
        sa.delete(UserSession).where(UserSession.id == session_id, UserSession.user_id == user_id)
    )
    return bool(getattr(result, "rowcount", 0))


def end_all(session: Session, user_id: int, *, keep_token: str | None = None) -> int:
    """End every session of a user (except the one of ``keep_token``); how many ended."""
    query = sa.delete(UserSession).where(UserSession.user_id == user_id)
    if keep_token is not None:
        query = query.where(UserSession.token_hash != token_hash(keep_token))
    result = session.execute(query)
    return int(getattr(result, "rowcount", 0) or 0)


def active(session: Session, user_id: int, limits: Limits) -> list[SessionInfo]:
    """The user's live sessions, the most recently used first."""
    now = utcnow()
    rows = session.scalars(
        sa.select(UserSession)
        .where(
            UserSession.user_id == user_id,
            UserSession.last_used_at >= now - limits.idle,
            UserSession.created_at >= now - limits.lifetime,
        )
        .order_by(UserSession.last_used_at.desc(), UserSession.id.desc())
    ).all()
    return [SessionInfo.of(row) for row in rows]


def purge_expired(session: Session, limits: Limits) -> None:
    """Delete sessions past either limit (of every user): run at each login."""
    now = utcnow()
    session.execute(
        sa.delete(UserSession).where(
            sa.or_(
                UserSession.last_used_at < now - limits.idle,
                UserSession.created_at < now - limits.lifetime,
            )
        )
    )
