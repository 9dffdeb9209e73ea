"""The storage service API: every function the CLI, the web pages and the HTTP API call.

Conventions (all functions):

* First argument a :class:`~sqlalchemy.orm.Session`; the caller owns the transaction
  (``with db.transaction() as session: ...``); functions flush, never commit, so a request
  is one atomic unit together with its audit entries.
* Then the acting :class:`Principal` (user + organisation + role), got from
  :func:`principal_for` or :func:`resolve_api_token`. Every query is scoped to its
  organisation: a resource of another organisation raises :class:`NotFoundError` exactly
  like a missing one (404). Too small a role raises :class:`PermissionDeniedError` (403).
  Functions for the operator's CLI take ``actor: Principal | None`` (None = CLI).
* Changes take the ``lock_version`` the caller read; a stale one raises
  :class:`ConflictError` (409) and writes nothing.
* Results are frozen dataclasses (no ORM objects leak out), safe after the session closes.
* Bad input raises :class:`~klimaorg.errors.UserInputError` (field + message, 422).
"""

from __future__ import annotations

from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.storage.accounts import (
    ApiTokenInfo,
    MembershipInfo,
    OrganisationInfo,
    UserInfo,
    add_member,
    authenticate,
    change_password,
    check_password,
    configure_password_hashing,
    create_api_token,
    create_organisation,
    create_user,
    find_organisation,
    find_user,
    get_organisation,
    list_api_tokens,
    memberships,
    principal_for,
    reset_password,
    resolve_api_token,
    revoke_api_token,
    set_user_active,
)
from klimaorg.storage.assessments import (
    AssessmentDetail,
    AssessmentSummary,
    AuditInfo,
    Page,
    VersionInfo,
    VersionSummary,
    compare_versions,
    create_assessment,
    delete_assessment,
    export_assessment,
    get_assessment,
    get_version,
    history,
    import_assessment,
    list_assessments,
    list_audit,
    read_export,
    restore_version,
    set_decision,
    set_notes,
    update_assessment,
)
from klimaorg.storage.core import Principal, Role
from klimaorg.storage.errors import (
    AuthenticationError,
    ConflictError,
    NotMigratedError,
    PermissionDeniedError,
    WorkshopClosedError,
)
from klimaorg.storage.municipalities import (
    ImportResult,
    MunicipalityInfo,
    directory_counts,
    get_municipality,
    import_directory,
    municipalities_in_kreis,
    search_municipalities,
)
from klimaorg.storage.workshops import (
    SubmissionInfo,
    WorkshopInfo,
    WorkshopPublic,
    adopt_aggregate,
    aggregate_workshop,
    create_workshop,
    get_current_profile,
    list_submissions,
    list_workshops,
    resolve_workshop,
    revoke_workshop,
    submit_priorities,
    workshop_profile,
)

__all__ = [
    "ApiTokenInfo",
    "AssessmentDetail",
    "AssessmentSummary",
    "AuditInfo",
    "AuthenticationError",
    "ConflictError",
    "ImportResult",
    "MembershipInfo",
    "MunicipalityInfo",
    "NotFoundError",
    "NotMigratedError",
    "OrganisationInfo",
    "Page",
    "PermissionDeniedError",
    "Principal",
    "Role",
    "SubmissionInfo",
    "UserInfo",
    "UserInputError",
    "VersionInfo",
    "VersionSummary",
    "WorkshopClosedError",
    "WorkshopInfo",
    "WorkshopPublic",
    "add_member",
    "adopt_aggregate",
    "aggregate_workshop",
    "authenticate",
    "change_password",
    "check_password",
    "compare_versions",
    "configure_password_hashing",
    "create_api_token",
    "create_assessment",
    "create_organisation",
    "create_user",
    "create_workshop",
    "delete_assessment",
    "directory_counts",
    "export_assessment",
    "find_organisation",
    "find_user",
    "get_assessment",
    "get_current_profile",
    "get_municipality",
    "get_organisation",
    "get_version",
    "history",
    "import_assessment",
    "import_directory",
    "list_api_tokens",
    "list_assessments",
    "list_audit",
    "list_submissions",
    "list_workshops",
    "memberships",
    "municipalities_in_kreis",
    "principal_for",
    "read_export",
    "reset_password",
    "resolve_api_token",
    "resolve_workshop",
    "restore_version",
    "revoke_api_token",
    "revoke_workshop",
    "search_municipalities",
    "set_decision",
    "set_notes",
    "set_user_active",
    "submit_priorities",
    "update_assessment",
    "workshop_profile",
]
