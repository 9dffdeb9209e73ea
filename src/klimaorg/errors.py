"""Errors a user can act on.

Every layer raises a subclass of :class:`UserInputError` for bad input, with the *field* spelled
as the user wrote it (``municipality.population``, ``matrix[2][1]``,
``models/team.yaml: advantages[0].quote``).
Interfaces turn it into one clear line and exit code 2 (CLI) or a 4xx body (API); nothing else
ever reaches a user as a traceback.
"""

from __future__ import annotations


class KlimaOrgError(Exception):
    """Base class of all errors KlimaOrg raises on purpose."""


class UserInputError(KlimaOrgError):
    """Input that cannot be used, with the field it concerns and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message

    def to_dict(self) -> dict[str, str]:
        """The error as the API returns it (one entry of ``detail``)."""
        return {"field": self.field, "message": self.message}


class NotFoundError(KlimaOrgError):
    """A resource id that does not exist (404 on the web, exit 2 on the CLI)."""

    def __init__(self, kind: str, identifier: str, known: list[str] | None = None) -> None:
        hint = f" (bekannt: {', '.join(known)})" if known else ""
        super().__init__(f"unbekannte {kind}-ID '{identifier}'{hint}")
        self.kind = kind
        self.identifier = identifier
        self.known = known or []
