"""What every service function shares: the acting :class:`Principal`, role checks, the audit
log, input cleaning and JSON checks."""

from __future__ import annotations

import hashlib
import math
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from klimaorg.errors import UserInputError
from klimaorg.storage.errors import PermissionDeniedError
from klimaorg.storage.models import AuditEntry, utcnow


class Role(StrEnum):
    """A member's role in an organisation: each includes the rights of the ones below it."""

    OWNER = "owner"  # manage members, tokens, delete; everything an editor can
    EDITOR = "editor"  # create and change assessments, run workshops
    VIEWER = "viewer"  # read only

    @property
    def level(self) -> int:
        """3 owner, 2 editor, 1 viewer."""
        return {"owner": 3, "editor": 2, "viewer": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Principal:
    """Who acts, for which organisation, in which role.

    Never build one from request data: get it from :func:`klimaorg.storage.service.principal_for`
    (session login: user + chosen organisation, role read from the membership) or
    :func:`~klimaorg.storage.service.resolve_api_token`. Every service function trusts it and
    scopes every query to ``organisation_id``.
    """

    user_id: int | None  # None: the operator at the command line (klimaorg … commands)
    organisation_id: int
    role: Role
    is_admin: bool = False
    label: str = ""  # e-mail of the user, for the audit log

    @classmethod
    def operator(cls, organisation_id: int) -> Principal:
        """The operator running a ``klimaorg`` command on the server: owner rights in the
        given organisation, no user account (audit actor ``cli``)."""
        return cls(None, organisation_id, Role.OWNER, False, "cli")

    def can(self, role: Role) -> bool:
        """Whether the principal has at least ``role``."""
        return self.role.level >= role.level


def token_hash(token: str) -> str:
    """The stored key of a secret token (API token, workshop link): its SHA-256 in hex.

    Tokens are random values of 120+ bits, so a fast hash suffices (nothing to brute-force).
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def require(principal: Principal, role: Role, action: str) -> None:
    """Raise :class:`PermissionDeniedError` unless the principal has at least ``role``."""
    if not principal.can(role):
        raise PermissionDeniedError(action, role.value)


def audit(
    session: Session,
    *,
    action: str,
    object_type: str,
    object_id: object | None,
    principal: Principal | None = None,
    organisation_id: int | None = None,
    actor: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one audit entry in the caller's transaction (so it commits with the change).

    Without a principal the action came from the operator's CLI (``actor`` says so).
    """
    session.add(
        AuditEntry(
            at=utcnow(),
            user_id=principal.user_id if principal else None,
            actor=(principal.label if principal else actor) or actor or "cli",
            organisation_id=principal.organisation_id if principal else organisation_id,
            action=action,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id),
            details=details or {},
        )
    )


def clean_text(
    value: str, field: str, *, max_length: int, required: bool = True, multiline: bool = False
) -> str:
    """Strip and check a text a user typed: length, no control characters (tabs and line
    breaks allowed in multi-line texts), no lone surrogates (both databases store UTF-8)."""
    if not isinstance(value, str):
        raise UserInputError(field, "muss ein Text sein")
    text = value.strip()
    if required and not text:
        raise UserInputError(field, "darf nicht leer sein")
    if len(text) > max_length:
        raise UserInputError(field, f"höchstens {max_length} Zeichen")
    allowed = {"\n", "\t", "\r"} if multiline else set()
    for ch in text:
        category = unicodedata.category(ch)
        if (category == "Cc" and ch not in allowed) or category == "Cs":
            raise UserInputError(field, "enthält unzulässige Steuerzeichen")
    return text


def check_json(value: Any, field: str, *, depth: int = 0) -> None:
    """Only data both databases store and give back unchanged: dicts with text keys, lists,
    text without NUL/lone surrogates, finite numbers, booleans, null."""
    if depth > 32:
        raise UserInputError(field, "zu tief verschachtelt")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise UserInputError(field, "Schlüssel müssen Texte sein")
            _check_str(key, field)
            check_json(item, f"{field}.{key}", depth=depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            check_json(item, f"{field}[{i}]", depth=depth + 1)
    elif isinstance(value, str):
        _check_str(value, field)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise UserInputError(field, "Zahl muss endlich sein")
    elif value is not None and not isinstance(value, (bool, int)):
        raise UserInputError(field, f"nicht als JSON speicherbar: {type(value).__name__}")


def _check_str(value: str, field: str) -> None:
    if "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
        raise UserInputError(field, "enthält unzulässige Zeichen (NUL oder Surrogat)")
