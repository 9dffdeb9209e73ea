"""Charts of a recommendation: score bars and rank acceptability, as accessible SVG.

Pure functions like :mod:`klimaorg.charts.svg`: plain data in, escaped SVG out, only presentation
attributes (no ``style``, no scripts). Every bar carries its value as text, so nothing depends on
colour; the page shows the same numbers in a table below each chart.
"""

from __future__ import annotations

from collections.abc import Sequence

from klimaorg.charts.svg import FONT, GRID, MUTED, NEGATIVE, POSITIVE, TEXT, _attr, _slug, _text
from klimaorg.i18n import Lang, number, percent

NAME_WIDTH = 200
WIDTH = 800
ROW = 36
BAR = 18
TOP = 12

# Rank 1 to 6, dark to light (rank 1 in the product's blue); text colour chosen per fill.
RANK_FILLS = ("#1b3e8a", "#4f6fb8", "#8ea3d4", "#c5d0ea", "#e6e9f2", "#ffffff")
RANK_TEXT = ("#ffffff", "#ffffff", TEXT, TEXT, TEXT, TEXT)


def _open(width: int, height: int, slug: str, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="advice-chart" viewBox="0 0 {width}'
        f' {height}" width="{width}" height="{height}" role="img"'
        f' aria-labelledby="{slug}-title {slug}-desc" font-family="{_attr(FONT)}" font-size="14">',
        f'<title id="{slug}-title">{_text(title)}</title>',
        f'<desc id="{slug}-desc">{_text(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def score_chart(
    rows: Sequence[tuple[str, float | None]],
    lang: Lang,
    *,
    title: str,
    description: str,
    excluded_label: str,
    chart_id: str = "scores",
) -> str:
    """One bar per model (``(name, score)``; ``None`` = excluded), diverging from a zero line."""
    slug = _slug(chart_id)
    scores = [abs(s) for _, s in rows if s is not None]
    extent = max([0.01, *scores])
    has_negative = any(s is not None and s < 0 for _, s in rows)
    area = WIDTH - NAME_WIDTH - 120
    zero = NAME_WIDTH + 60 + (area / 2 if has_negative else 0)
    scale = (area / 2 if has_negative else area) / extent
    height = TOP * 2 + ROW * len(rows)
    parts = _open(WIDTH, height, slug, title, description)
    parts.append(
        f'<pattern id="{slug}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
        f' patternTransform="rotate(45)"><rect width="6" height="6" fill="{NEGATIVE}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern>'
    )
    for i, (name, score) in enumerate(rows):
        y = TOP + i * ROW
        middle = y + ROW / 2
        if i % 2 == 0:
            parts.append(f'<rect x="0" y="{y}" width="{WIDTH}" height="{ROW}" fill="#f3f4f7"/>')
        parts.append(f'<text x="8" y="{middle + 5:.1f}" fill="{TEXT}">{_text(name)}</text>')
        if score is None:
            parts.append(
                f'<text x="{zero + 4:.1f}" y="{middle + 5:.1f}" fill="{MUTED}"'
                f' font-style="italic">{_text(excluded_label)}</text>'
            )
            continue
        length = abs(score) * scale
        top = middle - BAR / 2
        if score >= 0:
            parts.append(
                f'<rect x="{zero:.1f}" y="{top:.1f}" width="{length:.1f}" height="{BAR}"'
                f' fill="{POSITIVE}"/>'
            )
            label_x, anchor = zero + length + 4, "start"
        else:
            parts.append(
                f'<rect x="{zero - length:.1f}" y="{top:.1f}" width="{length:.1f}" height="{BAR}"'
                f' fill="url(#{slug}-hatch)" stroke="{NEGATIVE}" stroke-width="1"/>'
            )
            label_x, anchor = zero - length - 4, "end"
        value = number(score, lang)
        if score < 0:
            value = "\u2212" + value.lstrip("-")
        parts.append(
            f'<text x="{label_x:.1f}" y="{middle + 5:.1f}" text-anchor="{anchor}"'
            f' fill="{TEXT}">{_text(value)}</text>'
        )
    parts.append(
        f'<line x1="{zero:.1f}" y1="{TOP - 4}" x2="{zero:.1f}" y2="{height - TOP + 4}"'
        f' stroke="{GRID}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def acceptability_chart(
    rows: Sequence[tuple[str, Sequence[float]]],
    rank_labels: Sequence[str],
    lang: Lang,
    *,
    title: str,
    description: str,
    legend_label: str,
    chart_id: str = "acceptability",
) -> str:
    """One 100 % bar per model, split into the shares of the plausible weightings per rank.

    Segments wide enough carry their rank and share as text; a legend names the ranks.
    """
    slug = _slug(chart_id)
    area = WIDTH - NAME_WIDTH - 16
    legend_y = TOP + ROW * len(rows) + 12
    height = legend_y + 40
    parts = _open(WIDTH, height, slug, title, description)
    for i, (name, shares) in enumerate(rows):
        y = TOP + i * ROW
        middle = y + ROW / 2
        parts.append(f'<text x="8" y="{middle + 5:.1f}" fill="{TEXT}">{_text(name)}</text>')
        x = float(NAME_WIDTH)
        top = middle - BAR / 2 - 2
        for rank, share in enumerate(shares):
            width = share * area
            if width <= 0:
                continue
            fill = RANK_FILLS[min(rank, len(RANK_FILLS) - 1)]
            parts.append(
                f'<rect x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" height="{BAR + 4}"'
                f' fill="{fill}" stroke="{MUTED}" stroke-width="1"/>'
            )
            if width >= 64:
                colour = RANK_TEXT[min(rank, len(RANK_TEXT) - 1)]
                label = f"{rank + 1}.: {percent(share, lang)}"
                parts.append(
                    f'<text x="{x + width / 2:.1f}" y="{middle + 5:.1f}" text-anchor="middle"'
                    f' fill="{colour}">{_text(label)}</text>'
                )
            x += width
    parts.append(
        f'<text x="8" y="{legend_y + 19}" fill="{TEXT}" font-weight="600">'
        f"{_text(legend_label)}</text>"
    )
    step = min(96.0, area / max(1, len(rank_labels)))
    for rank, label in enumerate(rank_labels):
        x = NAME_WIDTH + rank * step
        fill = RANK_FILLS[min(rank, len(RANK_FILLS) - 1)]
        parts.append(
            f'<rect x="{x:.1f}" y="{legend_y + 6}" width="18" height="18" fill="{fill}"'
            f' stroke="{MUTED}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{x + 24:.1f}" y="{legend_y + 20}" fill="{TEXT}">{_text(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
