"""Charts of a ranking as pure functions: scores as bars, rank acceptability as stacked bars.

Like :mod:`klimaorg.charts.svg`: plain data in, escaped SVG out, presentation attributes only.
Readable in greyscale: scores carry their value as text and negative bars are hatched; the rank
segments go from dark (rank 1) to light (rank 6), are separated by white gaps and labelled with
their share wherever they are wide enough, and a legend names every rank. Each chart has a
wide layout (label beside the bar) and, with ``narrow=True``, a phone layout
(:data:`~klimaorg.charts.svg.NARROW_WIDTH` wide, the label on a line above its bar).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from klimaorg.charts.svg import (
    GRID,
    MUTED,
    NARROW_WIDTH,
    NEGATIVE,
    POSITIVE,
    TEXT,
    _slug,
    _text,
    hatch_pattern,
    layout_class,
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
NARROW_ROW = 50  # label line, then the bar
NARROW_LEGEND_COLUMNS = 3


@dataclass(frozen=True)
class _Row:
    """Where one row of a bar chart goes: its label at (``label_x``, ``label_y``) and its bar
    centred on ``middle``; ``band`` is the row's full height from ``top``."""

    top: float
    band: float
    label_x: float
    label_y: float
    middle: float


def _rows(count: int, top: float, narrow: bool) -> list[_Row]:
    """Label beside the bar (wide) or on a line above it (narrow)."""
    if narrow:
        return [
            _Row(top + i * NARROW_ROW, NARROW_ROW, 8, top + i * NARROW_ROW + 18,
                 top + i * NARROW_ROW + 34)
            for i in range(count)
        ]  # fmt: skip
    return [
        _Row(top + i * ROW_HEIGHT, ROW_HEIGHT, 8, top + i * ROW_HEIGHT + ROW_HEIGHT / 2 + 5,
             top + i * ROW_HEIGHT + ROW_HEIGHT / 2)
        for i in range(count)
    ]  # fmt: skip


def score_chart(
    rows: Sequence[tuple[str, float | None]],
    lang: Lang,
    *,
    title: str,
    description: str,
    excluded_label: str,
    chart_id: str = "scores",
    narrow: bool = False,
) -> str:
    """Horizontal bars of the scores (``None`` = excluded), diverging from a zero line."""
    slug = _slug(f"{chart_id}-narrow" if narrow else chart_id)
    values = [v for _, v in rows if v is not None]
    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1.0
    value_room = 48 if narrow else 56
    plot_left, plot_width = (8, NARROW_WIDTH - 16) if narrow else (LABEL_WIDTH, PLOT_WIDTH)
    scale = (plot_width - 2 * value_room) / span
    zero = plot_left + value_room + (-low) * scale
    width = NARROW_WIDTH if narrow else LABEL_WIDTH + PLOT_WIDTH + MARGIN
    places = _rows(len(rows), MARGIN, narrow)
    bottom = places[-1].top + places[-1].band if places else MARGIN
    height = bottom + 26
    css = f"score-chart {layout_class(narrow, width, 12)}"
    parts = [open_svg(css, width, height, slug, title, description, hatch_pattern(slug))]
    for index, ((label, value), place) in enumerate(zip(rows, places, strict=True)):
        middle = place.middle
        if index % 2 == 0:
            parts.append(
                f'<rect x="0" y="{place.top}" width="{width:.0f}" height="{place.band}"'
                ' fill="#f3f4f7"/>'
            )
        parts.append(
            f'<text x="{place.label_x}" y="{place.label_y:.1f}" fill="{TEXT}">{_text(label)}</text>'
        )
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
    parts.append(
        f'<line x1="{zero:.1f}" y1="{MARGIN - 4}" x2="{zero:.1f}" y2="{bottom + 4}"'
        f' stroke="{GRID}" stroke-width="1.5"/>'
        f'<text x="{zero:.1f}" y="{bottom + 20}" text-anchor="middle" fill="{MUTED}"'
        f' font-size="{13 if narrow else 12}">0</text>'
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
    narrow: bool = False,
) -> str:
    """One bar per model, split into its shares of rank 1, 2, … (each bar sums to 100 %)."""
    slug = _slug(f"{chart_id}-narrow" if narrow else chart_id)
    ranks = max((len(shares) for _, shares in rows), default=0)
    if len(rank_labels) < ranks:
        raise ValueError(f"{len(rank_labels)} rank labels for {ranks} ranks")
    width = NARROW_WIDTH if narrow else LABEL_WIDTH + PLOT_WIDTH + MARGIN
    per_line = NARROW_LEGEND_COLUMNS if narrow else max(1, ranks)
    legend_lines = -(-ranks // per_line) if ranks else 1
    legend_height = 24 * legend_lines + 10
    top = MARGIN + legend_height
    places = _rows(len(rows), top, narrow)
    height = (places[-1].top + places[-1].band if places else top) + MARGIN
    plot_left, plot_width = (8, NARROW_WIDTH - 16) if narrow else (LABEL_WIDTH, PLOT_WIDTH)
    css = f"acceptability-chart {layout_class(narrow, width, 12)}"
    parts = [open_svg(css, width, height, slug, title, description)]
    # Legend: one swatch per rank, dark to light.
    item = (width - 2 * MARGIN) / per_line
    for rank in range(ranks):
        x = MARGIN + (rank % per_line) * item
        y = MARGIN + 24 * (rank // per_line)
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="18" height="14" fill="{RANK_FILLS[rank % 6]}"'
            f' stroke="{TEXT}" stroke-width="0.8"/>'
            f'<text x="{x + 24:.1f}" y="{y + 12}" fill="{TEXT}" font-size="13">'
            f"{_text(rank_labels[rank])}</text>"
        )
    share_font = 13 if narrow else 12
    for (label, shares), place in zip(rows, places, strict=True):
        middle = place.middle
        parts.append(
            f'<text x="{place.label_x}" y="{place.label_y:.1f}" fill="{TEXT}">{_text(label)}</text>'
        )
        total = sum(shares) or 1.0
        x = float(plot_left)
        for rank, share in enumerate(shares):
            length = plot_width * share / total
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
                    f' fill="{RANK_TEXT[rank % 6]}" font-size="{share_font}">'
                    f"{_text(percent(share, lang))}</text>"
                )
            x += length
        parts.append(
            f'<rect x="{plot_left}" y="{middle - BAR_HEIGHT / 2 - 2:.1f}" width="{plot_width}"'
            f' height="{BAR_HEIGHT + 4}" fill="none" stroke="{TEXT}" stroke-width="0.8"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
