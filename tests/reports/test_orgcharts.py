"""Organisation charts: one per model, valid SVG, climate staff marked; a strict data file."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

from klimaorg.charts.orgchart import ChartEdge, ChartNode, layout, org_chart
from klimaorg.knowledge import load_knowledge
from klimaorg.knowledge.yamlfile import DataFileError
from klimaorg.reports.orgcharts import chart_data, load_orgcharts, org_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
MODELS = load_knowledge().model_ids
BROKEN = Path(__file__).parent / "broken"


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("model_id", MODELS)
def test_org_chart_of_every_model(model_id: str, lang: str) -> None:
    svg = org_chart_svg(model_id, lang)  # type: ignore[arg-type]
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"orgchart-{model_id}-title orgchart-{model_id}-desc"
    assert root.find(f"{SVG}title") is not None
    assert " style=" not in svg
    text = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    data = chart_data(model_id, lang)  # type: ignore[arg-type]
    assert data["climate_staff"], "no climate staff in the chart"
    unbroken = text.replace("-", "")  # a word hyphenated across two lines is shown whole
    for label in data["climate_staff"]:
        for word in label.split():
            assert word.replace("-", "") in unbroken
    assert ("Klimaschutz" if lang == "de" else "Climate") in text  # the tag on the box
    # climate staff: thick border and rounded shape, not colour alone
    thick = [r for r in root.iter(f"{SVG}rect") if r.get("stroke-width") == "3.5"]
    assert thick and all(r.get("rx") == "14" for r in thick)
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text and data["rationale"] in desc.text


def test_layout_is_top_down_with_externals_at_the_side() -> None:
    nodes, edges = [], []
    data = load_orgcharts()
    chart = data.charts["stabsstelle"]
    for node in (*data.actors, *chart.nodes):
        nodes.append(ChartNode(node.id, node.label.de, node.kind, node.placement))
    edges = [ChartEdge(e.source, e.target, e.kind) for e in (*data.common_edges, *chart.edges)]
    boxes = layout(nodes, edges)
    assert boxes["rat"].row == 0
    assert boxes["spitze"].row == 1
    assert boxes["ksm"].row == 2 and boxes["ksm"].x > boxes["spitze"].x  # beside the line
    assert boxes["dez1"].row == boxes["dez2"].row == 3
    assert boxes["umweltamt"].row == 4
    assert boxes["externe"].x > max(b.right for k, b in boxes.items() if k != "externe")


def test_rationale_quotes_the_source_verbatim() -> None:
    kb = load_knowledge()
    for model_id, chart in load_orgcharts().charts.items():
        assert chart.rationale.quote in kb.model(model_id).description.quote


def test_org_chart_escapes_labels() -> None:
    svg = org_chart(
        [ChartNode("a", "<Rat> & Co", "council"), ChartNode("b", "KSM", "climate_staff")],
        [ChartEdge("a", "b", "authority")],
        title="T & <t>",
        description="D",
        legend={},
        tag="K",
    )
    ElementTree.fromstring(svg)
    assert "&lt;Rat&gt; &amp; Co" in svg


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("extra_field.yaml", "actors[0].colour"),
        ("bad_kind.yaml", "actors[0].kind"),
        ("unknown_node.yaml", "common_edges[0].to"),
        ("missing_chart.yaml", "charts.stellenteilung"),
        ("quote_not_in_source.yaml", "charts.stabsstelle.rationale.quote"),
        ("no_climate_staff.yaml", "charts.klimaschutzamt.nodes"),
        ("duplicate_key.yaml", "doppelter Schlüssel 'kind'"),
    ],
)
def test_broken_files_are_refused_naming_file_and_field(name: str, field: str) -> None:
    with pytest.raises(DataFileError) as caught:
        load_orgcharts(BROKEN / name)
    message = str(caught.value)
    assert message.startswith(name), message
    assert field in message, message
