"""Tenant isolation and roles: another organisation's resource looks exactly like a missing
one; a viewer cannot change anything."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

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


def _resources(db: Database, tenant: Tenant) -> Resources:
    with db.transaction() as s:
        a = service.create_assessment(s, tenant.editor, title="Bewertung", profile=PROFILE)
        a = service.update_assessment(
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
    "update_assessment": lambda s, p, r: service.update_assessment(
        s, p, r.assessment, lock_version=r.lock, profile=PROFILE
    ),
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
    "aggregate_workshop": lambda s, p, r: service.aggregate_workshop(s, p, r.workshop),
    "adopt_aggregate": lambda s, p, r: service.adopt_aggregate(
        s, p, r.workshop, lock_version=r.lock
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
        assert service.list_assessments(s, b.owner).total == 1
        assert service.list_audit(s, b.owner)
        # an import lands in the importer's organisation only
        imported = service.import_assessment(s, a.editor, theirs.export)
        assert imported.organisation_id == a.org_id


#: Changes and who may make them (the minimum role).
CHANGES: dict[str, tuple[Role, Call]] = {
    "create_assessment": (
        Role.EDITOR,
        lambda s, p, _r: service.create_assessment(s, p, title="x", profile=PROFILE),
    ),
    "import_assessment": (Role.EDITOR, lambda s, p, r: service.import_assessment(s, p, r.export)),
    "add_member": (
        Role.OWNER,
        lambda s, p, _r: service.add_member(s, p, email="viewer@a.example", role="editor"),
    ),
    "list_audit": (Role.OWNER, lambda s, p, _r: service.list_audit(s, p)),
}
for _name in (
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
        "aggregate_workshop",
    ],
)
def test_viewer_can_read(db: Database, tenants: tuple[Tenant, Tenant], name: str) -> None:
    a, _ = tenants
    ours = _resources(db, a)
    with db.transaction() as s:
        BY_ID[name](s, a.viewer, ours)
