"""Every page in both languages in headless Chromium: axe-core, keyboard, no JavaScript."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from klimaorg.knowledge import load_knowledge
from tests.browser.conftest import SHOTS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MODEL_IDS = load_knowledge().model_ids
PAGES = [
    "/",
    "/modelle",
    *(f"/modelle/{model_id}" for model_id in MODEL_IDS),
    "/vergleich",
    "/vergleich?modell=stabsstelle&modell=energieagentur",
    "/kriterien",
    "/praxis",
    "/quellen",
    "/barrierefreiheit",
    "/sicherheit",
    "/api/docs",
    "/modelle/unbekannt",
]
AXE = Axe()


def with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def axe_report(page: Page) -> tuple[int, str]:
    results = AXE.run(page)
    return results.violations_count, results.generate_report()


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations(page: Page, path: str, lang: str) -> None:
    console_errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console_errors.append(message.text)

    page.on("console", on_console)
    response = page.goto(with_lang(path, lang))
    assert response is not None
    assert response.status == (404 if "unbekannt" in path else 200)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    if path == "/api/docs":
        expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    count, report = axe_report(page)
    assert count == 0, f"{path} ({lang}): {count} axe violations\n{report}"
    errors = [e for e in console_errors if "404" not in e]  # the 404 page logs its status
    assert not errors, f"console errors (CSP?): {errors}"


def test_model_page_links_to_the_comparison_with_the_model_chosen(page: Page) -> None:
    page.goto("/modelle/team")
    page.get_by_role("link", name="Mit anderen Modellen vergleichen").click()
    expect(page).to_have_url(re.compile(r"/vergleich\?modell=team$"))
    expect(page.locator("#modell-team")).to_be_checked()
    expect(page.locator("#modell-fachamt")).not_to_be_checked()
    page.locator("label[for=modell-fachamt]").click()
    page.get_by_role("button", name="Vergleich anzeigen").click()
    expect(page).to_have_url(re.compile(r"modell=fachamt&modell=team|modell=team&modell=fachamt"))
    header = page.locator(".source-table thead th")
    expect(header).to_have_count(2)


def test_keyboard_skip_link_moves_focus_to_main(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    expect(page.locator(".skip-link")).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")


def test_everything_works_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    try:
        page = context.new_page()
        page.goto("/vergleich")
        expect(page.locator("input[name=modell]:checked")).to_have_count(len(MODEL_IDS))
        for model_id in MODEL_IDS:
            if model_id not in ("stabsstelle", "stellenteilung"):
                page.locator(f"label[for=modell-{model_id}]").click()
        page.get_by_role("button", name="Vergleich anzeigen").click()
        expect(page).to_have_url(re.compile(r"modell=stabsstelle&modell=stellenteilung"))
        expect(page.locator(".source-table thead th")).to_have_count(2)
        expect(page.locator("svg[role=img]:visible")).to_have_count(1)
        page.get_by_role("link", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", level=1)).to_have_text("Comparison of models")
        expect(page.locator("input[name=modell]:checked")).to_have_count(2)
        page.get_by_role("link", name="Models", exact=True).click()
        expect(page.locator("html")).to_have_attribute("lang", "en")  # the cookie holds
        page.get_by_role("link", name="Deutsch").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Die sechs Organisationsmodelle")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_screenshots(page: Page, lang: str) -> None:
    """Screenshots for a look by eye (layout, contrast): /tmp/klimaorg-shots/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    shots: dict[str, Any] = {
        "start": "/",
        "model": "/modelle/stabsstelle",
        "compare": "/vergleich?modell=stabsstelle&modell=team&modell=klimaschutzamt",
    }
    for name, path in shots.items():
        page.goto(with_lang(path, lang))
        page.screenshot(path=str(SHOTS / f"{name}-{lang}.png"), full_page=True)
        assert (SHOTS / f"{name}-{lang}.png").stat().st_size > 10_000
