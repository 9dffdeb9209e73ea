"""The report's SVG charts as PNG pictures with their alternative text (for the Word report).

Word cannot show inline SVG everywhere, so the DOCX carries each chart as a PNG drawn by resvg
(the ``resvg-py`` wheel: no system library needed) with the packaged Fira Sans, at twice the
chart's size so it stays sharp in print. The alternative text is the chart's own ``<title>``
and ``<desc>``, which the chart builders write for screen readers; the numbers also stand in
tables next to each picture.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from klimaorg.reports.assets import ttf_font_files

ZOOM = 2.0
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S)
_DESC = re.compile(r"<desc[^>]*>(.*?)</desc>", re.S)
_SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')
_VIEWBOX = re.compile(r'<svg[^>]*?\sviewBox="[\d.\-]+ [\d.\-]+ ([\d.]+) ([\d.]+)"')


@dataclass(frozen=True, slots=True)
class Chart:
    """What a chart's SVG says of itself: its size in CSS pixels, title and description."""

    width: float
    height: float
    title: str
    description: str

    @property
    def alt_text(self) -> str:
        """Title and description as one alternative text for a picture of the chart."""
        return ". ".join(part for part in (self.title, self.description) if part)


@dataclass(frozen=True, slots=True)
class Picture:
    """A chart drawn as PNG: bytes, size in CSS pixels, title and description as plain text."""

    png: bytes
    width: float
    height: float
    title: str
    description: str


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def describe(svg: str) -> Chart:
    """The size, title and description an SVG chart declares (no drawing)."""
    size = _VIEWBOX.search(svg) or _SIZE.search(svg)
    width, height = (float(size.group(1)), float(size.group(2))) if size else (640.0, 400.0)
    title = _TITLE.search(svg)
    desc = _DESC.search(svg)
    return Chart(
        width=width,
        height=height,
        title=_plain(title.group(1)) if title else "",
        description=_plain(desc.group(1)) if desc else "",
    )


@lru_cache(maxsize=64)
def picture(svg: str) -> Picture:
    """``svg`` (one chart of :func:`klimaorg.reports.html.charts`) as a PNG picture, drawn once
    per chart: the same assessment's Word report reuses its pictures."""
    import resvg_py

    png = resvg_py.svg_to_bytes(
        svg_string=svg,
        zoom=ZOOM,
        background="#ffffff",
        font_files=list(ttf_font_files()),
    )
    chart = describe(svg)
    return Picture(
        png=bytes(png),
        width=chart.width,
        height=chart.height,
        title=chart.title,
        description=chart.description,
    )
