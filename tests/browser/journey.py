"""What every page of a journey test must pass, and the browser set-up of one journey.

A :class:`Journey` is one user's browser (a context at one width, in one language, with
JavaScript on or off). :meth:`Journey.check` runs the checks of the small-screens tests on the
page now shown: the page never scrolls sideways, no rendered chart text is smaller than 11 px
(measured the same way, font size times the chart's scale on screen) and axe-core finds no
violation. Key pages are saved as screenshots.

With JavaScript off, Chromium runs no timers in the page, so axe-core (which waits on them)
cannot finish there. The page's DOM, exactly as the browser built it without scripts, is then
served once more to a *checker* page at the same address and width, with JavaScript on for
axe-core only: the app's own scripts are blocked, so axe-core sees the markup a reader without
JavaScript gets. Sideways scrolling and chart text are measured in the journey's page itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Route,
    ViewportSize,
    expect,
)

from tests.browser.test_small_screens_browser import AXE, MIN_TEXT_PX, OVERFLOW, SMALLEST_SVG_TEXT

HEIGHT = 900
# document.scrollingElement as the brief of the journeys says; one pixel for rounding.
SIDEWAYS = "() => document.scrollingElement.scrollWidth - window.innerWidth"
# The element that has the keyboard focus, as a short description for failure messages.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return "body";
  const text = (e.textContent || "").trim().slice(0, 40);
  return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + " " + text;
}"""


@dataclass
class Checker:
    """A page with JavaScript on that shows another page's DOM for axe-core (see above)."""

    page: Page

    def run_axe(self, page: Page) -> Any:
        if page.url.startswith("file:"):  # a saved report: no scripts, open the file itself
            self.page.goto(page.url)
            return AXE.run(self.page)
        html = page.content()
        address = page.url.split("#", 1)[0]
        pattern = re.compile(f"^{re.escape(address)}$")

        def serve(route: Route) -> None:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

        self.page.route(pattern, serve)  # only the document; styles and fonts load as usual
        try:
            self.page.goto(address)
        finally:
            self.page.unroute(pattern, serve)
        return AXE.run(self.page)


@dataclass
class Journey:
    """One user's browser: its page, width, language and whether JavaScript runs."""

    context: BrowserContext
    page: Page
    width: int
    lang: str
    javascript: bool
    shots: Path
    checker: Checker | None = None
    visited: list[str] = field(default_factory=list)

    @property
    def shots_wanted(self) -> bool:
        """Screenshots of the key pages are taken in German (at both widths)."""
        return self.lang == "de"

    @property
    def name(self) -> str:
        return f"{self.lang}-{self.width}-{'js' if self.javascript else 'nojs'}"

    def check(self, where: str, *, shot: bool = False) -> None:
        """The page shown now: no sideways scrolling, chart text ≥ 11 px, axe-core clean."""
        page = self.page
        page.wait_for_load_state()
        label = f"{where} ({self.name}, {page.url})"
        self.visited.append(where)
        if shot:
            page.screenshot(path=str(self.shots / f"{where}-{self.name}.png"), full_page=True)
        overflow = int(page.evaluate(SIDEWAYS))
        if overflow > 1:
            detail = page.evaluate(OVERFLOW)
            raise AssertionError(f"{label} scrolls sideways by {overflow} px: {detail}")
        smallest: dict[str, Any] = page.evaluate(SMALLEST_SVG_TEXT)
        assert smallest["size"] >= MIN_TEXT_PX, f"{label}: chart text too small: {smallest}"
        results = self.checker.run_axe(page) if self.checker else AXE.run(page)
        assert results.violations_count == 0, f"{label}: {results.generate_report()}"

    def tab_to(self, target: Locator, *, limit: int = 120) -> None:
        """Press Tab until ``target`` has the focus (a keyboard user's way to reach it)."""
        handle = target.element_handle()
        assert handle is not None, f"nothing to tab to on {self.page.url}"
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if handle.evaluate("e => e === document.activeElement"):
                return
        raise AssertionError(
            f"{limit} × Tab never reached {target} on {self.page.url} "
            f"(focus ends on {self.page.evaluate(FOCUSED)})"
        )

    def participant(self, browser: Browser, base_url: str) -> AbstractContextManager[Journey]:
        """A fresh browser of the same kind for someone else (no cookies, no login)."""
        return open_journey(
            browser, base_url, self.width, self.lang, self.javascript, self.shots, self.visited
        )


@contextmanager
def open_journey(
    browser: Browser,
    base_url: str,
    width: int,
    lang: str,
    javascript: bool,
    shots: Path,
    visited: list[str] | None = None,
) -> Iterator[Journey]:
    """A new browser context (and, without JavaScript, its axe-core checker), closed after."""
    viewport: ViewportSize = {"width": width, "height": HEIGHT}
    context = browser.new_context(
        base_url=base_url, viewport=viewport, java_script_enabled=javascript, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    checker_context = None
    checker = None
    if not javascript:
        checker_context = browser.new_context(base_url=base_url, viewport=viewport)
        checker = Checker(checker_context.new_page())
        checker_context.route(re.compile(r"\.js(\?.*)?$"), lambda route: route.abort())
    shots.mkdir(parents=True, exist_ok=True)
    journey = Journey(context, context.new_page(), width, lang, javascript, shots, checker)
    if visited is not None:
        journey.visited = visited
    try:
        yield journey
    finally:
        context.close()
        if checker_context is not None:
            checker_context.close()


def expect_heading(page: Page, text: str) -> None:
    """The page's one level-1 heading contains ``text``."""
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)
