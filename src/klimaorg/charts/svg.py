"""Accessible SVG charts as pure functions: plain data in, SVG markup out.

Every text is escaped here, so callers may mark the result safe. No ``style`` attributes and no
scripts: only SVG presentation attributes, so a strict Content-Security-Policy holds. The charts
never rely on colour alone: every bar carries its value as text, bars below the neutral point are
hatched and extend to the other side of the neutral line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from klimaorg.i18n import Lang, number

# Colours with at least 4.5:1 against white (text) and 3:1 (bars); KERN's dark blue and a red.
TEXT = "#131525"
MUTED = "#4b5063"
GRID = "#8a8fa3"
POSITIVE = "#1b3e8a"
NEGATIVE = "#a3241c"
FONT = "Fira Sans, Noto Sans, Arial, sans-serif"

LABEL_WIDTH = 290
COLUMN_WIDTH = 128  # narrowest column of one series
TARGET_WIDTH = 800  # few series get wider columns, so their bars stay readable
HEADER_HEIGHT = 56  # room for a series label on two lines
CHAR_WIDTH = 7.6  # average advance of a bold 14px character, for wrapping labels
ROW_HEIGHT = 34
BAR_HEIGHT = 16
VALUE_SPACE = 26  # room for the value label beside a bar

# Web pages carry each chart twice: the wide layout above, and a narrow one of NARROW_WIDTH for
# phones. app.css shows the narrow one in a figure too narrow for the wide one to keep its
# smallest text at MIN_SCREEN_TEXT px (a container query per SWITCH_WIDTHS entry).
MIN_SCREEN_TEXT = 11
SWITCH_WIDTHS = tuple(range(400, 1201, 80))
NARROW_WIDTH = 340
NARROW_CLASS = "chart-narrow"
SMALL_CHAR_WIDTH = 6.8  # average advance of a regular 13px character
SERIES_LABEL_WIDTH = 124  # narrow profile: room for a series label beside its bars


def signed(value: float, lang: Lang) -> str:
    """A profile value as shown in charts and tables: "+3", "−2" (minus sign), "0"."""
    text = number(abs(value), lang)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"\u2212{text}"
    return text


_NOT_XML = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: str) -> str:
    """``value`` without control characters (XML cannot hold most) and lone surrogates."""
    return _NOT_XML.sub("", value)


def _text(value: str) -> str:
    return escape(xml_safe(value), quote=False)


def _attr(value: str) -> str:
    return escape(xml_safe(value), quote=True)


def _wrap(label: str, width: float, char_width: float = CHAR_WIDTH) -> list[str]:
    """``label`` on one line, or two when it is wider than ``width`` (split at a space)."""
    limit = max(4, int(width / char_width))
    if len(label) <= limit or " " not in label:
        return [label]
    words = label.split(" ")
    best = min(
        range(1, len(words)),
        key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))),
    )
    return [" ".join(words[:best]), " ".join(words[best:])]


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-") or "chart"


def switch_class(width: float, smallest_font: float) -> str:
    """The class of a wide chart that tells app.css below which figure width to show the
    narrow layout instead: where the wide one would shrink ``smallest_font`` below
    :data:`MIN_SCREEN_TEXT` px (rounded up to the next of :data:`SWITCH_WIDTHS`)."""
    needed = width * MIN_SCREEN_TEXT / smallest_font
    limit = next((w for w in SWITCH_WIDTHS if w >= needed), SWITCH_WIDTHS[-1])
    return f"chart-min-{limit}"


def layout_class(narrow: bool, width: float, smallest_font: float = 14) -> str:
    """:data:`NARROW_CLASS` for the narrow layout, else the wide one's :func:`switch_class`."""
    return NARROW_CLASS if narrow else switch_class(width, smallest_font)


def responsive(chart: Callable[..., str]) -> str:
    """A chart for a web page in both layouts: ``chart(narrow=False)``, then
    ``chart(narrow=True)`` (e.g. a :func:`functools.partial` of :func:`profile_chart`).

    app.css shows one of them, so only one is ever rendered and read out (the other is
    ``display: none``); their ids differ (the narrow chart's end in ``-narrow``)."""
    return chart(narrow=False) + chart(narrow=True)


def open_svg(
    css: str, width: float, height: float, slug: str, title: str, description: str, defs: str = ""
) -> str:
    """The opening of every chart: ``<svg role="img">`` named by its ``<title>`` and ``<desc>``.

    ``slug`` prefixes the ids (``{slug}-title``, ``{slug}-desc``); ``defs`` is the content of an
    optional ``<defs>`` block. Ends with the white background, so the chart is opaque.
    """
    size = f'width="{width:.0f}" height="{height:.0f}"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}"'
        f' viewBox="0 0 {width:.0f} {height:.0f}" {size} role="img"'
        f' aria-labelledby="{slug}-title {slug}-desc" font-family="{_attr(FONT)}" font-size="14">'
        f'<title id="{slug}-title">{_text(title)}</title>'
        f'<desc id="{slug}-desc">{_text(description)}</desc>'
        + (f"<defs>{defs}</defs>" if defs else "")
        + f'<rect x="0" y="0" {size} fill="#ffffff"/>'
    )


def hatch_pattern(slug: str) -> str:
    """The ``{slug}-hatch`` pattern that fills negative bars (red with white diagonal gaps)."""
    return (
        f'<pattern id="{slug}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{NEGATIVE}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/>'
        "</pattern>"
    )


def profile_chart(
    criteria_names: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    lang: Lang,
    *,
    title: str,
    description: str,
    chart_id: str = "profile",
    neutral: float = 3.0,
    half_range: float = 2.0,
    intervals: Sequence[Sequence[tuple[float, float]]] | None = None,
    narrow: bool = False,
) -> str:
    """A criteria profile as a grid of diverging bars: one row per criterion, one column per series.

    ``series`` holds ``(label, values)`` with one value per criterion, in the order of
    ``criteria_names``. Bars start at ``neutral`` (3, the average of the 1-5 rating scale) and
    run right for a strength, left for a weakness; ``half_range`` is the distance from neutral to
    the scale's end (2), so every chart of the scale has the same bar lengths. ``intervals``, when
    given, holds one ``(low, high)`` per value, drawn as a thin line with end ticks over the bar.
    The chart is an ``<svg role="img">`` named by its ``<title>`` and ``<desc>``
    (``aria-labelledby``); it scales to its container through ``viewBox``. ``narrow`` gives
    the phone layout (:func:`_narrow_profile`).
    """
    for label, values in series:
        if len(values) != len(criteria_names):
            raise ValueError(
                f"series {label!r}: {len(values)} values for {len(criteria_names)} criteria"
            )
    extent = max([half_range, *(abs(v - neutral) for _, values in series for v in values)])
    bars = _Bars(neutral, extent, intervals, lang)
    if narrow:
        return _narrow_profile(criteria_names, series, bars, title, description, chart_id)
    slug = _slug(chart_id)
    column_width = max(COLUMN_WIDTH, (TARGET_WIDTH - LABEL_WIDTH) // max(1, len(series)))
    half = (column_width - 2 * VALUE_SPACE - 8) / 2
    width = LABEL_WIDTH + column_width * max(1, len(series))
    height = HEADER_HEIGHT + ROW_HEIGHT * len(criteria_names) + 8
    css = f"profile-chart {layout_class(False, width)}"
    parts = [open_svg(css, width, height, slug, title, description, hatch_pattern(slug))]
    # Column headings (series labels) and the zero line of each column.
    for column, (label, _values) in enumerate(series):
        center = LABEL_WIDTH + column * column_width + column_width / 2
        lines = _wrap(label, column_width - 8)
        first_y = HEADER_HEIGHT - 14 - 17 * (len(lines) - 1)
        spans = "".join(
            f'<tspan x="{center:.1f}" y="{first_y + 17 * i}">{_text(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(f'<text text-anchor="middle" fill="{TEXT}" font-weight="600">{spans}</text>')
        parts.append(_neutral_line(center, HEADER_HEIGHT - 6, height - 6))
    # One row per criterion: name, then one bar with its value per series.
    for row, name in enumerate(criteria_names):
        y = HEADER_HEIGHT + row * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2
        if row % 2 == 0:
            parts.append(
                f'<rect x="0" y="{y}" width="{width}" height="{ROW_HEIGHT}" fill="#f3f4f7"/>'
            )
        parts.append(f'<text x="8" y="{middle + 5:.1f}" fill="{TEXT}">{_text(name)}</text>')
        for column, (_label, values) in enumerate(series):
            center = LABEL_WIDTH + column * column_width + column_width / 2
            parts.append(bars.draw(slug, center, middle, half, values[row], column, row))
    parts.append("</svg>")
    return "".join(parts)


def _narrow_profile(
    criteria_names: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    bars: _Bars,
    title: str,
    description: str,
    chart_id: str,
) -> str:
    """The phone layout of :func:`profile_chart`, :data:`NARROW_WIDTH` wide: one block per
    criterion, its name on a line of its own, then one bar per series below it, the series'
    label beside the bar (none for a single series, whose bars get the whole width)."""
    slug = _slug(f"{chart_id}-narrow")
    several = len(series) > 1
    label_lines = [_wrap(label, SERIES_LABEL_WIDTH - 8, SMALL_CHAR_WIDTH) for label, _ in series]
    row_height = 36 if any(len(lines) > 1 for lines in label_lines) else 28
    left = 8 + (SERIES_LABEL_WIDTH if several else 0)
    right = NARROW_WIDTH - 8
    center = (left + right) / 2
    half = (right - left) / 2 - VALUE_SPACE - 4
    name_lines = [_wrap(name, NARROW_WIDTH - 16) for name in criteria_names]
    heights = [8 + 20 * len(lines) + row_height * len(series) + 6 for lines in name_lines]
    height = sum(heights) + 8
    parts = [
        open_svg(
            f"profile-chart {NARROW_CLASS}",
            NARROW_WIDTH,
            height,
            slug,
            title,
            description,
            hatch_pattern(slug),
        )
    ]
    y = 4.0
    for row, (lines, block) in enumerate(zip(name_lines, heights, strict=True)):
        if row % 2 == 0:
            parts.append(
                f'<rect x="0" y="{y:.1f}" width="{NARROW_WIDTH}" height="{block}" fill="#f3f4f7"/>'
            )
        parts.append(_lines(lines, 8, y + 22, 20, f'fill="{TEXT}" font-weight="600"'))
        top = y + 8 + 20 * len(lines)
        parts.append(_neutral_line(center, top, top + row_height * len(series)))
        for column, (_label, values) in enumerate(series):
            middle = top + row_height * column + row_height / 2
            if several:
                first = middle + 5 - 7 * (len(label_lines[column]) - 1)
                attrs = f'fill="{TEXT}" font-size="13"'
                parts.append(_lines(label_lines[column], 8, first, 14, attrs))
            parts.append(bars.draw(slug, center, middle, half, values[row], column, row))
        y += block
    parts.append("</svg>")
    return "".join(parts)


def _lines(lines: Sequence[str], x: float, first_y: float, step: float, attrs: str) -> str:
    """One ``<text>`` of one or more lines (``<tspan>`` each), the first on ``first_y``."""
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first_y + step * i:.1f}">{_text(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f"<text {attrs}>{spans}</text>"


def _neutral_line(x: float, top: float, bottom: float) -> str:
    return (
        f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{GRID}"'
        ' stroke-width="1"/>'
    )


@dataclass(frozen=True)
class _Bars:
    """How the profile charts draw one value: a bar from ``neutral``, the value beside it.

    ``extent`` is the largest distance from neutral that must fit into a column's half;
    ``intervals`` (per series, per criterion) adds a line with end ticks over each bar."""

    neutral: float
    extent: float
    intervals: Sequence[Sequence[tuple[float, float]]] | None
    lang: Lang

    def draw(
        self,
        slug: str,
        center: float,
        middle: float,
        half: float,
        value: float,
        column: int,
        row: int,
    ) -> str:
        """The bar of one value around ``center``, its interval and its label."""
        neutral = self.neutral
        scale = half / self.extent
        length = abs(value - neutral) * scale
        bar_y = middle - BAR_HEIGHT / 2
        parts = []
        if value > neutral:
            parts.append(
                f'<rect x="{center:.1f}" y="{bar_y:.1f}" width="{length:.1f}"'
                f' height="{BAR_HEIGHT}" fill="{POSITIVE}"/>'
            )
            label_x, anchor = center + length + 4, "start"
        elif value < neutral:
            parts.append(
                f'<rect x="{center - length:.1f}" y="{bar_y:.1f}" width="{length:.1f}"'
                f' height="{BAR_HEIGHT}" fill="url(#{slug}-hatch)" stroke="{NEGATIVE}"'
                ' stroke-width="1"/>'
            )
            label_x, anchor = center - length - 4, "end"
        else:
            label_x, anchor = center + 4, "start"
        span = self.intervals[column][row] if self.intervals is not None else None
        if span is not None:
            parts.append(_interval(center, middle, scale, neutral, span))
            low_x = center + (span[0] - neutral) * scale - 4
            high_x = center + (span[1] - neutral) * scale + 4
            label_x = high_x if anchor == "start" else low_x
        colour = MUTED if value == neutral else TEXT
        parts.append(
            f'<text x="{label_x:.1f}" y="{middle + 5:.1f}" text-anchor="{anchor}"'
            f' fill="{colour}">{_text(number(value, self.lang))}</text>'
        )
        return "".join(parts)


def _interval(
    center: float, middle: float, scale: float, neutral: float, span: tuple[float, float]
) -> str:
    """The interval of one value: a thin line from low to high with a tick at each end."""
    x1 = center + (span[0] - neutral) * scale
    x2 = center + (span[1] - neutral) * scale
    top, bottom = middle - BAR_HEIGHT / 2 - 3, middle + BAR_HEIGHT / 2 + 3
    return (
        f'<g class="interval" stroke="{TEXT}" stroke-width="1.5">'
        f'<line x1="{x1:.1f}" y1="{middle:.1f}" x2="{x2:.1f}" y2="{middle:.1f}"/>'
        f'<line x1="{x1:.1f}" y1="{top:.1f}" x2="{x1:.1f}" y2="{bottom:.1f}"/>'
        f'<line x1="{x2:.1f}" y1="{top:.1f}" x2="{x2:.1f}" y2="{bottom:.1f}"/>'
        "</g>"
    )
