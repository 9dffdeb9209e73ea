"""Security of the web layer: CSRF on every form route, headers (HSTS only over HTTPS), body
size limit, escaping of user input on every page that shows it, refusal to start unmigrated."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from klimaorg import assessing
from klimaorg.settings import Settings
from klimaorg.storage import service
from klimaorg.storage.core import Role
from klimaorg.storage.errors import NotMigratedError
from klimaorg.web.app import create_app
from klimaorg.web.auth import CSRF_HEADER
from tests.web.assessment_world import PROFILE, World, make_app
from tests.web.assessment_world import sqlite_world as sqlite_world

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def form_routes(app: object) -> list[tuple[str, str]]:
    """Every unsafe (method, path) of the pages (not the JSON API)."""
    found = []
    for context in iter_route_contexts(app.routes):  # type: ignore[attr-defined]
        path = context.path_format or ""
        if not path.startswith("/api/"):
            found += [(m, path) for m in sorted((context.methods or set()) & UNSAFE)]
    return found


def test_every_form_route_refuses_a_missing_or_wrong_csrf_token(sqlite_world: World) -> None:
    routes = form_routes(sqlite_world.app)
    assert ("POST", "/anmelden") in routes and ("POST", "/beratung/ergebnis") in routes
    assert len(routes) >= 15
    for lang, text in [("de", "Formular ist abgelaufen"), ("en", "form has expired")]:
        client = sqlite_world.client(sqlite_world.a.members[Role.OWNER])
        token = client.headers.pop(CSRF_HEADER)
        for method, template in routes:
            path = template.replace("{", "").replace("}", "")
            path = "/".join(
                "1" if part in {"id", "version", "workshop_id", "user_id", "step"} else part
                for part in path.split("/")
            )
            if "{token}" in template or "{fmt}" in template:
                path = template.replace("{token}", "x" * 43).replace("{fmt}", "pdf")
            for data in (
                {"a": "1"},
                {"a": "1", "csrf_token": token + "x"},
                {"csrf_token": "forged"},
            ):
                response = client.request(method, f"{path}?lang={lang}", data=data)
                assert response.status_code == 403, (method, path, data, response.status_code)
                assert text in response.text
    # the same token of another browser (another CSRF cookie) is refused as well
    thief = sqlite_world.client()
    victim = sqlite_world.client()
    thief.cookies.set("klimaorg_csrf", "someone-else")
    stolen = victim.headers[CSRF_HEADER]
    del thief.headers[CSRF_HEADER]
    assert (
        thief.post(
            "/anmelden", data={"csrf_token": stolen, "email": "a", "password": "b"}
        ).status_code
        == 403
    )


def test_security_headers_and_hsts_only_over_https(sqlite_world: World) -> None:
    plain = TestClient(sqlite_world.app).get("/")
    for name in (
        "content-security-policy",
        "permissions-policy",
        "cross-origin-opener-policy",
        "x-content-type-options",
    ):
        assert name in plain.headers
    assert "'unsafe-inline'" not in plain.headers["content-security-policy"]
    assert "strict-transport-security" not in plain.headers
    secure = TestClient(sqlite_world.app, base_url="https://testserver").get("/")
    assert secure.headers["strict-transport-security"].startswith("max-age=")
    spoofed = TestClient(sqlite_world.app, headers={"X-Forwarded-Proto": "https"}).get("/")
    assert "strict-transport-security" not in spoofed.headers


def test_trusted_proxy_gives_hsts(sqlite_world: World, tmp_path: Path) -> None:
    url = sqlite_world.db.engine.url.render_as_string(hide_password=False)
    app = make_app(url, tmp_path, trusted_proxies="10.0.0.0/8")
    proxied = TestClient(app, client=("10.1.2.3", 443), headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" in proxied.get("/").headers
    app.state.db.dispose()


def test_body_size_limit(sqlite_world: World) -> None:
    client = sqlite_world.client()
    big = b"x" * (1024 * 1024 + 1)
    api = client.post("/api/v1/advise", content=big, headers={"Content-Type": "application/json"})
    assert api.status_code == 413
    assert "zu groß" in api.json()["detail"][0]["message"]
    page = client.post(
        "/anmelden", content=big, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert page.status_code == 413
    assert "<html" in page.text

    def chunks() -> object:
        for _ in range(20):
            yield b"y" * 65536

    streamed = client.post(
        "/api/v1/advise", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert streamed.status_code == 413  # no Content-Length: counted while reading


SCRIPT = '<script>alert("x")</script>'


def test_user_input_is_escaped_on_every_page(sqlite_world: World) -> None:
    w = sqlite_world
    editor = w.a.members[Role.EDITOR]
    with w.db.transaction() as s:
        detail = assessing.create_assessment(s, editor, title=f"T {SCRIPT}", profile=PROFILE)
        detail = assessing.update_assessment(
            s, editor, detail.id, lock_version=detail.lock_version,
            profile={**PROFILE, "municipality": {**PROFILE["municipality"], "name": f"M {SCRIPT}"}},
            note=f"N {SCRIPT}",
        )  # fmt: skip
        service.set_notes(s, editor, detail.id, lock_version=detail.lock_version, notes=SCRIPT)
    owner = w.client(w.a.members[Role.OWNER])
    aid = detail.id
    pages = [
        "/bewertungen",
        f"/bewertungen?gemeinde={SCRIPT}",
        f"/bewertungen/{aid}",
        f"/bewertungen/{aid}/versionen",
        f"/bewertungen/{aid}/vergleich?alt=1&neu=2",
        f"/bewertungen/{aid}/protokoll",
        f"/bewertungen/neu?q={SCRIPT}",
        "/kommunen",
    ]
    for path in pages:
        response = owner.get(path)
        assert response.status_code == 200, path
        assert SCRIPT not in response.text, path
    shown = owner.get(f"/bewertungen/{aid}").text
    assert "&lt;script&gt;" in shown
    api = owner.get(
        f"/api/v1/directory/municipalities?q={SCRIPT}", headers=w.token(w.a.members[Role.OWNER])
    )
    assert api.status_code == 200 and api.json() == []


def test_app_refuses_to_start_unmigrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(NotMigratedError, match="bitte `klimaorg db upgrade` ausführen"):
        create_app(Settings(data_dir=tmp_path / "empty"))
    from klimaorg.cli.main import app as cli
    from klimaorg.settings import get_settings

    monkeypatch.setenv("KLIMAORG_DATA_DIR", str(tmp_path / "cli"))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["serve"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "klimaorg db upgrade" in lines[0], result.output
