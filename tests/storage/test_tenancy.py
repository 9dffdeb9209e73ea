"""Tenant isolation and roles: another organisation's resource looks exactly like a missing
one; a viewer cannot change anything; and every function of the storage service is listed
here as scoped by a resource id, scoped to the principal's organisation, or unscoped by design
(with the reason), so a new function cannot slip past these tests."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from klimaorg import assessing
from klimaorg.advisor.assessment import Analysis, analyse_profile
from klimaorg.errors import NotFoundError
from klimaorg.storage import service
from klimaorg.storage.core import Principal, Role
from klimaorg.storage.db import Database
from klimaorg.storage.errors import PermissionDeniedError
from tests.storage.conftest import PROFILE, Tenant


@dataclass(frozen=True)
class Resources:
    """Ids of one organisation's resources."""

    assessment: int
    lock: int
    workshop: int
    token: int
    export: str


#: What the advisor computed for :data:`PROFILE`, stored by the changes below.
ANALYSIS: Analysis = analyse_profile(PROFILE)


def _resources(db: Database, tenant: Tenant) -> Resources:
    with db.transaction() as s:
        a = assessing.create_assessment(s, tenant.editor, title="Bewertung", profile=PROFILE)
        a = assessing.update_assessment(
            s, tenant.editor, a.id, lock_version=a.lock_version, profile=PROFILE
        )
        w, tok = service.create_workshop(s, tenant.editor, a.id)
        criteria = service.resolve_workshop(s, tok).criteria
        service.submit_priorities(s, tok, participant="P", priorities=dict.fromkeys(criteria, 2))
        t, _ = service.create_api_token(s, tenant.owner, "t")
        export = service.export_assessment(s, tenant.owner, a.id)
    return Resources(a.id, a.lock_version, w.id, t.id, export)


Call = Callable[[Session, Principal, Resources], Any]

#: Every service function that takes an id of an organisation's resource.
BY_ID: dict[str, Call] = {
    "get_assessment": lambda s, p, r: service.get_assessment(s, p, r.assessment),
    "prepare_profile": lambda s, p, r: service.prepare_profile(
        s, p, PROFILE, assessment_id=r.assessment
    ),
    "update_assessment": lambda s, p, r: service.update_assessment(
        s,
        p,
        r.assessment,
        lock_version=r.lock,
        profile=ANALYSIS.profile,
        result=ANALYSIS.result,
    ),
    "last_editor": lambda s, p, r: service.last_editor(s, p, r.assessment),
    "history": lambda s, p, r: service.history(s, p, r.assessment),
    "get_version": lambda s, p, r: service.get_version(s, p, r.assessment, 1),
    "compare_versions": lambda s, p, r: service.compare_versions(s, p, r.assessment, 1, 2),
    "restore_version": lambda s, p, r: service.restore_version(
        s, p, r.assessment, 1, lock_version=r.lock
    ),
    "set_decision": lambda s, p, r: service.set_decision(
        s,
        p,
        r.assessment,
        lock_version=r.lock,
        status="decided",
        decided_model="team",
        council_decision_date=date(2024, 3, 1),
    ),
    "set_notes": lambda s, p, r: service.set_notes(
        s, p, r.assessment, lock_version=r.lock, notes="x"
    ),
    "delete_assessment": lambda s, p, r: service.delete_assessment(s, p, r.assessment),
    "export_assessment": lambda s, p, r: service.export_assessment(s, p, r.assessment),
    "get_current_profile": lambda s, p, r: service.get_current_profile(s, p, r.assessment),
    "create_workshop": lambda s, p, r: service.create_workshop(s, p, r.assessment),
    "list_workshops": lambda s, p, r: service.list_workshops(s, p, r.assessment),
    "revoke_workshop": lambda s, p, r: service.revoke_workshop(s, p, r.workshop),
    "list_submissions": lambda s, p, r: service.list_submissions(s, p, r.workshop),
    "workshop_snapshot": lambda s, p, r: service.workshop_snapshot(s, p, r.workshop),
    "adoption_snapshot": lambda s, p, r: service.adoption_snapshot(s, p, r.workshop),
    "adopt_aggregate": lambda s, p, r: service.adopt_aggregate(
        s,
        p,
        r.workshop,
        lock_version=r.lock,
        profile=ANALYSIS.profile,
        result=ANALYSIS.result,
        participants=1,
        rule="mean",
    ),
    "revoke_api_token": lambda s, p, r: service.revoke_api_token(s, p, r.token),
}


@pytest.mark.parametrize("name", sorted(BY_ID))
def test_other_organisations_resources_are_not_found(
    db: Database, tenants: tuple[Tenant, Tenant], name: str
) -> None:
    a, b = tenants
    theirs = _resources(db, b)
    with db.transaction() as s, pytest.raises(NotFoundError) as foreign:
        BY_ID[name](s, a.owner, theirs)
    # exactly like an id that does not exist at all
    missing = Resources(10**6, theirs.lock, 10**6, 10**6, theirs.export)
    with db.transaction() as s, pytest.raises(NotFoundError) as absent:
        BY_ID[name](s, a.owner, missing)
    assert type(foreign.value) is type(absent.value)
    assert foreign.value.kind == absent.value.kind
    # and B's data is untouched
    with db.transaction() as s:
        assert service.get_assessment(s, b.owner, theirs.assessment).lock_version == theirs.lock
        assert service.list_api_tokens(s, b.owner)[0].revoked_at is None


def test_listings_show_only_own_organisation(db: Database, tenants: tuple[Tenant, Tenant]) -> None:
    a, b = tenants
    theirs = _resources(db, b)
    with db.transaction() as s:
        assert service.list_assessments(s, a.owner).total == 0
        assert service.list_api_tokens(s, a.owner) == []
        own = {e.action for e in service.list_audit(s, a.owner)}
        assert own == {"organisation.create", "membership.set"}  # A's set-up only
        assert service.assessment_places(s, a.owner) == []
        assert service.get_organisation(s, a.owner).id == a.org_id
        admin = replace(a.owner, is_admin=True)
        assert {m.email for m in service.list_members(s, admin)} == {
            f"{role.value}@a.example" for role in Role
        }
        assert service.list_assessments(s, b.owner).total == 1
        assert [p.id for p in service.assessment_places(s, b.owner)] == [theirs.assessment]
        assert service.list_audit(s, b.owner)
        # an import lands in the importer's organisation only
        imported = assessing.import_assessment(s, a.editor, theirs.export)
        assert imported.organisation_id == a.org_id


#: Changes and who may make them (the minimum role).
CHANGES: dict[str, tuple[Role, Call]] = {
    "create_assessment": (
        Role.EDITOR,
        lambda s, p, _r: service.create_assessment(
            s, p, title="x", profile=ANALYSIS.profile, result=ANALYSIS.result
        ),
    ),
    "import_assessment": (
        Role.EDITOR,
        lambda s, p, r: service.import_assessment(
            s, p, service.check_export(replace(p, role=Role.EDITOR), r.export)
        ),
    ),
    "check_export": (Role.EDITOR, lambda _s, p, r: service.check_export(p, r.export)),
    "add_member": (
        Role.OWNER,
        lambda s, p, _r: service.add_member(s, p, email="viewer@a.example", role="editor"),
    ),
    "list_audit": (Role.OWNER, lambda s, p, _r: service.list_audit(s, p)),
}
for _name in (
    "prepare_profile",
    "adoption_snapshot",
    "update_assessment",
    "restore_version",
    "set_decision",
    "set_notes",
    "create_workshop",
    "revoke_workshop",
    "adopt_aggregate",
):
    CHANGES[_name] = (Role.EDITOR, BY_ID[_name])
CHANGES["delete_assessment"] = (Role.OWNER, BY_ID["delete_assessment"])


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_roles(db: Database, tenants: tuple[Tenant, Tenant], name: str) -> None:
    a, _ = tenants
    ours = _resources(db, a)
    minimum, call = CHANGES[name]
    for role in Role:
        if role.level < minimum.level:
            with db.transaction() as s, pytest.raises(PermissionDeniedError):
                call(s, a.as_role(role), ours)
    with db.transaction() as s:
        call(s, a.as_role(minimum), ours)


@pytest.mark.parametrize(
    "name",
    [
        "get_assessment",
        "history",
        "compare_versions",
        "export_assessment",
        "list_submissions",
        "workshop_snapshot",
        "last_editor",
    ],
)
def test_viewer_can_read(db: Database, tenants: tuple[Tenant, Tenant], name: str) -> None:
    a, _ = tenants
    ours = _resources(db, a)
    with db.transaction() as s:
        BY_ID[name](s, a.viewer, ours)


#: Functions that take a principal and act in its organisation as a whole (no resource id):
#: the listings above and the creating functions, which put what they make into it.
ORGANISATION_WIDE = {
    "add_member",  # the principal's organisation (None: the operator's CLI names one)
    "assessment_places",
    "check_export",
    "create_api_token",
    "create_assessment",
    "get_organisation",
    "import_assessment",
    "list_api_tokens",
    "list_assessments",
    "list_audit",
    "list_members",
}

#: Functions without an organisation's principal, by design, and why.
UNSCOPED: dict[str, str] = {
    **dict.fromkeys(
        (
            "create_organisation",
            "create_user",
            "find_organisation",
            "find_user",
            "reset_password",
            "set_user_active",
            "sign_out_everywhere",
        ),
        "the operator's CLI or an administrator (``actor``): across organisations by role",
    ),
    **dict.fromkeys(
        (
            "authenticate",
            "change_password",
            "check_password",
            "configure_password_hashing",
            "login_candidate",
            "memberships",
            "new_password_hash",
            "password_account",
            "principal_for",
            "resolve_api_token",
            "store_new_password",
            "store_upgraded_hash",
            "upgraded_hash",
            "verify_password",
        ),
        "signing in: before there is a principal, or one user's own account",
    ),
    **dict.fromkeys(
        (
            "active_sessions",
            "end_all_sessions",
            "end_one_session",
            "end_session",
            "lookup_session",
            "new_session_token",
            "purge_expired_sessions",
            "start_session",
            "switch_session_organisation",
        ),
        "login sessions: keyed by the cookie's hash or one user's id",
    ),
    **dict.fromkeys(
        (
            "clear_login_failures",
            "login_attempt_key",
            "login_retry_after",
            "record_login_failure",
        ),
        "failed logins: keyed by a hash of e-mail and address, before anyone is signed in",
    ),
    **dict.fromkeys(
        ("plan_submission", "resolve_workshop", "submit_priorities", "workshop_profile"),
        "a workshop link: the secret token is the permission",
    ),
    **dict.fromkeys(
        (
            "directory_counts",
            "get_municipality",
            "import_directory",
            "kreis_label",
            "municipalities_in_kreis",
            "search_municipalities",
        ),
        "the municipality directory: public data shared by every organisation",
    ),
    **dict.fromkeys(
        ("lease_quota", "quota_key"), "request quotas: keyed by a hash of quota and address"
    ),
    "read_export": "parses a file; touches no database",
    "token_hash": "a hash function; touches no database",
    "operator_principal": "the operator at the command line, on the server: any organisation",
    "user_count": "the operator's start-up hint: a count, no account's data",
}


def _service_functions() -> set[str]:
    return {name for name in service.__all__ if inspect.isfunction(getattr(service, name))}


def test_every_service_function_is_listed_once() -> None:
    """A new function of the service must say here how it is scoped."""
    groups = [set(BY_ID), ORGANISATION_WIDE, set(UNSCOPED)]
    functions = _service_functions()
    listed = set().union(*groups)
    assert functions - listed == set(), "not listed: add to BY_ID, ORGANISATION_WIDE or UNSCOPED"
    assert listed - functions == set(), "listed but not a function of the service"
    assert sum(len(g) for g in groups) == len(listed), "listed in two groups"


def test_scoped_functions_take_a_principal_and_unscoped_ones_do_not() -> None:
    """Every listed function with an organisation's ``principal`` is tested above (by id or
    for its listing); the unscoped ones have no such parameter to forget."""
    for name in _service_functions() - set(UNSCOPED):
        assert "principal" in inspect.signature(getattr(service, name)).parameters, name
    for name in UNSCOPED:
        assert "principal" not in inspect.signature(getattr(service, name)).parameters, name
