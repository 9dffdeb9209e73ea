"""Ranking charts: valid, accessible SVG without style attributes."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from klimaorg.charts.ranking import acceptability_chart, score_chart


def test_score_chart() -> None:
    svg = score_chart(
        [("A & B", 0.97), ("C", -0.28), ("D", None)],
        "de",
        title="Punkte",
        description="D",
        excluded_label="ausgeschlossen",
    )
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    assert "0,97" in svg and "−0,28" not in svg and "-0,28" in svg
    assert "ausgeschlossen" in svg and "A &amp; B" in svg
    assert " style=" not in svg


def test_acceptability_chart() -> None:
    svg = acceptability_chart(
        [("A", [0.6, 0.4]), ("B", [0.4, 0.6])],
        "de",
        title="T",
        description="D",
        rank_labels=["Platz 1", "Platz 2"],
    )
    ElementTree.fromstring(svg)
    assert "60\u00a0%" in svg and "Platz 2" in svg
    with pytest.raises(ValueError, match="rank labels"):
        acceptability_chart(
            [("A", [1.0, 0.0])], "de", title="T", description="D", rank_labels=["1"]
        )
