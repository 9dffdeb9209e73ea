"""The tables (SQLAlchemy 2 declarative, typed). Changing them needs a new Alembic migration.

Portable on purpose, so SQLite and PostgreSQL behave identically: no database-specific types
(JSON is ``sa.JSON`` = text on SQLite, ``json`` on PostgreSQL, which both keep a document as
written), case-insensitive e-mail and umlaut-insensitive names through normalised columns the
code fills (not ``citext``/collations), timestamps in UTC via :class:`UtcDateTime`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

ORGANISATION_KINDS = ("municipality", "energy_agency", "landkreis", "consultancy")
ROLES = ("owner", "editor", "viewer")
STATUSES = ("draft", "discussed", "decided")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on every database (microseconds kept).

    Stored as naive UTC so SQLite (no time zones) and PostgreSQL give back the same value.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(
        self,
        value: datetime | None,
        dialect: Dialect,  # noqa: ARG002
    ) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """Now, aware, UTC."""
    return datetime.now(UTC)


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Base(DeclarativeBase):
    """Declarative base with the constraint naming convention Alembic relies on."""

    metadata = sa.MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: sa.JSON(),
    }


class Organisation(Base):
    """A tenant: a municipality, an energy agency, a Landkreis or a consultancy."""

    __tablename__ = "organisations"
    __table_args__ = (sa.CheckConstraint(f"kind IN ({_in(ORGANISATION_KINDS)})", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    ags: Mapped[str | None] = mapped_column(sa.String(12))
    kreis_key: Mapped[str | None] = mapped_column(sa.String(5))
    created_at: Mapped[datetime]


class User(Base):
    """A person who logs in; ``email_normalized`` (lower-case) is the unique key."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(320))
    email_normalized: Mapped[str] = mapped_column(sa.String(320), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    is_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    password_changed_at: Mapped[datetime]


class Membership(Base):
    """A user's role in an organisation."""

    __tablename__ = "memberships"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "organisation_id"),
        sa.CheckConstraint(f"role IN ({_in(ROLES)})", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(sa.String(10))
    created_at: Mapped[datetime]


class ApiToken(Base):
    """An API token of a user for one organisation; only the SHA-256 of the token is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(16))
    name: Mapped[str] = mapped_column(sa.String(100))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class Kreis(Base):
    """A Kreis or kreisfreie Stadt of the directory (record type 40)."""

    __tablename__ = "kreise"

    key: Mapped[str] = mapped_column(sa.String(5), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    name_folded: Mapped[str] = mapped_column(sa.String(200), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    type_code: Mapped[str] = mapped_column(sa.String(2))
    type_label: Mapped[str] = mapped_column(sa.String(100))
    land_key: Mapped[str] = mapped_column(sa.String(2))
    land_name: Mapped[str] = mapped_column(sa.String(100))
    population: Mapped[int | None]
    area_ha: Mapped[int | None]


class MunicipalityRow(Base):
    """A Gemeinde of the directory (record type 60); ``name_folded`` serves the autocomplete."""

    __tablename__ = "municipalities"

    ags: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    ars: Mapped[str] = mapped_column(sa.String(12), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    name_folded: Mapped[str] = mapped_column(sa.String(200), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    type_code: Mapped[str] = mapped_column(sa.String(2))
    type_label: Mapped[str] = mapped_column(sa.String(100))
    population: Mapped[int]
    area_ha: Mapped[int]
    postcode: Mapped[str | None] = mapped_column(sa.String(5))
    kreis_key: Mapped[str] = mapped_column(sa.String(5), index=True)
    kreis_name: Mapped[str | None] = mapped_column(sa.String(200))
    verband_key: Mapped[str] = mapped_column(sa.String(9))
    verband_name: Mapped[str] = mapped_column(sa.String(200))
    land_key: Mapped[str] = mapped_column(sa.String(2))
    land_name: Mapped[str] = mapped_column(sa.String(100))
    reference_date: Mapped[date]


class Assessment(Base):
    """An organisation's assessment of where to place the climate protection management."""

    __tablename__ = "assessments"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({_in(STATUSES)})", name="status"),
        sa.Index(None, "organisation_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE")
    )
    municipality_ags: Mapped[str | None] = mapped_column(sa.String(12), index=True)
    municipality_name: Mapped[str | None] = mapped_column(sa.String(200))
    municipality_name_folded: Mapped[str | None] = mapped_column(sa.String(200))
    title: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(sa.String(10))
    decided_model: Mapped[str | None] = mapped_column(sa.String(50))
    council_decision_date: Mapped[date | None]
    notes: Mapped[str] = mapped_column(sa.Text)
    current_version: Mapped[int]
    lock_version: Mapped[int]
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime]
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )


class AssessmentVersion(Base):
    """One immutable state of an assessment: the profile and the advise() result."""

    __tablename__ = "assessment_versions"
    __table_args__ = (sa.UniqueConstraint("assessment_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(sa.ForeignKey("assessments.id", ondelete="CASCADE"))
    number: Mapped[int]
    profile: Mapped[dict[str, Any]]
    result: Mapped[dict[str, Any]]
    note: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime]


class Workshop(Base):
    """A share link for anonymous participants; only the SHA-256 of the token is stored."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime]
    # Participants admitted so far and the cap: raised only by one conditional UPDATE in the
    # transaction that inserts the participant (klimaorg.storage.workshops.submit_priorities).
    participants: Mapped[int] = mapped_column(sa.Integer, server_default="0", default=0)
    max_participants: Mapped[int] = mapped_column(sa.Integer, server_default="1000", default=1000)


class WorkshopSubmission(Base):
    """One participant's priorities (0-4 per criterion) or AHP matrix."""

    __tablename__ = "workshop_submissions"
    __table_args__ = (sa.UniqueConstraint("workshop_id", "participant_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"))
    participant_name: Mapped[str] = mapped_column(sa.String(80))
    priorities: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    ahp: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    submitted_at: Mapped[datetime]
    # The model the advisor recommends for these priorities on the assessment's profile
    # version ``profile_version``, computed once when they were submitted.
    leading_model: Mapped[str | None] = mapped_column(sa.String(40))
    profile_version: Mapped[int | None]


class AuditEntry(Base):
    """Who changed what, when (written in the same transaction as the change)."""

    __tablename__ = "audit_log"
    __table_args__ = (sa.Index(None, "organisation_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(sa.String(320))
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(sa.String(50))
    object_type: Mapped[str] = mapped_column(sa.String(30))
    object_id: Mapped[str | None] = mapped_column(sa.String(50))
    details: Mapped[dict[str, Any]]


class LoginAttempt(Base):
    """One failed login of an e-mail from a client address (hashed together): the login
    rate limit (:mod:`klimaorg.storage.login_attempts`)."""

    __tablename__ = "login_attempts"
    __table_args__ = (sa.Index(None, "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64))
    at: Mapped[datetime] = mapped_column(index=True)


class UserSession(Base):
    """A signed-in browser: the cookie holds a random id, only its SHA-256 is stored here, so
    the server can end a session (logout, password or role change, "sign out everywhere")
    and a copied cookie stops working at once (:mod:`klimaorg.storage.sessions`)."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE")
    )
    user_agent: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(index=True)
    last_used_at: Mapped[datetime] = mapped_column(index=True)


class RateLimit(Base):
    """Requests a client has used of one quota in one time window: the rate limits of the
    expensive endpoints, shared by every worker (:mod:`klimaorg.storage.rate_limits`).

    ``key`` is a SHA-256 of quota name and client address (no address is stored);
    ``window_start`` the window's start in seconds since the epoch.
    """

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    window_start: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, index=True)
    used: Mapped[int] = mapped_column(sa.Integer, default=0)
