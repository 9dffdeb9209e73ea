"""One outline for every format: each section of the outline has its case in each renderer, and
every format shows the sections in the outline's order."""

from __future__ import annotations

import io
from typing import Any

from docx import Document

from klimaorg.reports import markdown, word
from klimaorg.reports.html import TEMPLATE_DIR, render_html
from klimaorg.reports.outline import SECTION_IDS, SECTIONS, outline, section_titles


def test_every_renderer_has_a_case_for_every_section() -> None:
    assert len(set(SECTION_IDS)) == len(SECTION_IDS)
    assert set(markdown.SECTION_RENDERERS) == set(SECTION_IDS)
    assert set(word.SECTION_RENDERERS) == set(SECTION_IDS)
    templates = {p.stem for p in (TEMPLATE_DIR / "sections").glob("*.html")}
    assert templates == set(SECTION_IDS)


def test_the_outline_is_stored_in_the_report_and_numbered(report: dict[str, Any]) -> None:
    stored = report["sections"]
    assert [s["id"] for s in stored] == list(SECTION_IDS)
    assert stored == outline("de", report["recommendation"]["name"])
    assert [s["title"].split("\u2002")[0] for s in stored] == [
        str(n) for n in range(1, len(SECTIONS) + 1)
    ]
    # a report stored without an outline gets the same one
    assert section_titles({k: v for k, v in report.items() if k != "sections"}) == [
        (s["id"], s["title"]) for s in stored
    ]


def test_every_format_follows_the_outline(report: dict[str, Any]) -> None:
    titles = [title for _id, title in section_titles(report)]
    html = render_html(report)
    md = markdown.report(report)
    positions_html = [html.index(f">{title}</h2>") for title in titles]
    positions_md = [md.index(f"\n## {title}\n") for title in titles]
    assert positions_html == sorted(positions_html)
    assert positions_md == sorted(positions_md)
    document = Document(io.BytesIO(word.render_docx(report)))
    headings = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 1"]
    assert headings == titles
