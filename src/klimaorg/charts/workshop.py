"""A workshop's charts: the spread of the priorities, and the joint weights.

Like :mod:`klimaorg.charts.svg`: plain data in, escaped SVG out, presentation attributes only,
a wide layout and, with ``narrow=True``, a phone layout
(:data:`~klimaorg.charts.svg.NARROW_WIDTH` wide, the criterion on a line above its plot).

The spread chart has one row per criterion (largest spread first): a grey band from the lowest
to the highest value any participant gave, one small circle per participant's value, a dark
diamond at the mean, and the standard deviation written as text - readable without colour.
The weights chart is one bar per criterion with its share written beside it, for the meeting
room's projector.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from klimaorg.charts.svg import (
    GRID,
    MUTED,
    NARROW_WIDTH,
    POSITIVE,
    TEXT,
    _lines,
    _slug,
    _text,
    _wrap,
    layout_class,
    open_svg,
)
from klimaorg.i18n import Lang, number

LABEL_WIDTH = 260
PLOT_WIDTH = 380
VALUE_WIDTH = 120
ROW_HEIGHT = 36
AXIS_HEIGHT = 40
MARGIN = 12
BAND = "#c9d1e6"
NAME_LINE = 20  # narrow layout: the height of one line of a criterion's name
NARROW_PLOT = 26  # narrow layout: the height of the plot under the name
SD_ROOM = 96  # narrow layout: room for "SD 0,82" at the end of the name line


@dataclass(frozen=True)
class SpreadRow:
    """One criterion: its name, every participant's value, and the summary figures."""

    name: str
    values: Sequence[float]
    mean: float
    sd: float


@dataclass(frozen=True)
class _Plot:
    """The value axis: ``low``..``high`` drawn from ``left`` over ``width``."""

    low: float
    high: float
    left: float
    width: float

    def x(self, value: float) -> float:
        span = (self.high - self.low) or 1.0
        return self.left + (min(max(value, self.low), self.high) - self.low) / span * self.width


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
    narrow: bool = False,
) -> str:
    """Range, individual values and mean per criterion on a common axis ``low``..``high``.

    ``sd_label`` is the short word before each standard deviation ("Streuung"); ``ticks`` are
    the labelled positions of the axis (e.g. 0..4 for priorities).
    """
    if narrow:
        return _narrow_spread(
            rows, lang, _Plot(low, high, 20, NARROW_WIDTH - 40), ticks, title, description,
            sd_label, chart_id, digits,
        )  # fmt: skip
    slug = _slug(chart_id)
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH + 2 * MARGIN
    height = AXIS_HEIGHT + ROW_HEIGHT * len(rows) + MARGIN
    plot = _Plot(low, high, LABEL_WIDTH + MARGIN, PLOT_WIDTH)
    css = f"spread-chart {layout_class(False, width)}"
    parts = [open_svg(css, width, height, slug, title, description)]
    parts.append(_axis(plot, ticks, lang, digits, height - MARGIN))
    for index, row in enumerate(rows):
        y = AXIS_HEIGHT + index * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2
        if index % 2 == 0:
            parts.append(
                f'<rect x="0" y="{y}" width="{width}" height="{ROW_HEIGHT}" fill="#f3f4f7"'
                ' fill-opacity="0.7"/>'
            )
        lines = _wrap(row.name, LABEL_WIDTH - 8)
        parts.append(_lines(lines, 8, middle + 5 - 8 * (len(lines) - 1), 16, f'fill="{TEXT}"'))
        parts.append(_marks(plot, row, middle))
        parts.append(
            f'<text x="{plot.left + PLOT_WIDTH + 16}" y="{middle + 5:.1f}" fill="{TEXT}">'
            f"{_text(sd_label)} {_text(number(row.sd, lang, 2))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _narrow_spread(
    rows: Sequence[SpreadRow],
    lang: Lang,
    plot: _Plot,
    ticks: Sequence[float],
    title: str,
    description: str,
    sd_label: str,
    chart_id: str,
    digits: int,
) -> str:
    """The phone layout of :func:`spread_chart`: per criterion its name (and the standard
    deviation at the line's end), then the band, circles and mean on the full width."""
    slug = _slug(f"{chart_id}-narrow")
    name_lines = [_wrap(row.name, NARROW_WIDTH - 16 - SD_ROOM) for row in rows]
    blocks = [6 + NAME_LINE * len(lines) + NARROW_PLOT for lines in name_lines]
    height = AXIS_HEIGHT + sum(blocks) + MARGIN
    css = f"spread-chart {layout_class(True, NARROW_WIDTH)}"
    parts = [open_svg(css, NARROW_WIDTH, height, slug, title, description)]
    parts.append(_axis(plot, ticks, lang, digits, height - MARGIN))
    y = float(AXIS_HEIGHT)
    for index, (row, lines, block) in enumerate(zip(rows, name_lines, blocks, strict=True)):
        if index % 2 == 0:
            parts.append(
                f'<rect x="0" y="{y:.1f}" width="{NARROW_WIDTH}" height="{block}" fill="#f3f4f7"'
                ' fill-opacity="0.7"/>'
            )
        parts.append(_lines(lines, 8, y + 20, NAME_LINE, f'fill="{TEXT}" font-weight="600"'))
        parts.append(
            f'<text x="{NARROW_WIDTH - 8}" y="{y + 20:.1f}" text-anchor="end" fill="{TEXT}">'
            f"{_text(sd_label)} {_text(number(row.sd, lang, 2))}</text>"
        )
        parts.append(_marks(plot, row, y + 6 + NAME_LINE * len(lines) + NARROW_PLOT / 2))
        y += block
    parts.append("</svg>")
    return "".join(parts)


def _axis(plot: _Plot, ticks: Sequence[float], lang: Lang, digits: int, bottom: float) -> str:
    """The labelled ticks above the rows, with dashed lines down to ``bottom``."""
    parts = []
    for tick in ticks:
        tx = plot.x(tick)
        parts.append(
            f'<line x1="{tx:.1f}" y1="{AXIS_HEIGHT - 8}" x2="{tx:.1f}" y2="{bottom:.1f}"'
            f' stroke="{GRID}" stroke-width="1" stroke-dasharray="2 3"/>'
            f'<text x="{tx:.1f}" y="{AXIS_HEIGHT - 14}" text-anchor="middle" fill="{MUTED}">'
            f"{_text(number(tick, lang, digits))}</text>"
        )
    return "".join(parts)


def _marks(plot: _Plot, row: SpreadRow, middle: float) -> str:
    """One criterion's band (lowest to highest), a circle per value and the mean's diamond."""
    parts = []
    if row.values:
        lo, hi = plot.x(min(row.values)), plot.x(max(row.values))
        parts.append(
            f'<rect x="{lo - 3:.1f}" y="{middle - 7:.1f}" width="{hi - lo + 6:.1f}"'
            f' height="14" rx="7" fill="{BAND}"/>'
        )
        for value in row.values:
            parts.append(
                f'<circle cx="{plot.x(value):.1f}" cy="{middle:.1f}" r="4" fill="#ffffff"'
                f' stroke="{POSITIVE}" stroke-width="2"/>'
            )
    mx = plot.x(row.mean)
    parts.append(
        f'<path d="M{mx:.1f} {middle - 7:.1f} L{mx + 7:.1f} {middle:.1f} L{mx:.1f}'
        f' {middle + 7:.1f} L{mx - 7:.1f} {middle:.1f} Z" fill="{TEXT}"/>'
    )
    return "".join(parts)


WEIGHT_LABEL_WIDTH = 300
WEIGHT_PLOT_WIDTH = 400
WEIGHT_VALUE_ROOM = 64


def share(weight: float, lang: Lang) -> str:
    """A weight as a percentage with one decimal, as the workshop's table writes it
    ("9,4 %" / "9.4%"): whole percentages would hide the differences among 11 criteria."""
    text = number(100 * weight, lang, 1)
    return f"{text}\u00a0%" if lang == "de" else f"{text}%"


def weights_chart(
    rows: Sequence[tuple[str, float]],
    lang: Lang,
    *,
    title: str,
    description: str,
    chart_id: str = "weights",
    narrow: bool = False,
) -> str:
    """One bar per ``(criterion name, weight)``, in the order given, with its share as text.

    Weights are shares of 1 (they add up to 1 over the criteria); bars are scaled to the
    largest, so the differences stay visible when many criteria share the weight. Wide: the
    name beside its bar; narrow: the name on a line above it.
    """
    slug = _slug(f"{chart_id}-narrow" if narrow else chart_id)
    top = max([0.0, *(w for _, w in rows)]) or 1.0
    if narrow:
        width, left, plot, row_height = NARROW_WIDTH, 8, NARROW_WIDTH - 16, 50
    else:
        width = WEIGHT_LABEL_WIDTH + WEIGHT_PLOT_WIDTH + MARGIN
        left, plot, row_height = WEIGHT_LABEL_WIDTH, WEIGHT_PLOT_WIDTH, ROW_HEIGHT
    scale = (plot - WEIGHT_VALUE_ROOM) / top
    height = MARGIN + row_height * len(rows) + MARGIN
    css = f"weights-chart {layout_class(narrow, width)}"
    parts = [open_svg(css, width, height, slug, title, description)]
    parts.append(
        f'<line x1="{left}" y1="{MARGIN - 4}" x2="{left}" y2="{height - MARGIN + 4}"'
        f' stroke="{GRID}" stroke-width="1.5"/>'
    )
    for index, (name, weight) in enumerate(rows):
        y = MARGIN + index * row_height
        if index % 2 == 0:
            parts.append(
                f'<rect x="0" y="{y}" width="{width}" height="{row_height}" fill="#f3f4f7"/>'
            )
        if narrow:
            name_y, middle = y + 18, y + 34.0
            parts.append(f'<text x="{left + 4}" y="{name_y}" fill="{TEXT}">{_text(name)}</text>')
        else:
            middle = y + row_height / 2
            lines = _wrap(name, WEIGHT_LABEL_WIDTH - 16)
            first = middle + 5 - 8 * (len(lines) - 1)
            parts.append(_lines(lines, 8, first, 16, f'fill="{TEXT}"'))
        length = max(0.0, weight) * scale
        parts.append(
            f'<rect x="{left}" y="{middle - 8:.1f}" width="{length:.1f}" height="16"'
            f' fill="{POSITIVE}"/>'
            f'<text x="{left + length + 6:.1f}" y="{middle + 5:.1f}" fill="{TEXT}">'
            f"{_text(share(weight, lang))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
