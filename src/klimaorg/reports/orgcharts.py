"""Organisation charts of the six models: the strict data file and the SVG for each model.

A chart is drawn for the municipality at hand (:class:`Situation`): a box whose ``requires``
does not hold is left out and its lines go to the box named by ``instead`` (a Gemeinde without
an Umweltamt keeps its climate staff in the Bauamt; a small administration without Dezernate has
its offices directly below the mayor); a structure the user left open is drawn with "open"
in its label and said so in the description; the head and the council are named by the kind of
municipality. Without a situation the chart shows the example administration of the data file.

``data/orgcharts.yaml`` is domain data like the knowledge base: read strictly (unknown keys,
duplicate keys and wrong types are errors naming file and field), then cross-checked: every model
has exactly one chart, every line joins known boxes, every chart has climate staff, and every
rationale quotes its source text verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Final, Literal, cast, get_args

from pydantic import Field

from klimaorg.advisor import load_advisor_data
from klimaorg.charts.orgchart import ChartEdge, ChartNode, org_chart
from klimaorg.i18n import Lang
from klimaorg.knowledge import KnowledgeBase, load_knowledge
from klimaorg.knowledge.schema import Identifier, Kind, LocalText, NonEmpty, Strict
from klimaorg.knowledge.yamlfile import DataFileError, read_yaml, validate
from klimaorg.reports.texts import text

DATA_FILE = Path(__file__).parent / "data" / "orgcharts.yaml"

NodeKind = Literal["council", "leadership", "department", "office", "climate_staff", "external"]
EdgeKind = Literal["authority", "reporting", "cooperation"]
Placement = Literal["tree", "staff", "bottom", "side"]
Structure = Literal["environment_office", "departments"]

DEPARTMENTS_FROM: Final = 20_000
"""Inhabitants from which a Gemeinde or Stadt is drawn with Dezernate between the head and the
offices (expert assumption: smaller administrations usually have their Ämter directly below the
mayor; kreisfreie Städte and Landkreise always have Dezernate or Fachbereiche)."""


@dataclass(frozen=True, slots=True)
class Situation:
    """What the chart needs to know about the municipality: its kind, whether it has Dezernate,
    and whether it has an Umweltamt (``None``: the user left it open)."""

    kind: Kind | None = None
    departments: bool = True
    environment_office: bool | None = True

    @classmethod
    def of(
        cls, kind: str | None, population: int | None, environment_office: bool | None
    ) -> Situation:
        """The situation of a profile as stated."""
        known = cast(Kind, kind) if kind in get_args(Kind) else None
        large = population is None or population >= DEPARTMENTS_FROM
        departments = known in ("kreisfreie_stadt", "landkreis") or large
        return cls(known, departments, environment_office)

    def holds(self, structure: Structure) -> bool | None:
        """Whether the structure exists here (None: open)."""
        return self.departments if structure == "departments" else self.environment_office


class Node(Strict):
    """A box: who sits there."""

    id: Identifier
    kind: NodeKind
    label: LocalText
    placement: Placement = "tree"
    by_kind: dict[Kind, LocalText] = Field(default_factory=dict)
    """The label for a kind of municipality ("Landrat/Landrätin", "Kreistag")."""
    requires: Structure | None = None
    """A structure not every administration has; absent → left out of the chart."""
    instead: Identifier | None = None
    """Who takes the lines of this box when it is left out (none: its lines go)."""

    def label_for(self, lang: Lang, situation: Situation | None) -> str:
        """The box's label for this municipality; an open structure says so."""
        kind = situation.kind if situation else None
        label = (self.by_kind.get(kind) if kind else None) or self.label
        out = label.get(lang)
        if situation is not None and self.requires and situation.holds(self.requires) is None:
            out += " " + text("orgchart_open_suffix", lang)
        return out


class Edge(Strict):
    """A line between two boxes."""

    source: Identifier = Field(alias="from")
    target: Identifier = Field(alias="to")
    kind: EdgeKind


class Rationale(Strict):
    """Why the climate staff sit where the chart puts them."""

    ref: NonEmpty
    quote: NonEmpty
    de: NonEmpty
    en: NonEmpty


class Chart(Strict):
    """The additions of one model's chart."""

    rationale: Rationale
    nodes: Annotated[list[Node], Field(min_length=1)]
    edges: list[Edge]


class OrgChartsFile(Strict):
    """``orgcharts.yaml``."""

    actors: list[Node]
    common_edges: list[Edge]
    charts: dict[Identifier, Chart]


def load_orgcharts(
    path: Path | None = None, knowledge: KnowledgeBase | None = None
) -> OrgChartsFile:
    """Read and check the org-chart file (the packaged one by default, cached)."""
    if path is None and knowledge is None:
        return _load_default()
    return _load(path or DATA_FILE, knowledge or load_knowledge())


@lru_cache(maxsize=1)
def _load_default() -> OrgChartsFile:
    return _load(DATA_FILE, load_knowledge())


def _load(path: Path, knowledge: KnowledgeBase) -> OrgChartsFile:
    name = path.name
    data = validate(OrgChartsFile, read_yaml(path, name), name)
    _cross_check(data, knowledge, name)
    return data


def _source_text(knowledge: KnowledgeBase, ref: str) -> str | None:
    model_id, _, part = ref.partition(".")
    if model_id not in knowledge.model_ids:
        return None
    if part == "description":
        return knowledge.model(model_id).description.quote
    try:
        return knowledge.statement(ref).statement.quote
    except Exception:
        return None


def _cross_check(data: OrgChartsFile, knowledge: KnowledgeBase, name: str) -> None:
    actor_ids = [a.id for a in data.actors]
    _unique(actor_ids, name, "actors")
    for index, actor in enumerate(data.actors):
        if actor.instead is not None and actor.instead not in actor_ids:
            raise DataFileError(
                name, f"actors[{index}].instead", f"unbekannter Knoten '{actor.instead}'"
            )
    for index, edge in enumerate(data.common_edges):
        _known_ends(edge, set(actor_ids), name, f"common_edges[{index}]")
    for model_id in data.charts:
        if model_id not in knowledge.model_ids:
            raise DataFileError(
                name,
                f"charts.{model_id}",
                f"unbekanntes Modell (bekannt: {', '.join(knowledge.model_ids)})",
            )
    for model_id in knowledge.model_ids:
        if model_id not in data.charts:
            raise DataFileError(
                name, f"charts.{model_id}", "Pflichtfeld fehlt (ein Organigramm je Modell)"
            )
    for model_id, chart in data.charts.items():
        where = f"charts.{model_id}"
        ids = actor_ids + [n.id for n in chart.nodes]
        _unique(ids, name, f"{where}.nodes")
        for index, edge in enumerate(chart.edges):
            _known_ends(edge, set(ids), name, f"{where}.edges[{index}]")
        if not any(n.kind == "climate_staff" for n in chart.nodes):
            raise DataFileError(name, f"{where}.nodes", "kein Knoten der Art climate_staff")
        source = _source_text(knowledge, chart.rationale.ref)
        if source is None:
            raise DataFileError(
                name, f"{where}.rationale.ref", f"unbekannte Aussage '{chart.rationale.ref}'"
            )
        if chart.rationale.quote not in source:
            raise DataFileError(
                name, f"{where}.rationale.quote", f"steht nicht wörtlich in '{chart.rationale.ref}'"
            )


def _unique(ids: list[str], name: str, field: str) -> None:
    seen: set[str] = set()
    for index, node_id in enumerate(ids):
        if node_id in seen:
            raise DataFileError(name, f"{field}[{index}].id", f"doppelte ID '{node_id}'")
        seen.add(node_id)


def _known_ends(edge: Edge, ids: set[str], name: str, field: str) -> None:
    for key, value in (("from", edge.source), ("to", edge.target)):
        if value not in ids:
            raise DataFileError(name, f"{field}.{key}", f"unbekannter Knoten '{value}'")


def chart_parts(
    model_id: str, lang: Lang, situation: Situation | None = None
) -> tuple[list[ChartNode], list[ChartEdge]]:
    """The boxes and lines of a model's chart in ``lang``, for ``situation`` (module docstring)."""
    data = load_orgcharts()
    chart = data.charts[model_id]
    absent = {
        a.id: a.instead
        for a in data.actors
        if situation is not None and a.requires and situation.holds(a.requires) is False
    }
    nodes = [
        ChartNode(n.id, n.label_for(lang, situation), n.kind, n.placement)
        for n in (*data.actors, *chart.nodes)
        if n.id not in absent
    ]
    edges: list[ChartEdge] = []
    for e in (*data.common_edges, *chart.edges):
        source, target = _present(e.source, absent), _present(e.target, absent)
        if source is None or target is None or source == target:
            continue
        edge = ChartEdge(source, target, e.kind)
        if edge not in edges:
            edges.append(edge)
    return nodes, edges


def _present(node_id: str, absent: dict[str, str | None]) -> str | None:
    """The box that stands for ``node_id`` in the chart (itself, or whoever takes its lines)."""
    seen: set[str] = set()
    current: str | None = node_id
    while current is not None and current in absent and current not in seen:
        seen.add(current)
        current = absent[current]
    return current


def open_structures(situation: Situation | None, lang: Lang) -> list[str]:
    """Sentences naming the structures the user left open (drawn as possible)."""
    if situation is None:
        return []
    data = load_orgcharts()
    return [
        text("orgchart_open_note", lang, label=a.label.get(lang))
        for a in data.actors
        if a.requires and situation.holds(a.requires) is None
    ]


def chart_data(model_id: str, lang: Lang, situation: Situation | None = None) -> dict[str, Any]:
    """A model's chart as plain data: rationale with quotation, boxes, lines, text hierarchy."""
    data = load_orgcharts()
    chart = data.charts[model_id]
    nodes, edges = chart_parts(model_id, lang, situation)
    labels = {n.id: n.label for n in nodes}
    edge_names = {k: text(f"edge_{k}", lang) for k in ("authority", "reporting", "cooperation")}
    staff = [n.label for n in nodes if n.kind == "climate_staff"]
    return {
        "model": model_id,
        "rationale": chart.rationale.de if lang == "de" else chart.rationale.en,
        "quote": chart.rationale.quote,
        "ref": chart.rationale.ref,
        "climate_staff": staff,
        "open": open_structures(situation, lang),
        "situation": None
        if situation is None
        else {
            "kind": situation.kind,
            "departments": situation.departments,
            "environment_office": situation.environment_office,
        },
        "hierarchy": hierarchy(nodes, edges),
        "links": [
            {
                "from": labels[e.source],
                "to": labels[e.target],
                "kind": e.kind,
                "kind_name": edge_names[e.kind],
            }
            for e in edges
            if e.kind != "authority"
        ],
    }


def hierarchy(nodes: list[ChartNode], edges: list[ChartEdge]) -> list[dict[str, Any]]:
    """The authority tree as rows ``{level, label, kind}`` in reading order (text alternative)."""
    children: dict[str, list[str]] = {n.id: [] for n in nodes}
    has_parent: set[str] = set()
    for edge in edges:
        if edge.kind == "authority" and edge.target not in has_parent:
            children[edge.source].append(edge.target)
            has_parent.add(edge.target)
    by_id = {n.id: n for n in nodes}
    rows: list[dict[str, Any]] = []

    def walk(node_id: str, level: int) -> None:
        node = by_id[node_id]
        rows.append({"level": level, "label": node.label, "kind": node.kind, "id": node.id})
        for child in children[node_id]:
            walk(child, level + 1)

    for node in nodes:
        if node.id not in has_parent:
            walk(node.id, 0)
    return rows


def org_chart_svg(
    model_id: str,
    lang: Lang = "de",
    *,
    chart_id: str | None = None,
    situation: Situation | None = None,
) -> str:
    """The organisation chart of a model as accessible SVG (for reports and web pages)."""
    nodes, edges = chart_parts(model_id, lang, situation)
    data = chart_data(model_id, lang, situation)
    knowledge = load_advisor_data().knowledge
    name = knowledge.model(model_id).short_name.get(lang)
    links = "; ".join(
        f"{link['from']} – {link['to']} ({link['kind_name']})" for link in data["links"]
    )
    tree = ", ".join(
        f"{row['label']}"
        + (f" ({text('below', lang)} {_parent(data['hierarchy'], i)})" if row["level"] else "")
        for i, row in enumerate(data["hierarchy"])
    )
    description = " ".join(
        [
            text("orgchart_desc_staff", lang, staff=", ".join(data["climate_staff"])),
            data["rationale"],
            *data["open"],
            text("orgchart_desc_tree", lang, tree=tree),
            text("orgchart_desc_links", lang, links=links) if links else "",
        ]
    ).strip()
    legend = {k: text(f"edge_{k}", lang) for k in ("authority", "reporting", "cooperation")}
    legend["climate_staff"] = text("legend_climate_staff", lang)
    return org_chart(
        nodes,
        edges,
        title=text("orgchart_title", lang, model=name),
        description=description,
        legend=legend,
        tag=text("climate_tag", lang),
        chart_id=chart_id or f"orgchart-{model_id}",
    )


def _parent(rows: list[dict[str, Any]], index: int) -> str:
    level = rows[index]["level"]
    for row in reversed(rows[:index]):
        if row["level"] == level - 1:
            return str(row["label"])
    return ""
