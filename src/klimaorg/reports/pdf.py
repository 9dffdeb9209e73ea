"""The report as PDF: the HTML document laid out by WeasyPrint on A4 pages.

Page numbers ("Seite X von Y") come from CSS page counters, German hyphenation from
``hyphens: auto`` with ``lang="de"`` (WeasyPrint hyphenates with pyphen). The PDF is tagged
(``pdf_tags``) so screen readers and reflow find headings, lists and tables. The KERN font
Fira Sans is embedded when the web app's copy is present; otherwise a system sans-serif is used.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from klimaorg.i18n import Lang
from klimaorg.reports.html import render_html
from klimaorg.reports.texts import text

FONT_DIR = Path(__file__).resolve().parents[1] / "web" / "static" / "vendor" / "kern" / "fonts"
_FACES = (
    ("fira-sans/FiraSans-Regular.woff2", 400, "normal"),
    ("fira-sans/FiraSans-Italic.woff2", 400, "italic"),
    ("fira-sans/FiraSans-SemiBold.woff2", 600, "normal"),
    ("fira-sans/FiraSans-Bold.woff2", 700, "normal"),
)

Data = dict[str, Any]


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "klimaorg" / "fonts"


def _as_ttf(woff2: Path) -> Path:
    """A TrueType copy of a WOFF2 font, made once and kept in the user's cache.

    WeasyPrint would decompress WOFF2 on every document (about 0.2 s per face); plain TrueType
    loads in milliseconds. Without a writable cache the WOFF2 file is used as it is.
    """
    stat = woff2.stat()
    target = _cache_dir() / f"{woff2.stem}-{stat.st_size}-{int(stat.st_mtime)}.ttf"
    if target.exists():
        return target
    try:
        from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

        target.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(woff2))
        font.flavor = None
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        font.save(str(partial))
        partial.replace(target)
    except (OSError, ImportError):
        return woff2
    return target


@lru_cache(maxsize=1)
def _font_faces() -> str:
    faces = []
    for name, weight, style in _FACES:
        path = FONT_DIR / name
        if path.exists():
            faces.append(
                f'@font-face {{ font-family: "Fira Sans"; src: url("{_as_ttf(path).as_uri()}");'
                f" font-weight: {weight}; font-style: {style}; }}"
            )
    return "\n".join(faces)


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_css(report: Data) -> str:
    """The page rules: A4, margins, running footer with page X of Y."""
    lang: Lang = report["lang"]
    page, of = text("page_word", lang), text("of_word", lang)
    footer = (
        f"{report['municipality']['name']} · {text('doc_title', lang)} · {report['status_label']}"
    )
    return f"""
@page {{
  size: A4;
  margin: 20mm 18mm 22mm 20mm;
  @bottom-left {{ content: {_css_string(footer)}; font-size: 8pt; color: #4b5063;
    font-family: "Fira Sans", "Liberation Sans", sans-serif; }}
  @bottom-right {{ content: {_css_string(page + " ")} counter(page) {_css_string(" " + of + " ")}
    counter(pages); font-size: 8pt; color: #4b5063;
    font-family: "Fira Sans", "Liberation Sans", sans-serif; }}
}}
@page title {{ @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}
"""


def render_pdf(report: Data, *, only: str | None = None) -> bytes:
    """The report (or one text block) as PDF bytes."""
    from weasyprint import HTML  # heavy import, only when a PDF is wanted

    css = _font_faces() + page_css(report)
    document = render_html(report, mode="pdf", only=only, extra_css=css)
    pdf = HTML(string=document, base_url=str(FONT_DIR)).write_pdf(pdf_tags=True)
    assert isinstance(pdf, bytes)
    return pdf
