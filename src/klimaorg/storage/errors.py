"""Errors of the storage layer, each mapped to one HTTP status by the web layer.

=========================  ======  =====================================================
Exception                  HTTP    When
=========================  ======  =====================================================
``NotFoundError``          404     missing id *or* a resource of another organisation
``PermissionDeniedError``  403     the role of the principal does not allow the action
``ConflictError``          409     stale ``lock_version`` (someone saved in between)
``AuthenticationError``    401     wrong e-mail/password, unknown or revoked API token
``WorkshopClosedError``    410     workshop link expired or revoked
``UserInputError``         422     invalid input (field + message)
``NotMigratedError``       (503)   database schema older than the code: run the migration
=========================  ======  =====================================================
"""

from __future__ import annotations

from klimaorg.errors import KlimaOrgError


class PermissionDeniedError(KlimaOrgError):
    """The principal's role does not allow the action (a viewer editing, an editor managing
    members …)."""

    def __init__(self, action: str, required: str) -> None:
        super().__init__(
            f"keine Berechtigung für '{action}' (nötig: Rolle {required}) / "
            f"permission denied for '{action}' (requires role {required})"
        )
        self.action = action
        self.required = required


class ConflictError(KlimaOrgError):
    """Optimistic locking: the caller's ``lock_version`` is stale; nothing was written."""

    def __init__(self, kind: str, identifier: int, expected: int, actual: int) -> None:
        super().__init__(
            f"{kind} {identifier} wurde inzwischen von jemand anderem geändert (Stand "
            f"{actual}, Ihr Stand {expected}); bitte neu laden und die Änderung erneut "
            f"vornehmen – es wurde nichts überschrieben / {kind} {identifier} was changed by "
            f"someone else (now {actual}, yours {expected}); reload and apply your change "
            f"again - nothing was overwritten"
        )
        self.kind = kind
        self.identifier = identifier
        self.expected = expected
        self.actual = actual


class AuthenticationError(KlimaOrgError):
    """Credentials that do not identify an active user (never says which part was wrong)."""

    def __init__(self, message: str = "E-Mail-Adresse oder Passwort falsch") -> None:
        super().__init__(message)


class WorkshopClosedError(KlimaOrgError):
    """A workshop link that existed but is expired or revoked."""

    def __init__(self, reason: str) -> None:
        text = {
            "expired": "Der Workshop-Link ist abgelaufen / the workshop link has expired",
            "revoked": "Der Workshop-Link wurde widerrufen / the workshop link was revoked",
        }[reason]
        super().__init__(text)
        self.reason = reason


class NotMigratedError(KlimaOrgError):
    """The database schema is not at the code's head revision."""

    def __init__(self, current: str | None, head: str) -> None:
        super().__init__(
            "Datenbank ist nicht auf dem neuesten Stand: bitte `klimaorg db upgrade` ausführen "
            f"(Stand {current or 'leer'}, benötigt {head})"
        )
        self.current = current
        self.head = head


class WorkshopFullError(KlimaOrgError):
    """A new participant on a link that has admitted its cap of participants."""

    def __init__(self, cap: int) -> None:
        super().__init__(
            f"Der Workshop-Link ist voll ({cap} Teilnehmende) / the workshop link is full "
            f"({cap} participants)"
        )
        self.cap = cap


class CorrectionLimitError(KlimaOrgError):
    """A participant who corrected their answers too often in the current window."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Zu viele Korrekturen; bitte in {retry_after} s erneut senden / too many "
            f"corrections; please send again in {retry_after} s"
        )
        self.retry_after = retry_after
