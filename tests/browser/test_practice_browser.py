"""The practice page in Chromium: the filter form works without JavaScript, both languages,
no axe violations, and no horizontal scrolling at 1280 and 390 px."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

from tests.browser.conftest import SHOTS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NO_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_filter_without_javascript(browser: Browser, base_url: str, width: int, lang: str) -> None:
    context = browser.new_context(
        java_script_enabled=False,
        base_url=base_url,
        viewport={"width": width, "height": 900},
    )
    try:
        page = context.new_page()
        page.goto("/praxis" if lang == "de" else "/en/practice")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        rows = page.locator(".practice-table tbody tr")
        expect(rows).to_have_count(25)
        assert page.evaluate(NO_SIDEWAYS), f"horizontal scroll at {width} px"
        page.select_option("#f-groesse", "landkreis")
        page.select_option("#f-land", "09")
        page.locator(".practice-filter button[type=submit]").click()
        expect(page).to_have_url(f"{base_url}/praxis?lang={lang}&modell=&groesse=landkreis&land=09")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(rows).to_have_count(4)  # Freising, Klima³, Weilheim-Schongau, Schweinfurt
        expect(page.locator("#f-groesse")).to_have_value("landkreis")
        expect(rows.first.locator("a[href^='https://']").first).to_be_visible()
        assert page.evaluate(NO_SIDEWAYS), f"horizontal scroll at {width} px after filtering"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"practice-{lang}-{width}.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_axe_violations(browser: Browser, base_url: str, lang: str) -> None:
    context = browser.new_context(base_url=base_url)
    try:
        page = context.new_page()
        page.goto(f"/praxis?lang={lang}&modell=unbekannt")
        expect(page.locator("#filter-ignored")).to_be_visible()
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()


def test_result_on_a_phone_shows_contradiction_and_similar_cases(
    browser: Browser, base_url: str
) -> None:
    """The wizard's result at 390 px: the contradiction alert on top, the funding notes, three
    similar cases with their source, and no sideways scrolling."""
    from tests.browser.conftest import check_axe
    from tests.browser.test_wizard_browser import fill_wizard

    profile = {
        "municipality": {"name": "Kreis Test", "kind": "landkreis", "population": 150000},
        "structures": {"climate_concept": False},
        "resources": {"funding": "anschlussvorhaben"},
    }
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        fill_wizard(page, profile, "de", shots=None)
        expect(page.locator("#funding-contradiction")).to_contain_text("Widersprüchliche Angaben")
        expect(page.locator(".funding-note--contradiction")).to_contain_text("Widerspruch")
        examples = page.locator(".practice-example")
        expect(examples).to_have_count(3)
        expect(examples.first).to_contain_text("Ähnliche Größe, ebenfalls ein Landkreis.")
        assert page.evaluate(NO_SIDEWAYS), "horizontal scroll on the result page at 390 px"
        check_axe(page, "result with funding notes and practice examples")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "result-practice-de-390.png"), full_page=True)
    finally:
        context.close()
