"""One entry point for every report format: bytes, media type and a safe file name."""

from __future__ import annotations

import re
import unicodedata
from typing import Literal, get_args

from klimaorg.jsondata import Data
from klimaorg.reports import markdown

ReportFormat = Literal["pdf", "html", "md", "docx"]
Block = Literal["beschlussvorlage", "foerderantrag"]
FORMATS: tuple[str, ...] = get_args(ReportFormat)
BLOCK_IDS: tuple[str, ...] = get_args(Block)
MEDIA_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def render(report: Data, fmt: str, *, only: str | None = None) -> bytes:
    """The report (or one text block) in ``fmt`` (pdf, html, md, docx)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    if only is not None and only not in BLOCK_IDS:
        raise ValueError(f"unknown text block {only!r} (known: {', '.join(BLOCK_IDS)})")
    if fmt == "pdf":
        from klimaorg.reports.pdf import render_pdf

        return render_pdf(report, only=only)
    if fmt == "docx":
        from klimaorg.reports.word import render_docx

        return render_docx(report, only=only)
    if fmt == "html":
        from klimaorg.reports.html import render_html

        return render_html(report, only=only).encode("utf-8")
    text = markdown.text_block(report, only) if only else markdown.report(report)
    return text.encode("utf-8")


def slug(value: str, fallback: str = "kommune") -> str:
    """``value`` as a file-name part: ASCII letters, digits and hyphens, at most 60 characters."""
    ascii_text = unicodedata.normalize("NFKD", value.translate(_UMLAUTS))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-")
    return cleaned or fallback


def filename(report: Data, fmt: str, *, only: str | None = None) -> str:
    """A safe download name, never user input verbatim.

    ``klimaorg-bericht-grossstadt-2026-11-24.pdf``
    """
    lang = report["lang"]
    kind = only or ("bericht" if lang == "de" else "report")
    name = slug(report["municipality"]["name"]) if report["municipality"]["named"] else "kommune"
    return f"klimaorg-{kind}-{name}-{report['date_iso']}.{fmt}"
