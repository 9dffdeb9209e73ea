"""Reports cannot reach outside: a hostile municipality name never becomes markup, CSS, a file
read, a request or an attachment, in any format, through the report functions and the real app.

A trap HTTP server on 127.0.0.1 records every request it gets; a canary file in a temporary
folder holds a secret. Each attack names them in the municipality's name (the one free text of a
profile). The PDF must render, show the name as text in its running footer, request nothing,
attach nothing and never contain the secret (checked in the raw bytes, in every decompressed
stream, with ``pdfdetach`` and with ``pdftotext`` from poppler-utils).
"""

from __future__ import annotations

import copy
import io
import re
import threading
import urllib.request
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from docx import Document
from fastapi.testclient import TestClient
from markdown_it import MarkdownIt

from klimaorg.advisor import advise
from klimaorg.charts.batch import summary_chart
from klimaorg.charts.orgchart import ChartEdge, ChartNode, org_chart
from klimaorg.charts.ranking import acceptability_chart, score_chart
from klimaorg.charts.svg import profile_chart, xml_safe
from klimaorg.charts.workshop import SpreadRow, spread_chart
from klimaorg.reports.assets import FONT_DIR
from klimaorg.reports.build import build_report
from klimaorg.reports.escape import code_fence, md_text, plain_text
from klimaorg.reports.html import Mode, render_html
from klimaorg.reports.pdf import TEMPLATE, html_to_pdf
from klimaorg.reports.render import filename, render
from klimaorg.reports.texts import texts
from klimaorg.reports.typeset import drawable
from klimaorg.settings import Settings
from klimaorg.web.app import create_app
from klimaorg.web.wizard.form import profile_to_form
from tests.poppler import poppler
from tests.web.clients import csrf_client

DAY = date(2026, 11, 24)
BENIGN = "Musterstadt"
PROFILE: dict[str, Any] = {
    "municipality": {"name": BENIGN, "kind": "stadt", "population": 48000},
    "structures": {"environment_office": True, "climate_concept": True},
    "resources": {"staff_fte": 1.5, "funding": "erstvorhaben"},
}
SCENARIO = (
    Path(__file__).parents[1] / "advisor" / "scenarios" / "03_city_coordination_stabsstelle.yaml"
)
SAFE_DISPOSITION = re.compile(
    r'^attachment; filename="klimaorg-[a-z]+-[a-z0-9-]+\.(pdf|html|md|docx)"$'
)


# ----------------------------------------------------------------------------- the traps


class TrapServer(ThreadingHTTPServer):
    """Records the path of every request it receives."""

    hits: list[str]

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class _TrapHandler(BaseHTTPRequestHandler):
    server: TrapServer

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        body = b"@font-face {} body { background: url(/nested) }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:
        del format, args  # quiet


@pytest.fixture(scope="module")
def trap() -> Iterator[TrapServer]:
    server = TrapServer(("127.0.0.1", 0), _TrapHandler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@dataclass(frozen=True)
class Canary:
    """A file whose content must never appear in a report."""

    path: Path
    secret: str

    @property
    def uri(self) -> str:
        return self.path.as_uri()


@pytest.fixture(scope="module")
def canary(tmp_path_factory: pytest.TempPathFactory) -> Canary:
    secret = f"KLIMAORG-CANARY-{uuid.uuid4().hex}"
    path = tmp_path_factory.mktemp("c") / "key"
    path.write_text(secret, encoding="utf-8")
    return Canary(path, secret)


def attacks(trap: str, canary: str) -> dict[str, str]:
    """Hostile municipality names (each at most 200 characters, as the profile allows)."""
    return {
        "style-breakout-attachment": f"</style><link rel=attachment href={canary}>",
        "img": f"Musterstadt<img src={trap}/img.png>",
        "css-string-breakout": f'"; }} @import url({trap}/import.css); @page {{ @top-left '
        f"{{ content: url({canary}) }} }} x {{ content: ",
        "css-url": f"url(file:///etc/passwd) url({canary}) url({trap}/url.png)",
        "iframe": f"<iframe src={canary}></iframe><iframe src={trap}/frame></iframe>",
        "object-embed": f"<object data={canary}></object><embed src={trap}/embed>",
        "svg": f"<svg><script>alert(1)</script><image href={trap}/svg.png /></svg>",
        "font-face": f"</style><style>@font-face {{ font-family: X; src: url({trap}/f.woff2) }}"
        " * { font-family: X }</style>",
        "a-attachment": f"<a rel=attachment href={canary}>Anhang</a>",
        "markdown-link": f"[x](javascript:alert(1)) ![y]({trap}/md.png) <{trap}/auto>",
        "markdown-html": "<script>alert(1)</script> # Titel | a | b | ``` ~~~ &amp; *x* [Betrag]",
        "typst": f'#read("{canary.removeprefix("file://")}") #include "report.typ" '
        '#import "@preview/cetz:0.3.4" #pdf.attach("report.typ") $x$ <l> @l ]} #{',
    }


CONTROLS = "Muster\x00stadt\x07\x1b[31m \u202egnp.exe\r\n# Überschrift\t=1+1\u2028- x"


def all_attacks(trap: TrapServer, canary: Canary) -> dict[str, str]:
    return {**attacks(trap.url, canary.uri), "controls": CONTROLS}


def test_the_traps_work(trap: TrapServer, canary: Canary) -> None:
    """The trap records a request and the detectors find an attached canary: so the assertions
    below can fail."""
    with urllib.request.urlopen(f"{trap.url}/probe", timeout=5) as response:
        assert response.status == 200
    assert trap.hits == ["/probe"]
    trap.hits.clear()
    import typst

    source = canary.path.parent / "leaky.typ"
    source.write_text('#pdf.attach("key")', encoding="utf-8")
    leaky = typst.compile(str(source), root=str(canary.path.parent))
    assert isinstance(leaky, bytes) and attached_files(leaky) == 1
    assert canary.secret.encode() in decompressed(leaky)
    assert all(len(name) <= 200 for name in attacks(trap.url, canary.uri).values())


# ----------------------------------------------------------------------------- helpers


def decompressed(pdf: bytes) -> bytes:
    """The PDF's bytes followed by every stream it holds, inflated where it is compressed."""
    chunks = [pdf]
    for match in re.finditer(rb"(?<!end)stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        try:
            chunks.append(zlib.decompressobj().decompress(pdf[match.end() : end]))
        except zlib.error:
            continue
    return b"\n".join(chunks)


def attached_files(pdf: bytes) -> int:
    """The number of embedded files ``pdfdetach -list`` finds (catalogue and annotations)."""
    first = poppler("pdfdetach", pdf, "-list").splitlines()[0]
    match = re.match(r"(\d+) embedded files", first)
    assert match, first
    return int(match.group(1))


def pdf_pages(pdf: bytes) -> list[str]:
    pages = poppler("pdftotext", pdf).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squeeze(value: str) -> str:
    """``value`` without white space, hyphens and zero-width spaces: pdftotext joins a word
    broken at a hyphen at the end of a line, and an overlong word may break after a zero-width
    space, so the comparison ignores all three."""
    return re.sub(r"[\s\-\u2010\u00ad\u200b]+", "", value)


def assert_isolated(pdf: bytes, canary: Canary, trap: TrapServer) -> list[str]:
    """No attachment, no canary, no request; the text of every page."""
    assert pdf.startswith(b"%PDF")
    assert attached_files(pdf) == 0
    inflated = decompressed(pdf)
    for marker in (b"/EmbeddedFile", b"/FileAttachment", b"/Filespec", b"/URI"):
        assert marker not in inflated, marker
    assert canary.secret.encode() not in inflated
    pages = pdf_pages(pdf)
    assert canary.secret not in "".join(pages)
    assert trap.hits == []
    return pages


def assert_footer(pages: list[str], report: dict[str, Any], *, title_page: bool) -> None:
    """Every page but the title page ends with "name · title · status" and "Seite X von Y"."""
    footer = squeeze(
        f"{report['municipality']['name']} · {texts('de')['doc_title']} · {report['status_label']}"
    )
    total = len(pages)
    first = 1 if title_page else 0
    assert total > first
    for number, page in enumerate(pages[first:], start=first + 1):
        assert footer in squeeze(page), f"footer missing on page {number}"
        assert f"Seite{number}von{total}" in squeeze(page)


class Structure(HTMLParser):
    """The tags (with their attribute names), the text and the CSS of an HTML document."""

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []
        self.text: list[str] = []
        self.css: list[str] = []
        self._in_style = False
        self.feed(document)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(sorted(name for name, _value in attrs))))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.tags.append((f"/{tag}", ()))
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.css if self._in_style else self.text).append(data)

    @property
    def plain(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text))


@pytest.fixture(scope="module")
def advised() -> dict[str, Any]:
    return advise(PROFILE, lang="de")


def report_named(advised: dict[str, Any], name: str) -> dict[str, Any]:
    """The report of PROFILE with ``name`` as the municipality's name, the way build_report gets
    it from a stored assessment (no input validation in between)."""
    result = copy.deepcopy(advised)
    result["inputs"]["profile"]["municipality.name"] = name
    profile = {**PROFILE, "municipality": {**PROFILE["municipality"], "name": name}}
    return build_report(profile, result, created=DAY)


@pytest.fixture(scope="module")
def benign(advised: dict[str, Any]) -> dict[str, Any]:
    return report_named(advised, BENIGN)


def markdown_html(text: str) -> str:
    return str(MarkdownIt("commonmark").enable("table").render(text))


def docx_view(data: bytes) -> tuple[list[str], str, set[str], list[str]]:
    """Paragraph styles, all text, the parts of the package and its external relationships."""
    document = Document(io.BytesIO(data))
    styles = [p.style.name if p.style else "" for p in document.paragraphs]
    texts_ = [p.text for p in document.paragraphs]
    texts_ += [c.text for t in document.tables for row in t.rows for c in row.cells]
    texts_ += [p.text for s in document.sections for p in s.footer.paragraphs]
    texts_.append(document.core_properties.title or "")
    external = [r.target_ref for r in document.part.rels.values() if r.is_external]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = set(package.namelist())
    return styles, re.sub(r"\s+", " ", " ".join(texts_)), parts, external


# ----------------------------------------------------------------------------- the report functions


def test_the_display_name_is_one_line_of_printable_text() -> None:
    assert plain_text(CONTROLS) == "Musterstadt[31m gnp.exe # Überschrift =1+1 - x"
    assert plain_text("  Bad\tKreuznach \n") == "Bad Kreuznach"


def test_markdown_escaping_renders_the_literal_text(trap: TrapServer, canary: Canary) -> None:
    for name in all_attacks(trap, canary).values():
        rendered = Structure(
            markdown_html(f"# {md_text(name)}\n\n| a |\n|---|\n| {md_text(name)} |")
        )
        assert [tag for tag, _ in rendered.tags if not tag.startswith("/")] == [
            "h1",
            "table",
            "thead",
            "tr",
            "th",
            "tbody",
            "tr",
            "td",
        ]
        assert rendered.plain.count(plain_text(name)) == 2
    assert code_fence("a ``` b\n````") == "`````"
    assert code_fence("nothing") == "```"


def test_html_report_holds_no_markup_from_the_name(
    advised: dict[str, Any], benign: dict[str, Any], trap: TrapServer, canary: Canary
) -> None:
    modes: tuple[Mode, ...] = ("html", "pdf")
    for mode in modes:
        expected = Structure(render_html(benign, mode=mode))
        for label, name in all_attacks(trap, canary).items():
            report = report_named(advised, name)
            seen = Structure(render_html(report, mode=mode))
            assert seen.tags == expected.tags, label
            assert seen.css == expected.css, label  # no user text in CSS
            assert plain_text(name) in seen.plain, label
    # The downloaded file is self-contained: nothing to load, no script, loads forbidden.
    document = render_html(report_named(advised, BENIGN))
    loaders = {"link", "script", "img", "iframe", "object", "embed", "base", "image", "use"}
    assert not loaders & {tag for tag, _ in Structure(document).tags}
    assert "url(" not in "".join(Structure(document).css)
    assert "default-src 'none'" in document and "Content-Security-Policy" in document


def test_the_typst_template_evaluates_and_loads_nothing() -> None:
    """The PDF's template shows the data; it has no way to run or load what the data say."""
    source = re.sub(r"//[^\n]*", "", TEMPLATE.read_text(encoding="utf-8"))
    loaders = ("eval(", "read(", "#import", "#include", "plugin(", "pdf.attach", "pdf.embed")
    for construct in loaders:
        assert construct not in source, construct
    assert source.count("sys.inputs") == 1  # the data, read as JSON
    assert re.findall(r"image\(([^,]+)", source) == ["bytes(n.svg)"]  # charts, never a path


def test_markdown_report_renders_the_name_as_text(
    advised: dict[str, Any], benign: dict[str, Any], trap: TrapServer, canary: Canary
) -> None:
    expected = Structure(markdown_html(render(benign, "md").decode()))
    for label, name in all_attacks(trap, canary).items():
        report = report_named(advised, name)
        for only in (None, "beschlussvorlage"):
            rendered = markdown_html(render(report, "md", only=only).decode())
            seen = Structure(rendered)
            if only is None:
                assert seen.tags == expected.tags, label
            assert not {"script", "img", "iframe", "a"} & {tag for tag, _ in seen.tags}, label
            assert "javascript:" not in rendered.replace("(javascript:alert", ""), label
            assert plain_text(name) in seen.plain, label


def test_word_report_holds_the_name_as_plain_text(
    advised: dict[str, Any], benign: dict[str, Any], trap: TrapServer, canary: Canary
) -> None:
    styles, _text, parts, external = docx_view(render(benign, "docx"))
    assert external == []
    names = all_attacks(trap, canary)
    combined = " ".join(names.values())
    for label, name in [*names.items(), ("combined", combined)]:
        report = report_named(advised, name)
        seen_styles, text, seen_parts, seen_external = docx_view(
            render(report, "docx", only=None if label == "combined" else "beschlussvorlage")
        )
        assert seen_external == [], label
        assert plain_text(name) in text, label
        if label == "combined":
            assert seen_styles == styles and seen_parts == parts


def test_svg_charts_escape_every_label(trap: TrapServer, canary: Canary) -> None:
    allowed = {"svg", "title", "desc", "defs", "pattern", "marker", "rect", "line", "path",
               "text", "tspan", "circle"}  # fmt: skip
    for name in all_attacks(trap, canary).values():
        charts = [
            profile_chart([name], [(name, [2.0])], "de", title=name, description=name),
            score_chart(
                [(name, 0.5), (name, None)], "de", title=name, description=name, excluded_label=name
            ),
            acceptability_chart(
                [(name, [0.5, 0.5])], "de", title=name, description=name, rank_labels=[name, name]
            ),
            summary_chart(
                [(name, [1, 2])], [name, name], "de", title=name, description=name, total_label=name
            ),
            spread_chart(
                [SpreadRow(name, [1.0, 3.0], 2.0, 1.0)],
                "de",
                low=0,
                high=4,
                ticks=[0, 4],
                title=name,
                description=name,
                sd_label=name,
            ),
            org_chart(
                [ChartNode("a", name, "leadership"), ChartNode("b", name, "climate_staff")],
                [ChartEdge("a", "b", "authority")],
                title=name,
                description=name,
                legend={"authority": name},
                tag=name,
            ),
        ]
        for svg in charts:
            root = ElementTree.fromstring(svg)  # well-formed: nothing broke out
            tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
            assert tags <= allowed, tags - allowed
            assert not any(
                key.rsplit("}", 1)[-1] == "href" or value.startswith(("http", "file", "data"))
                for element in root.iter()
                for key, value in element.attrib.items()
            )
            title = root.find("{http://www.w3.org/2000/svg}title")
            assert title is not None and title.text == xml_safe(name)


def test_pdf_text_blocks_isolated_with_the_name_in_the_footer(
    advised: dict[str, Any], trap: TrapServer, canary: Canary
) -> None:
    for label, name in all_attacks(trap, canary).items():
        report = report_named(advised, name)
        pdf = render(report, "pdf", only="beschlussvorlage")
        pages = assert_isolated(pdf, canary, trap)
        assert_footer(pages, report, title_page=False)
        assert squeeze(plain_text(name)) in squeeze("".join(pages)), label


def test_pdf_renderer_alone_is_isolated_for_an_unchecked_name(
    benign: dict[str, Any], trap: TrapServer, canary: Canary
) -> None:
    """Defence in depth: a name put into the report data unchecked still reaches nothing."""
    report = copy.deepcopy(benign)
    report["municipality"]["name"] = " ".join(all_attacks(trap, canary).values())
    assert_isolated(render(report, "pdf", only="foerderantrag"), canary, trap)


@pytest.mark.slow
def test_full_pdf_report_is_isolated(
    advised: dict[str, Any], trap: TrapServer, canary: Canary
) -> None:
    name = (
        f"</style><link rel=attachment href={canary.uri}><img src={trap.url}/f>"
        f'"; }} @import url({trap.url}/f.css); [x](javascript:alert(1))'
    )
    assert len(name) <= 200  # what a profile allows: the title page keeps to one page
    report = report_named(advised, name)
    pages = assert_isolated(render(report, "pdf"), canary, trap)
    assert len(pages) >= 18
    assert squeeze(plain_text(name)) in squeeze(pages[0])  # the title page
    assert_footer(pages, report, title_page=True)


# ----------------------------------------------------------------------------- the typesetter


def test_only_plain_charts_reach_the_typesetter(canary: Canary) -> None:
    """A chart the chart builders could have drawn is drawn; anything that links, loads, styles
    or is not well-formed is left out of the PDF."""
    plain = '<svg xmlns="http://www.w3.org/2000/svg"><title>t</title><rect width="1" height="1"/>'
    assert drawable(plain + "</svg>")
    assert drawable(plain + '<path d="M0 0" marker-end="url(#arrow)"/></svg>')
    for hostile in (
        f'<image href="{canary.uri}"/>',
        '<use href="#x"/>',
        "<style>@import url(http://127.0.0.1/x.css);</style>",
        '<rect fill="url(http://127.0.0.1/p)"/>',
        "<foreignObject><p>x</p></foreignObject>",
        "<rect>",
    ):
        assert not drawable(plain + hostile + "</svg>"), hostile


def test_no_attachment_even_for_an_allowed_asset(trap: TrapServer, canary: Canary) -> None:
    """Should an element slip into the HTML, it still attaches nothing, not even a packaged
    font, and loads nothing."""
    font = (FONT_DIR / "fira-sans" / "FiraSans-Regular.woff2").as_uri()
    pdf = html_to_pdf(
        "<!DOCTYPE html><html><head>"
        f'<link rel="attachment" href="{font}"><link rel="attachment" href="{canary.uri}">'
        f'<link rel="stylesheet" href="{trap.url}/style.css">'
        f"<style>@import url({trap.url}/import.css); body {{ background: url({canary.uri}) }}"
        "</style></head><body>"
        f'<p><a rel="attachment" href="{font}">font</a> <a rel="attachment" href="{canary.uri}">'
        f'key</a></p><img src="{canary.uri}"><img src="{trap.url}/img.png">'
        f'<object data="{trap.url}/object"></object><iframe src="{trap.url}/frame"></iframe>'
        f'<svg><image href="{trap.url}/svg.png" width="10" height="10"/></svg>'
        f'<img src="data:image/svg+xml,<svg xmlns=%22http://www.w3.org/2000/svg%22>'
        f'<image href=%22{trap.url}/nested.png%22/></svg>">'
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
        f'<image href="{canary.uri}" width="10" height="10"/>'
        f'<image href="{canary.path}" width="10" height="10"/></svg>'
        "</body></html>"
    )
    assert_isolated(pdf, canary, trap)


# ----------------------------------------------------------------------------- the real app


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings())) as test_client:
        csrf_client(test_client)  # the wizard's forms need the token; the API ignores it
        yield test_client


def api_report(client: TestClient, name: str, fmt: str, only: str | None = None) -> bytes:
    profile = {**PROFILE, "municipality": {**PROFILE["municipality"], "name": name}}
    params = {"format": fmt, **({"only": only} if only else {})}
    response = client.post("/api/v1/report", params=params, json=profile)
    assert response.status_code == 200, response.text[:500]
    assert SAFE_DISPOSITION.match(response.headers["content-disposition"])
    return bytes(response.content)


@pytest.mark.slow
def test_api_pdf_report_is_isolated(
    client: TestClient, advised: dict[str, Any], trap: TrapServer, canary: Canary
) -> None:
    name = (
        f'"; }} @import url({trap.url}/a.css); </style><link rel=attachment href={canary.uri}>'
        f"<img src={trap.url}/a>"
    )
    assert len(name) <= 200
    pages = assert_isolated(api_report(client, name, "pdf"), canary, trap)
    assert_footer(pages, report_named(advised, name), title_page=True)
    for label, attack in attacks(trap.url, canary.uri).items():
        pages = assert_isolated(api_report(client, attack, "pdf", "beschlussvorlage"), canary, trap)
        assert_footer(pages, report_named(advised, attack), title_page=False)
        assert squeeze(plain_text(attack)) in squeeze("".join(pages)), label


def test_api_html_markdown_and_word_reports(
    client: TestClient, benign: dict[str, Any], trap: TrapServer, canary: Canary
) -> None:
    html = Structure(render_html(benign))
    markdown = Structure(markdown_html(render(benign, "md").decode()))
    styles, _text, parts, _external = docx_view(render(benign, "docx"))
    for label, name in attacks(trap.url, canary.uri).items():
        seen = Structure(api_report(client, name, "html").decode())
        assert (seen.tags, seen.css) == (html.tags, html.css), label
        assert name in seen.plain, label
        seen = Structure(markdown_html(api_report(client, name, "md").decode()))
        assert seen.tags == markdown.tags, label
        assert name in seen.plain, label
        seen_styles, text, seen_parts, external = docx_view(api_report(client, name, "docx"))
        assert (seen_styles, seen_parts, external) == (styles, parts, []), label
        assert name in text, label
    assert trap.hits == []


def test_api_control_characters_are_refused_or_removed(client: TestClient) -> None:
    profile = {**PROFILE, "municipality": {**PROFILE["municipality"], "name": CONTROLS}}
    response = client.post("/api/v1/report", params={"format": "md"}, json=profile)
    if response.status_code == 422:  # refused at the edge, naming the field
        assert "municipality.name" in response.text
        return
    assert response.status_code == 200, response.text[:500]
    text = response.content.decode()
    assert not re.search("[\x00-\x08\x0b-\x1f\u202e]", text.split("```")[0])
    assert md_text(CONTROLS) in text


def test_download_names_are_slugs(benign: dict[str, Any], trap: TrapServer, canary: Canary) -> None:
    for name in all_attacks(trap, canary).values():
        report = copy.deepcopy(benign)
        report["municipality"]["name"] = name
        for fmt in ("pdf", "html", "md", "docx"):
            value = f'attachment; filename="{filename(report, fmt)}"'
            assert SAFE_DISPOSITION.match(value), value


@pytest.mark.slow
def test_wizard_pdf_report_is_isolated(
    client: TestClient, trap: TrapServer, canary: Canary
) -> None:
    name = (
        f"</style><link rel=attachment href={canary.uri}><img src={trap.url}/w>"
        f'"; }} @import url({trap.url}/w.css); [x](javascript:alert(1))'
    )
    assert len(name) <= 200
    profile = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))["profile"]
    profile["municipality"] = {**profile["municipality"], "name": name}
    form = profile_to_form(profile)
    response = client.post("/beratung/bericht/pdf", data={**form.values, "goals": list(form.goals)})
    assert response.status_code == 200, response.text[:500]
    assert SAFE_DISPOSITION.match(response.headers["content-disposition"])
    pages = assert_isolated(response.content, canary, trap)
    footer = squeeze(f"{name} · {texts('de')['doc_title']} · Entwurf")
    assert all(footer in squeeze(page) for page in pages[1:])
    assert all(f"Seite{n}von{len(pages)}" in squeeze(p) for n, p in enumerate(pages[1:], 2))
