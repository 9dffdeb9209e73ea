"""The HTML report in headless Chromium: axe-core finds no violations."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from klimaorg.reports.html import render_html

pytestmark = [pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"Chromium not found at {CHROMIUM}"
    if os.environ.get("CI"):
        pytest.fail(f"browser test cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.mark.parametrize("variant", ["de", "en", "only"])
def test_html_report_has_no_axe_violations(
    variant: str, report: dict[str, Any], report_en: dict[str, Any], tmp_path: Path
) -> None:
    _require_chromium()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    if variant == "only":
        html = render_html(report, only="beschlussvorlage")
    else:
        html = render_html(report if variant == "de" else report_en)
    path = tmp_path / "bericht.html"
    path.write_text(html, encoding="utf-8")
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.goto(path.as_uri())
            results = Axe().run(page)
        finally:
            browser.close()
    assert results.violations_count == 0, results.generate_report()
    assert [url for url in requests if not url.startswith("file:")] == []
