"""Organisation charts as pure functions: nodes and edges in, accessible SVG out.

The layout is computed here, top-down in rows: council and administration head on top, then
departments (Dezernate), offices (Ämter) and whatever hangs below them. ``authority`` edges form the
tree; a node placed ``staff`` sits in its own row beside its superior's line (the classic drawing
of a Stabsstelle), ``bottom`` goes to a row of its own below everything, ``side`` goes to a column
at the right (external actors). Climate staff are marked by shape (rounded), a thick border and a
text tag, never by colour alone; cooperation lines are dashed, reporting lines carry an arrow.

Like :mod:`klimaorg.charts.svg`: every text is escaped, presentation attributes only, no ``style``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from klimaorg.charts.svg import MUTED, POSITIVE, TEXT, _slug, _text, open_svg
from klimaorg.i18n import hyphenate

NodeKind = Literal["council", "leadership", "department", "office", "climate_staff", "external"]
EdgeKind = Literal["authority", "reporting", "cooperation"]
Placement = Literal["tree", "staff", "bottom", "side"]

NODE_WIDTH = 150
GAP_X = 14
GAP_Y = 46
LINE_HEIGHT = 17
PAD_Y = 12
CHAR_WIDTH = 7.3  # average advance of a 14px character
MARGIN = 16
LANE = 34  # room between the tree and the side column (routed lines run here)
LEGEND_ITEM = 200
STAFF_FILL = "#fff1b8"

_FILLS: dict[str, tuple[str, str, str]] = {  # fill, stroke, text
    "council": ("#dfe3ec", TEXT, TEXT),
    "leadership": (POSITIVE, POSITIVE, "#ffffff"),
    "department": ("#eef0f5", TEXT, TEXT),
    "office": ("#ffffff", TEXT, TEXT),
    "climate_staff": (STAFF_FILL, TEXT, TEXT),
    "external": ("#ffffff", MUTED, TEXT),
}


@dataclass(frozen=True)
class ChartNode:
    """A box of the chart."""

    id: str
    label: str
    kind: NodeKind
    placement: Placement = "tree"


@dataclass(frozen=True)
class ChartEdge:
    """A line between two boxes; for ``authority`` the source is the superior."""

    source: str
    target: str
    kind: EdgeKind


@dataclass
class _Box:
    node: ChartNode
    lines: list[str]
    row: int = 0
    x: float = 0.0  # centre
    y: float = 0.0  # top
    height: float = 0.0

    @property
    def left(self) -> float:
        return self.x - NODE_WIDTH / 2

    @property
    def right(self) -> float:
        return self.x + NODE_WIDTH / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


FONT_SIZE = 14
COMPOUND_HEADS = ("management", "personal", "agentur", "schutz", "stelle", "planung", "amt")
"""Second parts of the compounds in chart labels: a long word breaks before one of them
("Gebäude-management", "Klimaschutz-personal") rather than at any syllable."""
_NARROW = set("ijlfrtI.,;:'|!()/-")
_WIDE = set("mwMWÄÖÜ")


def text_width(text: str, *, bold: bool = True) -> float:
    """Estimated width in px of ``text`` at 14 px in the charts' sans-serif font: narrow letters
    (i, l, t, r …) take about 0.3 em, m and w 0.85 em, capitals 0.68 em, the rest 0.55 em; bold
    about 7 % more. Generous on purpose: a label must fit its box in any font of that family."""
    em = sum(
        0.3 if c in _NARROW else 0.85 if c in _WIDE else 0.68 if c.isupper() else 0.56 for c in text
    )
    return em * FONT_SIZE * (1.07 if bold else 1.0)


def wrap(label: str, width: float = NODE_WIDTH - 16) -> list[str]:
    """``label`` broken at spaces into lines whose measured width fits ``width``; a word wider
    than a line is hyphenated at a syllable ("Klimaschutz-" / "management"), so no text runs
    over its box."""
    lines: list[str] = []
    for word in (part for whole in label.split() for part in _fitting(whole, width)):
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and not lines[-1].endswith("-") and text_width(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines or [""]


def _fitting(word: str, width: float) -> list[str]:
    """``word`` in pieces that fit ``width``, split at German syllables (the labels are German
    domain words; an English label rarely has a word this long). Among the breaks that fit, the
    one nearest the middle of the word: "Klimaschutz-management", not "Klimaschutzmanage-ment"."""
    if text_width(word) <= width:
        return [word]
    pieces = hyphenate(word, "de").split("\u00ad")
    breaks = [i for i in range(1, len(pieces)) if text_width("".join(pieces[:i]) + "-") <= width]
    if not breaks:
        return [word]
    middle = len(word) / 2
    compound = [i for i in breaks if "".join(pieces[i:]).lower().startswith(COMPOUND_HEADS)]
    best = min(compound or breaks, key=lambda i: abs(len("".join(pieces[:i])) - middle))
    head, rest = "".join(pieces[:best]) + "-", "".join(pieces[best:])
    return [head, *_fitting(rest, width)]


def _check(nodes: Sequence[ChartNode], edges: Sequence[ChartEdge]) -> None:
    ids = [n.id for n in nodes]
    if len(set(ids)) != len(ids):
        raise ValueError("node ids must be unique")
    for edge in edges:
        for end in (edge.source, edge.target):
            if end not in ids:
                raise ValueError(f"edge {edge.source}->{edge.target}: unknown node {end!r}")


def layout(nodes: Sequence[ChartNode], edges: Sequence[ChartEdge]) -> dict[str, _Box]:
    """Rows and coordinates of every box (the pure layout step, exposed for tests)."""
    _check(nodes, edges)
    boxes = {n.id: _Box(n, wrap(n.label)) for n in nodes}
    parent: dict[str, str] = {}
    children: dict[str, list[str]] = {n.id: [] for n in nodes}
    for edge in edges:
        if edge.kind == "authority" and edge.target not in parent:
            parent[edge.target] = edge.source
            children[edge.source].append(edge.target)
    in_tree = [n for n in nodes if n.placement in ("tree", "staff")]
    has_council = any(n.kind == "council" and n.id not in parent for n in in_tree)

    def row_of(node_id: str, depth: int = 0) -> int:
        if depth > len(nodes):
            raise ValueError("authority edges form a cycle")
        box = boxes[node_id]
        if node_id not in parent:
            return 0 if box.node.kind == "council" or not has_council else 1
        above = parent[node_id]
        base = row_of(above, depth + 1) + 1
        if box.node.placement == "staff":
            return base
        staff_row = any(boxes[c].node.placement == "staff" for c in children[above])
        return base + (1 if staff_row else 0)

    for node in in_tree:
        boxes[node.id].row = row_of(node.id)
    # Horizontal: leaves of the authority tree get consecutive slots, parents sit over children.
    slot = 0
    step = NODE_WIDTH + GAP_X

    def place(node_id: str) -> float:
        nonlocal slot
        tree_children = [c for c in children[node_id] if boxes[c].node.placement == "tree"]
        if tree_children:
            xs = [place(c) for c in tree_children]
            x = (xs[0] + xs[-1]) / 2
        else:
            x = MARGIN + NODE_WIDTH / 2 + slot * step
            slot += 1
        boxes[node_id].x = x
        return x

    roots = [n.id for n in in_tree if n.id not in parent and n.placement == "tree"]
    leadership_roots = [r for r in roots if boxes[r].node.kind != "council"]
    for root in leadership_roots or roots:
        place(root)
    centre = sum(boxes[r].x for r in leadership_roots or roots) / max(
        1, len(leadership_roots or roots)
    )
    for root in roots:
        if root not in leadership_roots and leadership_roots:
            boxes[root].x = centre
    for node in in_tree:
        if node.placement == "staff":
            boxes[node.id].x = boxes[parent[node.id]].x + step
    # Nodes below everything.
    tree_rows = [boxes[n.id].row for n in in_tree] or [0]
    bottom_row = max(tree_rows) + 1
    for node in nodes:
        if node.placement == "bottom":
            boxes[node.id].row = bottom_row
            boxes[node.id].x = centre
    main = [b for b in boxes.values() if b.node.placement != "side"]
    main_right = max((b.right for b in main), default=MARGIN)
    side_x = main_right + LANE + NODE_WIDTH / 2
    # Side column: the row of the first partner; later side nodes move down when taken.
    taken: set[int] = set()
    pending = [n for n in nodes if n.placement == "side"]
    placed: dict[str, int] = {}
    for _round in range(len(pending) + 1):
        for node in pending:
            if node.id in placed:
                continue
            partners = [
                e.target if e.source == node.id else e.source
                for e in edges
                if node.id in (e.source, e.target)
            ]
            rows = [
                boxes[p].row if boxes[p].node.placement != "side" else placed[p] + 1
                for p in partners
                if boxes[p].node.placement != "side" or p in placed
            ]
            if partners and not rows:
                continue
            row = rows[0] if rows else 0
            while row in taken:
                row += 1
            taken.add(row)
            placed[node.id] = row
            boxes[node.id].row = row
            boxes[node.id].x = side_x
    for node in pending:
        if node.id not in placed:  # only side partners that never resolved: stack at the end
            row = max(taken, default=-1) + 1
            taken.add(row)
            boxes[node.id].row = row
            boxes[node.id].x = side_x
    # Vertical: each row as high as its tallest box.
    last_row = max(b.row for b in boxes.values())
    heights = [0.0] * (last_row + 1)
    for box in boxes.values():
        box.height = LINE_HEIGHT * len(box.lines) + 2 * PAD_Y
        heights[box.row] = max(heights[box.row], box.height)
    tops, y = [], float(MARGIN + 8)
    for height in heights:
        tops.append(y)
        y += (height or 20) + GAP_Y
    for box in boxes.values():
        box.y = tops[box.row] + (heights[box.row] - box.height) / 2
    return boxes


def _crosses(x1: float, y1: float, x2: float, y2: float, box: _Box) -> bool:
    """Whether the segment passes through ``box`` (sampled; boxes are large against the step)."""
    for i in range(1, 40):
        t = i / 40
        x, y = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
        if box.left - 2 < x < box.right + 2 and box.y - 2 < y < box.bottom + 2:
            return True
    return False


def _route(edge: ChartEdge, boxes: Mapping[str, _Box], lane: float) -> str:
    """The SVG path of one edge."""
    a, b = boxes[edge.source], boxes[edge.target]
    if edge.kind == "authority" and b.node.placement == "staff":
        return f"M{a.x:.1f},{a.bottom:.1f} V{b.middle:.1f} H{b.left:.1f}"
    if edge.kind == "authority" and b.row > a.row and b.node.placement == "tree":
        mid = b.y - GAP_Y / 2
        return f"M{a.x:.1f},{a.bottom:.1f} V{mid:.1f} H{b.x:.1f} V{b.y:.1f}"
    side_a, side_b = a.node.placement == "side", b.node.placement == "side"
    if side_a and side_b:
        upper, lower = (a, b) if a.row < b.row else (b, a)
        points = (upper.x, upper.bottom, lower.x, lower.y)
        if edge.source != upper.node.id:
            points = (lower.x, lower.y, upper.x, upper.bottom)
    elif side_a or side_b:
        inner, outer = (b, a) if side_a else (a, b)
        points = (inner.right, inner.middle, outer.left, outer.middle)
        if side_a:
            points = (outer.left, outer.middle, inner.right, inner.middle)
    elif a.row == b.row:
        left, right = (a, b) if a.x < b.x else (b, a)
        points = (left.right, left.middle, right.left, right.middle)
        if edge.source != left.node.id:
            points = (right.left, right.middle, left.right, left.middle)
    else:
        upper, lower = (a, b) if a.row < b.row else (b, a)
        shift = NODE_WIDTH / 4 if abs(upper.x - lower.x) < 1 else 0.0
        points = (upper.x + shift, upper.bottom, lower.x + shift, lower.y)
        if edge.source != upper.node.id:
            points = (lower.x + shift, lower.y, upper.x + shift, upper.bottom)
    others = [x for x in boxes.values() if x is not a and x is not b]
    if any(_crosses(*points, box) for box in others):
        # Around the tree: out to the right, along the lane, back in.
        return f"M{a.right:.1f},{a.middle:.1f} H{lane:.1f} V{b.middle:.1f} H{b.right:.1f}"
    x1, y1, x2, y2 = points
    return f"M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}"


_EDGE_ATTRS = {
    "authority": f'stroke="{TEXT}" stroke-width="2.2"',
    "reporting": f'stroke="{TEXT}" stroke-width="1.4"',
    "cooperation": f'stroke="{MUTED}" stroke-width="1.6" stroke-dasharray="6 4"',
}


def org_chart(
    nodes: Sequence[ChartNode],
    edges: Sequence[ChartEdge],
    *,
    title: str,
    description: str,
    legend: Mapping[str, str],
    tag: str,
    chart_id: str = "orgchart",
) -> str:
    """An organisation chart as ``<svg role="img">`` named by its ``<title>`` and ``<desc>``.

    ``legend`` names the edge kinds (``authority``, ``reporting``, ``cooperation``) and
    ``climate_staff``; ``tag`` is the short text on every climate-staff box ("Klimaschutz").
    """
    boxes = layout(nodes, edges)
    slug = _slug(chart_id)
    arrow_id = f"{slug}-arrow"
    main = [b for b in boxes.values() if b.node.placement != "side"]
    main_right = max((b.right for b in main), default=MARGIN)
    lanes = [main_right + LANE / 2 + i * 6 for i in range(len(edges))]
    paths, routed = [], 0
    for edge in edges:
        path = _route(edge, boxes, lanes[routed])
        if path.startswith(f"M{boxes[edge.source].right:.1f}") and " V" in path and " H" in path:
            routed += 1
        paths.append(path)
    width = max(max(b.right for b in boxes.values()), lanes[routed - 1] if routed else 0) + MARGIN
    legend_keys = ("authority", "reporting", "cooperation", "climate_staff")
    per_line = max(1, int((width - 2 * MARGIN) // LEGEND_ITEM))
    legend_top = max(b.bottom for b in boxes.values()) + 28
    legend_lines = -(-len(legend_keys) // per_line)
    height = legend_top + legend_lines * 30 + MARGIN
    marker_defs = (
        f'<marker id="{arrow_id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7"'
        ' markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{TEXT}"/>'
        "</marker>"
    )
    parts = [open_svg("org-chart", width, height, slug, title, description, marker_defs)]
    for edge, path in zip(edges, paths, strict=True):
        marker = f' marker-end="url(#{arrow_id})"' if edge.kind == "reporting" else ""
        parts.append(f'<path d="{path}" fill="none" {_EDGE_ATTRS[edge.kind]}{marker}/>')
    for box in boxes.values():
        parts.append(_node_svg(box, tag))
    # Legend: line samples and the climate-staff box.
    for index, key in enumerate(legend_keys):
        column, line = index % per_line, index // per_line
        x, y = MARGIN + column * LEGEND_ITEM, legend_top + line * 30
        if key == "climate_staff":
            parts.append(
                f'<rect x="{x}" y="{y - 9}" width="34" height="18" rx="7" fill="{STAFF_FILL}"'
                f' stroke="{TEXT}" stroke-width="3"/>'
            )
        else:
            marker = f' marker-end="url(#{arrow_id})"' if key == "reporting" else ""
            parts.append(f'<path d="M{x},{y} H{x + 34}" fill="none" {_EDGE_ATTRS[key]}{marker}/>')
        parts.append(
            f'<text x="{x + 44}" y="{y + 4.5}" fill="{TEXT}">{_text(legend.get(key, key))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _node_svg(box: _Box, tag: str) -> str:
    kind = box.node.kind
    fill, stroke, colour = _FILLS[kind]
    attrs = f'fill="{fill}" stroke="{stroke}"'
    if kind == "climate_staff":
        attrs += ' stroke-width="3.5" rx="14"'
    elif kind == "external":
        attrs += ' stroke-width="1.5" stroke-dasharray="5 3" rx="3"'
    else:
        attrs += ' stroke-width="1.2" rx="2"'
    out = [
        f'<rect x="{box.left:.1f}" y="{box.y:.1f}" width="{NODE_WIDTH}"'
        f' height="{box.height:.1f}" {attrs}/>'
    ]
    weight = ' font-weight="700"' if kind in ("leadership", "council", "climate_staff") else ""
    style = ' font-style="italic"' if kind == "external" else ""
    first = box.y + PAD_Y + LINE_HEIGHT - 4
    spans = "".join(
        f'<tspan x="{box.x:.1f}" y="{first + i * LINE_HEIGHT:.1f}">{_text(line)}</tspan>'
        for i, line in enumerate(box.lines)
    )
    out.append(f'<text text-anchor="middle" fill="{colour}"{weight}{style}>{spans}</text>')
    if kind == "climate_staff":
        tag_width = 12 + len(tag) * 6.4
        tx, ty = box.left + 10, box.y - 9
        out.append(
            f'<rect x="{tx:.1f}" y="{ty:.1f}" width="{tag_width:.1f}" height="17" rx="8"'
            f' fill="{TEXT}"/>'
            f'<text x="{tx + tag_width / 2:.1f}" y="{ty + 12.5:.1f}" text-anchor="middle"'
            f' fill="#ffffff" font-size="11" font-weight="700">{_text(tag)}</text>'
        )
    return "".join(out)


__all__ = ["ChartEdge", "ChartNode", "layout", "org_chart", "wrap"]
