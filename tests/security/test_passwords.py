"""Weak secrets are refused (penetration test, issue "accounts"; NIST SP 800-63B 5.1.1.2).

Passwords: at least 12 characters, no control characters, not on the list of common passwords
(zxcvbn's bundled list of 30,000), not containing the account's e-mail address, its local part
or name, not easily guessed (repetitions, sequences: zxcvbn's estimate below 10^6 guesses).
The web form, the CLI and the service all refuse them, naming the field.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from klimaorg.errors import UserInputError
from klimaorg.storage import service
from klimaorg.storage.accounts import WeakPasswordError
from klimaorg.storage.core import Role
from klimaorg.storage.db import Database
from tests.accounts import PASSWORD
from tests.web.assessment_world import World, form_token
from tests.web.assessment_world import sqlite_world as sqlite_world

EMAIL = "anna.schmidt@denzlingen.example"
NAME = "Anna Schmidt"

REFUSED = {
    "aaaaaaaaaaaa": "guessable",  # one character repeated
    "123456789012": "guessable",  # a sequence
    "abcdefghijklmn": "guessable",
    "Passwort1234": "guessable",
    "\0" * 12: "control",  # twelve NUL characters
    "gutes passwort\nmit umbruch": "control",
    "tab\tinside the password": "control",
    " " * 20: "guessable",
    "qwerty123456": "common",  # from the common-password list
    "1qaz2wsx3edc": "common",
    "QWERTY123456": "common",  # regardless of case
    EMAIL: "personal",  # the account's own e-mail address
    "anna.schmidt-2026!": "personal",  # its local part
    "Denzlingen-Kaiserstuhl": "personal",  # a part of the e-mail's domain
    "ich-bin-Schmidt-1990": "personal",  # the name
    "kurz": "short",
    "elf-Zeichen": "short",
}
ACCEPTED = [
    PASSWORD,
    "Apfelbaum-Schwarzwald-42",
    "Kreisverkehr Lörrach brummt",
    "x" * 3 + "Feldberg-Bahn-1957",
]


@pytest.mark.parametrize(("password", "reason"), REFUSED.items(), ids=[repr(p) for p in REFUSED])
def test_weak_passwords_are_refused(password: str, reason: str) -> None:
    with pytest.raises(WeakPasswordError) as info:
        service.check_password(password, email=EMAIL, name=NAME)
    assert info.value.reason == reason
    assert info.value.field == "Passwort"
    assert str(info.value).startswith("Passwort: ")


@pytest.mark.parametrize("password", ACCEPTED)
def test_good_passwords_are_accepted(password: str) -> None:
    service.check_password(password, email=EMAIL, name=NAME)


def test_account_creation_checks_against_its_own_email_and_name(sqlite_world: World) -> None:
    with sqlite_world.db.transaction() as s, pytest.raises(UserInputError) as info:
        service.create_user(s, email=EMAIL, password="Schmidt-Kaiserstuhl", display_name=NAME)
    assert "E-Mail-Adresse oder den Namen" in str(info.value)
    with sqlite_world.db.transaction() as s:
        user = service.create_user(
            s, email=EMAIL, password="Kaiserstuhl-Reben-33", display_name=NAME
        )
        with pytest.raises(UserInputError, match="häufig benutzter"):
            service.reset_password(s, EMAIL, "qwerty123456")
    assert user.email == EMAIL


@pytest.mark.parametrize(
    ("lang", "new", "message"),
    [
        ("de", "aaaaaaaaaaaa", "Neues Passwort: Es ist zu leicht zu erraten"),
        ("de", "123456789012", "Neues Passwort: Es ist zu leicht zu erraten"),
        ("de", "\0" * 12, "Neues Passwort: Es darf keine Steuerzeichen"),
        ("de", "qwerty123456", "Neues Passwort: Es steht auf der Liste häufig benutzter"),
        ("de", "{email}", "Neues Passwort: Es darf weder Ihre E-Mail-Adresse noch Ihren Namen"),
        ("en", "{email}", "New password: it must not contain your e-mail address or your name"),
        ("en", "aaaaaaaaaaaa", "New password: it is too easy to guess"),
        ("en", "kurz", "New password: it needs at least 12 characters"),
    ],
)
def test_password_form_names_the_field_in_the_readers_language(
    sqlite_world: World, lang: str, new: str, message: str
) -> None:
    email = f"jo-{uuid.uuid4().hex[:6]}@musterstadt.example"
    with sqlite_world.db.transaction() as s:
        service.create_user(s, email=email, password=PASSWORD)
        service.add_member(
            s, None, email=email, role=Role.VIEWER, organisation_id=sqlite_world.a.id
        )
    client = TestClient(sqlite_world.app, follow_redirects=False)
    token = form_token(client.get("/anmelden").text)
    client.post("/anmelden", data={"email": email, "password": PASSWORD, "csrf_token": token})
    page = client.get(f"/konto/passwort?lang={lang}")
    new = new.format(email=email)
    response = client.post(
        "/konto/passwort",
        data={
            "old_password": PASSWORD,
            "new_password": new,
            "repeat_password": new,
            "csrf_token": form_token(page.text),
        },
    )
    assert response.status_code == 422
    assert message in response.text
    if lang == "de":
        assert "too easy" not in response.text and "control" not in response.text


def test_cli_refuses_the_email_as_password(tmp_path: Path, sqlite_world: World) -> None:
    url = sqlite_world.db.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "KLIMAORG_DATABASE_URL": url, "KLIMAORG_DATA_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "klimaorg", "users", "create", EMAIL.replace("anna", "ben")]
    done = subprocess.run(
        [*command, "--org", sqlite_world.a.name, "--password-stdin"],
        input=EMAIL.replace("anna", "ben") + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("Fehler: Passwort: enthält die E-Mail-Adresse")
    db = Database.from_url(url)
    with db.transaction() as s, pytest.raises(Exception, match="Benutzer"):
        service.find_user(s, EMAIL.replace("anna", "ben"))
    db.dispose()
