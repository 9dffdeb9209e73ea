"""The self-contained HTML report in headless Chromium: axe-core finds no violations and the page
requests nothing from outside the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from klimaorg.reports.build import report_for_profile
from klimaorg.reports.html import render_html

pytestmark = [pytest.mark.browser]

SCENARIO = (
    Path(__file__).parents[1] / "advisor" / "scenarios" / "03_city_coordination_stabsstelle.yaml"
)


@pytest.mark.parametrize(("lang", "only"), [("de", None), ("en", None), ("de", "beschlussvorlage")])
def test_html_report_has_no_axe_violations(
    page: Page, tmp_path: Path, lang: str, only: str | None
) -> None:
    profile = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))["profile"]
    report = report_for_profile(profile, "en" if lang == "en" else "de", created=date(2026, 11, 24))
    path = tmp_path / "bericht.html"
    path.write_text(render_html(report, only=only), encoding="utf-8")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert [url for url in requests if not url.startswith("file:")] == []
