"""Users, passwords (argon2id), memberships, API tokens, principals."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.storage import service
from klimaorg.storage.core import Principal, Role
from klimaorg.storage.db import Database
from klimaorg.storage.errors import AuthenticationError, PermissionDeniedError
from klimaorg.storage.models import ApiToken, AuditEntry, User
from tests.accounts import PASSWORD
from tests.storage.conftest import Tenant


def test_password_is_stored_as_argon2id(session: Session) -> None:
    user = service.create_user(session, email="Anna@Example.org", password=PASSWORD)
    stored = session.scalar(sa.select(User.password_hash).where(User.id == user.id))
    assert stored is not None and stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_authenticate_right_wrong_unknown(session: Session) -> None:
    user = service.create_user(session, email="Anna@Example.org", password=PASSWORD)
    assert service.authenticate(session, "anna@example.ORG", PASSWORD).id == user.id
    with pytest.raises(AuthenticationError) as wrong:
        service.authenticate(session, "anna@example.org", PASSWORD + "x")
    with pytest.raises(AuthenticationError) as unknown:
        service.authenticate(session, "nobody@example.org", PASSWORD)
    assert str(wrong.value) == str(unknown.value)  # does not tell which part was wrong


def test_deactivated_user_cannot_log_in(session: Session) -> None:
    service.create_user(session, email="anna@example.org", password=PASSWORD)
    service.set_user_active(session, "anna@example.org", False)
    with pytest.raises(AuthenticationError):
        service.authenticate(session, "anna@example.org", PASSWORD)


def test_email_is_unique_regardless_of_case(session: Session) -> None:
    service.create_user(session, email="anna@example.org", password=PASSWORD)
    with pytest.raises(UserInputError, match="gibt es schon"):
        service.create_user(session, email="ANNA@example.org", password=PASSWORD)


@pytest.mark.parametrize("password", ["", "short", "elevenchars", " " * 20])
def test_weak_passwords_are_refused(session: Session, password: str) -> None:
    with pytest.raises(UserInputError, match="Passwort"):
        service.create_user(session, email="anna@example.org", password=password)


def test_outdated_hash_parameters_are_upgraded_at_login(session: Session) -> None:
    service.create_user(session, email="anna@example.org", password=PASSWORD)
    old = session.scalar(sa.select(User.password_hash))
    service.configure_password_hashing(PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1))
    try:
        service.authenticate(session, "anna@example.org", PASSWORD)
        new = session.scalar(sa.select(User.password_hash))
        assert new != old and new is not None and "m=2048,t=2" in new
        service.authenticate(session, "anna@example.org", PASSWORD)
    finally:
        service.configure_password_hashing(
            PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        )


def test_change_password_needs_the_old_one(session: Session) -> None:
    user = service.create_user(session, email="anna@example.org", password=PASSWORD)
    with pytest.raises(AuthenticationError):
        service.change_password(session, user.id, "wrong password!!", "a new long password")
    service.change_password(session, user.id, PASSWORD, "a new long password")
    service.authenticate(session, "anna@example.org", "a new long password")
    with pytest.raises(AuthenticationError):
        service.authenticate(session, "anna@example.org", PASSWORD)


def test_admin_reset_password_one_time_or_given(session: Session) -> None:
    service.create_user(session, email="anna@example.org", password=PASSWORD)
    generated = service.reset_password(session, "anna@example.org")
    assert generated is not None and len(generated) >= 12
    service.authenticate(session, "anna@example.org", generated)
    assert service.reset_password(session, "anna@example.org", "chosen by the admin") is None
    service.authenticate(session, "anna@example.org", "chosen by the admin")
    with pytest.raises(NotFoundError):
        service.reset_password(session, "nobody@example.org")


def test_only_admins_reset_passwords(session: Session, tenants: tuple[Tenant, Tenant]) -> None:
    a, _ = tenants
    with pytest.raises(PermissionDeniedError):
        service.reset_password(session, "viewer@a.example", actor=a.owner)
    admin = Principal(a.owner.user_id, a.org_id, Role.OWNER, is_admin=True, label="admin")
    assert service.reset_password(session, "viewer@a.example", actor=admin)


def test_principal_reads_role_from_membership(
    session: Session, tenants: tuple[Tenant, Tenant]
) -> None:
    a, b = tenants
    assert a.viewer.role is Role.VIEWER
    assert a.viewer.user_id is not None
    with pytest.raises(NotFoundError):
        service.principal_for(session, a.viewer.user_id, b.org_id)
    service.add_member(session, a.owner, email="viewer@a.example", role="editor")
    assert service.principal_for(session, a.viewer.user_id, a.org_id).role is Role.EDITOR
    orgs = service.memberships(session, a.viewer.user_id)
    assert [m.organisation.name for m in orgs] == ["A"]


def test_api_token_shown_once_stored_hashed(db: Database, tenants: tuple[Tenant, Tenant]) -> None:
    a, _ = tenants
    with db.transaction() as s:
        info, token = service.create_api_token(s, a.editor, "Fachverfahren")
    assert token.startswith("ko_") and len(token) > 40
    with db.transaction() as s:
        row = s.scalars(sa.select(ApiToken)).one()
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        dumped = " ".join(str(v) for v in s.execute(sa.select(ApiToken.__table__)).one())
        assert token not in dumped
        assert all(token not in repr(t) for t in service.list_api_tokens(s, a.owner))
        principal = service.resolve_api_token(s, token)
        assert (principal.user_id, principal.organisation_id, principal.role) == (
            a.editor.user_id,
            a.org_id,
            Role.EDITOR,
        )
        assert service.list_api_tokens(s, a.editor)[0].last_used_at is not None
    with db.transaction() as s:
        service.revoke_api_token(s, a.editor, info.id)
    with db.transaction() as s, pytest.raises(AuthenticationError):
        service.resolve_api_token(s, token)
    with db.transaction() as s, pytest.raises(AuthenticationError):
        service.resolve_api_token(s, "ko_" + "x" * 43)


def test_token_dies_with_the_membership_or_account(
    db: Database, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    with db.transaction() as s:
        _, token = service.create_api_token(s, a.viewer, "Skript")
        service.set_user_active(s, "viewer@a.example", False)
    with db.transaction() as s, pytest.raises(AuthenticationError):
        service.resolve_api_token(s, token)


def test_roles_for_accounts(session: Session, tenants: tuple[Tenant, Tenant]) -> None:
    a, _ = tenants
    with pytest.raises(PermissionDeniedError):
        service.add_member(session, a.editor, email="viewer@a.example", role="owner")
    with pytest.raises(PermissionDeniedError):
        service.create_organisation(session, name="X", kind="consultancy", actor=a.owner)
    info, _ = service.create_api_token(session, a.viewer, "mine")
    with pytest.raises(PermissionDeniedError):
        service.revoke_api_token(session, a.editor, info.id)  # someone else's, not owner
    service.revoke_api_token(session, a.owner, info.id)


def test_account_changes_are_audited(session: Session) -> None:
    org = service.create_organisation(session, name="Kreis X", kind="landkreis", kreis_key="08316")
    service.create_user(session, email="anna@example.org", password=PASSWORD)
    service.add_member(
        session, None, email="anna@example.org", role="owner", organisation_id=org.id
    )
    service.reset_password(session, "anna@example.org")
    actions = session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == [
        "organisation.create",
        "user.create",
        "membership.set",
        "user.reset_password",
    ]
