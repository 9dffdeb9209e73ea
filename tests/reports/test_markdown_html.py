"""Markdown and the self-contained HTML file."""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

from klimaorg.reports import markdown
from klimaorg.reports.html import render_html, section_titles
from klimaorg.reports.render import render


def test_markdown_has_every_section(report: dict[str, Any]) -> None:
    text = markdown.report(report)
    for _anchor, title in section_titles(report):
        assert f"\n## {title}\n" in text
    # scores are weighted means of the 1-5 ratings (3 = average) since the rated table
    assert "| 1 | Stabsstelle | 3,39 | 65\u00a0% |" in text
    assert "[^1]: Difu (2023)" in text
    assert "„Direkte Anbindung an die Verwaltungsspitze“" in text


def test_markdown_text_block_alone(report: dict[str, Any]) -> None:
    text = render(report, "md", only="foerderantrag").decode()
    assert text.startswith(
        "# Verwaltungsinterne Einbindung und Steuerung des Klimaschutzmanagements"
    )
    assert "> ENTWURF – bitte prüfen und anpassen" in text
    assert "4.1.8" in text


def test_html_is_self_contained_and_structured(report: dict[str, Any]) -> None:
    html = render_html(report)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="de">' in html
    assert 'class="skip-link" href="#content"' in html
    assert not re.search(r"""(src|href)=["']https?:""", html)
    assert "<link" not in html and "<script" not in html and "@import" not in html
    assert " style=" not in html  # CSP-friendly: no inline style attributes
    captions = re.findall(r'<caption id="([a-z-]+)">', html)
    assert len(captions) >= 8 and len(set(captions)) == len(captions)
    # on a phone every table scrolls in a region named by its caption, never the page
    regions = re.findall(
        r'<div class="table-scroll" role="region" tabindex="0" '
        r'aria-labelledby="([a-z-]+)">\s*<table',
        html,
    )
    assert regions == captions
    assert html.count("<table") == len(captions)
    assert 'scope="col"' in html and 'scope="row"' in html
    # every chart is an accessible, well-formed SVG
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) == 10  # scores, ranks, profile, org chart, six model charts
    for svg in svgs:
        root = ElementTree.fromstring(svg)
        assert root.get("role") == "img"
        assert root.find("{http://www.w3.org/2000/svg}title") is not None
        assert root.find("{http://www.w3.org/2000/svg}desc") is not None
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_english_report_keeps_german_quotes(report_en: dict[str, Any]) -> None:
    html = render_html(report_en)
    assert '<html lang="en">' in html
    assert "Summary" in html
    assert '<span lang="de">„Direkte Anbindung an die Verwaltungsspitze“</span>' in html
    assert "Direct link to the head of the administration" in html


def test_summary_says_where_the_doubt_comes_from(report: dict[str, Any]) -> None:
    """The doubt split stands beside the robustness sentence in every format of the summary."""
    sentences = report["summary"]["robustness"]
    doubt = [s for s in sentences if s.startswith("Über alle plausiblen Gewichtungen")]
    assert len(doubt) == 1
    assert "aus Ihren Prioritäten" in doubt[0] and "grobe Aufteilung" in doubt[0]
    assert re.search(r"\d+\u00a0% der Fälle vorn", doubt[0])
    assert doubt[0] in markdown.report(report)
    assert doubt[0] in render_html(report)


def test_english_summary_says_where_the_doubt_comes_from(report_en: dict[str, Any]) -> None:
    sentences = report_en["summary"]["robustness"]
    assert any(s.startswith("Across all plausible weightings and ratings") for s in sentences)
