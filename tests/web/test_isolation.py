"""Tenant isolation over every route: a user of one organisation gets 404 for every resource
of another, on every page and API route with an id in its path (enumerated from the app, so a
new route without an entry here fails the test)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.routing import iter_route_contexts

from klimaorg.storage import service, sessions
from klimaorg.storage.core import Role
from klimaorg.web.auth import session_cookie, session_limits
from klimaorg.web.wizard.form import profile_to_form
from tests.web.assessment_world import PROFILE, World
from tests.web.assessment_world import world as world

OWNED = {"id", "version", "workshop_id", "user_id", "session_id"}
WIZARD = dict(profile_to_form(PROFILE).hidden())

# (method, path) → request keyword arguments that pass validation, so only ownership decides
REQUESTS: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/verwaltung/benutzer/{user_id}/passwort"): {},
    ("POST", "/verwaltung/benutzer/{user_id}/abmelden"): {},
    ("POST", "/konto/sitzungen/{session_id}/beenden"): {},
    ("GET", "/bewertungen/{id}"): {},
    ("POST", "/bewertungen/{id}/entscheidung"): {"data": {"lock_version": "1", "status": "draft"}},
    ("POST", "/bewertungen/{id}/notizen"): {"data": {"lock_version": "1", "notes": "x"}},
    ("POST", "/bewertungen/{id}/bearbeiten"): {"data": WIZARD},
    ("POST", "/bewertungen/{id}/profil"): {"data": {**WIZARD, "lock_version": "1"}},
    ("GET", "/bewertungen/{id}/versionen"): {},
    ("GET", "/bewertungen/{id}/vergleich"): {"params": {"alt": 1, "neu": 1}},
    ("POST", "/bewertungen/{id}/versionen/{version}/wiederherstellen"): {
        "data": {"lock_version": "1"}
    },
    ("GET", "/bewertungen/{id}/export"): {},
    ("GET", "/bewertungen/{id}/protokoll"): {},
    ("GET", "/api/v1/assessments/{id}"): {},
    ("PUT", "/api/v1/assessments/{id}"): {"json": {"lock_version": 1, "profile": PROFILE}},
    ("DELETE", "/api/v1/assessments/{id}"): {},
    ("GET", "/api/v1/assessments/{id}/history"): {},
    ("GET", "/api/v1/assessments/{id}/versions/{version}"): {},
    ("POST", "/api/v1/assessments/{id}/versions/{version}/restore"): {"json": {"lock_version": 1}},
    ("GET", "/api/v1/assessments/{id}/compare"): {"params": {"old": 1, "new": 1}},
    ("PUT", "/api/v1/assessments/{id}/decision"): {"json": {"lock_version": 1, "status": "draft"}},
    ("PUT", "/api/v1/assessments/{id}/notes"): {"json": {"lock_version": 1, "notes": "x"}},
    ("GET", "/api/v1/assessments/{id}/export"): {},
    ("GET", "/api/v1/assessments/{id}/audit"): {},
    # workshops (owner's side; the participants' routes are keyed by the secret token)
    ("GET", "/bewertungen/{id}/workshop"): {},
    ("POST", "/bewertungen/{id}/workshop"): {"data": {"title": "x", "days": "7"}},
    ("GET", "/bewertungen/{id}/workshop/{workshop_id}/widerrufen"): {},
    ("POST", "/bewertungen/{id}/workshop/{workshop_id}/widerrufen"): {},
    ("GET", "/bewertungen/{id}/workshop/{workshop_id}"): {},
    ("GET", "/bewertungen/{id}/workshop/{workshop_id}/projektor"): {},
    ("POST", "/bewertungen/{id}/workshop/{workshop_id}/uebernehmen"): {
        "data": {"lock_version": "1"}
    },
    ("POST", "/api/v1/assessments/{id}/workshops"): {"json": {"title": "x"}},
    ("GET", "/api/v1/assessments/{id}/workshops"): {},
    ("GET", "/api/v1/assessments/{id}/workshops/{workshop_id}"): {},
    ("POST", "/api/v1/assessments/{id}/workshops/{workshop_id}/revoke"): {},
    ("GET", "/api/v1/assessments/{id}/workshops/{workshop_id}/submissions"): {},
    ("GET", "/api/v1/assessments/{id}/workshops/{workshop_id}/aggregate"): {},
    ("POST", "/api/v1/assessments/{id}/workshops/{workshop_id}/adopt"): {
        "json": {"lock_version": 1}
    },
}


def owned_routes(world: World) -> list[tuple[str, str]]:
    """Every (method, path) of the app with an organisation's resource id in its path."""
    found = []
    for context in iter_route_contexts(world.app.routes):
        path = context.path_format or ""
        params = {part[1:-1] for part in path.split("/") if part.startswith("{")}
        if params & OWNED:
            found += [(m, path) for m in sorted(context.methods or []) if m != "HEAD"]
    return found


def test_every_route_with_an_id_is_covered(world: World) -> None:
    missing = [route for route in owned_routes(world) if route not in REQUESTS]
    assert not missing, f"routes with ids not covered by the isolation test: {missing}"


def test_other_organisations_resources_are_404_everywhere(world: World) -> None:
    aid = world.assessment(world.b, "Fremde Bewertung")
    with world.db.transaction() as s:
        workshop, _token = service.create_workshop(
            s, world.b.members[Role.EDITOR], aid, title="Runde", valid_for=timedelta(days=3)
        )
    editor_b = world.b.members[Role.EDITOR]
    assert editor_b.user_id is not None
    with world.db.transaction() as s:
        token = session_cookie(world.app, editor_b.user_id, editor_b.organisation_id, session=s)
        foreign_session = sessions.active(s, editor_b.user_id, session_limits(world.app))[0].id
    values = {
        "id": aid,
        "version": 1,
        "workshop_id": workshop.id,
        "user_id": world.b.members[Role.EDITOR].user_id,
        "session_id": foreign_session,
    }
    # the strongest user of A: owner and instance administrator, by session and by token
    page_client = world.client(world.admin)
    api_headers = world.token(world.admin)
    for method, template in owned_routes(world):
        path = template.format(**{k: v for k, v in values.items() if "{" + k + "}" in template})
        kwargs = dict(REQUESTS[(method, template)])
        if path.startswith("/api/"):
            kwargs["headers"] = api_headers
        response = page_client.request(method, path, **kwargs)
        assert response.status_code == 404, (
            method,
            path,
            response.status_code,
            response.text[:300],
        )
        assert "Fremde Bewertung" not in response.text
    with world.db.transaction() as s:
        detail = service.get_assessment(s, world.b.members[Role.VIEWER], aid)
        assert detail.lock_version == 1 and detail.status == "draft"  # nothing was changed
        assert sessions.lookup(s, token, session_limits(world.app)) is not None  # still alive
