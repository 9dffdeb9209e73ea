"""Accounts for tests that need someone signed in: fast hashing and a one-member organisation.

Many test set-ups (web, browser, reliability, security) need "an organisation and one person
in it with a role"; written out each time, the four service calls drifted apart in small ways
(which e-mail was used for the membership, whether the display name was set). One helper keeps
them the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from klimaorg.storage import service
from klimaorg.storage.core import Principal, Role

PASSWORD = "correct horse battery staple"


def cheap_hashing() -> None:
    """argon2id with small parameters: the same algorithm, fast tests."""
    service.configure_password_hashing(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@dataclass(frozen=True)
class Member:
    """The one member of a new organisation: how they sign in and who they act as."""

    email: str
    principal: Principal


def sole_member(
    s: Session,
    organisation: str,
    role: Role,
    *,
    display_name: str | None = None,
    kind: str = "municipality",
) -> Member:
    """A new organisation with one member in ``role``, e-mail ``<role>@<organisation>.example``
    (letters and digits of the name) and the tests' :data:`PASSWORD`."""
    org = service.create_organisation(s, name=organisation, kind=kind)
    email = f"{role.value}@{re.sub(r'[^a-z0-9]', '', organisation.lower())}.example"
    user = service.create_user(s, email=email, password=PASSWORD, display_name=display_name)
    service.add_member(s, None, email=email, role=role, organisation_id=org.id)
    return Member(email, service.principal_for(s, user.id, org.id))
