"""Organisations, users, memberships, passwords, API tokens, principals."""

from __future__ import annotations

import contextlib
import functools
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.storage import sessions
from klimaorg.storage.core import Principal, Role, audit, clean_text, require, token_hash
from klimaorg.storage.errors import AuthenticationError, PermissionDeniedError
from klimaorg.storage.models import (
    ORGANISATION_KINDS,
    ApiToken,
    Membership,
    Organisation,
    User,
    utcnow,
)

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
TOKEN_PREFIX = "ko_"
#: ``last_used_at`` of an API token is written at most this often (not on every request).
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile (argon2-cffi default)
_dummy_hash: str | None = None


def configure_password_hashing(hasher: PasswordHasher) -> None:
    """Replace the argon2id parameters (tests use cheap ones; hashes made with other
    parameters are upgraded at the next successful login)."""
    global _hasher, _dummy_hash
    _hasher, _dummy_hash = hasher, None


def hash_password(password: str) -> str:
    """argon2id hash (``$argon2id$v=19$…``) of a password that passed :func:`check_password`."""
    return _hasher.hash(password)


class WeakPasswordError(UserInputError):
    """A password the policy refuses; ``reason`` selects the message the web shows in the
    reader's language (``short``, ``long``, ``control``, ``common``, ``personal``,
    ``guessable``)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(field, WEAK_PASSWORD_MESSAGES[reason])
        self.reason = reason


WEAK_PASSWORD_MESSAGES = {
    "short": f"mindestens {MIN_PASSWORD_LENGTH} Zeichen",
    "long": f"höchstens {MAX_PASSWORD_LENGTH} Zeichen",
    "control": "enthält Steuerzeichen (z. B. Zeilenumbruch oder Nullzeichen)",
    "common": "steht auf der Liste häufig benutzter Passwörter",
    "personal": "enthält die E-Mail-Adresse oder den Namen des Kontos",
    "guessable": "zu leicht zu erraten (Wiederholungen, Zahlen- oder Tastaturfolgen)",
}
#: zxcvbn's estimate (log10 of guesses) a password must reach: 10^6 guesses, the line between
#: its scores 1 and 2. Catches repetitions and sequences ("aaaaaaaaaaaa", "123456789012")
#: without composition rules, which NIST SP 800-63B advises against.
MIN_GUESSES_LOG10 = 6.0
#: Only this many leading characters go to the estimator (its limit; its cost grows with the length;
#: a longer password is not guessable for the reasons it detects).
ESTIMATE_CHARS = 72
#: Parts of e-mail or name shorter than this are not looked for (too many false alarms).
MIN_PERSONAL_PART = 4


@functools.cache
def _common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords of zxcvbn's bundled list (lower-case)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def _personal_parts(email: str | None, name: str | None) -> list[str]:
    """E-mail, its local part and the name, whole and split at punctuation (lower-case)."""
    parts: set[str] = set()
    for value in (email, email.split("@", 1)[0] if email else None, name):
        if not value:
            continue
        text = value.strip().lower()
        parts.add(text)
        parts.update(re.split(r"[\s@._+\-]+", text))
    return sorted(p for p in parts if len(p) >= MIN_PERSONAL_PART)


def check_password(
    password: str,
    field: str = "Passwort",
    *,
    email: str | None = None,
    name: str | None = None,
) -> None:
    """Refuse weak passwords (NIST SP 800-63B, 5.1.1.2): fewer than 12 characters, control
    characters, a commonly used password, the account's e-mail (or its local part) or name
    inside it, or an easily guessed pattern (repetitions, sequences: zxcvbn's estimate)."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(field, "short")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPasswordError(field, "long")
    if any(unicodedata.category(ch) == "Cc" for ch in password):
        raise WeakPasswordError(field, "control")
    if not password.strip():
        raise WeakPasswordError(field, "guessable")
    lowered = password.lower()
    if lowered in _common_passwords() or lowered.strip() in _common_passwords():
        raise WeakPasswordError(field, "common")
    personal = _personal_parts(email, name)
    if any(part in lowered for part in personal):
        raise WeakPasswordError(field, "personal")
    from zxcvbn import zxcvbn

    estimate = zxcvbn(password[:ESTIMATE_CHARS], user_inputs=personal)
    if float(estimate["guesses_log10"]) < MIN_GUESSES_LOG10:
        raise WeakPasswordError(field, "guessable")


def generate_password() -> str:
    """A random one-time password (20 URL-safe characters, ~120 bits)."""
    return secrets.token_urlsafe(15)


def normalize_email(email: str) -> str:
    """The unique key of an e-mail address (stripped, lower-case)."""
    return email.strip().lower()


# ----------------------------------------------------------------------------- views


@dataclass(frozen=True, slots=True)
class OrganisationInfo:
    """An organisation as the service returns it."""

    id: int
    name: str
    kind: str
    ags: str | None
    kreis_key: str | None
    created_at: datetime

    @classmethod
    def of(cls, row: Organisation) -> OrganisationInfo:
        """From a row."""
        return cls(row.id, row.name, row.kind, row.ags, row.kreis_key, row.created_at)


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A user without the password hash."""

    id: int
    email: str
    display_name: str
    is_admin: bool
    active: bool
    created_at: datetime

    @classmethod
    def of(cls, row: User) -> UserInfo:
        """From a row."""
        return cls(row.id, row.email, row.display_name, row.is_admin, row.active, row.created_at)


@dataclass(frozen=True, slots=True)
class MembershipInfo:
    """A user's role in one organisation."""

    organisation: OrganisationInfo
    user_id: int
    role: Role


@dataclass(frozen=True, slots=True)
class ApiTokenInfo:
    """An API token without its secret (``prefix`` identifies it to humans)."""

    id: int
    name: str
    prefix: str
    user_id: int
    organisation_id: int
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, row: ApiToken) -> ApiTokenInfo:
        """From a row."""
        return cls(
            row.id,
            row.name,
            row.prefix,
            row.user_id,
            row.organisation_id,
            row.created_at,
            row.last_used_at,
            row.revoked_at,
        )


# ----------------------------------------------------------------------------- organisations


def create_organisation(
    session: Session,
    *,
    name: str,
    kind: str,
    ags: str | None = None,
    kreis_key: str | None = None,
    actor: Principal | None = None,
) -> OrganisationInfo:
    """A new organisation (CLI: ``actor=None``; on the web only an instance admin)."""
    if actor is not None and not actor.is_admin:
        raise PermissionDeniedError("create_organisation", "admin")
    name = clean_text(name, "name", max_length=200)
    if kind not in ORGANISATION_KINDS:
        raise UserInputError("kind", f"unbekannt (erlaubt: {', '.join(ORGANISATION_KINDS)})")
    if ags is not None and not re.fullmatch(r"\d{8}|\d{12}", ags):
        raise UserInputError("ags", "8 oder 12 Ziffern")
    if kreis_key is not None and not re.fullmatch(r"\d{5}", kreis_key):
        raise UserInputError("kreis_key", "5 Ziffern")
    if session.scalar(sa.select(Organisation.id).where(Organisation.name == name)) is not None:
        raise UserInputError("name", f"Organisation '{name}' gibt es schon")
    row = Organisation(name=name, kind=kind, ags=ags, kreis_key=kreis_key, created_at=utcnow())
    session.add(row)
    session.flush()
    audit(
        session,
        action="organisation.create",
        object_type="organisation",
        object_id=row.id,
        principal=actor,
        organisation_id=row.id,
        details={"name": name, "kind": kind, "ags": ags, "kreis_key": kreis_key},
    )
    return OrganisationInfo.of(row)


def find_organisation(session: Session, name_or_id: str) -> OrganisationInfo:
    """An organisation by exact name or numeric id (for the operator's CLI)."""
    query = sa.select(Organisation).where(Organisation.name == name_or_id)
    row = session.scalar(query)
    if row is None and name_or_id.isdigit():
        row = session.get(Organisation, int(name_or_id))
    if row is None:
        raise NotFoundError("Organisation", name_or_id)
    return OrganisationInfo.of(row)


def get_organisation(session: Session, principal: Principal) -> OrganisationInfo:
    """The principal's organisation."""
    row = session.get(Organisation, principal.organisation_id)
    if row is None:
        raise NotFoundError("Organisation", str(principal.organisation_id))
    return OrganisationInfo.of(row)


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    display_name: str | None = None,
    is_admin: bool = False,
    actor: Principal | None = None,
) -> UserInfo:
    """A new user (e-mail unique regardless of case; password ≥ 12 characters)."""
    if actor is not None and not actor.is_admin:
        raise PermissionDeniedError("create_user", "admin")
    email = clean_text(email, "email", max_length=320)
    if not _EMAIL.match(email):
        raise UserInputError("email", "keine gültige E-Mail-Adresse")
    name = clean_text(display_name or email.split("@", 1)[0], "display_name", max_length=200)
    check_password(password, email=email, name=name)
    key = normalize_email(email)
    if session.scalar(sa.select(User.id).where(User.email_normalized == key)) is not None:
        raise UserInputError("email", f"ein Konto mit '{email}' gibt es schon")
    now = utcnow()
    row = User(
        email=email,
        email_normalized=key,
        display_name=name,
        password_hash=hash_password(password),
        is_admin=is_admin,
        active=True,
        created_at=now,
        password_changed_at=now,
    )
    session.add(row)
    session.flush()
    audit(
        session,
        action="user.create",
        object_type="user",
        object_id=row.id,
        principal=actor,
        details={"email": email, "is_admin": is_admin},
    )
    return UserInfo.of(row)


def _user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(sa.select(User).where(User.email_normalized == normalize_email(email)))


def find_user(session: Session, email: str) -> UserInfo:
    """A user by e-mail (any case), for the operator's CLI."""
    row = _user_by_email(session, email)
    if row is None:
        raise NotFoundError("Benutzer", email)
    return UserInfo.of(row)


def add_member(
    session: Session,
    principal: Principal | None,
    *,
    email: str,
    role: Role | str,
    organisation_id: int | None = None,
) -> MembershipInfo:
    """Give a user a role in an organisation (changes the role if already a member).

    On the web: an owner adds to *their* organisation (``organisation_id`` is ignored).
    From the CLI (``principal=None``): ``organisation_id`` is required.
    """
    if principal is not None:
        require(principal, Role.OWNER, "add_member")
        organisation_id = principal.organisation_id
    if organisation_id is None:
        raise UserInputError("organisation", "fehlt")
    try:
        role = Role(role)
    except ValueError:
        raise UserInputError("role", "unbekannt (owner, editor, viewer)") from None
    org = session.get(Organisation, organisation_id)
    user = _user_by_email(session, email)
    if org is None:
        raise NotFoundError("Organisation", str(organisation_id))
    if user is None:
        raise NotFoundError("Benutzer", email)
    row = session.scalar(
        sa.select(Membership).where(
            Membership.user_id == user.id, Membership.organisation_id == org.id
        )
    )
    if row is None:
        row = Membership(user_id=user.id, organisation_id=org.id, role=role, created_at=utcnow())
        session.add(row)
    elif row.role != role.value:
        row.role = role.value
        sessions.end_all(session, user.id)  # pages opened with the old role must not go on
    session.flush()
    audit(
        session,
        action="membership.set",
        object_type="user",
        object_id=user.id,
        principal=principal,
        organisation_id=org.id,
        details={"email": user.email, "role": role.value},
    )
    return MembershipInfo(OrganisationInfo.of(org), user.id, role)


def memberships(session: Session, user_id: int) -> list[MembershipInfo]:
    """The organisations a user belongs to (for choosing one after login), by name."""
    rows = session.execute(
        sa.select(Organisation, Membership.role)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.user_id == user_id)
        .order_by(Organisation.name)
    ).all()
    return [MembershipInfo(OrganisationInfo.of(org), user_id, Role(role)) for org, role in rows]


@dataclass(frozen=True, slots=True)
class MemberInfo:
    """A user of the principal's organisation with their role (the administrators' page)."""

    id: int
    email: str
    display_name: str
    role: Role
    active: bool


def list_members(session: Session, principal: Principal) -> list[MemberInfo]:
    """The users of the principal's organisation with their role, by e-mail (administrators
    only: :class:`PermissionDeniedError` otherwise)."""
    if not principal.is_admin:
        raise PermissionDeniedError("manage_users", "admin")
    rows = session.execute(
        sa.select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == principal.organisation_id)
        .order_by(User.email_normalized)
    ).all()
    return [
        MemberInfo(user.id, user.email, user.display_name, Role(role), user.active)
        for user, role in rows
    ]


def principal_for(session: Session, user_id: int, organisation_id: int) -> Principal:
    """The principal of an active user acting for one of their organisations.

    The web layer calls this on every request with the ids from the signed session cookie, so
    a removed membership or a deactivated user takes effect at once. Not a member → NotFound.
    """
    row = session.execute(
        sa.select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(User.id == user_id, Membership.organisation_id == organisation_id)
    ).first()
    if row is None or not row[0].active:
        raise NotFoundError("Organisation", str(organisation_id))
    user, role = row
    return Principal(user.id, organisation_id, Role(role), user.is_admin, user.email)


# ----------------------------------------------------------------------------- passwords


@dataclass(frozen=True, slots=True)
class LoginCandidate:
    """What a login needs to check a password without holding a write transaction."""

    user: UserInfo
    password_hash: str


def login_candidate(session: Session, email: str) -> LoginCandidate | None:
    """The active user with this e-mail and their hash (a read; ``None``: unknown/inactive)."""
    user = _user_by_email(session, email) if isinstance(email, str) else None
    if user is None or not user.active:
        return None
    return LoginCandidate(UserInfo.of(user), user.password_hash)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; ``None`` (no such user) costs one
    verification against a dummy hash too, so the time does not tell whether an account
    exists. CPU-bound (argon2id): callers on the web run it in a bounded thread pool, outside
    any database transaction."""
    global _dummy_hash
    if password_hash is None:
        if _dummy_hash is None:
            _dummy_hash = _hasher.hash(secrets.token_urlsafe(16))
        with contextlib.suppress(VerificationError, InvalidHashError):
            _hasher.verify(_dummy_hash, password)
        return False
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def upgraded_hash(old_hash: str, password: str) -> str | None:
    """A new hash of a just verified password when ``old_hash`` has outdated parameters
    (CPU-bound: outside any transaction), else ``None``."""
    return _hasher.hash(password) if _hasher.check_needs_rehash(old_hash) else None


def store_upgraded_hash(session: Session, user_id: int, old_hash: str, new_hash: str) -> None:
    """Store an upgraded hash unless the password changed meanwhile (``old_hash`` gone)."""
    session.execute(
        sa.update(User)
        .where(User.id == user_id, User.password_hash == old_hash)
        .values(password_hash=new_hash)
    )


def authenticate(session: Session, email: str, password: str) -> UserInfo:
    """The active user with this e-mail and password, else :class:`AuthenticationError`
    (CLI and tests; the web login splits it up, see ``klimaorg.web.account``).

    Unknown e-mails cost one argon2 verification too (against a dummy hash). Hashes with
    outdated parameters are re-hashed (the caller commits).
    """
    candidate = login_candidate(session, email)
    if not verify_password(candidate.password_hash if candidate else None, password):
        raise AuthenticationError()
    assert candidate is not None
    new_hash = upgraded_hash(candidate.password_hash, password)
    if new_hash is not None:
        store_upgraded_hash(session, candidate.user.id, candidate.password_hash, new_hash)
    return candidate.user


def password_account(session: Session, user_id: int) -> LoginCandidate:
    """An active user and their hash, for a password change (a read)."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise NotFoundError("Benutzer", str(user_id))
    return LoginCandidate(UserInfo.of(user), user.password_hash)


def new_password_hash(account: LoginCandidate, old_password: str, new_password: str) -> str:
    """Check the old password and the new one against the rules; the new hash. CPU-bound
    (two argon2id runs): the web runs it in the password pool, outside any transaction."""
    if not verify_password(account.password_hash, old_password):
        raise AuthenticationError("bisheriges Passwort falsch")
    check_password(
        new_password, "Neues Passwort", email=account.user.email, name=account.user.display_name
    )
    return hash_password(new_password)


def store_new_password(
    session: Session,
    account: LoginCandidate,
    new_hash: str,
    *,
    keep_session: str | None = None,
) -> None:
    """Store the new hash unless the password changed since it was checked (then
    :class:`AuthenticationError`); every other session of the user ends."""
    changed = session.execute(
        sa.update(User)
        .where(
            User.id == account.user.id,
            User.password_hash == account.password_hash,
            User.active.is_(True),
        )
        .values(password_hash=new_hash, password_changed_at=utcnow())
    )
    if not getattr(changed, "rowcount", 0):
        raise AuthenticationError("Passwort wurde inzwischen geändert")
    sessions.end_all(session, account.user.id, keep_token=keep_session)
    audit(
        session,
        action="user.change_password",
        object_type="user",
        object_id=account.user.id,
        actor=account.user.email,
        details={},
    )


def change_password(
    session: Session,
    user_id: int,
    old_password: str,
    new_password: str,
    *,
    keep_session: str | None = None,
) -> None:
    """A user changes their own password (the old one must be right); every other session of
    the user ends (``keep_session``: the cookie value of the one that asked). In one
    transaction (CLI, tests); the web splits it up the same way as the login."""
    account = password_account(session, user_id)
    new_hash = new_password_hash(account, old_password, new_password)
    store_new_password(session, account, new_hash, keep_session=keep_session)
    session.expire_all()


def reset_password(
    session: Session, email: str, new_password: str | None = None, *, actor: Principal | None = None
) -> str | None:
    """Set a user's password (instance admin or operator CLI).

    Returns the generated one-time password when ``new_password`` is None (show it once,
    it is stored only as a hash), else None.
    """
    if actor is not None and not actor.is_admin:
        raise PermissionDeniedError("reset_password", "admin")
    user = _user_by_email(session, email)
    if user is None:
        raise NotFoundError("Benutzer", email)
    generated = generate_password() if new_password is None else None
    password = generated or new_password
    assert password is not None
    check_password(password, email=user.email, name=user.display_name)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    sessions.end_all(session, user.id)
    session.flush()
    audit(
        session,
        action="user.reset_password",
        object_type="user",
        object_id=user.id,
        principal=actor,
        details={"email": user.email, "generated": generated is not None},
    )
    return generated


def set_user_active(
    session: Session, email: str, active: bool, *, actor: Principal | None = None
) -> UserInfo:
    """Deactivate (or re-activate) an account; a deactivated user cannot log in or use tokens."""
    if actor is not None and not actor.is_admin:
        raise PermissionDeniedError("set_user_active", "admin")
    user = _user_by_email(session, email)
    if user is None:
        raise NotFoundError("Benutzer", email)
    user.active = active
    if not active:
        sessions.end_all(session, user.id)
    session.flush()
    audit(
        session,
        action="user.activate" if active else "user.deactivate",
        object_type="user",
        object_id=user.id,
        principal=actor,
        details={"email": user.email},
    )
    return UserInfo.of(user)


def sign_out_everywhere(session: Session, user_id: int, *, actor: Principal | None = None) -> int:
    """End every session of a user (instance admin or operator CLI); how many ended."""
    if actor is not None and not actor.is_admin:
        raise PermissionDeniedError("sign_out_everywhere", "admin")
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError("Benutzer", str(user_id))
    ended = sessions.end_all(session, user.id)
    audit(
        session,
        action="user.sign_out_everywhere",
        object_type="user",
        object_id=user.id,
        principal=actor,
        details={"email": user.email, "sessions": ended},
    )
    return ended


# ----------------------------------------------------------------------------- API tokens


def create_api_token(session: Session, principal: Principal, name: str) -> tuple[ApiTokenInfo, str]:
    """A new API token of the principal's user for the principal's organisation.

    Returns the info and the plain token: show it once, only its SHA-256 is stored.
    A viewer may create one (the token carries the viewer's role, read at every use).
    """
    if principal.user_id is None:
        raise UserInputError("user", "ein API-Token gehört immer zu einem Benutzer")
    name = clean_text(name, "name", max_length=100)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        token_hash=token_hash(token),
        prefix=token[:10],
        name=name,
        user_id=principal.user_id,
        organisation_id=principal.organisation_id,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    audit(
        session,
        action="api_token.create",
        object_type="api_token",
        object_id=row.id,
        principal=principal,
        details={"name": name, "prefix": row.prefix},
    )
    return ApiTokenInfo.of(row), token


def list_api_tokens(session: Session, principal: Principal) -> list[ApiTokenInfo]:
    """The organisation's tokens: all of them for an owner, else the principal's own."""
    query = sa.select(ApiToken).where(ApiToken.organisation_id == principal.organisation_id)
    if not principal.can(Role.OWNER):
        query = query.where(ApiToken.user_id == principal.user_id)
    return [ApiTokenInfo.of(r) for r in session.scalars(query.order_by(ApiToken.id))]


def revoke_api_token(session: Session, principal: Principal, token_id: int) -> ApiTokenInfo:
    """Revoke a token: one's own, or any of the organisation's as owner."""
    row = session.scalar(
        sa.select(ApiToken).where(
            ApiToken.id == token_id, ApiToken.organisation_id == principal.organisation_id
        )
    )
    if row is None:
        raise NotFoundError("API-Token", str(token_id))
    if row.user_id != principal.user_id:
        require(principal, Role.OWNER, "revoke_api_token")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()
        audit(
            session,
            action="api_token.revoke",
            object_type="api_token",
            object_id=row.id,
            principal=principal,
            details={"name": row.name, "prefix": row.prefix},
        )
    return ApiTokenInfo.of(row)


def resolve_api_token(session: Session, token: str) -> Principal:
    """The principal of a presented API token, else :class:`AuthenticationError` (unknown,
    revoked, user deactivated or no longer a member). Updates ``last_used_at`` (at most once
    a minute)."""
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        raise AuthenticationError("ungültiges API-Token")
    row = session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
    if row is None or row.revoked_at is not None:
        raise AuthenticationError("ungültiges API-Token")
    try:
        principal = principal_for(session, row.user_id, row.organisation_id)
    except NotFoundError:
        raise AuthenticationError("ungültiges API-Token") from None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= TOKEN_TOUCH_INTERVAL:
        row.last_used_at = now
        session.flush()
    return principal


def user_count(session: Session) -> int:
    """How many user accounts exist: none on a fresh installation, where the operator's first
    step is ``klimaorg users create`` (``klimaorg serve`` says so)."""
    return int(session.scalar(sa.select(sa.func.count()).select_from(User)) or 0)
