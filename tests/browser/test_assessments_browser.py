"""Sign-in and saved assessments in headless Chromium: axe-core finds no violation on the
login page, the assessment list, an assessment, its history and a comparison (both languages);
and log in → create an assessment → change its status works without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect

from klimaorg import assessing
from klimaorg.storage.core import Role
from tests.accounts import PASSWORD, sole_member
from tests.browser.conftest import check_axe, live_database, unique
from tests.web.assessment_world import PROFILE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHANGED = {**PROFILE, "resources": {"staff_fte": 3.0, "own_budget_eur": 90_000}}


@dataclass(frozen=True)
class Account:
    email: str
    assessment_id: int


@pytest.fixture(scope="module")
def account(live_server: str) -> Iterator[Account]:
    """An editor of a new organisation in the live server's database, with an assessment in
    two versions."""
    with live_database() as db, db.transaction() as s:
        editor = sole_member(s, unique("Browserstadt"), Role.EDITOR, display_name="Eva Editor")
        principal = editor.principal
        detail = assessing.create_assessment(s, principal, title="Browserstadt", profile=PROFILE)
        assessing.update_assessment(
            s, principal, detail.id, lock_version=detail.lock_version, profile=CHANGED
        )
    yield Account(editor.email, detail.id)


def log_in(page: Page, email: str) -> None:
    page.goto("/anmelden")
    page.locator("#f-email").fill(email)
    page.locator("#f-password").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_pages_have_no_axe_violations(page: Page, account: Account, lang: str) -> None:
    page.goto(f"/anmelden?lang={lang}")
    check_axe(page, f"login ({lang})")
    log_in(page, account.email)
    aid = account.assessment_id
    for path in [
        "/bewertungen",
        f"/bewertungen/{aid}",
        f"/bewertungen/{aid}/versionen",
        f"/bewertungen/{aid}/vergleich?alt=1&neu=2",
        "/bewertungen/neu?q=Berlin",
    ]:
        response = page.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
        assert response is not None and response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", lang)
        check_axe(page, f"{path} ({lang})")


def test_log_in_create_and_decide_without_javascript(
    browser: Browser, account: Account, live_server: str
) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=live_server)
    page = context.new_page()
    page.goto("/?lang=de")
    log_in(page, account.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewertungen")
    # the advice, filled by hand, then saved as an assessment
    page.goto("/beratung/schritt/1")
    page.locator("#f-municipality-name").fill("Ohnejsdorf")
    page.locator("#f-municipality-kind").select_option("stadt")
    page.locator("#f-municipality-population").fill("12000")
    for _ in range(5):  # steps 1 to 5, the defaults of steps 2 to 5 are fine
        page.locator(".wizard-nav .kern-btn--primary").click()
        if page.locator("#save-assessment").count():
            break
    page.get_by_label("Titel der Bewertung").fill("Ohne JavaScript")
    page.get_by_role("button", name="Als Bewertung speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ohne JavaScript")
    page.get_by_label("Status", exact=True).select_option("discussed")
    page.get_by_role("button", name="Status und Beschluss speichern").click()
    expect(page.locator(".assessment-facts")).to_contain_text("beraten")
    context.close()
