"""Saved assessments through the API and the pages, on SQLite and PostgreSQL: create, read,
list with filters, versions with optimistic locking (409, nothing lost), decision, notes,
history, comparison, restore, export/import round trip, viewer 403, anonymous 401."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from klimaorg.storage import service
from klimaorg.storage.core import Role
from klimaorg.storage.models import Organisation
from klimaorg.web.wizard.form import profile_to_form
from tests.web.assessment_world import PROFILE, World
from tests.web.assessment_world import world as world

CHANGED = {**PROFILE, "resources": {"staff_fte": 3.0, "own_budget_eur": 90_000}}


def test_anonymous_api_is_401_with_bearer_challenge(world: World) -> None:
    client = world.client()
    for method, path in [
        ("GET", "/api/v1/assessments"),
        ("POST", "/api/v1/assessments"),
        ("GET", "/api/v1/assessments/1"),
        ("GET", "/api/v1/directory/municipalities?q=berlin"),
    ]:
        response = client.request(method, path, json={})
        assert response.status_code == 401, (method, path)
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["detail"][0]["message"]
    bad = client.get("/api/v1/assessments", headers={"Authorization": "Bearer kor_nonsense"})
    assert bad.status_code == 401
    assert client.get("/bewertungen/1").status_code == 303  # pages: to the login


def test_api_crud_versions_conflict_and_round_trip(world: World) -> None:
    headers = world.token(world.a.members[Role.EDITOR])
    client = world.client()
    created = client.post(
        "/api/v1/assessments", json={"title": "Klimaschutz", "profile": PROFILE}, headers=headers
    )
    assert created.status_code == 201, created.text
    body = created.json()
    aid, lock = body["id"], body["lock_version"]
    assert body["current_version"] == 1 and body["recommendation"]
    assert (
        client.get(f"/api/v1/assessments/{aid}", headers=headers).json()["title"] == "Klimaschutz"
    )

    updated = client.put(
        f"/api/v1/assessments/{aid}",
        json={"lock_version": lock, "profile": CHANGED, "note": "mehr Personal"},
        headers=headers,
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["current_version"] == 2
    stale = client.put(
        f"/api/v1/assessments/{aid}",
        json={"lock_version": lock, "profile": PROFILE},
        headers=headers,
    )
    assert stale.status_code == 409
    assert "nichts überschrieben" in stale.json()["detail"][0]["message"]
    now = client.get(f"/api/v1/assessments/{aid}", headers=headers).json()
    assert now["current_version"] == 2 and now["profile"]["resources"]["staff_fte"] == 3.0

    lock = now["lock_version"]
    decision = client.put(
        f"/api/v1/assessments/{aid}/decision",
        json={"lock_version": lock, "status": "decided", "decided_model": "stabsstelle",
              "council_decision_date": "2026-03-01"},
        headers=headers,
    )  # fmt: skip
    assert decision.status_code == 200, decision.text
    lock = decision.json()["lock_version"]
    notes = client.put(
        f"/api/v1/assessments/{aid}/notes",
        json={"lock_version": lock, "notes": "Rat"},
        headers=headers,
    )
    assert notes.status_code == 200
    lock = notes.json()["lock_version"]

    history = client.get(f"/api/v1/assessments/{aid}/history", headers=headers).json()
    assert [v["number"] for v in history] == [2, 1]
    assert client.get(f"/api/v1/assessments/{aid}/versions/1", headers=headers).json()["profile"]
    assert client.get(f"/api/v1/assessments/{aid}/versions/9", headers=headers).status_code == 404
    compared = client.get(f"/api/v1/assessments/{aid}/compare?old=1&new=2", headers=headers).json()
    assert any(p["field"] == "resources.staff_fte" for p in compared["profile"])
    restored = client.post(
        f"/api/v1/assessments/{aid}/versions/1/restore",
        json={"lock_version": lock},
        headers=headers,
    )
    assert restored.status_code == 200 and restored.json()["current_version"] == 3

    listing = client.get(
        "/api/v1/assessments?status=decided&decided_model=stabsstelle", headers=headers
    )
    assert [i["id"] for i in listing.json()["items"]] == [aid]
    assert client.get("/api/v1/assessments?status=draft", headers=headers).json()["total"] == 0
    assert (
        client.get("/api/v1/assessments?municipality=muster", headers=headers).json()["total"] >= 1
    )

    export = client.get(f"/api/v1/assessments/{aid}/export", headers=headers)
    assert export.status_code == 200
    assert export.headers["content-disposition"].startswith("attachment")
    imported = client.post(
        "/api/v1/assessments/import",
        content=export.content,
        headers={**headers, "Content-Type": "application/json"},
    )
    assert imported.status_code == 201, imported.text
    again = client.get(f"/api/v1/assessments/{imported.json()['id']}/export", headers=headers)
    assert again.content == export.content  # export → import → export: the same bytes
    assert (
        client.post("/api/v1/assessments/import", content=b"{}", headers=headers).status_code == 422
    )
    audit = client.get(f"/api/v1/assessments/{aid}/audit", headers=headers)
    assert audit.status_code == 403  # editors do not read the audit log
    owner = world.token(world.a.members[Role.OWNER])
    actions = [
        e["action"] for e in client.get(f"/api/v1/assessments/{aid}/audit", headers=owner).json()
    ]
    assert "assessment.decision" in actions


def test_viewer_reads_but_cannot_change(world: World) -> None:
    aid = world.assessment(world.a)
    viewer = world.client(world.a.members[Role.VIEWER])
    page = viewer.get(f"/bewertungen/{aid}")
    assert page.status_code == 200
    assert "assessment_decision" not in page.text and "/entscheidung" not in page.text
    assert "/bearbeiten" not in page.text and "/notizen" not in page.text
    refused = viewer.post(
        f"/bewertungen/{aid}/entscheidung", data={"lock_version": "1", "status": "discussed"}
    )
    assert refused.status_code == 403
    assert "erlaubt diese Änderung nicht" in refused.text
    headers = world.token(world.a.members[Role.VIEWER])
    api = viewer.put(
        f"/api/v1/assessments/{aid}/notes", json={"lock_version": 1, "notes": "x"}, headers=headers
    )
    assert api.status_code == 403
    assert viewer.get("/bewertungen/neu").status_code == 403
    assert 'href="/bewertungen/neu"' not in viewer.get("/bewertungen").text


def test_session_cookie_api_needs_the_csrf_header(world: World) -> None:
    client = world.client(world.a.members[Role.EDITOR])
    del client.headers["X-CSRF-Token"]
    body: dict[str, Any] = {"title": "Per Cookie", "profile": PROFILE}
    assert client.post("/api/v1/assessments", json=body).status_code == 403
    assert client.get("/api/v1/assessments").status_code == 200  # reading needs no token
    from tests.web.clients import csrf_client

    csrf_client(client)
    assert client.post("/api/v1/assessments", json=body).status_code == 201


def wizard_fields(profile: dict[str, Any]) -> dict[str, str]:
    return dict(profile_to_form(profile).hidden())


def test_pages_create_decide_conflict_edit_and_compare(world: World) -> None:
    editor = world.client(world.a.members[Role.EDITOR])
    result = editor.post("/beratung/ergebnis", data=wizard_fields(PROFILE))
    assert result.status_code == 200
    assert "Als Bewertung speichern" in result.text
    saved = editor.post("/bewertungen", data={**wizard_fields(PROFILE), "title": "Seitenweg"})
    assert saved.status_code == 303, saved.text
    url = saved.headers["location"]
    aid = int(url.rsplit("/", 1)[1])
    page = editor.get(url)
    assert page.status_code == 200
    assert "Seitenweg" in page.text and "Empfehlung" in page.text
    lock = re.search(r'name="lock_version" value="(\d+)"', page.text)
    assert lock
    decided = editor.post(
        f"{url}/entscheidung", data={"lock_version": lock.group(1), "status": "discussed"}
    )
    assert decided.status_code == 303
    # a second form still showing the old lock_version: refused, nothing overwritten
    stale = editor.post(
        f"{url}/entscheidung", data={"lock_version": lock.group(1), "status": "draft"}
    )
    assert stale.status_code == 409
    assert "wurde inzwischen von" in stale.text and "geändert" in stale.text
    with world.db.transaction() as s:
        assert service.get_assessment(s, world.a.members[Role.EDITOR], aid).status == "discussed"
    assert "beraten" in editor.get("/bewertungen?status=discussed").text

    # "Profil bearbeiten": into the wizard, then save as a new version
    current = service_lock(world, aid)
    edit = editor.post(f"{url}/bearbeiten", data={**wizard_fields(PROFILE), "navigation": "back"})
    assert edit.status_code == 307
    editor.cookies.set("klimaorg_edit", edit.cookies["klimaorg_edit"])
    again = editor.post("/beratung/ergebnis", data=wizard_fields(CHANGED))
    assert "Als neue Version von" in again.text
    new_version = editor.post(
        f"{url}/profil", data={**wizard_fields(CHANGED), "lock_version": str(current)}
    )
    assert new_version.status_code == 303, new_version.text
    history = editor.get(f"{url}/versionen")
    assert history.status_code == 200 and "Version 2 wiederherstellen" not in history.text
    compare = editor.get(f"{url}/vergleich?alt=1&neu=2")
    assert compare.status_code == 200
    # changed answers by their question, never by the field path; robustness before and after
    assert "Stellenumfang in Vollzeitstellen" in compare.text
    assert "resources.staff_fte" not in compare.text
    assert "der plausiblen Gewichtungen vorn und nachher in" in compare.text
    restore = editor.post(
        f"{url}/versionen/1/wiederherstellen", data={"lock_version": str(service_lock(world, aid))}
    )
    assert restore.status_code == 303
    export = editor.get(f"{url}/export")
    assert export.status_code == 200 and b'"format": "klimaorg.assessment"' in export.content
    imported = editor.post(
        "/bewertungen/import", files={"datei": ("x.json", export.content, "application/json")}
    )
    assert imported.status_code == 303
    too_big = editor.post(
        "/bewertungen/import",
        files={"datei": ("x.json", b" " * (1024 * 1024 + 10), "application/json")},
    )
    assert too_big.status_code == 413
    owner = world.client(world.a.members[Role.OWNER])
    log = owner.get(f"{url}/protokoll").text
    assert "Entscheidung festgehalten" in log  # a sentence, never the action id
    assert "assessment.decision" not in log and "UTC" not in log
    assert editor.get(f"{url}/protokoll").status_code == 403


def service_lock(world: World, aid: int) -> int:
    with world.db.transaction() as s:
        return service.get_assessment(s, world.a.members[Role.EDITOR], aid).lock_version


def test_new_assessment_search_without_javascript(world: World) -> None:
    editor = world.client(world.a.members[Role.EDITOR])
    page = editor.get("/bewertungen/neu?q=Musterstadt")
    assert page.status_code == 200
    assert "Suchen" in page.text
    kommunen = editor.get("/kommunen")
    assert kommunen.status_code == 200


def test_numbers_beyond_the_database_range_are_refused_not_crashed(world: World) -> None:
    """Version numbers and lock versions too large for the database answer 422, never 500."""
    editor = world.client(world.a.members[Role.EDITOR], raise_server_exceptions=False)
    aid = world.assessment(world.a)
    url = f"/bewertungen/{aid}"
    huge = str(10**20)
    headers = world.token(world.a.members[Role.EDITOR])
    answers = {
        "compare page": editor.get(f"{url}/vergleich?alt=1&neu={huge}"),
        "compare api": editor.get(
            f"/api/v1/assessments/{aid}/compare?old={huge}&new=1", headers=headers
        ),
        "decision": editor.post(
            f"{url}/entscheidung", data={"lock_version": huge, "status": "discussed"}
        ),
        "notes": editor.post(f"{url}/notizen", data={"lock_version": huge, "notes": "x"}),
        "restore": editor.post(f"{url}/versionen/1/wiederherstellen", data={"lock_version": huge}),
        "profile": editor.post(
            f"{url}/profil", data={**wizard_fields(PROFILE), "lock_version": huge}
        ),
    }
    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 422)


def test_kreis_page_names_the_kreis_and_offers_an_assessment_per_municipality(
    world: World,
) -> None:
    """/kommunen of an organisation advising a Landkreis: headed by the Kreis's name, every
    Gemeinde with its population, and "Bewertung anlegen" where none exists yet; a key that
    lost its leading zero is completed with a note."""
    from klimaorg.directory import Directory, parse_lines
    from tests.directory.lines import small_file
    from tests.web.assessment_world import make_org

    with world.db.transaction() as s:
        service.import_directory(s, Directory(parse_lines(small_file())))
        org = make_org(s, "Kreis Emmendingen Beratung")
        s.execute(
            sa.update(Organisation).where(Organisation.id == org.id).values(kreis_key="08316")
        )
    editor = world.client(org.members[Role.EDITOR])
    page = editor.get("/kommunen?lang=de")
    assert page.status_code == 200
    assert "Gemeinden im Landkreis Emmendingen" in page.text
    assert "Kreis 08316" not in page.text
    assert 'href="/bewertungen/neu?ags=08316009">Bewertung anlegen' in page.text
    corrected = editor.get("/bewertungen/neu?ags=8316009&lang=de")
    assert "Dem Schlüssel fehlte die führende Null" in corrected.text
    assert "Denzlingen" in corrected.text
    unknown = editor.get("/bewertungen/neu?ags=99999999&lang=de")
    assert "Keine Gemeinde des importierten Verzeichnisses hat den Schlüssel" in unknown.text


def test_assessment_page_links_its_workshops_and_marks_assessments(world: World) -> None:
    editor = world.client(world.a.members[Role.EDITOR])
    aid = world.assessment(world.a)
    page = editor.get(f"/bewertungen/{aid}?lang=de").text
    assert f'href="/bewertungen/{aid}/workshop"' in page
    assert 'href="#documents"' in page
    current = re.findall(r'<a class="site-nav__link" href="([^"]+)" aria-current="page"', page)
    assert current == ["/bewertungen"]
