"""The layout a council can use: the decision pages first, then the draft resolution and the
funding, then details and appendix; German line breaks at syllables only; the Word report
carries the charts as pictures with alternative text."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pyphen
from docx import Document
from PIL import Image

from klimaorg.reports.hyphenation import clean, install, syllables
from klimaorg.reports.outline import SECTIONS
from klimaorg.reports.render import render

LETTERS = "A-Za-zÄÖÜäöüß"
VOWELS = set("aeiouyäöüAEIOUYÄÖÜ")


def test_the_outline_puts_the_decision_first() -> None:
    parts = [s.part for s in SECTIONS]
    assert parts == sorted(parts, key=["decision", "details", "appendix"].index)
    assert [s.id for s in SECTIONS[:3]] == ["summary", "resolution", "funding"]


def test_the_first_two_pages_hold_the_decision(pdf_pages: list[str]) -> None:
    first = re.sub(r"\s+", " ", pdf_pages[0] + pdf_pages[1])
    for expected in (
        "EMPFOHLENES MODELL",
        "Die wichtigsten Gründe",
        "Wie sicher ist das Ergebnis?",
        "Risiken und mögliche Gegenmaßnahmen",
        "Worüber der Rat entscheidet",
    ):
        assert expected in first, expected
    # the draft resolution and the funding section follow at once, before the details
    starts = {
        name: next(i for i, page in enumerate(pdf_pages) if re.search(pattern, page, re.M))
        for name, pattern in (
            ("resolution", r"^\s*2\s+Entwurf der Beschlussvorlage\s*$"),
            ("funding", r"^\s*3\s+Förderung nach der Kommunalrichtlinie\s*$"),
            ("details", r"^\s*4\s+Ausgangslage und Prioritäten\s*$"),
        )
    }
    assert starts["resolution"] <= 3 < starts["details"]
    assert starts["resolution"] < starts["funding"] < starts["details"]


def test_words_break_at_syllables_only() -> None:
    assert syllables("zusammenarbeiten", "de") == ["zusam", "men", "ar", "bei", "ten"]
    assert syllables("Stellenanteile", "de") == ["Stel", "len", "an", "teile"]
    assert clean("Stabsstelle", [4, 5, 9]) == [5, 9]  # "Stab-s-stel-le" → "Stabs-stel-le"
    # pyphen's German dictionary (as the org charts and the report's title ask it) gives the same
    # breaks once installed, and none in a model name
    install({"Klimaschutzteam"})
    german = pyphen.Pyphen(lang="de_DE", left=2, right=2)
    assert german.inserted("zusammenarbeiten") == "zu-sam-men-ar-bei-ten"
    assert german.inserted("Stellenanteile") == "Stel-len-an-tei-le"
    assert german.inserted("Klimaschutzteam") == "Klimaschutzteam"


def test_pdf_line_breaks_leave_syllables_whole(
    pdf_pages: list[str], report: dict[str, Any]
) -> None:
    text = "\n".join(pdf_pages)
    breaks = re.findall(rf"([{LETTERS}]+)[\u2010\u00ad-]\n\s*([a-zäöüß]+)", text)
    assert len(breaks) >= 3
    for before, after in breaks:
        assert VOWELS & set(before) and VOWELS & set(after), (before, after)
        assert len(after) >= 2, (before, after)  # "Fäl-le" is a syllable break, "Fälle" not
    for model in {row["name"] for row in report["ranking"]}:
        for word in model.split():
            for cut in range(2, len(word) - 1):
                broken = rf"{word[:cut]}[\u2010\u00ad-]\n\s*{word[cut:]}"
                assert not re.search(broken, text), f"model name broken: {word}"


def test_decision_page_png_shows_the_lead_box(pdf_images: list[Path]) -> None:
    page = Image.open(pdf_images[0]).convert("RGB")
    yellow = 0
    for count, colour in page.getcolors(maxcolors=1 << 20) or []:
        assert isinstance(colour, tuple)
        r, g, b = colour[:3]
        yellow += count if r > 245 and 230 < g < 250 and 170 < b < 200 else 0
    assert yellow > 2000  # the recommended model's box (#fff1b8)


def test_word_carries_the_charts_as_pictures_with_alt_text(report: dict[str, Any]) -> None:
    document = Document(io.BytesIO(render(report, "docx")))
    shapes = list(document.inline_shapes)
    assert len(shapes) == 10  # scores, ranks, profile, the org chart, six model charts
    for shape in shapes:
        properties = shape._inline.docPr
        assert properties.get("title"), "picture without title"
        assert len(properties.get("descr") or "") > 40, "picture without alternative text"
    titles = [shape._inline.docPr.get("title") for shape in shapes]
    assert "Punktzahl je Modell" in titles and "Organigramm: Stabsstelle" in titles
    # every numbered list starts at 1 (what the council decides: three items)
    texts = [p.text for p in document.paragraphs]
    decide = texts.index("Worüber der Rat entscheidet")
    assert [t[:3] for t in texts[decide + 1 : decide + 4]] == ["1.\t", "2.\t", "3.\t"]
    headings = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 1"]
    assert headings[:3] == [
        "1\u2002Zusammenfassung für die Entscheidung",
        "2\u2002Entwurf der Beschlussvorlage",
        "3\u2002Förderung nach der Kommunalrichtlinie",
    ]
