"""Sessions end on the server (penetration test, issue "accounts": a copied cookie stayed valid
after logout for up to 60 idle minutes or 12 hours in use).

The cookie carries only a random id; the server keeps the session (only the id's SHA-256) and
checks it on every request. Logout, a password change (the other sessions), a role change, a
deactivation, an administrator's "sign out everywhere" and the account page end sessions; a
copied cookie then gets the login redirect (pages) or 401 (API). On SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import uuid
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from fastapi.testclient import TestClient
from httpx import Response

from klimaorg.storage import service
from klimaorg.storage.core import Principal, Role
from klimaorg.storage.models import UserSession
from klimaorg.web.auth import CSRF_HEADER, SESSION_COOKIE
from tests.accounts import PASSWORD
from tests.web.assessment_world import World, form_token
from tests.web.assessment_world import world as world

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)


def new_member(world: World, role: Role = Role.EDITOR) -> tuple[str, Principal]:
    """A new member of organisation A (e-mail, principal): each test its own account."""
    email = f"person-{uuid.uuid4().hex[:8]}@musterstadt.example"
    with world.db.transaction() as s:
        user = service.create_user(s, email=email, password=PASSWORD)
        service.add_member(s, None, email=email, role=role, organisation_id=world.a.id)
        return email, service.principal_for(s, user.id, world.a.id)


def browser(world: World, user_agent: str = "testclient") -> TestClient:
    client = TestClient(world.app, follow_redirects=False, headers={"User-Agent": user_agent})
    world.clients.append(client)
    return client


def log_in(client: TestClient, email: str, password: str = PASSWORD) -> Response:
    token = form_token(client.get("/anmelden").text)
    response: Response = client.post(
        "/anmelden", data={"email": email, "password": password, "csrf_token": token}
    )
    return response


def signed_in(world: World, email: str, user_agent: str = "testclient") -> TestClient:
    client = browser(world, user_agent)
    assert log_in(client, email).status_code == 303
    return client


def thief_with(world: World, cookie: str) -> TestClient:
    """Another machine with a copy of the session cookie."""
    thief = browser(world, "curl/8.5.0")
    thief.cookies.set(SESSION_COOKIE, cookie)
    return thief


def is_out(client: TestClient) -> bool:
    """The page sends to the login and the API answers 401."""
    page = client.get("/bewertungen")
    api = client.get("/api/v1/assessments")
    return bool(
        page.status_code == 303
        and page.headers["location"].startswith("/anmelden")
        and api.status_code == 401
    )


def is_in(client: TestClient) -> bool:
    return bool(
        client.get("/bewertungen").status_code == 200
        and client.get("/api/v1/assessments").status_code == 200
    )


def test_logout_ends_the_session_on_the_server(world: World) -> None:
    email, _member = new_member(world)
    client = signed_in(world, email)
    cookie = client.cookies[SESSION_COOKIE]
    thief = thief_with(world, cookie)
    assert is_in(client) and is_in(thief)
    page = client.get("/bewertungen")
    out = client.post("/abmelden", data={"csrf_token": form_token(page.text)})
    assert out.status_code == 303
    assert any(
        c.startswith(f"{SESSION_COOKIE}=;") and "Max-Age=0" in c
        for c in out.headers.get_list("set-cookie")
    )
    assert is_out(thief)  # the copied cookie is worthless now
    digest = hashlib.sha256(cookie.encode()).hexdigest()
    with world.db.transaction() as s:
        assert s.scalar(sa.select(UserSession).where(UserSession.token_hash == digest)) is None


def test_cookie_is_a_random_id_and_only_its_hash_is_stored(world: World) -> None:
    email, member = new_member(world)
    cookie = signed_in(world, email).cookies[SESSION_COOKIE]
    other = signed_in(world, email).cookies[SESSION_COOKIE]
    assert cookie != other and len(cookie) >= 43  # 256 random bits, URL-safe
    assert str(member.user_id) not in cookie.split(".")  # nothing readable in it
    with world.db.transaction() as s:
        stored = s.scalars(
            sa.select(UserSession.token_hash).where(UserSession.user_id == member.user_id)
        ).all()
    assert sorted(stored) == sorted(hashlib.sha256(c.encode()).hexdigest() for c in (cookie, other))
    assert cookie not in stored


def test_password_change_ends_the_other_sessions(world: World) -> None:
    email, _member = new_member(world)
    here = signed_in(world, email)
    elsewhere = signed_in(world, email)
    thief = thief_with(world, elsewhere.cookies[SESSION_COOKIE])
    new = "Apfelbaum-Schwarzwald-42"
    done = here.post(
        "/konto/passwort",
        data={
            "old_password": PASSWORD,
            "new_password": new,
            "repeat_password": new,
            "csrf_token": form_token(here.get("/konto/passwort").text),
        },
    )
    assert done.status_code == 200
    assert "Ihre Sitzungen auf anderen Geräten wurden beendet" in done.text
    assert is_in(here)  # the session that changed it goes on
    assert is_out(elsewhere) and is_out(thief)


def test_admin_password_reset_ends_every_session(world: World) -> None:
    email, member = new_member(world)
    client = signed_in(world, email)
    admin = world.client(world.admin)
    assert admin.post(f"/verwaltung/benutzer/{member.user_id}/passwort").status_code == 200
    assert is_out(client)


def test_role_change_ends_the_sessions(world: World) -> None:
    email, _member = new_member(world, Role.EDITOR)
    client = signed_in(world, email)
    owner = world.a.members[Role.OWNER]
    with world.db.transaction() as s:  # the same role again changes nothing
        service.add_member(s, owner, email=email, role=Role.EDITOR)
    assert is_in(client)
    with world.db.transaction() as s:
        service.add_member(s, owner, email=email, role=Role.VIEWER)
    assert is_out(client)
    again = signed_in(world, email)  # a new login has the new role
    assert is_in(again)
    assert 'href="/bewertungen/neu"' not in again.get("/bewertungen").text


def test_deactivation_ends_the_sessions(world: World) -> None:
    email, _member = new_member(world)
    client = signed_in(world, email)
    with world.db.transaction() as s:
        service.set_user_active(s, email, False)
    assert is_out(client)


def test_admin_signs_a_user_out_everywhere(world: World) -> None:
    email, member = new_member(world)
    laptop = signed_in(world, email, FIREFOX)
    phone = signed_in(world, email, CHROME)
    path = f"/verwaltung/benutzer/{member.user_id}/abmelden"
    admin = world.client(world.admin)
    page = admin.get("/verwaltung/benutzer")
    assert path in page.text
    not_admin = world.client(world.a.members[Role.OWNER])
    assert not_admin.post(path).status_code == 403
    assert is_in(laptop) and is_in(phone)
    no_token = TestClient(world.app, follow_redirects=False, cookies=dict(admin.cookies))
    assert no_token.post(path).status_code == 403  # CSRF as on every form
    assert is_in(laptop)
    done = admin.post(path)
    assert done.status_code == 200
    assert f"Alle Sitzungen von {email} wurden beendet" in done.text
    assert is_out(laptop) and is_out(phone)
    assert is_in(admin)


def test_account_page_lists_the_sessions_and_ends_them(world: World) -> None:
    email, member = new_member(world)
    laptop = signed_in(world, email, FIREFOX)
    phone = signed_in(world, email, CHROME)
    tablet = signed_in(world, email, "")
    page = laptop.get("/konto")
    assert page.status_code == 200
    assert "Firefox, Windows" in page.text and "Chrome, Android" in page.text
    assert "unbekanntes Gerät" in page.text and "(dieses Gerät)" in page.text
    with world.db.transaction() as s:
        rows = {
            row.user_agent: row
            for row in s.scalars(
                sa.select(UserSession).where(UserSession.user_id == member.user_id)
            )
        }
    berlin = ZoneInfo("Europe/Berlin")
    started = rows[CHROME].created_at.astimezone(berlin).strftime("%d.%m.%Y, %H:%M")
    assert started in page.text  # German local time, not UTC
    english = laptop.get("/konto?lang=en")
    assert "Signed-in devices" in english.text
    assert rows[CHROME].created_at.astimezone(berlin).strftime("%Y-%m-%d %H:%M") in english.text
    laptop.get("/konto?lang=de")  # back to German (the choice is kept in a cookie)

    end_phone = f"/konto/sitzungen/{rows[CHROME].id}/beenden"
    assert end_phone in page.text
    naked = TestClient(world.app, follow_redirects=False, cookies=dict(laptop.cookies))
    assert naked.post(end_phone).status_code == 403  # CSRF as on every form
    assert is_in(phone)
    token = form_token(page.text)
    ended = laptop.post(end_phone, data={"csrf_token": token})
    assert ended.status_code == 200
    assert "Die Sitzung wurde beendet" in ended.text
    assert is_out(phone) and is_in(tablet) and is_in(laptop)
    assert laptop.post(end_phone, data={"csrf_token": token}).status_code == 404  # gone

    stranger = world.client(world.b.members[Role.EDITOR])
    own_session = f"/konto/sitzungen/{rows[FIREFOX].id}/beenden"
    assert stranger.post(own_session).status_code == 404  # not someone else's
    assert is_in(laptop)

    others = laptop.post("/konto/sitzungen/andere-beenden", data={"csrf_token": token})
    assert others.status_code == 200
    assert "Alle anderen Sitzungen wurden beendet" in others.text
    assert is_out(tablet) and is_in(laptop)

    myself = laptop.post(own_session, data={"csrf_token": token})
    assert myself.status_code == 303  # ending the current one is logging out
    assert is_out(laptop)


def test_api_with_session_cookie_still_needs_the_csrf_header(world: World) -> None:
    email, _member = new_member(world)
    client = signed_in(world, email)
    body = {"title": "x", "profile": {"municipality": {"kind": "stadt", "population": 1000}}}
    assert client.post("/api/v1/assessments", json=body).status_code == 403
    token = form_token(client.get("/konto").text)
    created = client.post("/api/v1/assessments", json=body, headers={CSRF_HEADER: token})
    assert created.status_code == 201, created.text
