"""The report's HTML as a tree of plain data, for Typst to set into pages.

The PDF shows what the HTML report shows: the section templates stay the one place that decides
the content. This module reads that HTML (the standard library's parser; the document is our own,
so a small subset of HTML is enough) into nested ``{"t": tag, "c": classes, "k": children}``
dictionaries and strings; ``templates/report.typ`` turns them into pages.

The tree reaches Typst as JSON in ``sys.inputs``: every text of the municipality stays a string
that Typst *shows*, never markup or code that it would evaluate. A name such as
``#read("/etc/passwd")`` or ``*fett*`` prints as itself.

Charts are inline SVG in the HTML. They are cut out before parsing (the parser would lower-case
``viewBox``) and handed over as SVG text with their alternative text (the chart's ``<title>`` and
``<desc>``) and the share of the line width that keeps an org chart within the page height.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, cast
from xml.etree import ElementTree

from klimaorg.jsondata import Data
from klimaorg.reports.pictures import describe

SOFT_HYPHEN = "\u00ad"
ZERO_WIDTH_SPACE = "\u200b"
#: A "word" this long is no word of any language (the longest German compounds have about 40
#: letters) but an address, a code or a hostile name; Typst would let it run over the page edge,
#: so it may break after every :data:`CHUNK` characters.
_UNBROKEN = re.compile(r"\S{48,}")
CHUNK = 24

Node = Data | str

_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_VOID = frozenset({"br", "meta", "link", "img", "hr", "input", "col", "wbr"})
_SKIP = frozenset({"head", "style", "script", "title"})
_BLOCKS = frozenset(
    {
        "html", "body", "main", "header", "nav", "section", "article", "div", "figure",
        "ul", "ol", "dl", "table", "thead", "tbody", "tr", "blockquote",
    }
)  # fmt: skip
_KEPT = ("class", "id", "href", "lang")
#: The SVG elements the chart builders write (tests/security checks they write no other).
CHART_ELEMENTS = frozenset(
    {"svg", "title", "desc", "defs", "pattern", "marker", "rect", "line", "path", "text",
     "tspan", "circle"}
)  # fmt: skip
#: Elements whose text starts and ends a line: spaces at their edges are not shown.
_LINES = frozenset(
    {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "dt", "dd", "caption", "figcaption"}
)
#: The text width of an A4 page between the report's margins, and the tallest an org chart may
#: be drawn (as in the HTML report's print styles): 172 mm and 150 mm.
TEXT_WIDTH_MM = 172.0
ORGCHART_MAX_HEIGHT_MM = 150.0


class _TreeBuilder(HTMLParser):
    """Collects elements and text; whitespace collapses as a browser collapses it."""

    def __init__(self, charts: list[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.root: Data = {"t": "root", "k": []}
        self._stack: list[Data] = [self.root]
        self._skipping = 0
        self._in_title = False
        self._charts = charts
        self.title = ""
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            named = dict(attrs)
            if named.get("name") and named.get("content") is not None:
                self.meta[str(named["name"])] = str(named["content"])
        if self._skipping or tag in _SKIP:
            self._skipping += tag in _SKIP
            self._in_title = tag == "title"
            return
        node: Data = {"t": tag, "k": []}
        for name, value in attrs:
            if name in _KEPT and value is not None:
                node[name[0] if name == "class" else name] = value
            if name == "data-chart" and value is not None:
                node.update(_chart(self._charts[int(value)], self._stack[-1]))
        self._stack[-1]["k"].append(node)
        if tag not in _VOID:
            self._stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
            self._in_title = False
            return
        if self._skipping or tag in _VOID:
            return
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth]["t"] == tag:
                del self._stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._skipping:
            return
        parent = self._stack[-1]
        data = data.replace(SOFT_HYPHEN, "")  # Typst hyphenates on its own
        text = data if _inside(self._stack, "pre") else _breakable(re.sub(r"\s+", " ", data))
        if parent["t"] in _BLOCKS and not text.strip():
            return
        parent["k"].append(text)


def _breakable(text: str) -> str:
    """``text`` with a break opportunity every :data:`CHUNK` characters of an overlong word."""

    def chunks(match: re.Match[str]) -> str:
        word = match.group(0)
        return ZERO_WIDTH_SPACE.join(word[i : i + CHUNK] for i in range(0, len(word), CHUNK))

    return _UNBROKEN.sub(chunks, text)


def _inside(stack: list[Data], tag: str) -> bool:
    return any(node["t"] == tag for node in stack)


def drawable(svg: str) -> bool:
    """Whether ``svg`` is a chart as the chart builders draw it: well-formed, made of shapes and
    text only, with no link to anything (an ``<image>``, a ``href``, a URL in an attribute).
    Anything else that slipped into the HTML is left out of the PDF, not drawn."""
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError:
        return False
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] not in CHART_ELEMENTS:
            return False
        for key, value in element.attrib.items():
            if key.rsplit("}", 1)[-1] == "href" or ("url(" in value and "url(#" not in value):
                return False
    return True


def _chart(svg: str, parent: Data) -> Data:
    """An SVG chart: its markup, its alternative text, and the share of the line it may fill."""
    if not drawable(svg):
        return {}
    picture = describe(svg)
    share = 1.0
    if "orgchart" in parent.get("c", "").split() and "small" in parent.get("c", "").split():
        drawn_height = TEXT_WIDTH_MM * picture.height / max(picture.width, 1.0)
        share = min(1.0, ORGCHART_MAX_HEIGHT_MM / max(drawn_height, 1.0))
    return {"svg": svg, "alt": picture.alt_text, "share": round(share, 3)}


def _tidy(node: Node) -> Node:
    """Trim the spaces at the start and end of a line-like element (a browser does not show
    them either); drop empty lists of children (they only lengthen the JSON)."""
    if isinstance(node, str):
        return node
    children = [_tidy(child) for child in node.get("k", [])]
    if node["t"] in _LINES and children:
        if isinstance(children[0], str):
            children[0] = children[0].lstrip()
        if isinstance(children[-1], str):
            children[-1] = children[-1].rstrip()
        children = [child for child in children if child != ""]
    tidied = {key: value for key, value in node.items() if key != "k"}
    if children:
        tidied["k"] = children
    return tidied


def _labels(node: Data, found: set[str]) -> None:
    """Mark the places a link may lead to: a section's heading (by the section's id) and a
    list item with an id (a note). Typst stops at a link to a label that does not exist, so only
    these become labels."""
    for child in node.get("k", []):
        if isinstance(child, str):
            continue
        if child["t"] == "section" and "id" in child:
            heading = find(child, "h2")
            if heading is not None:
                heading["label"] = child["id"]
                found.add(child["id"])
        elif child["t"] == "li" and "id" in child:
            child["label"] = child["id"]
            found.add(child["id"])
        _labels(child, found)


def _links(node: Data, labels: set[str]) -> None:
    """An address inside the document (``#id``) becomes a link to its label, when there is one."""
    for child in node.get("k", []):
        if isinstance(child, str):
            continue
        target = child.get("href", "")
        if child["t"] == "a" and target.startswith("#") and target[1:] in labels:
            child["to"] = target[1:]
        _links(child, labels)


@dataclass(frozen=True, slots=True)
class Document:
    """An HTML report read for the typesetter: the ``<title>``, the ``<meta name=… content=…>``
    of its head (author, keywords, ``dcterms.created``) and the body as nested data."""

    title: str
    meta: dict[str, str]
    tree: Data


def document_tree(html: str) -> Document:
    """An HTML report as data for the typesetter (see the module's description)."""
    charts: list[str] = []

    def cut(match: re.Match[str]) -> str:
        charts.append(match.group(0))
        return f'<svg data-chart="{len(charts) - 1}"></svg>'

    builder = _TreeBuilder(charts)
    builder.feed(_SVG.sub(cut, html))
    builder.close()
    tree = _tidy(builder.root)
    assert isinstance(tree, dict)
    labels: set[str] = set()
    _labels(tree, labels)
    _links(tree, labels)
    return Document(" ".join(builder.title.split()), builder.meta, tree)


def text_of(node: Any) -> str:
    """The plain text of a node (for the running footer and the document's title)."""
    if isinstance(node, str):
        return node
    return "".join(text_of(child) for child in node.get("k", []))


def find(node: Data, tag: str, cls: str | None = None) -> Data | None:
    """The first element with ``tag`` (and class ``cls``) in document order."""
    for child in node.get("k", []):
        if isinstance(child, str):
            continue
        if child["t"] == tag and (cls is None or cls in child.get("c", "").split()):
            return cast("Data", child)  # the node itself: callers mark it
        found = find(child, tag, cls)
        if found is not None:
            return found
    return None
