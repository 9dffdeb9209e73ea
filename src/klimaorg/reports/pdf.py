"""The report as PDF: the HTML document laid out by WeasyPrint on A4 pages.

The running footer (municipality · title · status, "Seite X von Y") is made of elements of the
document (``position: running(...)``, placed by ``content: element(...)``), not of CSS strings:
the municipality's name is user text and stays in the HTML, where Jinja escapes it; the CSS
holds no user text at all. WeasyPrint loads only the packaged fonts
(:func:`klimaorg.reports.assets.report_fetcher`), and the PDF carries no attached files, even
if an element asking for one slipped into the HTML.

German hyphenation comes from ``hyphens: auto`` with ``lang="de"`` and a corrected reading of
pyphen's German dictionary (:mod:`klimaorg.reports.hyphenation`: syllable boundaries only, never
inside model names; table headers and headings are not hyphenated).
The PDF is tagged (``pdf_tags``) so screen readers and reflow find headings, lists and
tables. The KERN font Fira Sans is embedded when the web app's copy is present; otherwise a
system sans-serif is used.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

from klimaorg.jsondata import Data
from klimaorg.reports import hyphenation
from klimaorg.reports.assets import font_faces_css, report_fetcher
from klimaorg.reports.html import render_html

PAGE_CSS_FILE = Path(__file__).parent / "templates" / "pdf.css"


@lru_cache(maxsize=1)
def page_css() -> str:
    """The fonts and page rules of the PDF: A4, margins, the running footer (static text)."""
    return font_faces_css() + "\n" + PAGE_CSS_FILE.read_text(encoding="utf-8")


def html_to_pdf(document: str) -> bytes:
    """Lay out an HTML document as PDF with nothing loaded but the packaged fonts and nothing
    attached: the ``<link rel="attachment">`` list is emptied and ``rel="attachment"`` links
    are dropped before the PDF is written."""
    from weasyprint import HTML  # heavy import, only when a PDF is wanted

    # No base URL: a relative URL resolves to nothing instead of a file beside the fonts.
    laid_out = HTML(string=document, base_url=None, url_fetcher=report_fetcher()).render(
        pdf_tags=True
    )
    laid_out.metadata.attachments = []
    for page in laid_out.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    pdf = laid_out.write_pdf(pdf_tags=True)
    assert isinstance(pdf, bytes)
    return pdf


class _Recent:
    """The PDFs of the last few documents, by the SHA-256 of their HTML.

    Laying out a report takes WeasyPrint seconds (about a tenth of a second per page), and the
    same assessment is often downloaded again (after a look at the draft, by a second person,
    as Word and PDF). The HTML holds everything the PDF shows, so equal HTML gives an equal PDF;
    any change of data, status, language or date gives another key."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            pdf = self._items.get(key)
            if pdf is not None:
                self._items.move_to_end(key)
            return pdf

    def put(self, key: str, pdf: bytes) -> None:
        with self._lock:
            self._items[key] = pdf
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


RECENT_PDFS = _Recent(size=8)


def render_pdf(report: Data, *, only: str | None = None) -> bytes:
    """The report (or one text block) as PDF bytes (laid out once per distinct document)."""
    document = render_html(report, mode="pdf", only=only, extra_css=page_css())
    hyphenation.install(model_words(report))
    key = hashlib.sha256(document.encode("utf-8")).hexdigest()
    pdf = RECENT_PDFS.get(key)
    if pdf is None:
        pdf = html_to_pdf(document)
        RECENT_PDFS.put(key, pdf)
    return pdf


def model_words(report: Data) -> set[str]:
    """The words of the model names: never broken across lines."""
    return {word for row in report["ranking"] for word in row["name"].split()}
