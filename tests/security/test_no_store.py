"""Private answers are never stored by a browser or proxy: ``Cache-Control: no-store`` on every
response to a signed-in user (session cookie or API token), under the secret workshop links and
on every download (penetration test, issue "accounts"). Public pages and static files keep
their caching."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from httpx import Response

from klimaorg.storage import service
from klimaorg.storage.core import Role
from tests.web.assessment_world import PROFILE, World
from tests.web.assessment_world import world as world

PRIVATE_PAGES = [
    "/bewertungen",
    "/bewertungen/{id}",
    "/bewertungen/{id}/versionen",
    "/bewertungen/{id}/protokoll",
    "/konto",
    "/konto/passwort",
    "/",  # a public page, but this reader is signed in (the layout shows the account)
    "/modelle",
]


def no_store(response: Response) -> bool:
    return bool(response.headers.get("cache-control") == "no-store")


def test_every_page_for_a_signed_in_user_is_no_store(world: World) -> None:
    aid = world.assessment(world.a)
    client = world.client(world.a.members[Role.OWNER])
    for path in PRIVATE_PAGES:
        response = client.get(path.format(id=aid))
        assert response.status_code == 200, path
        assert no_store(response), path
    missing = client.get("/bewertungen/999999")
    assert missing.status_code == 404 and no_store(missing)
    admin = world.client(world.admin)
    assert no_store(admin.get("/verwaltung/benutzer"))


def test_api_answers_with_personal_data_are_no_store(world: World) -> None:
    aid = world.assessment(world.a)
    headers = world.token(world.a.members[Role.OWNER])
    client = TestClient(world.app)
    for path in (
        "/api/v1/assessments",
        f"/api/v1/assessments/{aid}",
        f"/api/v1/assessments/{aid}/history",
        f"/api/v1/assessments/{aid}/audit",
    ):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, path
        assert no_store(response), path
    wrong = client.get("/api/v1/assessments", headers={"Authorization": "Bearer ko_nope"})
    assert wrong.status_code == 401 and no_store(wrong)


def test_exports_and_downloads_are_no_store(world: World) -> None:
    aid = world.assessment(world.a)
    client = world.client(world.a.members[Role.EDITOR])
    page_export = client.get(f"/bewertungen/{aid}/export")
    assert page_export.status_code == 200
    assert page_export.headers["content-disposition"].startswith("attachment")
    assert no_store(page_export)
    headers = world.token(world.a.members[Role.EDITOR])
    api_export = TestClient(world.app).get(f"/api/v1/assessments/{aid}/export", headers=headers)
    assert api_export.status_code == 200 and no_store(api_export)
    anonymous = TestClient(world.app)  # a report is a download even without an account
    report = anonymous.post("/api/v1/report", params={"format": "md"}, json=PROFILE)
    assert report.status_code == 200
    assert report.headers["content-disposition"].startswith("attachment")
    assert no_store(report)


def test_workshop_links_are_no_store(world: World) -> None:
    aid = world.assessment(world.a)
    with world.db.transaction() as s:
        _info, token = service.create_workshop(
            s, world.a.members[Role.EDITOR], aid, title="Runde", valid_for=timedelta(days=3)
        )
    anonymous = TestClient(world.app)
    page = anonymous.get(f"/workshop/{token}")
    assert page.status_code == 200 and no_store(page)
    api = anonymous.get(f"/api/v1/workshop/{token}")
    assert api.status_code == 200 and no_store(api)


def test_public_pages_and_static_files_stay_cacheable(world: World) -> None:
    anonymous = TestClient(world.app)
    for path in ("/", "/modelle", "/api/v1/models"):
        response = anonymous.get(path)
        assert response.status_code == 200, path
        assert not no_store(response), path
    client = world.client(world.a.members[Role.VIEWER])
    static = client.get("/static/css/app.css")
    assert static.status_code == 200 and not no_store(static)
