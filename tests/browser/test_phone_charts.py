"""Charts on a phone: at 390 px no chart text is smaller than 11 px (a chart that would shrink
gives way to its table, which holds the same values) and no page scrolls sideways; at 1280 px
the charts are shown and their text is at least 11 px as well."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PAGES = ["/modelle/stabsstelle", "/vergleich", "/vergleich?lang=en&modell=team&modell=fachamt"]
NO_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"
SMALLEST_TEXT = """() => {
  let smallest = Infinity;
  for (const text of document.querySelectorAll('svg text')) {
    const box = text.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not shown
    const svg = text.ownerSVGElement;
    const scale = svg.getScreenCTM() ? svg.getScreenCTM().a : 1;
    const size = parseFloat(getComputedStyle(text).fontSize) * scale;
    smallest = Math.min(smallest, size);
  }
  return smallest;
}"""


def smallest_chart_text(page: Page) -> float:
    return float(page.evaluate(SMALLEST_TEXT))


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_chart_text_is_readable_and_nothing_scrolls(
    browser: Browser, base_url: str, path: str, width: int
) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(path)
        assert page.evaluate(NO_SIDEWAYS), f"{path} scrolls sideways at {width} px"
        assert smallest_chart_text(page) >= 11, f"chart text below 11 px on {path} at {width} px"
        tables = page.locator("table")
        assert tables.count() >= 1 and tables.first.is_visible(), "no table to read the values"
        if width == 1280:
            assert page.locator(".chart svg").first.is_visible(), "chart hidden on a wide screen"
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_result_page_charts(browser: Browser, base_url: str, width: int) -> None:
    from tests.browser.test_wizard_browser import fill_wizard

    profile = {"municipality": {"name": "Testdorf", "kind": "gemeinde", "population": 4000}}
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        fill_wizard(page, profile, "de", shots=None)
        assert page.evaluate(NO_SIDEWAYS), f"the result scrolls sideways at {width} px"
        assert smallest_chart_text(page) >= 11, f"result chart text below 11 px at {width} px"
        assert page.locator("#ranking ~ table, section table").first.is_visible()
    finally:
        context.close()
