"""The spread of a workshop's priorities per criterion, as an accessible SVG.

Like :mod:`klimaorg.charts.svg`: plain data in, escaped SVG out, presentation attributes only.
One row per criterion (largest spread first): a grey band from the lowest to the highest value
any participant gave, one small circle per participant's value, a dark diamond at the mean, and
the standard deviation written as text at the end of the row - readable without colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from klimaorg.charts.svg import GRID, MUTED, POSITIVE, TEXT, _slug, _text, _wrap, open_svg
from klimaorg.i18n import Lang, number

LABEL_WIDTH = 260
PLOT_WIDTH = 380
VALUE_WIDTH = 120
ROW_HEIGHT = 36
AXIS_HEIGHT = 40
MARGIN = 12
BAND = "#c9d1e6"


@dataclass(frozen=True)
class SpreadRow:
    """One criterion: its name, every participant's value, and the summary figures."""

    name: str
    values: Sequence[float]
    mean: float
    sd: float


def spread_chart(
    rows: Sequence[SpreadRow],
    lang: Lang,
    *,
    low: float,
    high: float,
    ticks: Sequence[float],
    title: str,
    description: str,
    sd_label: str,
    chart_id: str = "spread",
    digits: int = 1,
) -> str:
    """Range, individual values and mean per criterion on a common axis ``low``..``high``.

    ``sd_label`` is the short word before each standard deviation ("Streuung"); ``ticks`` are
    the labelled positions of the axis (e.g. 0..4 for priorities).
    """
    slug = _slug(chart_id)
    span = (high - low) or 1.0
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH + 2 * MARGIN
    height = AXIS_HEIGHT + ROW_HEIGHT * len(rows) + MARGIN
    left = LABEL_WIDTH + MARGIN

    def x(value: float) -> float:
        return left + (min(max(value, low), high) - low) / span * PLOT_WIDTH

    parts = [open_svg("spread-chart", width, height, slug, title, description)]
    for tick in ticks:
        tx = x(tick)
        parts.append(
            f'<line x1="{tx:.1f}" y1="{AXIS_HEIGHT - 8}" x2="{tx:.1f}" y2="{height - MARGIN}"'
            f' stroke="{GRID}" stroke-width="1" stroke-dasharray="2 3"/>'
            f'<text x="{tx:.1f}" y="{AXIS_HEIGHT - 14}" text-anchor="middle" fill="{MUTED}">'
            f"{_text(number(tick, lang, digits))}</text>"
        )
    for index, row in enumerate(rows):
        y = AXIS_HEIGHT + index * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2
        if index % 2 == 0:
            parts.append(
                f'<rect x="0" y="{y}" width="{width}" height="{ROW_HEIGHT}" fill="#f3f4f7"'
                ' fill-opacity="0.7"/>'
            )
        lines = _wrap(row.name, LABEL_WIDTH - 8)
        first = middle + 5 - 8 * (len(lines) - 1)
        spans = "".join(
            f'<tspan x="8" y="{first + 16 * i:.1f}">{_text(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(f'<text fill="{TEXT}">{spans}</text>')
        if row.values:
            lo, hi = x(min(row.values)), x(max(row.values))
            parts.append(
                f'<rect x="{lo - 3:.1f}" y="{middle - 7:.1f}" width="{hi - lo + 6:.1f}"'
                f' height="14" rx="7" fill="{BAND}"/>'
            )
            for value in row.values:
                parts.append(
                    f'<circle cx="{x(value):.1f}" cy="{middle:.1f}" r="4" fill="#ffffff"'
                    f' stroke="{POSITIVE}" stroke-width="2"/>'
                )
        mx = x(row.mean)
        parts.append(
            f'<path d="M{mx:.1f} {middle - 7:.1f} L{mx + 7:.1f} {middle:.1f} L{mx:.1f}'
            f' {middle + 7:.1f} L{mx - 7:.1f} {middle:.1f} Z" fill="{TEXT}"/>'
        )
        parts.append(
            f'<text x="{left + PLOT_WIDTH + 16}" y="{middle + 5:.1f}" fill="{TEXT}">'
            f"{_text(sd_label)} {_text(number(row.sd, lang, 2))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
