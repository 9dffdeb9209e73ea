"""The whole workshop flow in headless Chromium, on SQLite and on PostgreSQL.

The server is the real ``klimaorg serve`` in a subprocess on its own database, prepared with the
CLI exactly as the operations guide says (migrate, organisation, admin with
``--password-stdin``, municipality directory). Then: log in, an assessment for Denzlingen
(08316009, from the imported directory), a workshop link, two participants in two separate
browser contexts without login, the owner's group view with the agreement, adopting the joint
priorities, and the council decision. axe-core finds no violation on any of these pages; the
participant's page and the owner's view are checked in both languages.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from klimaorg import assessing
from klimaorg.settings import Settings
from klimaorg.storage import service
from klimaorg.storage.db import Database
from tests.browser.conftest import SHOTS, check_axe, screenshot
from tests.reliability.conftest import KLIMAORG, Server, fresh_database

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

DIRECTORY = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "GV100AD_301123.txt"
EMAIL = "admin@denzlingen.example"
PASSWORD = "Klimaschutz-Kaiserstuhl-2026"
ORG = "Gemeinde Denzlingen"
FLOW_SHOTS = SHOTS / "flow"


def cli(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    run = subprocess.run(
        [str(KLIMAORG), *args], env=env, input=stdin, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, f"klimaorg {' '.join(args)}: {run.stdout}\n{run.stderr}"
    return run.stdout


def shoot(page: Page, name: str) -> None:
    screenshot(page, FLOW_SHOTS / f"{name}.png")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def prepared(database_url: str, tmp_path: Path) -> Iterator[Server]:
    """The server on a database prepared with the CLI."""
    if not DIRECTORY.exists():
        if os.environ.get("CI"):
            pytest.fail(f"directory file missing: {DIRECTORY}")
        pytest.skip(f"directory file missing: {DIRECTORY}")
    data = tmp_path / "data"
    data.mkdir()
    env = {**os.environ, "KLIMAORG_DATABASE_URL": database_url, "KLIMAORG_DATA_DIR": str(data)}
    cli(env, "db", "upgrade")
    cli(env, "orgs", "create", ORG, "--kind", "municipality", "--ags", "08316009")
    cli(
        env,
        "users", "create", EMAIL, "--org", ORG, "--role", "owner", "--admin", "--password-stdin",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    cli(env, "db", "import-directory", str(DIRECTORY))
    server = Server(database_url, data, workers=1)
    server.start()
    yield server
    server.kill()


def login(page: Page, base: str) -> None:
    page.goto(f"{base}/anmelden")
    check_axe(page, "login")
    page.locator("#f-email").fill(EMAIL)
    page.locator("#f-password").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_load_state()


def new_assessment(database_url: str, data_dir: Path) -> int:
    """The assessment for Denzlingen, from the imported directory (its pages are tested by the
    assessment tests; this flow is about the workshop)."""
    db = Database.from_settings(Settings(database_url=database_url, data_dir=data_dir))
    with db.transaction() as s:
        user = service.find_user(s, EMAIL)
        org = service.find_organisation(s, ORG)
        principal = service.principal_for(s, user.id, org.id)
        detail = assessing.create_assessment(
            s, principal, title="Klimaschutzmanagement Denzlingen", profile={}, ags="08316009"
        )
    db.dispose()
    return detail.id


def participate(browser: Browser, link: str, name: str, values: dict[str, int], lang: str) -> str:
    """One participant in a browser context of their own (no login, no shared cookies)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{link}?lang={lang}")
    expect(page.locator("h1")).to_contain_text("Workshop")
    check_axe(page, f"participant form {lang}")
    shoot(page, f"participant-{lang}")
    page.locator("#f-participant").fill(name)
    for select in page.locator("select[name^='priorities.']").all():
        criterion = str(select.get_attribute("name")).split(".", 1)[1]
        select.select_option(str(values.get(criterion, 2)))
    page.locator("form.workshop-form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text(name)
    check_axe(page, f"thanks {lang}")
    leader = page.locator(".workshop-leader").inner_text()
    context.close()
    return leader


def test_workshop_flow(prepared: Server, database_url: str, browser: Browser) -> None:
    base = prepared.url
    assessment_id = new_assessment(database_url, prepared.data_dir)
    context = browser.new_context()
    page = context.new_page()
    login(page, base)
    page.goto(f"{base}/bewertungen/{assessment_id}/workshop?lang=de")
    check_axe(page, "workshop links")
    page.locator("#f-title").fill("Ämterrunde")
    page.locator("#f-days").fill("7")
    page.get_by_role("button", name="Link anlegen").click()
    link = page.locator("#workshop-link").input_value()
    assert "/workshop/" in link
    check_axe(page, "link created")
    shoot(page, "link-created")

    first = participate(browser, link, "Bauamt", {"coordination": 4, "focus": 0}, "de")
    second = participate(
        browser, link, "Kämmerei", {"financing": 4, "low_overhead": 4, "coordination": 1}, "en"
    )
    assert first and second

    page.get_by_role("link", name="Ämterrunde", exact=True).click()
    view = page.url.split("?")[0]
    expect(page.locator(".workshop-agreement")).to_contain_text("Übereinstimmung")
    expect(page.locator("#chart-spread-title")).to_have_count(1)
    check_axe(page, "owner view de")
    shoot(page, "owner-de")
    page.goto(f"{view}?lang=en")
    expect(page.locator(".workshop-agreement")).to_contain_text("agreement")
    check_axe(page, "owner view en")
    shoot(page, "owner-en")
    page.goto(f"{view}?lang=de")
    page.get_by_role("button", name="Gemeinsame Prioritäten übernehmen").click()
    expect(page.locator("#adopted")).to_contain_text("Version 2")
    check_axe(page, "adopted")

    page.goto(f"{base}/bewertungen/{assessment_id}")
    check_axe(page, "assessment")
    model = page.locator("#f-decided-model option").nth(1).get_attribute("value")
    page.locator("#f-status").select_option("decided")
    page.locator("#f-decided-model").select_option(str(model))
    page.locator("#f-council-date").fill("2026-12-10")
    page.locator("form.decision-form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("10.12.2026")  # as Germans write dates
    check_axe(page, "decided")
    shoot(page, "decided")
    context.close()

    db = Database.from_url(database_url)
    with db.transaction() as s:
        user = service.find_user(s, EMAIL)
        org = service.find_organisation(s, ORG)
        detail = service.get_assessment(s, service.principal_for(s, user.id, org.id), assessment_id)
    db.dispose()
    assert detail.current_version == 2 and detail.status == "decided"
    assert detail.municipality_ags == "08316009" and detail.council_decision_date is not None
