"""The storage service API: every function the CLI, the web pages and the HTTP API call.

This module and the package itself (:mod:`klimaorg.storage`: opening, migrating and backing
up the database) are the whole public surface of storage. The interfaces import nothing
else from it - no models, no ``core``, no ``errors``, no private name; the errors they catch
are re-exported here (a test reads the import graph: ``tests/storage/test_layers.py``).

Storage stores and loads; it never computes what the advisor computes. A new version's
result comes from :func:`klimaorg.advisor.assessment.analyse_profile`, a workshop's group
view from :func:`klimaorg.advisor.workshop.aggregate_group`; :mod:`klimaorg.assessing` puts
advisor and storage together for the interfaces.

Conventions (all functions):

* First argument a :class:`~sqlalchemy.orm.Session`; the caller owns the transaction
  (``with db.transaction() as session: ...``); functions flush, never commit, so a request
  is one atomic unit together with its audit entries.
* Then the acting :class:`Principal` (user + organisation + role), got from
  :func:`principal_for` or :func:`resolve_api_token`. Every query is scoped to its
  organisation: a resource of another organisation raises :class:`NotFoundError` exactly
  like a missing one (404). Too small a role raises :class:`PermissionDeniedError` (403).
  Functions for the operator's CLI take ``actor: Principal | None`` (None = CLI).
  Without a principal by design: signing in (users, login attempts, the sessions of one
  user), a workshop link (the token is the permission), the municipality directory (public
  data), the request quotas, and :func:`operator_principal` (the CLI on the server).
  ``tests/storage/test_tenancy.py`` lists every function in these groups.
* Changes take the ``lock_version`` the caller read; a stale one raises
  :class:`ConflictError` (409) and writes nothing.
* Results are frozen dataclasses (no ORM objects leak out), safe after the session closes.
* Bad input raises :class:`~klimaorg.errors.UserInputError` (field + message, 422).
"""

from __future__ import annotations

from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.storage.accounts import (
    ApiTokenInfo,
    LoginCandidate,
    MemberInfo,
    MembershipInfo,
    OrganisationInfo,
    UserInfo,
    WeakPasswordError,
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
    list_members,
    login_candidate,
    memberships,
    new_password_hash,
    password_account,
    principal_for,
    reset_password,
    resolve_api_token,
    revoke_api_token,
    set_user_active,
    sign_out_everywhere,
    store_new_password,
    store_upgraded_hash,
    upgraded_hash,
    user_count,
    verify_password,
)
from klimaorg.storage.assessments import (
    MAX_IMPORT_BYTES,
    MAX_PER_PAGE,
    AssessmentDetail,
    AssessmentPlace,
    AssessmentSummary,
    AuditInfo,
    CheckedExport,
    ExportedVersion,
    Page,
    VersionInfo,
    VersionSummary,
    assessment_places,
    check_export,
    compare_versions,
    create_assessment,
    delete_assessment,
    export_assessment,
    get_assessment,
    get_version,
    history,
    import_assessment,
    last_editor,
    list_assessments,
    list_audit,
    operator_principal,
    prepare_profile,
    read_export,
    restore_version,
    set_decision,
    set_notes,
    update_assessment,
)
from klimaorg.storage.core import Principal, Role, token_hash
from klimaorg.storage.errors import (
    AuthenticationError,
    ConflictError,
    CorrectionLimitError,
    NotMigratedError,
    PermissionDeniedError,
    WorkshopClosedError,
    WorkshopFullError,
)
from klimaorg.storage.login_attempts import attempt_key as login_attempt_key
from klimaorg.storage.login_attempts import clear_failures as clear_login_failures
from klimaorg.storage.login_attempts import record_failure as record_login_failure
from klimaorg.storage.login_attempts import retry_after as login_retry_after
from klimaorg.storage.models import ORGANISATION_KINDS
from klimaorg.storage.municipalities import (
    ImportResult,
    MunicipalityInfo,
    directory_counts,
    get_municipality,
    import_directory,
    kreis_label,
    municipalities_in_kreis,
    search_municipalities,
)
from klimaorg.storage.rate_limits import lease as lease_quota
from klimaorg.storage.rate_limits import quota_key
from klimaorg.storage.sessions import MAX_TOKEN as MAX_SESSION_TOKEN
from klimaorg.storage.sessions import MAX_USER_AGENT, SessionInfo
from klimaorg.storage.sessions import Limits as SessionLimits
from klimaorg.storage.sessions import active as active_sessions
from klimaorg.storage.sessions import end as end_session
from klimaorg.storage.sessions import end_all as end_all_sessions
from klimaorg.storage.sessions import end_one as end_one_session
from klimaorg.storage.sessions import lookup as lookup_session
from klimaorg.storage.sessions import new_token as new_session_token
from klimaorg.storage.sessions import purge_expired as purge_expired_sessions
from klimaorg.storage.sessions import start as start_session
from klimaorg.storage.sessions import switch_organisation as switch_session_organisation
from klimaorg.storage.workshops import (
    CORRECTIONS_PER_WINDOW,
    DEFAULT_PARTICIPANTS,
    MAX_PARTICIPANTS,
    SubmissionInfo,
    SubmissionPlan,
    WorkshopInfo,
    WorkshopPublic,
    WorkshopSnapshot,
    adopt_aggregate,
    adoption_snapshot,
    create_workshop,
    get_current_profile,
    list_submissions,
    list_workshops,
    plan_submission,
    resolve_workshop,
    revoke_workshop,
    submit_priorities,
    workshop_profile,
    workshop_snapshot,
)

__all__ = [
    "CORRECTIONS_PER_WINDOW",
    "DEFAULT_PARTICIPANTS",
    "MAX_IMPORT_BYTES",
    "MAX_PARTICIPANTS",
    "MAX_PER_PAGE",
    "MAX_SESSION_TOKEN",
    "MAX_USER_AGENT",
    "ORGANISATION_KINDS",
    "ApiTokenInfo",
    "AssessmentDetail",
    "AssessmentPlace",
    "AssessmentSummary",
    "AuditInfo",
    "AuthenticationError",
    "CheckedExport",
    "ConflictError",
    "CorrectionLimitError",
    "ExportedVersion",
    "ImportResult",
    "LoginCandidate",
    "MemberInfo",
    "MembershipInfo",
    "MunicipalityInfo",
    "NotFoundError",
    "NotMigratedError",
    "OrganisationInfo",
    "Page",
    "PermissionDeniedError",
    "Principal",
    "Role",
    "SessionInfo",
    "SessionLimits",
    "SubmissionInfo",
    "SubmissionPlan",
    "UserInfo",
    "UserInputError",
    "VersionInfo",
    "VersionSummary",
    "WeakPasswordError",
    "WorkshopClosedError",
    "WorkshopFullError",
    "WorkshopInfo",
    "WorkshopPublic",
    "WorkshopSnapshot",
    "active_sessions",
    "add_member",
    "adopt_aggregate",
    "adoption_snapshot",
    "assessment_places",
    "authenticate",
    "change_password",
    "check_export",
    "check_password",
    "clear_login_failures",
    "compare_versions",
    "configure_password_hashing",
    "create_api_token",
    "create_assessment",
    "create_organisation",
    "create_user",
    "create_workshop",
    "delete_assessment",
    "directory_counts",
    "end_all_sessions",
    "end_one_session",
    "end_session",
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
    "kreis_label",
    "last_editor",
    "lease_quota",
    "list_api_tokens",
    "list_assessments",
    "list_audit",
    "list_members",
    "list_submissions",
    "list_workshops",
    "login_attempt_key",
    "login_candidate",
    "login_retry_after",
    "lookup_session",
    "memberships",
    "municipalities_in_kreis",
    "new_password_hash",
    "new_session_token",
    "operator_principal",
    "password_account",
    "plan_submission",
    "prepare_profile",
    "principal_for",
    "purge_expired_sessions",
    "quota_key",
    "read_export",
    "record_login_failure",
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
    "sign_out_everywhere",
    "start_session",
    "store_new_password",
    "store_upgraded_hash",
    "submit_priorities",
    "switch_session_organisation",
    "token_hash",
    "update_assessment",
    "upgraded_hash",
    "user_count",
    "verify_password",
    "workshop_profile",
    "workshop_snapshot",
]
