"""Every chart in two layouts: the wide one keeps its text at 11 px or more down to the width at
which app.css swaps it for the narrow one, and the narrow one keeps it there on a 320 px phone.
Both carry the same figures, in the same order, escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from klimaorg.charts.ranking import acceptability_chart, score_chart
from klimaorg.charts.svg import (
    MIN_SCREEN_TEXT,
    NARROW_CLASS,
    NARROW_WIDTH,
    SWITCH_WIDTHS,
    profile_chart,
    responsive,
    switch_class,
    xml_safe,
)
from klimaorg.charts.workshop import SpreadRow, share, spread_chart, weights_chart

SVG = "{http://www.w3.org/2000/svg}"
APP_CSS = Path(__file__).resolve().parents[2] / "src/klimaorg/web/static/css/app.css"
SMALLEST_PHONE = 320  # CSS px: the width WCAG's reflow criterion asks for
PAGE_PADDING = 32  # app.css: 16 px either side of the main column
CRITERIA = [
    "Nähe zur Verwaltungsspitze",
    "Access to the head of administration",
    "Koordination zwischen den Ämtern",
]
MODELS = ["Fachamt", "Cross-departmental team", "Klimaschutzteam", "Energieagentur"]

Chart = Callable[..., str]
CHARTS: dict[str, Chart] = {
    "profile, one series": partial(
        profile_chart,
        CRITERIA,
        [("Fachamt", [4.5, 1.5, 3])],
        "de",
        intervals=[[(4, 5), (1, 2.5), (2, 4)]],
        title="T",
        description="D",
    ),
    "profile, six series": partial(
        profile_chart,
        CRITERIA,
        [(f"{MODELS[i % 4]} {i}", [1 + i % 5, 5 - i % 5, 3]) for i in range(6)],
        "en",
        title="T",
        description="D",
    ),
    "scores": partial(
        score_chart,
        [("Stabsstelle", 3.05), ("Fachamt", -0.4), ("Klimaschutzamt", None)],
        "de",
        title="T",
        description="D",
        excluded_label="ausgeschlossen",
    ),
    "acceptability": partial(
        acceptability_chart,
        [("Stabsstelle", [0.41, 0.25, 0.19, 0.1, 0.03, 0.02]), ("Fachamt", [0.1] * 5 + [0.5])],
        "de",
        title="T",
        description="D",
        rank_labels=[f"Rang {n}" for n in range(1, 7)],
    ),
    "spread": partial(
        spread_chart,
        [SpreadRow(name, [0, 2, 4], 2.0, 1.63) for name in CRITERIA],
        "de",
        low=0,
        high=4,
        ticks=[0, 1, 2, 3, 4],
        title="T",
        description="D",
        sd_label="Streuung",
        digits=0,
    ),
    "weights": partial(
        weights_chart,
        [(name, weight) for name, weight in zip(CRITERIA, [0.5, 0.3, 0.2], strict=True)],
        "de",
        title="T",
        description="D",
    ),
}


def font_sizes(svg: ET.Element) -> list[float]:
    """The font size of every text, inherited from the root (14) unless it sets its own."""
    root = float(svg.get("font-size") or 16)
    return [float(t.get("font-size") or root) for t in svg.iter(f"{SVG}text")]


def numbers(svg: ET.Element) -> list[str]:
    texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    return [t for t in texts if re.fullmatch(r"[+\u2212-]?\d+([,.]\d+)?(\u00a0%|%)?", t)]


def width(svg: ET.Element) -> float:
    return float(svg.get("width") or 0)


@pytest.mark.parametrize("name", CHARTS)
def test_wide_chart_switches_before_its_text_drops_below_11_px(name: str) -> None:
    svg = ET.fromstring(CHARTS[name]())
    classes = (svg.get("class") or "").split()
    limit = next(int(c.removeprefix("chart-min-")) for c in classes if c.startswith("chart-min-"))
    assert limit in SWITCH_WIDTHS
    scale = min(1.0, limit / width(svg))  # the smallest the wide chart is ever drawn
    assert min(font_sizes(svg)) * scale >= MIN_SCREEN_TEXT, name


@pytest.mark.parametrize("name", CHARTS)
def test_narrow_chart_is_readable_on_the_smallest_phone(name: str) -> None:
    svg = ET.fromstring(CHARTS[name](narrow=True))
    assert NARROW_CLASS in (svg.get("class") or "").split()
    assert width(svg) == NARROW_WIDTH
    scale = (SMALLEST_PHONE - PAGE_PADDING) / NARROW_WIDTH
    assert min(font_sizes(svg)) * scale >= MIN_SCREEN_TEXT, name


@pytest.mark.parametrize("name", CHARTS)
def test_both_layouts_show_the_same_figures_under_their_own_ids(name: str) -> None:
    wide_markup, narrow_markup = re.findall(r"<svg .*?</svg>", responsive(CHARTS[name]), re.S)
    wide, narrow = ET.fromstring(wide_markup), ET.fromstring(narrow_markup)
    if name == "acceptability":  # shares are written where their segment is wide enough
        rest = iter(numbers(wide))
        assert numbers(narrow) and all(n in rest for n in numbers(narrow))
    else:
        assert numbers(wide) and numbers(wide) == numbers(narrow)
    wide_ids = re.findall(r' id="([^"]+)"', wide_markup)
    narrow_ids = re.findall(r' id="([^"]+)"', narrow_markup)
    assert wide_ids and all("-narrow-" in i for i in narrow_ids)
    assert not set(wide_ids) & set(narrow_ids)
    assert (narrow.get("aria-labelledby") or "").endswith("-narrow-desc")


def test_switch_class_rounds_up_to_a_width_app_css_knows() -> None:
    assert switch_class(800, 14) == "chart-min-640"  # 800 × 11/14 = 629
    assert switch_class(662, 12) == "chart-min-640"  # 662 × 11/12 = 607
    assert switch_class(1058, 14) == "chart-min-880"  # 1058 × 11/14 = 831
    css = APP_CSS.read_text(encoding="utf-8")
    for limit in SWITCH_WIDTHS:
        assert f"@container (width < {limit}px)" in css
        assert f".chart svg.chart-min-{limit} + svg.chart-narrow {{ display: block; }}" in css


def test_weights_chart_writes_each_share_with_one_decimal_in_the_order_given() -> None:
    svg = ET.fromstring(CHARTS["weights"]())
    assert numbers(svg) == ["50\u00a0%", "30\u00a0%", "20\u00a0%"]
    assert share(0.0943, "de") == "9,4\u00a0%" and share(0.0943, "en") == "9.4%"
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("height") == "16"]
    lengths = [float(r.get("width") or 0) for r in bars]
    assert lengths[0] > lengths[1] > lengths[2] > 0


@given(
    names=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=4),
    label=st.text(min_size=1, max_size=30),
)
def test_narrow_layouts_escape_every_text(names: list[str], label: str) -> None:
    charts = [
        profile_chart(
            names, [(label, [2] * len(names)), ("x", [4] * len(names))], "de",
            title=label, description=label, chart_id=label, narrow=True,
        ),
        score_chart(
            [(n, 1.0) for n in names], "de", title=label, description=label,
            excluded_label=label, chart_id=label, narrow=True,
        ),
        weights_chart(
            [(n, 0.1) for n in names], "en", title=label, description=label, chart_id=label,
            narrow=True,
        ),
    ]  # fmt: skip
    for markup in charts:
        svg = ET.fromstring(markup)  # well-formed whatever the text
        texts = "".join("".join(t.itertext()) for t in svg.iter(f"{SVG}text"))
        for name in names:
            assert xml_safe(name).replace(" ", "") in texts.replace(" ", "")
        assert "style=" not in markup and "<script" not in markup.lower()
