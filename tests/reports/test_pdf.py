"""The PDF as a reader gets it: pages, headings in order, page numbers, quotations, German."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from klimaorg.reports import pdf
from klimaorg.reports.build import report_for_profile
from klimaorg.reports.html import section_titles
from klimaorg.reports.render import render
from tests.poppler import poppler

A4_WIDTH = 595.28
LEFT, RIGHT = 20 / 25.4 * 72, 18 / 25.4 * 72  # the margins, in points
OVERLONG = "Hinterobersteinbachtal" + "gemeindeverbandsverwaltungsgemeinschaft" * 3


def test_page_count_is_plausible(pdf_pages: list[str], pdf_images: list[Path]) -> None:
    # title, contents, summary, profile, ranking (2), org chart, reasons, six models, blocks,
    # method, sources: at least 18 pages, and not a runaway layout.
    assert 18 <= len(pdf_pages) <= 40
    assert len(pdf_images) == len(pdf_pages)
    assert all(image.stat().st_size > 1000 for image in pdf_images)


def test_title_page(pdf_pages: list[str]) -> None:
    title = pdf_pages[0]
    for expected in ("Organisation des", "Großstadt", "Kreisfreie Stadt", "150.000", "24.11.2026"):
        assert expected in title
    assert "Entwurf" in title
    assert "Seite" not in title  # no running footer on the title page


def test_section_headings_in_order(pdf_pages: list[str], report: dict[str, Any]) -> None:
    body = "\n".join(pdf_pages)  # the contents' lines end in page numbers: no match there
    position = 0
    for _anchor, title in section_titles(report):
        number, _, words = title.partition("\u2002")
        match = re.compile(rf"^\s*{number}\s+{re.escape(words)}\s*$", re.M).search(body, position)
        assert match, f"heading {title!r} missing or out of order"
        position = match.end()


def test_summary_page_names_the_leading_model(pdf_pages: list[str]) -> None:
    summary = pdf_pages[0]  # the decision pages open the report
    assert re.search(r"^\s*1\s+Zusammenfassung für die Entscheidung", summary, re.M)
    assert "EMPFOHLENES MODELL" in summary
    assert "Stabsstelle" in summary
    assert "51 %" in summary  # the robustness sentence (rated table: Stabsstelle vs team close)


def test_page_numbers(pdf_pages: list[str]) -> None:
    total = len(pdf_pages)
    for number, page in enumerate(pdf_pages[1:], start=2):
        assert f"Seite {number} von {total}" in page


def test_verbatim_quotations_and_sources(pdf_pages: list[str]) -> None:
    text = re.sub(r"\s+", " ", "\n".join(pdf_pages))
    assert "„als Stabsstelle bei der Verwaltungsspitze oder einem Dezernat angesiedelt“" in text
    assert "„Direkte Anbindung an die Verwaltungsspitze“" in text
    assert "Praxisleitfaden Klimaschutz in Kommunen" in text
    assert "EUPL-1.2" in text


def test_umlauts_and_hyphenation(pdf_pages: list[str]) -> None:
    text = "\n".join(pdf_pages)
    for word in ("Gegenmaßnahme", "Prioritäten", "Verwaltungsspitze", "Kämmerei", "Einwohnerinnen"):
        assert word in text
    # German hyphenation: lines end inside a word with a hyphen and go on in lower case.
    broken = re.findall(r"[a-zäöüß]{2}[-\u2010\u00ad]\n\s*[a-zäöüß]{2}", text)
    assert len(broken) >= 3, "no hyphenated line breaks found"


def test_text_blocks_are_marked_as_drafts(pdf_pages: list[str]) -> None:
    text = "\n".join(pdf_pages)
    assert text.count("ENTWURF – bitte prüfen und anpassen") >= 2
    assert "[Betrag]" in text
    assert "Beschlussvorschlag" in text
    assert "Verwaltungsinterne Einbindung und Steuerung des Klimaschutzmanagements" in text


def test_a_document_is_laid_out_once(
    report: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A repeated download is served from the recent PDFs; any change of the document (here
    the status) is laid out anew."""
    calls: list[str] = []

    def fake(document: str, **_options: object) -> bytes:
        calls.append(document)
        return f"%PDF {len(calls)}".encode()

    monkeypatch.setattr(pdf, "html_to_pdf", fake)
    pdf.RECENT_PDFS.clear()
    first = pdf.render_pdf(report)
    assert pdf.render_pdf(report) == first and len(calls) == 1
    decided = {**report, "status": "decided", "status_label": "Beschlossen"}
    assert pdf.render_pdf(decided) != first and len(calls) == 2
    pdf.RECENT_PDFS.clear()


def _words_outside(pdf_bytes: bytes) -> tuple[int, list[tuple[str, float, float]]]:
    """How many words the PDF has, and those that reach into a side margin (``pdftotext
    -bbox``: every word with its box, in points)."""
    boxes = poppler("pdftotext", pdf_bytes, "-bbox")
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', boxes)
    outside = [
        (word, float(low), float(high))
        for low, high, word in words
        if float(low) < LEFT - 1 or float(high) > A4_WIDTH - RIGHT + 1
    ]
    return len(words), outside


def test_no_word_leaves_the_text_area(pdf_file: Path) -> None:
    """Tables, charts, addresses and the footer stay between the margins."""
    count, outside = _words_outside(pdf_file.read_bytes())
    assert count > 3000
    assert outside == []


def test_an_overlong_name_stays_on_the_page(profile: dict[str, Any]) -> None:
    """A name of 140 letters without a break breaks in the text and the footer, and the
    profile to copy (YAML) shrinks instead of losing a character."""
    named = {**profile, "municipality": {**profile["municipality"], "name": OVERLONG}}
    document = render(report_for_profile(named, "de"), "pdf")
    _count, outside = _words_outside(document)
    assert outside == []
    text = re.sub(r"\s+", "", poppler("pdftotext", document))
    assert f"name:{OVERLONG}" in text  # the YAML line, whole
