"""Sign-in: login and logout, wrong password, the rate limit shared through the database,
cookie flags, session expiry, organisation switch, password change and admin reset."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from fastapi.testclient import TestClient

from klimaorg.storage.core import Role
from klimaorg.storage.models import utcnow
from klimaorg.web.auth import SESSION_COOKIE, session_cookie
from tests.accounts import PASSWORD
from tests.web.assessment_world import World, build_world, form_token, make_app
from tests.web.assessment_world import sqlite_world as sqlite_world
from tests.web.assessment_world import world as world


def login(client: TestClient, email: str, password: str = PASSWORD, next: str = "") -> object:
    page = client.get("/anmelden")
    token = form_token(page.text)
    data = {"email": email, "password": password, "csrf_token": token, "next": next}
    return client.post("/anmelden", data=data)


def set_cookie_headers(response: object) -> list[str]:
    return response.headers.get_list("set-cookie")  # type: ignore[attr-defined, no-any-return]


def test_login_logout_and_wrong_password(world: World) -> None:
    client = TestClient(world.app, follow_redirects=False)
    wrong = login(client, world.a.emails[Role.EDITOR], "not the password at all")
    assert wrong.status_code == 401  # type: ignore[attr-defined]
    assert "E-Mail-Adresse oder Passwort ist falsch" in wrong.text  # type: ignore[attr-defined]
    assert client.get("/bewertungen").status_code == 303
    ok = login(client, world.a.emails[Role.EDITOR], next="/bewertungen?status=draft")
    assert ok.status_code == 303  # type: ignore[attr-defined]
    assert ok.headers["location"] == "/bewertungen?status=draft"  # type: ignore[attr-defined]
    cookie = next(c for c in set_cookie_headers(ok) if c.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    page = client.get("/bewertungen")
    assert page.status_code == 200
    assert world.a.emails[Role.EDITOR] in page.text
    token = form_token(page.text)
    out = client.post("/abmelden", data={"csrf_token": token})
    assert out.status_code == 303
    assert client.get("/bewertungen").status_code == 303
    offsite = login(client, world.a.emails[Role.EDITOR], next="//evil.example/x")
    assert offsite.headers["location"] == "/bewertungen"  # type: ignore[attr-defined]


def test_rate_limit_is_shared_by_two_app_instances(sqlite_world: World, tmp_path: Path) -> None:
    url = sqlite_world.db.engine.url.render_as_string(hide_password=False)
    other = make_app(url, tmp_path)
    first = TestClient(sqlite_world.app, follow_redirects=False)
    second = TestClient(other, follow_redirects=False)
    email = sqlite_world.b.emails[Role.VIEWER]
    for _ in range(5):
        assert login(first, email, "wrong wrong wrong").status_code == 401  # type: ignore[attr-defined]
    blocked = login(second, email)  # right password, other worker: still blocked
    assert blocked.status_code == 429  # type: ignore[attr-defined]
    assert int(blocked.headers["retry-after"]) > 0  # type: ignore[attr-defined]
    assert "Zu viele fehlgeschlagene" in blocked.text  # type: ignore[attr-defined]
    other_address = TestClient(other, follow_redirects=False, client=("192.0.2.9", 1234))
    assert login(other_address, email).status_code == 303  # type: ignore[attr-defined]
    other.state.db.dispose()


def test_secure_cookie_over_https_and_trusted_proxy_only(
    sqlite_world: World, tmp_path: Path
) -> None:
    email = sqlite_world.a.emails[Role.EDITOR]
    https = TestClient(sqlite_world.app, base_url="https://testserver", follow_redirects=False)
    response = login(https, email)
    cookie = next(c for c in set_cookie_headers(response) if c.startswith(SESSION_COOKIE))
    assert "Secure" in cookie
    spoofed = TestClient(
        sqlite_world.app, follow_redirects=False, headers={"X-Forwarded-Proto": "https"}
    )
    response = login(spoofed, email)
    cookie = next(c for c in set_cookie_headers(response) if c.startswith(SESSION_COOKIE))
    assert "Secure" not in cookie  # a proxy header from an untrusted address is ignored
    url = sqlite_world.db.engine.url.render_as_string(hide_password=False)
    proxied_app = make_app(url, tmp_path, trusted_proxies="127.0.0.1")
    proxied = TestClient(
        proxied_app,
        follow_redirects=False,
        client=("127.0.0.1", 5000),
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"},
    )
    # the Secure cookie is not sent back over http by the test client, so read the header
    page = proxied.get("/anmelden")
    assert "Secure" in page.headers["set-cookie"]
    proxied.cookies.set("klimaorg_csrf", page.cookies["klimaorg_csrf"])
    response = proxied.post(
        "/anmelden",
        data={"email": email, "password": PASSWORD, "csrf_token": form_token(page.text)},
    )
    cookie = next(c for c in set_cookie_headers(response) if c.startswith(SESSION_COOKIE))
    assert "Secure" in cookie
    proxied_app.state.db.dispose()


def test_session_expires_after_idle_time_and_lifetime(sqlite_world: World) -> None:
    editor = sqlite_world.a.members[Role.EDITOR]
    assert editor.user_id is not None
    settings = sqlite_world.app.state.settings
    idle = timedelta(minutes=settings.session_idle_minutes)
    client = TestClient(sqlite_world.app, follow_redirects=False)
    client.cookies.set(
        SESSION_COOKIE, session_cookie(sqlite_world.app, editor.user_id, editor.organisation_id)
    )
    assert client.get("/bewertungen").status_code == 200
    later = utcnow() + idle + timedelta(seconds=5)
    with mock.patch("klimaorg.storage.sessions.utcnow", return_value=later):
        assert client.get("/bewertungen").status_code == 303  # idle too long: gone for good
    assert client.get("/bewertungen").status_code == 303

    fresh = session_cookie(sqlite_world.app, editor.user_id, editor.organisation_id)
    client.cookies.set(SESSION_COOKIE, fresh)
    start = utcnow()
    step = idle - timedelta(minutes=1)
    moment = start
    while moment - start < timedelta(hours=settings.session_max_hours) - step:
        moment += step
        with mock.patch("klimaorg.storage.sessions.utcnow", return_value=moment):
            assert client.get("/bewertungen").status_code == 200  # in use: stays alive
    with mock.patch("klimaorg.storage.sessions.utcnow", return_value=moment + step):
        assert client.get("/bewertungen").status_code == 303  # but not past the lifetime

    other = session_cookie(sqlite_world.app, editor.user_id, editor.organisation_id)
    tampered = other[:-2] + ("A" if other[-2] != "A" else "B") + other[-1]
    client.cookies.set(SESSION_COOKIE, tampered)
    assert client.get("/bewertungen").status_code == 303


def test_organisation_switch_only_to_own_organisations(sqlite_world: World) -> None:
    w = sqlite_world
    from klimaorg.storage import service

    email = w.a.emails[Role.VIEWER]
    with w.db.transaction() as s:
        service.add_member(s, None, email=email, role=Role.EDITOR, organisation_id=w.b.id)
    client = w.client(w.a.members[Role.VIEWER])
    page = client.get("/bewertungen")
    assert w.b.name in page.text  # the switch lists both organisations
    switched = client.post(
        "/organisation", data={"organisation_id": str(w.b.id), "next": "/bewertungen"}
    )
    assert switched.status_code == 303
    assert 'href="/bewertungen/neu"' in client.get("/bewertungen").text  # editor in B
    stranger = w.client(w.b.members[Role.OWNER])
    assert stranger.post("/organisation", data={"organisation_id": str(w.a.id)}).status_code == 404


def test_password_change_and_admin_reset(world: World) -> None:
    owner = world.b.members[Role.OWNER]
    first = world.client(owner)
    second = world.client(owner)
    assert first.get("/konto/passwort").status_code == 200
    wrong = first.post(
        "/konto/passwort",
        data={"old_password": "nope", "new_password": "x" * 12, "repeat_password": "x" * 12},
    )
    assert wrong.status_code == 422
    assert "bisherige Passwort ist falsch" in wrong.text
    short = first.post(
        "/konto/passwort",
        data={"old_password": PASSWORD, "new_password": "short", "repeat_password": "short"},
    )
    assert short.status_code == 422
    new = "a much better passphrase"
    done = first.post(
        "/konto/passwort",
        data={"old_password": PASSWORD, "new_password": new, "repeat_password": new},
    )
    assert done.status_code == 200
    assert "Ihr Passwort wurde geändert" in done.text
    assert first.get("/bewertungen").status_code == 200  # this session goes on
    assert second.get("/bewertungen").status_code == 303  # other sessions ended
    fresh = TestClient(world.app, follow_redirects=False)
    assert login(fresh, world.b.emails[Role.OWNER], new).status_code == 303  # type: ignore[attr-defined]

    admin = world.client(world.admin)
    listing = admin.get("/verwaltung/benutzer")
    assert listing.status_code == 200
    assert world.a.emails[Role.EDITOR] in listing.text
    assert world.b.emails[Role.EDITOR] not in listing.text
    editor = world.a.members[Role.EDITOR]
    editor_client = world.client(editor)
    reset = admin.post(f"/verwaltung/benutzer/{editor.user_id}/passwort")
    assert reset.status_code == 200
    assert reset.headers["cache-control"] == "no-store"  # the one-time password
    one_time = reset.text.split('class="one-time-password">')[1].split("<")[0]
    assert len(one_time) >= 12
    assert editor_client.get("/bewertungen").status_code == 303
    fresh = TestClient(world.app, follow_redirects=False)
    assert login(fresh, world.a.emails[Role.EDITOR], one_time).status_code == 303  # type: ignore[attr-defined]
    other_org_user = world.b.members[Role.EDITOR].user_id
    assert admin.post(f"/verwaltung/benutzer/{other_org_user}/passwort").status_code == 404
    not_admin = world.client(world.a.members[Role.OWNER])
    assert not_admin.get("/verwaltung/benutzer").status_code == 403


def test_no_default_credentials(tmp_path: Path) -> None:
    built, _schema = build_world("sqlite", tmp_path)
    client = TestClient(built.app, follow_redirects=False)
    for email, password in [
        ("admin", "admin"),
        ("admin@example.org", "admin"),
        ("admin@localhost", "klimaorg"),
    ]:
        assert login(client, email, password).status_code == 401  # type: ignore[attr-defined]
    built.db.dispose()


def test_secret_key_file_is_generated_once_with_mode_0600(tmp_path: Path) -> None:
    from klimaorg.settings import Settings
    from klimaorg.web.auth import load_secret_key

    settings = Settings(data_dir=tmp_path / "data")
    key = load_secret_key(settings)
    path = tmp_path / "data" / "secret_key"
    assert path.stat().st_mode & 0o777 == 0o600
    assert len(key) >= 32
    assert load_secret_key(settings) == key
    with pytest.raises(Exception, match="zu kurz"):
        load_secret_key(Settings(data_dir=tmp_path, secret_key="short"))
