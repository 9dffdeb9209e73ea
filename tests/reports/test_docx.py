"""The Word document: real headings, tables with header rows, page numbers in the footer."""

from __future__ import annotations

import io
from typing import Any

from docx import Document

from klimaorg.reports.html import section_titles
from klimaorg.reports.render import render


def _style(paragraph: Any) -> str:
    return str(paragraph.style.name) if paragraph.style is not None else ""


def test_docx_structure(report: dict[str, Any]) -> None:
    document = Document(io.BytesIO(render(report, "docx")))
    headings = [p.text for p in document.paragraphs if _style(p) == "Heading 1"]
    assert headings == [title for _anchor, title in section_titles(report)]
    assert any(_style(p) == "Title" for p in document.paragraphs)
    assert document.core_properties.language == "de-DE"
    ranking = next(
        t
        for t in document.tables
        if t.rows[0].cells[1].text == "Modell" and t.rows[0].cells[2].text == "Punktzahl"
    )
    assert ranking.rows[0].cells[0].text == "Platz"
    assert ranking.rows[1].cells[1].text == "Stabsstelle"
    assert len(ranking.rows) == 7
    header_xml = ranking.rows[0]._tr.xml
    assert "tblHeader" in header_xml
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    text = "\n".join(p.text for p in document.paragraphs)
    assert "ENTWURF – bitte prüfen und anpassen" in text
    # the org chart as an indented table with the climate staff
    assert any(
        "Stabsstelle Klimaschutz" in cell.text
        for table in document.tables
        for cell in table.columns[0].cells
    )


def test_docx_only_block(report: dict[str, Any]) -> None:
    document = Document(io.BytesIO(render(report, "docx", only="beschlussvorlage")))
    headings = [p.text for p in document.paragraphs if _style(p).startswith("Heading")]
    assert headings[0].startswith("Beschlussvorlage")
    assert "Finanzielle Auswirkungen" in headings
