"""The org chart of a report is drawn from the municipality: a Gemeinde of 3,000 without an
Umweltamt has neither an Umweltamt nor Dezernate; a Landkreis, a kreisfreie Stadt and a
Verband have their own head and council; an Umweltamt left open is drawn and said to be open."""

from __future__ import annotations

from typing import Any

import pytest

from klimaorg.charts.orgchart import NODE_WIDTH, text_width, wrap
from klimaorg.reports.build import report_for_profile
from klimaorg.reports.html import charts
from klimaorg.reports.orgcharts import Situation, chart_data, chart_parts

VILLAGE: dict[str, Any] = {
    "municipality": {"name": "Kleinhausen", "kind": "gemeinde", "population": 3000},
    "resources": {"staff_fte": 1},
    "structures": {"environment_office": False},
}


def labels(model: str, situation: Situation) -> list[str]:
    return [row["label"] for row in chart_data(model, "de", situation)["hierarchy"]]


def test_a_small_gemeinde_without_umweltamt() -> None:
    report = report_for_profile(VILLAGE, "de")
    chart = report["orgchart"]
    names = [row["label"] for row in chart["hierarchy"]]
    assert "Umweltamt" not in " ".join(names)
    assert not any(row["kind"] == "department" for row in chart["hierarchy"])
    assert names[:2] == ["Gemeinderat", "Bürgermeister/in"]
    svg = charts(report)["orgchart"]
    assert "Umweltamt" not in svg and "Dezernat I" not in svg
    assert not chart["open"]


def test_the_fachamt_moves_to_the_bauamt_without_umweltamt() -> None:
    rows = chart_data("fachamt", "de", Situation.of("gemeinde", 3000, False))["hierarchy"]
    staff = next(i for i, row in enumerate(rows) if row["kind"] == "climate_staff")
    parent = next(r for r in reversed(rows[:staff]) if r["level"] == rows[staff]["level"] - 1)
    assert parent["label"] == "Bauamt"


@pytest.mark.parametrize(
    ("kind", "population", "head", "council"),
    [
        ("landkreis", 150_000, "Landrat/Landrätin", "Kreistag"),
        ("kreisfreie_stadt", 300_000, "Oberbürgermeister/in", "Stadtrat"),
        ("gemeindeverband", 14_000, "Bürgermeister/in des Verbands", "Vertretung des Verbands"),
    ],
)
def test_each_kind_has_its_own_head_and_council(
    kind: str, population: int, head: str, council: str
) -> None:
    names = labels("stabsstelle", Situation.of(kind, population, True))
    assert head in names
    assert any(council in name for name in names)
    dezernate = any(name.startswith("Dezernat") for name in names)
    assert dezernate == (kind != "gemeindeverband")


def test_an_open_umweltamt_is_drawn_as_open_and_said_so() -> None:
    profile = {**VILLAGE, "structures": {}, "municipality": {**VILLAGE["municipality"]}}
    report = report_for_profile(profile, "de")
    chart = report["orgchart"]
    assert any("(offen, ob vorhanden)" in row["label"] for row in chart["hierarchy"])
    assert chart["open"] and "Umweltamt" in chart["open"][0]
    assert "offen, ob vorhanden" in charts(report)["orgchart"]


@pytest.mark.parametrize("model", ["fachamt", "stabsstelle", "team", "stellenteilung"])
@pytest.mark.parametrize(
    "situation",
    [Situation.of("gemeinde", 3000, False), Situation.of("landkreis", 150_000, None)],
)
def test_no_label_runs_over_its_box(model: str, situation: Situation) -> None:
    for lang in ("de", "en"):
        nodes, _edges = chart_parts(model, lang, situation)
        for node in nodes:
            assert all(text_width(line) <= NODE_WIDTH - 16 for line in wrap(node.label)), node
