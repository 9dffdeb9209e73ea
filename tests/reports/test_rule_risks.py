"""Reports for municipalities whose leading model carries a risk from a context rule (not from a
source statement): the risk is shown with its measures and cited, in every format."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import docx
import pytest

from klimaorg.i18n import Lang
from klimaorg.reports import markdown
from klimaorg.reports.build import report_for_profile
from klimaorg.reports.html import render_html
from klimaorg.reports.render import render
from tests.advisor.grid import RULE_RISKS, grid


@pytest.mark.parametrize(("leader", "rule"), sorted(RULE_RISKS))
@pytest.mark.parametrize("lang", ["de", "en"])
def test_rule_risks_appear_cited_in_every_format(leader: str, rule: str, lang: Lang) -> None:
    report = report_for_profile(RULE_RISKS[(leader, rule)], lang, created=date(2026, 11, 24))
    rule_risks = [r for r in report["risks"] if r["quote"] is None]
    assert rule_risks
    notes = {n["n"] for n in report["notes"]}
    for risk in rule_risks:
        assert risk["note"] in notes
        assert risk["mitigations"]
    html = render_html(report)
    text = markdown.report(report)
    words = "\n".join(p.text for p in docx.Document(BytesIO(render(report, "docx"))).paragraphs)
    for risk in rule_risks:
        assert risk["text"] in text and risk["text"] in words
        assert risk["mitigations"][0]["name"] in html


def test_a_sample_of_the_profile_grid_builds_reports() -> None:
    """Every 36th profile of the grid (30 situations): report data, HTML and Markdown."""
    for i, profile in enumerate(grid()[::36]):
        lang: Lang = "de" if i % 2 else "en"
        report = report_for_profile(profile, lang, created=date(2026, 11, 24))
        assert render_html(report).startswith("<!DOCTYPE html>")
        assert report["recommendation"]["name"] in markdown.report(report)
