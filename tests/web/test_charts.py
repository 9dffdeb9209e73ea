"""The SVG chart builder and the page charts: accessible, escaped, same numbers as the table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from klimaorg.charts.svg import profile_chart, signed, xml_safe

SVG = "{http://www.w3.org/2000/svg}"


def chart(html: str) -> ET.Element:
    match = re.search(r"<svg .*?</svg>", html, re.S)
    assert match, "no chart"
    return ET.fromstring(match.group(0))


def table_values(html: str, caption_id: str) -> list[str]:
    match = re.search(rf'<caption[^>]*id="{caption_id}".*?</table>', html, re.S)
    assert match, f"no table {caption_id}"
    return re.findall(
        r'<td class="kern-table__cell kern-table__cell--numeric">([^<]*)</td>', match.group(0)
    )


def chart_values(svg: ET.Element) -> list[str]:
    texts = [t.text or "" for t in svg.iter(f"{SVG}text")]
    return [t for t in texts if re.fullmatch(r"[+\u2212]?\d+([,.]\d+)?", t)]


def test_signed_uses_a_plus_and_a_real_minus() -> None:
    assert (signed(3, "de"), signed(-2, "de"), signed(0, "en"), signed(1.5, "de")) == (
        "+3",
        "\u22122",
        "0",
        "+1,5",
    )


def test_chart_is_an_accessible_image() -> None:
    svg = ET.fromstring(
        profile_chart(["A", "B"], [("M", [4, 2])], "de", title="T", description="D", chart_id="x")
    )
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "x-title x-desc"
    assert svg.find(f"{SVG}title").get("id") == "x-title"  # type: ignore[union-attr]
    assert svg.find(f"{SVG}desc").text == "D"  # type: ignore[union-attr]
    assert chart_values(svg) == ["4", "2"]


def test_bars_start_at_the_average_of_the_rating_scale() -> None:
    """On the 1-5 scale a 4 is a strength (solid bar to the right of 3), a 2 a weakness (hatched
    to the left), a 3 no bar; an interval is drawn as a line with two ticks."""
    markup = profile_chart(
        ["A", "B", "C"],
        [("M", [4, 2, 3])],
        "de",
        title="T",
        description="D",
        chart_id="x",
        intervals=[[(3.5, 4.5), (1, 3), (2, 4)]],
    )
    svg = ET.fromstring(markup)
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("height") == "16"]
    assert [b.get("fill") for b in bars] == ["#1b3e8a", "url(#x-hatch)"]
    assert bars[0].get("width") == bars[1].get("width")  # one point either side of 3
    assert len([g for g in svg.iter(f"{SVG}g") if g.get("class") == "interval"]) == 3
    assert chart_values(svg) == ["4", "2", "3"]


@given(
    names=st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=5),
    label=st.text(min_size=1, max_size=20),
)
def test_chart_escapes_every_text_and_has_no_style(names: list[str], label: str) -> None:
    markup = profile_chart(
        names, [(label, [0] * len(names))], "en", title=label, description="<b>&", chart_id=label
    )
    svg = ET.fromstring(markup)  # well-formed whatever the text
    texts = [t.text or "" for t in svg.iter(f"{SVG}text")]
    for name in names:
        assert xml_safe(name) in texts
    assert "style=" not in markup
    assert "<script" not in markup.lower()


def test_chart_rejects_series_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="2 criteria"):
        profile_chart(["A", "B"], [("M", [1])], "de", title="T", description="D")


@pytest.mark.parametrize(
    ("path", "caption_id"),
    [
        ("/modelle/stabsstelle", "profile-table"),
        ("/vergleich", "profile-table"),
        ("/vergleich?modell=team&modell=fachamt&lang=en", "profile-table"),
    ],
)
def test_page_chart_has_title_desc_and_the_table_has_the_same_numbers(
    client: TestClient, path: str, caption_id: str
) -> None:
    html = client.get(path).text
    svg = chart(html)
    assert svg.get("role") == "img"
    title_id, desc_id = (svg.get("aria-labelledby") or "").split()
    assert svg.find(f"{SVG}title").get("id") == title_id  # type: ignore[union-attr]
    assert svg.find(f"{SVG}desc").get("id") == desc_id  # type: ignore[union-attr]
    assert (svg.find(f"{SVG}desc").text or "").strip()  # type: ignore[union-attr]
    values = table_values(html, caption_id)
    assert values and chart_values(svg) == values
