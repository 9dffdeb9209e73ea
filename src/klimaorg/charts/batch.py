"""Summary chart of a batch: how often each model is recommended, per population band.

Like :mod:`klimaorg.charts.svg`: plain data in, escaped SVG out, presentation attributes only.
A grid with one row per size class and one column per model; each cell holds a bar whose length
is the model's share of that size class and the count as text, so nothing depends on colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from klimaorg.charts.svg import GRID, MUTED, POSITIVE, TEXT, _slug, _text, _wrap, open_svg
from klimaorg.i18n import Lang, number, percent

LABEL_WIDTH = 200
COLUMN_WIDTH = 140  # room for the longest one-word model name ("Klimaschutzteam") in bold
TOTAL_WIDTH = 84
HEADER_HEIGHT = 52
ROW_HEIGHT = 32
BAR_HEIGHT = 14
TEXT_ROOM = 44  # room for the count beside the longest bar


def summary_chart(
    rows: Sequence[tuple[str, Sequence[int]]],
    model_names: Sequence[str],
    lang: Lang,
    *,
    title: str,
    description: str,
    total_label: str,
    chart_id: str = "batch-summary",
) -> str:
    """Counts per row label (size class) and model as a grid of bars.

    ``rows`` holds ``(label, counts)`` with one count per model in the order of ``model_names``.
    Bars are scaled to the row's total, so small and large size classes compare by share; the
    last column gives the row's total. The chart is an ``<svg role="img">`` named by its
    ``<title>`` and ``<desc>`` (``aria-labelledby``).
    """
    for label, counts in rows:
        if len(counts) != len(model_names):
            raise ValueError(f"row {label!r}: {len(counts)} counts for {len(model_names)} models")
    slug = _slug(chart_id)
    width = LABEL_WIDTH + COLUMN_WIDTH * len(model_names) + TOTAL_WIDTH
    height = HEADER_HEIGHT + ROW_HEIGHT * len(rows) + 8
    bar_room = COLUMN_WIDTH - TEXT_ROOM - 12
    parts = [open_svg("batch-summary-chart", width, height, slug, title, description)]
    headings = [*model_names, total_label]
    for column, name in enumerate(headings):
        left = LABEL_WIDTH + column * COLUMN_WIDTH
        lines = _wrap(name, COLUMN_WIDTH - 8)
        first_y = HEADER_HEIGHT - 12 - 17 * (len(lines) - 1)
        spans = "".join(
            f'<tspan x="{left + 6}" y="{first_y + 17 * i}">{_text(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(f'<text fill="{TEXT}" font-weight="600">{spans}</text>')
    parts.append(
        f'<line x1="0" y1="{HEADER_HEIGHT - 2}" x2="{width}" y2="{HEADER_HEIGHT - 2}"'
        f' stroke="{GRID}" stroke-width="1"/>'
    )
    for index, (label, counts) in enumerate(rows):
        y = HEADER_HEIGHT + index * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2
        total = sum(counts)
        if index % 2 == 0:
            parts.append(
                f'<rect x="0" y="{y}" width="{width}" height="{ROW_HEIGHT}" fill="#f3f4f7"/>'
            )
        parts.append(f'<text x="8" y="{middle + 5:.1f}" fill="{TEXT}">{_text(label)}</text>')
        for column, count in enumerate(counts):
            left = LABEL_WIDTH + column * COLUMN_WIDTH + 6
            length = bar_room * count / total if total else 0.0
            if count:
                share = percent(count / total, lang)
                parts.append(
                    f'<rect x="{left}" y="{middle - BAR_HEIGHT / 2:.1f}" width="{length:.1f}"'
                    f' height="{BAR_HEIGHT}" fill="{POSITIVE}"><title>'
                    f"{_text(f'{label}, {model_names[column]}: {number(count, lang)} ({share})')}"
                    "</title></rect>"
                )
            colour = TEXT if count else MUTED
            parts.append(
                f'<text x="{left + length + 4:.1f}" y="{middle + 5:.1f}" fill="{colour}">'
                f"{_text(number(count, lang))}</text>"
            )
        left = LABEL_WIDTH + len(model_names) * COLUMN_WIDTH + 6
        parts.append(
            f'<text x="{left}" y="{middle + 5:.1f}" fill="{TEXT}" font-weight="600">'
            f"{_text(number(total, lang))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
