"""Workshop pages and API over HTTP: the participant's side (no login), the owner's side,
tenant isolation, the rate limit and the 410 page. SQLite here; the storage tests run the same
service functions on PostgreSQL too."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from klimaorg import assessing
from klimaorg.settings import Settings
from klimaorg.storage import service
from klimaorg.storage.core import Principal, Role
from klimaorg.storage.db import Database
from klimaorg.storage.workshops import CORRECTIONS_PER_WINDOW
from klimaorg.web.app import create_app
from klimaorg.web.wizard.form import CRITERIA
from tests.accounts import PASSWORD, cheap_hashing
from tests.web.assessment_world import migrated_app
from tests.web.clients import login_client

PROFILE: dict[str, Any] = {
    "municipality": {"name": "Denzlingen", "kind": "gemeinde", "population": 14_000},
    "resources": {"staff_fte": 1.0, "own_budget_eur": 20_000},
}


@dataclass
class World:
    app: FastAPI
    db: Database
    owner: Principal
    viewer: Principal
    stranger: Principal
    assessment_id: int


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    cheap_hashing()
    folder: Path = tmp_path_factory.mktemp("ws")
    settings = Settings(database_url=f"sqlite:///{folder / 'klimaorg.sqlite3'}", data_dir=folder)
    app = migrated_app(settings)
    db: Database = app.state.db
    with db.transaction() as s:
        principals = {}
        for org_name in ("Denzlingen", "Fremd"):
            org = service.create_organisation(s, name=org_name, kind="municipality")
            for role in (Role.OWNER, Role.VIEWER):
                email = f"{role.value}@{org_name.lower()}.example"
                user = service.create_user(s, email=email, password=PASSWORD)
                service.add_member(s, None, email=email, role=role, organisation_id=org.id)
                principals[org_name, role] = service.principal_for(s, user.id, org.id)
        owner = principals["Denzlingen", Role.OWNER]
        detail = assessing.create_assessment(
            s, owner, title="Klimaschutz Denzlingen", profile=PROFILE
        )
    yield World(
        app,
        db,
        owner,
        principals["Denzlingen", Role.VIEWER],
        principals["Fremd", Role.OWNER],
        detail.id,
    )
    db.dispose()


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(world.app) as c:
        yield c


def new_link(world: World, *, valid_for: timedelta = timedelta(days=3)) -> tuple[int, str]:
    with world.db.transaction() as s:
        info, token = service.create_workshop(
            s, world.owner, world.assessment_id, title="Ämterrunde", valid_for=valid_for
        )
    return info.id, token


def priorities(**changes: int) -> dict[str, int]:
    return {**dict.fromkeys(CRITERIA, 2), **changes}


def form(name: str, **changes: int) -> dict[str, str]:
    return {
        "participant": name,
        **{f"priorities.{c}": str(v) for c, v in priorities(**changes).items()},
    }


def csrf(client: TestClient, path: str) -> str:
    """The form token of a page (sets the CSRF cookie on the client)."""
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, f"no csrf field on {path}: {page.status_code}"
    return found.group(1)


def post_form(
    client: TestClient, path: str, data: dict[str, str], form_page: str | None = None
) -> Any:
    token = csrf(client, form_page or path)
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


# ----------------------------------------------------------------------------- participant


@pytest.mark.parametrize("lang", ["de", "en"])
def test_participant_page_explains_and_asks_every_criterion(
    world: World, client: TestClient, lang: str
) -> None:
    _id, token = new_link(world)
    page = client.get(f"/workshop/{token}?lang={lang}")
    assert page.status_code == 200
    html = page.text
    assert "Ämterrunde" in html and "Denzlingen" in html
    for c in CRITERIA:
        field = "f-priorities-" + c.replace("_", "-")
        assert f'id="{field}"' in html and f'id="{field}-hint"' in html
    assert 'id="f-participant"' in html
    assert ("Ihre Prioritäten" if lang == "de" else "Your priorities") in html


def test_participant_submits_and_sees_own_leading_model(world: World, client: TestClient) -> None:
    workshop_id, token = new_link(world)
    answer = post_form(client, f"/workshop/{token}", form("Bauamt", coordination=4, focus=0))
    assert answer.status_code == 200, answer.text
    assert "Bauamt" in answer.text and "führt" in answer.text
    with world.db.transaction() as s:
        subs = service.list_submissions(s, world.owner, workshop_id)
    assert [x.participant for x in subs] == ["Bauamt"]
    assert subs[0].priorities == priorities(coordination=4, focus=0)


def test_participant_errors_are_listed_and_input_kept(world: World, client: TestClient) -> None:
    _id, token = new_link(world)
    data = form("  ")
    del data["priorities.focus"]
    answer = post_form(client, f"/workshop/{token}?lang=en", data)
    assert answer.status_code == 422
    html = answer.text
    assert 'href="#f-participant"' in html and 'href="#f-priorities-focus"' in html
    assert 'aria-invalid="true"' in html
    assert re.search(r'<option value="2" selected>', html)


def test_all_zero_is_refused(world: World, client: TestClient) -> None:
    _id, token = new_link(world)
    answer = post_form(client, f"/workshop/{token}", form("Kämmerei", **dict.fromkeys(CRITERIA, 0)))
    assert answer.status_code == 422
    assert "mehr als 0" in answer.text


@pytest.mark.parametrize(("lang", "text"), [("de", "abgelaufen"), ("en", "expired")])
def test_expired_link_is_a_friendly_410(
    world: World, client: TestClient, lang: str, text: str
) -> None:
    _id, token = new_link(world, valid_for=timedelta(minutes=1))
    with world.db.transaction() as s:
        from klimaorg.storage.models import Workshop

        row = s.get(Workshop, _id)
        assert row is not None
        row.expires_at = row.created_at
    page = client.get(f"/workshop/{token}?lang={lang}")
    assert page.status_code == 410 and text in page.text and f'lang="{lang}"' in page.text
    _other, open_token = new_link(world)
    sent = post_form(client, f"/workshop/{token}", form("X"), form_page=f"/workshop/{open_token}")
    assert sent.status_code == 410
    api = client.get(f"/api/v1/workshop/{token}")
    assert api.status_code == 410 and api.json()["reason"] == "expired"


def test_revoked_link_is_410_and_unknown_404(world: World, client: TestClient) -> None:
    workshop_id, token = new_link(world)
    with world.db.transaction() as s:
        service.revoke_workshop(s, world.owner, workshop_id)
    assert client.get(f"/workshop/{token}?lang=en").status_code == 410
    assert "withdrawn" in client.get(f"/workshop/{token}?lang=en").text
    assert client.get("/workshop/" + "x" * 43).status_code == 404
    assert (
        client.post(
            "/api/v1/workshop/" + "x" * 43, json={"participant": "a", "priorities": priorities()}
        ).status_code
        == 404
    )


def test_api_participant_flow(world: World, client: TestClient) -> None:
    _workshop_id, token = new_link(world)
    info = client.get(f"/api/v1/workshop/{token}")
    assert info.status_code == 200
    assert info.json()["criteria"] == list(CRITERIA)
    sent = client.post(
        f"/api/v1/workshop/{token}",
        json={"participant": "Umweltamt", "priorities": priorities(financing=4)},
    )
    assert sent.status_code == 201, sent.text
    assert sent.json()["leading_model"]["model"]
    bad = client.post(
        f"/api/v1/workshop/{token}", json={"participant": "X", "priorities": {"focus": 9}}
    )
    assert bad.status_code == 422
    ahp = {"criteria": ["coordination", "focus"], "matrix": [[1, 3], [1 / 3, 1]]}
    sent = client.post(f"/api/v1/workshop/{token}", json={"participant": "Kämmerei", "ahp": ahp})
    assert sent.status_code == 201, sent.text


def new_capped_link(world: World, cap: int) -> str:
    with world.db.transaction() as s:
        _info, token = service.create_workshop(
            s, world.owner, world.assessment_id, title="Klein", max_participants=cap
        )
    return token


@pytest.mark.parametrize(
    ("lang", "full", "corrections"),
    [
        ("de", "Workshop-Link ist voll", "sehr oft korrigiert"),
        ("en", "workshop link is full", "corrected your answers very often"),
    ],
)
def test_full_link_and_corrections_are_refused_in_the_participants_language(
    world: World, client: TestClient, lang: str, full: str, corrections: str
) -> None:
    token = new_capped_link(world, 1)
    url = f"/api/v1/workshop/{token}"
    asked = f"{url}?lang={lang}"
    first = client.post(url, json={"participant": "Anna", "priorities": priorities()})
    assert first.status_code == 201
    for _ in range(5):  # refusals of newcomers use up nothing
        refused = client.post(asked, json={"participant": "Bert", "priorities": priorities()})
        assert refused.status_code == 422 and full in refused.text
        assert refused.json()["detail"][0]["field"] == "participant"
    page = post_form(client, f"/workshop/{token}", form("Carla"))
    assert page.status_code == 422 and 'href="#f-participant"' in page.text
    for n in range(CORRECTIONS_PER_WINDOW):  # Anna can still correct on the full link
        again = client.post(
            url, json={"participant": "Anna", "priorities": priorities(focus=n % 5)}
        )
        assert again.status_code == 200, again.text
    limited = client.post(asked, json={"participant": "Anna", "priorities": priorities()})
    assert limited.status_code == 429 and corrections in limited.text
    assert 0 < int(limited.headers["retry-after"]) <= 600
    form_limited = post_form(client, f"/workshop/{token}", form("Anna"))
    assert form_limited.status_code == 429 and "retry-after" in form_limited.headers
    assert 'value="Anna"' in form_limited.text  # the input is kept


def test_limits_are_shared_by_every_worker(world: World) -> None:
    """Two apps (= two worker processes) on one database count the same corrections."""
    token = new_capped_link(world, 2)
    other = create_app(world.app.state.settings)
    url = f"/api/v1/workshop/{token}"
    with TestClient(world.app) as one, TestClient(other) as two:
        assert (
            one.post(url, json={"participant": "A", "priorities": priorities()}).status_code == 201
        )
        codes = [
            (one if n % 2 else two)
            .post(url, json={"participant": "A", "priorities": priorities(focus=n % 5)})
            .status_code
            for n in range(CORRECTIONS_PER_WINDOW + 2)
        ]
        assert codes == [200] * CORRECTIONS_PER_WINDOW + [429, 429]
        assert (
            two.post(url, json={"participant": "B", "priorities": priorities()}).status_code == 201
        )
        assert (
            one.post(url, json={"participant": "C", "priorities": priorities()}).status_code == 422
        )
    other.state.db.dispose()


def test_double_submission_over_http_gives_two_successes(world: World) -> None:
    token = new_capped_link(world, 10)
    url = f"/api/v1/workshop/{token}"
    with TestClient(world.app) as c:
        with ThreadPoolExecutor(4) as pool:
            api_codes = sorted(
                pool.map(
                    lambda _n: (
                        c.post(
                            url, json={"participant": "Doppelklick", "priorities": priorities()}
                        ).status_code
                    ),
                    range(2),
                )
            )
        assert api_codes == [200, 201]
        page = f"/workshop/{token}"
        token_field = csrf(c, page)
        data = {**form("Formular"), "csrf_token": token_field}
        with ThreadPoolExecutor(4) as pool:
            form_codes = list(pool.map(lambda _n: c.post(page, data=data).status_code, range(2)))
        assert form_codes == [200, 200]
    with world.db.transaction() as s:
        (info,) = [
            w
            for w in service.list_workshops(s, world.owner, world.assessment_id)
            if w.title == "Klein" and w.max_participants == 10
        ]
    assert info.submissions == 2


# ----------------------------------------------------------------------------- owner


def login(client: TestClient, who: Principal) -> None:
    assert who.user_id is not None
    login_client(client, who.user_id, who.organisation_id)


def api_token(world: World, who: Principal) -> dict[str, str]:
    with world.db.transaction() as s:
        _info, token = service.create_api_token(s, who, "Test")
    return {"Authorization": f"Bearer {token}"}


def lock_version(world: World) -> int:
    with world.db.transaction() as s:
        return service.get_assessment(s, world.owner, world.assessment_id).lock_version


def test_owner_creates_link_shown_once_and_revokes(world: World, client: TestClient) -> None:
    login(client, world.owner)
    base = f"/bewertungen/{world.assessment_id}/workshop"
    page = client.get(base)
    assert page.status_code == 200 and "Link anlegen" in page.text
    made = post_form(client, base, {"title": "Ämterrunde März", "days": "7"})
    assert made.status_code == 200, made.text
    link = re.search(r'id="workshop-link" value="([^"]+)"', made.text)
    assert link and "/workshop/" in link.group(1)
    qr = re.search(r'<figure class="workshop-qr">\s*(<svg.*?</svg>)', made.text, re.S)
    assert qr and "<title>QR-Code des Links für die Teilnehmenden</title>" in qr.group(1)
    token = link.group(1).rsplit("/", 1)[1]
    assert token not in client.get(base).text  # shown once only
    assert client.get(f"/workshop/{token}").status_code == 200
    with world.db.transaction() as s:
        newest = service.list_workshops(s, world.owner, world.assessment_id)[0]
    confirm = client.get(f"{base}/{newest.id}/widerrufen")  # one click only asks
    assert confirm.status_code == 200 and "Link widerrufen" in confirm.text
    assert f'href="{base}/{newest.id}/widerrufen"' in client.get(base).text
    assert client.get(f"/workshop/{token}").status_code == 200
    revoked = post_form(
        client, f"{base}/{newest.id}/widerrufen", {}, form_page=f"{base}/{newest.id}/widerrufen"
    )
    assert revoked.status_code == 303
    assert client.get(f"/workshop/{token}").status_code == 410
    assert "widerrufen" in client.get(base).text


def test_create_form_errors(world: World, client: TestClient) -> None:
    login(client, world.owner)
    base = f"/bewertungen/{world.assessment_id}/workshop"
    bad = post_form(client, base, {"title": "x", "days": "365"})
    assert bad.status_code == 422 and 'href="#f-days"' in bad.text


def test_group_view_consensus_and_adopt_with_conflict(world: World, client: TestClient) -> None:
    workshop_id, token = new_link(world)
    with world.db.transaction() as s:
        service.submit_priorities(
            s, token, participant="Bauamt", priorities=priorities(coordination=4, focus=0)
        )
        service.submit_priorities(
            s,
            token,
            participant="Kämmerei",
            priorities=priorities(financing=4, low_overhead=4, coordination=0),
        )
        service.submit_priorities(
            s, token, participant="Umweltamt", priorities=priorities(coordination=4, expertise=4)
        )
    login(client, world.owner)
    view = f"/bewertungen/{world.assessment_id}/workshop/{workshop_id}"
    page = client.get(view)
    assert page.status_code == 200, page.text
    html = page.text
    assert "Kendalls W" in html and "Übereinstimmung" in html
    assert "am stärksten" in html and "chart-spread-title" in html
    assert "Gemeinsame Prioritäten übernehmen" in html
    en = client.get(view + "?lang=en").text
    client.get(view + "?lang=de")
    assert "agreement" in en and "Adopt the joint priorities" in en
    stale = lock_version(world)
    adopted = post_form(client, f"{view}/uebernehmen", {"lock_version": str(stale)}, form_page=view)
    assert adopted.status_code == 303, adopted.text
    assert "uebernommen=" in adopted.headers["location"]
    assert 'id="adopted"' in client.get(adopted.headers["location"]).text
    conflict = post_form(
        client, f"{view}/uebernehmen", {"lock_version": str(stale)}, form_page=view
    )
    assert conflict.status_code == 409
    assert "nichts überschrieben" in conflict.text
    assert lock_version(world) == stale + 1
    # a "number" Python calls a digit but cannot read (superscript two): refused, no crash
    odd = post_form(client, f"{view}/uebernehmen", {"lock_version": "\u00b2"}, form_page=view)
    assert odd.status_code == 422
    assert lock_version(world) == stale + 1


def test_viewer_sees_but_cannot_change(world: World, client: TestClient) -> None:
    workshop_id, _token = new_link(world)
    login(client, world.viewer)
    base = f"/bewertungen/{world.assessment_id}/workshop"
    page = client.get(base)
    assert page.status_code == 200 and "Link anlegen" not in page.text
    csrf_token = csrf(client, f"/workshop/{_token}")
    denied = client.post(base, data={"title": "x", "days": "3", "csrf_token": csrf_token})
    assert denied.status_code == 403
    headers = api_token(world, world.viewer)
    assert (
        client.post(
            f"/api/v1/assessments/{world.assessment_id}/workshops", json={}, headers=headers
        ).status_code
        == 403
    )
    assert (
        client.get(
            f"/api/v1/assessments/{world.assessment_id}/workshops/{workshop_id}", headers=headers
        ).status_code
        == 200
    )


def test_anonymous_owner_pages_redirect_to_login_and_api_401(
    world: World, client: TestClient
) -> None:
    workshop_id, _token = new_link(world)
    page = client.get(f"/bewertungen/{world.assessment_id}/workshop", follow_redirects=False)
    assert page.status_code in (302, 303, 307) and "/anmelden" in page.headers["location"]
    api = client.get(f"/api/v1/assessments/{world.assessment_id}/workshops/{workshop_id}/aggregate")
    assert api.status_code == 401


def test_other_organisation_gets_404_everywhere(world: World, client: TestClient) -> None:
    workshop_id, token = new_link(world)
    with world.db.transaction() as s:
        service.submit_priorities(s, token, participant="Bauamt", priorities=priorities())
    a, w = world.assessment_id, workshop_id
    login(client, world.stranger)
    for path in (
        f"/bewertungen/{a}/workshop",
        f"/bewertungen/{a}/workshop/{w}",
        f"/bewertungen/{a}/workshop/{w}/projektor",
    ):
        assert client.get(path).status_code == 404, path
    csrf_token = csrf(client, f"/workshop/{token}")
    for path in (
        f"/bewertungen/{a}/workshop",
        f"/bewertungen/{a}/workshop/{w}/widerrufen",
        f"/bewertungen/{a}/workshop/{w}/uebernehmen",
    ):
        sent = client.post(path, data={"csrf_token": csrf_token, "days": "3", "lock_version": "1"})
        assert sent.status_code == 404, path
    headers = api_token(world, world.stranger)
    api = f"/api/v1/assessments/{a}/workshops"
    for method, path, body in (
        ("GET", api, None),
        ("POST", api, {}),
        ("GET", f"{api}/{w}", None),
        ("POST", f"{api}/{w}/revoke", None),
        ("GET", f"{api}/{w}/submissions", None),
        ("GET", f"{api}/{w}/aggregate", None),
        ("POST", f"{api}/{w}/adopt", {"lock_version": 1}),
    ):
        assert client.request(method, path, json=body, headers=headers).status_code == 404, path


def test_workshop_under_another_assessment_is_404(world: World, client: TestClient) -> None:
    workshop_id, _token = new_link(world)
    with world.db.transaction() as s:
        other = assessing.create_assessment(s, world.owner, title="Zweite", profile=PROFILE)
    login(client, world.owner)
    assert client.get(f"/bewertungen/{other.id}/workshop/{workshop_id}").status_code == 404
    headers = api_token(world, world.owner)
    assert (
        client.get(
            f"/api/v1/assessments/{other.id}/workshops/{workshop_id}/aggregate", headers=headers
        ).status_code
        == 404
    )


def test_api_owner_flow(world: World, client: TestClient) -> None:
    headers = api_token(world, world.owner)
    api = f"/api/v1/assessments/{world.assessment_id}/workshops"
    made = client.post(api, json={"title": "API-Runde", "valid_for_days": 2}, headers=headers)
    assert made.status_code == 201, made.text
    body = made.json()
    token, workshop_id = body["token"], body["id"]
    assert body["url"].endswith(f"/workshop/{token}") and body["open"]
    assert all("token" not in item for item in client.get(api, headers=headers).json()["items"])
    empty = client.get(f"{api}/{workshop_id}/aggregate", headers=headers)
    assert empty.status_code == 422
    for name, prio in (
        ("A", priorities(coordination=4)),
        ("B", priorities(coordination=3)),
        ("C", priorities(focus=4, coordination=0)),
    ):
        assert (
            client.post(
                f"/api/v1/workshop/{token}", json={"participant": name, "priorities": prio}
            ).status_code
            == 201
        )
    subs = client.get(f"{api}/{workshop_id}/submissions", headers=headers).json()["items"]
    assert [s["participant"] for s in subs] == ["A", "B", "C"]
    group = client.get(f"{api}/{workshop_id}/aggregate", headers=headers).json()
    assert group["rule"] == "mean" and group["agreement"] in ("high", "medium", "low")
    assert 0 <= group["kendall_w"] <= 1 and group["most_divergent"] in ("A", "B", "C")
    stale = lock_version(world)
    first = client.post(f"{api}/{workshop_id}/adopt", json={"lock_version": stale}, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["lock_version"] == stale + 1
    second = client.post(
        f"{api}/{workshop_id}/adopt", json={"lock_version": stale}, headers=headers
    )
    assert second.status_code == 409
    revoked = client.post(f"{api}/{workshop_id}/revoke", headers=headers)
    assert revoked.status_code == 200 and not revoked.json()["open"]
    assert client.get(f"/api/v1/workshop/{token}").status_code == 410


def test_owner_sets_the_cap_in_the_form_and_the_api(world: World, client: TestClient) -> None:
    login(client, world.owner)
    base = f"/bewertungen/{world.assessment_id}/workshop"
    bad = post_form(client, base, {"title": "Kreis", "days": "7", "cap": "5001"})
    assert bad.status_code == 422 and 'href="#f-cap"' in bad.text
    assert "ganze Zahl von 1 bis 5.000" in bad.text
    made = post_form(client, base, {"title": "Kreisweit", "days": "7", "cap": "2500"})
    assert made.status_code == 200 and "0 / 2500" in made.text
    headers = api_token(world, world.owner)
    url = f"/api/v1/assessments/{world.assessment_id}/workshops"
    created = client.post(url, json={"max_participants": 5000}, headers=headers)
    assert created.status_code == 201 and created.json()["max_participants"] == 5000
    assert client.post(url, json={}, headers=headers).json()["max_participants"] == 1000
    refused = client.post(url, json={"max_participants": 0}, headers=headers)
    assert refused.status_code == 422


def test_group_view_shows_stored_leaders_and_aggregates_without_the_write_lock(
    world: World, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page uses each participant's stored leading model (marked when the assessment has
    changed since) and aggregates with no write transaction open."""
    workshop_id, token = new_link(world)
    for name, prios in (("Bauamt", priorities(coordination=4)), ("Kämmerei", priorities())):
        assert (
            client.post(
                f"/api/v1/workshop/{token}", json={"participant": name, "priorities": prios}
            ).status_code
            == 201
        )
    with world.db.transaction() as s:
        subs = service.list_submissions(s, world.owner, workshop_id)
        version = service.get_assessment(s, world.owner, world.assessment_id).current_version
    assert all(sub.leading_model and sub.profile_version == version for sub in subs)
    login(client, world.owner)
    view = f"/bewertungen/{world.assessment_id}/workshop/{workshop_id}"
    assert "Stand Version" not in client.get(view).text
    with world.db.transaction() as s:
        detail = service.get_assessment(s, world.owner, world.assessment_id)
        assessing.update_assessment(
            s, world.owner, world.assessment_id, lock_version=detail.lock_version, profile=PROFILE
        )
    assert f"Stand Version {version}" in client.get(view).text
    original = assessing.group_view
    probes: list[str] = []

    def probing(snapshot: service.WorkshopSnapshot) -> dict[str, Any]:
        """Take SQLite's write lock from outside while the page aggregates: only possible if
        the request holds no write transaction at this moment."""
        probe = sqlite3.connect(str(world.db.engine.url.database), timeout=0.2)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probes.append("free")
        except sqlite3.OperationalError:
            probes.append("locked")
        finally:
            probe.close()
        return original(snapshot)

    monkeypatch.setattr(assessing, "group_view", probing)
    assert client.get(view).status_code == 200
    headers = api_token(world, world.owner)
    api = f"/api/v1/assessments/{world.assessment_id}/workshops/{workshop_id}/aggregate"
    assert client.get(api, headers=headers).status_code == 200
    assert probes == ["free", "free"]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_projector_view_for_the_meeting_room(world: World, client: TestClient, lang: str) -> None:
    workshop_id, token = new_link(world)
    with world.db.transaction() as s:
        service.submit_priorities(s, token, participant="Kämmerei", priorities=priorities())
        service.submit_priorities(
            s, token, participant="<b>Bauamt</b>", priorities=priorities(coordination=4)
        )
    login(client, world.viewer)
    base = f"/bewertungen/{world.assessment_id}/workshop/{workshop_id}"
    assert f'href="{base}/projektor"' in client.get(base).text
    page = client.get(f"{base}/projektor?lang={lang}")
    assert page.status_code == 200
    html = page.text
    assert 'http-equiv="refresh"' not in html  # never reloads unasked (WCAG 2.2.1)
    assert "projector__lead" in html and 'id="chart-projector-title"' in html
    assert ("2 Personen haben teilgenommen" if lang == "de" else "2 people took part") in html
    assert "<b>Bauamt</b>" not in html  # participants' names are never shown raw
    assert f"{base}/projektor?lang={lang}&amp;aktualisieren=1" in html
    asked = client.get(f"{base}/projektor?lang={lang}&aktualisieren=1").text
    assert '<meta http-equiv="refresh" content="30">' in asked
    assert ("Nicht mehr aktualisieren" if lang == "de" else "Stop refreshing") in asked
    odd = client.get(f"{base}/projektor?aktualisieren=%3Cx%3E")
    assert odd.status_code == 200 and 'http-equiv="refresh"' not in odd.text
