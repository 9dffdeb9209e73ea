"""Charts of a ranking as pure functions: scores as bars, rank acceptability as stacked bars.

Like :mod:`klimaorg.charts.svg`: plain data in, escaped SVG out, presentation attributes only.
Readable in greyscale: scores carry their value as text and negative bars are hatched; the rank
segments go from dark (rank 1) to light (rank 6), are separated by white gaps and labelled with
their share wherever they are wide enough, and a legend names every rank.
"""

from __future__ import annotations

from collections.abc import Sequence

from klimaorg.charts.svg import (
    GRID,
    MUTED,
    NEGATIVE,
    POSITIVE,
    TEXT,
    _slug,
    _text,
    hatch_pattern,
    open_svg,
)
from klimaorg.i18n import Lang, number, percent

LABEL_WIDTH = 230
PLOT_WIDTH = 420
ROW_HEIGHT = 34
BAR_HEIGHT = 18
MARGIN = 12
RANK_FILLS = ("#0b2559", "#1b3e8a", "#4767b0", "#7f98cf", "#b7c6e6", "#e3e9f5")
RANK_TEXT = ("#ffffff", "#ffffff", "#ffffff", TEXT, TEXT, TEXT)


def score_chart(
    rows: Sequence[tuple[str, float | None]],
    lang: Lang,
    *,
    title: str,
    description: str,
    excluded_label: str,
    chart_id: str = "scores",
) -> str:
    """Horizontal bars of the scores (``None`` = excluded), diverging from a zero line."""
    slug = _slug(chart_id)
    values = [v for _, v in rows if v is not None]
    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1.0
    value_room = 56
    scale = (PLOT_WIDTH - 2 * value_room) / span
    zero = LABEL_WIDTH + value_room + (-low) * scale
    width = LABEL_WIDTH + PLOT_WIDTH + MARGIN
    height = MARGIN + ROW_HEIGHT * len(rows) + 26
    parts = [open_svg("score-chart", width, height, slug, title, description, hatch_pattern(slug))]
    for index, (label, value) in enumerate(rows):
        y = MARGIN + index * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2
        if index % 2 == 0:
            parts.append(
                f'<rect x="0" y="{y}" width="{width:.0f}" height="{ROW_HEIGHT}" fill="#f3f4f7"/>'
            )
        parts.append(f'<text x="8" y="{middle + 5:.1f}" fill="{TEXT}">{_text(label)}</text>')
        if value is None:
            parts.append(
                f'<text x="{zero + 6:.1f}" y="{middle + 5:.1f}" fill="{MUTED}"'
                f' font-style="italic">{_text(excluded_label)}</text>'
            )
            continue
        length = abs(value) * scale
        bar_y = middle - BAR_HEIGHT / 2
        if value >= 0:
            parts.append(
                f'<rect x="{zero:.1f}" y="{bar_y:.1f}" width="{length:.1f}" height="{BAR_HEIGHT}"'
                f' fill="{POSITIVE}"/>'
            )
            label_x, anchor = zero + length + 5, "start"
        else:
            parts.append(
                f'<rect x="{zero - length:.1f}" y="{bar_y:.1f}" width="{length:.1f}"'
                f' height="{BAR_HEIGHT}" fill="url(#{slug}-hatch)" stroke="{NEGATIVE}"'
                ' stroke-width="1"/>'
            )
            label_x, anchor = zero - length - 5, "end"
        parts.append(
            f'<text x="{label_x:.1f}" y="{middle + 5:.1f}" text-anchor="{anchor}"'
            f' fill="{TEXT}">{_text(number(value, lang))}</text>'
        )
    bottom = MARGIN + ROW_HEIGHT * len(rows)
    parts.append(
        f'<line x1="{zero:.1f}" y1="{MARGIN - 4}" x2="{zero:.1f}" y2="{bottom + 4}"'
        f' stroke="{GRID}" stroke-width="1.5"/>'
        f'<text x="{zero:.1f}" y="{bottom + 20}" text-anchor="middle" fill="{MUTED}"'
        ' font-size="12">0</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def acceptability_chart(
    rows: Sequence[tuple[str, Sequence[float]]],
    lang: Lang,
    *,
    title: str,
    description: str,
    rank_labels: Sequence[str],
    chart_id: str = "acceptability",
) -> str:
    """One bar per model, split into its shares of rank 1, 2, … (each bar sums to 100 %)."""
    slug = _slug(chart_id)
    ranks = max((len(shares) for _, shares in rows), default=0)
    if len(rank_labels) < ranks:
        raise ValueError(f"{len(rank_labels)} rank labels for {ranks} ranks")
    legend_height = 34
    width = LABEL_WIDTH + PLOT_WIDTH + MARGIN
    height = MARGIN + legend_height + ROW_HEIGHT * len(rows) + MARGIN
    parts = [open_svg("acceptability-chart", width, height, slug, title, description)]
    # Legend: one swatch per rank, dark to light.
    item = (width - 2 * MARGIN) / max(1, ranks)
    for rank in range(ranks):
        x = MARGIN + rank * item
        parts.append(
            f'<rect x="{x:.1f}" y="{MARGIN}" width="18" height="14" fill="{RANK_FILLS[rank % 6]}"'
            f' stroke="{TEXT}" stroke-width="0.8"/>'
            f'<text x="{x + 24:.1f}" y="{MARGIN + 12}" fill="{TEXT}" font-size="13">'
            f"{_text(rank_labels[rank])}</text>"
        )
    top = MARGIN + legend_height
    for index, (label, shares) in enumerate(rows):
        y = top + index * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2
        parts.append(f'<text x="8" y="{middle + 5:.1f}" fill="{TEXT}">{_text(label)}</text>')
        total = sum(shares) or 1.0
        x = float(LABEL_WIDTH)
        for rank, share in enumerate(shares):
            length = PLOT_WIDTH * share / total
            if length <= 0:
                continue
            parts.append(
                f'<rect x="{x:.1f}" y="{middle - BAR_HEIGHT / 2 - 2:.1f}" width="{length:.1f}"'
                f' height="{BAR_HEIGHT + 4}" fill="{RANK_FILLS[rank % 6]}" stroke="#ffffff"'
                ' stroke-width="1"/>'
            )
            if length >= 38:
                parts.append(
                    f'<text x="{x + length / 2:.1f}" y="{middle + 5:.1f}" text-anchor="middle"'
                    f' fill="{RANK_TEXT[rank % 6]}" font-size="12">'
                    f"{_text(percent(share, lang))}</text>"
                )
            x += length
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{middle - BAR_HEIGHT / 2 - 2:.1f}" width="{PLOT_WIDTH}"'
            f' height="{BAR_HEIGHT + 4}" fill="none" stroke="{TEXT}" stroke-width="0.8"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
