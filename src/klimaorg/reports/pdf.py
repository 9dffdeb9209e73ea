"""The report as PDF: the HTML report's content set on A4 pages by Typst.

The section templates decide what a report says, once, for every format; for the PDF the HTML
is read into plain data (:mod:`klimaorg.reports.typeset`) and ``templates/report.typ`` sets it
into pages: the title and the decision pages first, the contents with page numbers, a running
footer (municipality · title · status, "Seite X von Y") from page two on, German hyphenation
(Typst's patterns, never inside a model name, never in headings and table headers), the
charts as vector graphics with their alternative text, and a tagged PDF for screen readers.

Typst sets a report of thirty pages in a fraction of a second; the HTML renderer used before
needed two to three. It reads the template, the data and the packaged fonts only: the data
arrive as JSON and are shown, never evaluated; the template imports no package and reads no
file. Without the KERN font Fira Sans (not installed yet) the system's sans-serif is used.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from klimaorg.jsondata import Data
from klimaorg.reports.assets import ttf_font_files
from klimaorg.reports.html import render_html
from klimaorg.reports.typeset import document_tree, find, text_of

TEMPLATE = Path(__file__).parent / "templates" / "report.typ"
FONTS = ("Fira Sans", "DejaVu Sans", "Liberation Sans")
_REGEX_SPECIAL = re.compile(r"([\\.+*?()|\[\]{}^$#&~-])")


def _alternatives(words: Iterable[str]) -> str:
    """A regular expression (Typst's) matching any of ``words`` as a whole word."""
    escaped = {_REGEX_SPECIAL.sub(r"\\\1", word) for word in words if word}
    longest_first = sorted(escaped, key=lambda word: (-len(word), word))
    return rf"\b({'|'.join(longest_first)})\b" if escaped else ""


def _page_words(tree: Data) -> tuple[str, str]:
    """ "Seite" and "von" as the HTML's running page line has them."""
    line = find(tree, "p", "running-pages")
    words = [child.strip() for child in (line or {}).get("k", []) if isinstance(child, str)]
    first, second, *_rest = [*words, "", ""]
    return first, second


def _date(created: str) -> list[int] | None:
    """Year, month and day of the document's ``dcterms.created`` (None if it has none)."""
    try:
        day = date.fromisoformat(created[:10])
    except ValueError:
        return None
    return [day.year, day.month, day.day]


def html_to_pdf(document: str, *, keep_whole: Iterable[str] = ()) -> bytes:
    """Set an HTML report (``render_html(mode="pdf")``) as PDF: a function of the HTML alone
    (its head gives title, author, keywords and date), so equal HTML gives an equal PDF.
    ``keep_whole`` are words never hyphenated (the model names, which the HTML holds too)."""
    import typst  # only when a PDF is wanted

    read = document_tree(document)
    html = find(read.tree, "html") or {}
    body = find(read.tree, "body") or {}
    footer = find(read.tree, "p", "running-footer")
    page_word, of_word = _page_words(read.tree)
    keywords = read.meta.get("keywords", "")
    data = {
        "tree": read.tree,
        "title": read.title or "KlimaOrg",
        "author": read.meta.get("author", "KlimaOrg"),
        "keywords": [word.strip() for word in keywords.split(",") if word.strip()],
        "date": _date(read.meta.get("dcterms.created", "")),
        "lang": html.get("lang", "de"),
        "fonts": list(FONTS),
        "footer": text_of(footer).strip() if footer else None,
        "footer_on_first": "full" not in body.get("c", "").split(),
        "page_word": page_word,
        "of_word": of_word,
        "keep_whole": _alternatives(keep_whole),
    }
    fonts = ttf_font_files()
    pdf = typst.compile(
        str(TEMPLATE),
        root=str(TEMPLATE.parent),
        font_paths=sorted({str(Path(font).parent) for font in fonts}),
        ignore_system_fonts=bool(fonts),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
    )
    assert isinstance(pdf, bytes)
    return pdf


class _Recent:
    """The PDFs of the last few documents, by the SHA-256 of their HTML.

    Setting a report takes a few tenths of a second, and the same assessment is often downloaded
    again (after a look at the draft, by a second person, as Word and PDF). The HTML holds
    everything the PDF shows, so equal HTML gives an equal PDF; any change of data, status,
    language or date gives another key."""

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
    """The report (or one text block) as PDF bytes (set once per distinct document)."""
    document = render_html(report, mode="pdf", only=only)
    key = hashlib.sha256(document.encode("utf-8")).hexdigest()
    pdf = RECENT_PDFS.get(key)
    if pdf is None:
        pdf = html_to_pdf(document, keep_whole=model_words(report))
        RECENT_PDFS.put(key, pdf)
    return pdf


def model_words(report: Data) -> set[str]:
    """The words of the model names: never broken across lines."""
    return {word for row in report["ranking"] for word in row["name"].split()}
