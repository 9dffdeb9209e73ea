"""The report as a Word document (DOCX) for editing in the town hall's word processor.

Real Word headings (so the navigation pane and a table of contents work), tables with a repeated
header row, the charts as tables of numbers, the organisation chart as an indented table, the
draft text blocks with their [placeholders] highlighted, and "Seite X von Y" in the footer
(PAGE and NUMPAGES fields).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from klimaorg.charts.svg import xml_safe
from klimaorg.i18n import Lang, number
from klimaorg.jsondata import Data
from klimaorg.reports.blocks import split_placeholders
from klimaorg.reports.html import charts, rank_labels
from klimaorg.reports.outline import sections
from klimaorg.reports.pictures import Picture, picture
from klimaorg.reports.texts import texts

MUTED = RGBColor(0x4B, 0x50, 0x63)


def _xml_safe_data(value: Any) -> Any:
    """``value`` with control characters removed from every string (Word's XML cannot hold them;
    a municipality name typed with one must not stop the document)."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {k: _xml_safe_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe_data(v) for v in value)
    return value


def _lang_tag(lang: Lang) -> str:
    return "de-DE" if lang == "de" else "en-GB"


def _setup(document: Any, report: Data) -> None:
    lang: Lang = report["lang"]
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2.2)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    rpr = normal.element.get_or_add_rPr()
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), _lang_tag(lang))
    lang_el.set(qn("w:eastAsia"), _lang_tag(lang))
    rpr.append(lang_el)
    props = document.core_properties
    t = texts(lang)
    props.title = _property(f"{t['doc_title']} – {report['municipality']['name']}")
    props.author = f"KlimaOrg {report['version']}"
    props.subject = t["doc_subtitle"]
    props.language = _lang_tag(lang)
    props.keywords = "Klimaschutzmanagement"
    # Footer: municipality · status, then "Seite X von Y".
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = footer.add_run(
        f"{report['municipality']['name']} · {report['status_label']} · {t['page_word']} "
    )
    run.font.size = Pt(8)
    _field(footer, "PAGE")
    footer.add_run(f" {t['of_word']} ").font.size = Pt(8)
    _field(footer, "NUMPAGES")


CORE_PROPERTY_LIMIT = 255
"""Longest text Word's document properties hold (python-docx refuses longer ones)."""


def _property(value: str) -> str:
    """``value`` shortened to fit a document property, with "…" where it was cut."""
    if len(value) <= CORE_PROPERTY_LIMIT:
        return value
    return value[: CORE_PROPERTY_LIMIT - 1] + "…"


def _field(paragraph: Any, instruction: str) -> None:
    """A simple field (PAGE, NUMPAGES) that Word updates when it shows the document."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")
    rpr.append(size)
    run.append(rpr)
    value = OxmlElement("w:t")
    value.text = "1"
    run.append(value)
    field.append(run)
    paragraph._p.append(field)


def _funding_note(paragraph: Any, note: Data) -> None:
    """A funding note: its kind in bold (a contradiction in red), the text, its endnote."""
    label = paragraph.add_run(f"{note['severity_label']}: ")
    label.bold = True
    if note["contradiction"]:
        label.font.color.rgb = RGBColor(0x8A, 0x1C, 0x15)
    paragraph.add_run(note["text"])
    _note(paragraph, note["note"])


def _note(paragraph: Any, number: int) -> None:
    run = paragraph.add_run(str(number))
    run.font.superscript = True


def _runs(paragraph: Any, value: str, *, muted: bool = False, bold: bool = False) -> Any:
    """``value`` (plain text or a line of the blocks' Markdown subset) as runs of
    ``paragraph``: escapes undone, [placeholders] highlighted."""
    for piece, marked in split_placeholders(value):
        run = paragraph.add_run(piece)
        if marked:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if muted:
            run.font.color.rgb = MUTED
        if bold:
            run.bold = True
    return paragraph


def _numbered(document: Any, position: int) -> Any:
    """A paragraph of a numbered list that starts at 1 (Word's "List Number" style would count
    on across every list of the document), with a hanging indent."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.left_indent = Cm(0.63)
    paragraph.paragraph_format.first_line_indent = Cm(-0.63)
    paragraph.add_run(f"{position}.\t")
    return paragraph


def _para(document: Any, value: str, *, style: str | None = None, muted: bool = False) -> Any:
    return _runs(document.add_paragraph(style=style), value, muted=muted)


def _table(
    document: Any,
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric: Sequence[int] = (),
    bold_rows: Sequence[int] = (),
    indents: Sequence[int] | None = None,
) -> Any:
    label = document.add_paragraph(style="Caption")
    label.add_run(caption)
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    head = table.rows[0]
    trpr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    for index, title in enumerate(header):
        cell = head.cells[index]
        cell.text = ""
        run = cell.paragraphs[0].add_run(title)
        run.bold = True
        if index in numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "EEF0F5")
        cell._tc.get_or_add_tcPr().append(shading)
    for row_index, row in enumerate(rows):
        cells = table.add_row().cells
        for index, value in enumerate(row):
            paragraph = cells[index].paragraphs[0]
            run = paragraph.add_run(value)
            if row_index in bold_rows:
                run.bold = True
            if index in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if index == 0 and indents is not None:
                paragraph.paragraph_format.left_indent = Cm(0.6 * indents[row_index])
    document.add_paragraph()
    return table


def _blocks(document: Any, parts: Sequence[Data], level: int) -> None:
    """The parsed text blocks (see :mod:`klimaorg.reports.blocks`) as Word paragraphs."""
    for part in parts:
        kind = part["type"]
        if kind == "h1":
            _runs(document.add_heading("", level=level), part["text"])
        elif kind == "h2":
            _runs(document.add_heading("", level=min(level + 1, 9)), part["text"])
        elif kind == "note":
            paragraph = _runs(document.add_paragraph(), part["text"], bold=True)
            for run in paragraph.runs:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        elif kind == "ul":
            for item in part["items"]:
                _para(document, item, style="List Bullet")
        elif kind == "ol":
            for position, item in enumerate(part["items"], start=1):
                _runs(_numbered(document, position), item)
        else:
            _para(document, part["text"])


def render_docx(report: Data, *, only: str | None = None) -> bytes:
    """The report (or, with ``only``, one text block) as DOCX bytes: the title page, then every
    section of the report's outline (a page break before those that start a new page)."""
    report = _xml_safe_data(report)
    t = texts(report["lang"])
    document = Document()
    _setup(document, report)
    if only is not None:
        block = next((b for b in report["blocks"] if b["id"] == only), None)
        if block is None:
            raise ValueError(f"unknown text block {only!r}")
        _blocks(document, block["parts"], 1)
        return _save(document)
    _title_block(document, report, t)
    report = {**report, "pictures": _Pictures(charts(report))}
    for index, section in enumerate(sections(report)):
        if index and section["new_page"]:
            _page_break(document)
        document.add_heading(section["title"], level=1)
        SECTION_RENDERERS[section["id"]](document, report, t)
    return _save(document)


Texts = dict[str, str]
TEXT_WIDTH_CM = 16.6
"""Width between the margins (A4, 2.2 cm each side): the widest a picture is set."""
CSS_PX_CM = 2.54 / 96


class _Pictures:
    """The report's charts as pictures, each drawn once when first set."""

    def __init__(self, svgs: dict[str, str]) -> None:
        self._svgs = svgs
        self._drawn: dict[str, Picture | None] = {}

    def get(self, key: str) -> Picture | None:
        """The chart ``key`` as a picture; None when it cannot be drawn (the tables remain)."""
        if key not in self._drawn:
            try:
                self._drawn[key] = picture(self._svgs[key])
            except (ImportError, ValueError, KeyError):
                self._drawn[key] = None
        return self._drawn[key]


def _picture(document: Any, report: Data, key: str, caption: str) -> None:
    """Chart ``key`` as a picture with its alternative text (title and description of the
    chart, which name every value), and ``caption`` below it."""
    drawn = report["pictures"].get(key)
    if drawn is None:  # no picture: the caption's note stays, the tables give the values
        _para(document, caption, muted=True)
        return
    width = Cm(min(TEXT_WIDTH_CM, drawn.width * CSS_PX_CM))
    document.add_picture(io.BytesIO(drawn.png), width=width)
    properties = document.inline_shapes[-1]._inline.docPr
    properties.set("title", _property(drawn.title))
    properties.set("descr", drawn.description or drawn.title)
    label = document.add_paragraph(style="Caption")
    label.add_run(caption)


def _summary(document: Any, report: Data, t: Texts) -> None:
    """The decision pages: recommendation, why, how sure, risks with measures, what the
    council is asked to decide."""
    summary = report["summary"]
    council = report["municipality"]["council"]
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{t['summary_recommended']}: ").bold = True
    run = paragraph.add_run(report["recommendation"]["name"])
    run.bold = True
    run.font.size = Pt(16)
    document.add_paragraph(
        f"{report['recommendation']['long_name']}: {report['recommendation']['description']}"
    )
    for sentence in summary["level"]:
        document.add_paragraph(sentence)
    document.add_heading(t["summary_reasons"], level=2)
    for position, reason in enumerate(summary["reasons"], start=1):
        paragraph = _numbered(document, position)
        paragraph.add_run(reason["text"])
        for quote in reason["quotes"]:
            _note(paragraph, quote["note"])
    document.add_heading(t["summary_robustness"], level=2)
    for sentence in summary["robustness"]:
        document.add_paragraph(sentence)
    document.add_heading(t["summary_risk"], level=2)
    for risk in summary["risks"]:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(risk["text"]).bold = True
        _note(paragraph, risk["note"])
        if risk["mitigations"]:
            first = risk["mitigations"][0]
            paragraph.add_run(f" – {t['summary_mitigation']}: {first['name']}: ")
            paragraph.add_run(first["description"])
            _note(paragraph, first["note"])
    _para(document, t["summary_options_note"] if summary["risks"] else t["summary_no_risk"])
    if summary.get("funding"):
        document.add_heading(t["summary_funding"], level=2)
        for note in summary["funding"]:
            _funding_note(document.add_paragraph(), note)
    if summary["decide"]:
        document.add_heading(t["summary_decide"].format(council=council), level=2)
        for position, item in enumerate(summary["decide"], start=1):
            _runs(_numbered(document, position), item)
        _para(document, t["summary_decide_note"].format(council=council), muted=True)
    document.add_heading(t["summary_complement"], level=2)
    if summary["complement"]:
        document.add_paragraph(summary["complement"])
    paragraph = document.add_paragraph(summary["working_group"])
    _note(paragraph, summary["working_group_note"])


def _block(document: Any, report: Data, block_id: str) -> None:
    block = next(b for b in report["blocks"] if b["id"] == block_id)
    _blocks(document, block["parts"], 2)


def _resolution(document: Any, report: Data, t: Texts) -> None:
    _para(document, t["blocks_intro"], muted=True)
    _block(document, report, "beschlussvorlage")


def _profile(document: Any, report: Data, t: Texts) -> None:
    _table(
        document,
        t["profile_facts"],
        [t["col_field"], t["col_value"]],
        [[f["label"], f["value"]] for f in report["facts"]],
    )
    _para(document, t["priorities_intro"], muted=True)
    _table(
        document,
        t["priorities_caption"],
        [t["col_criterion"], t["col_priority"], t["col_weight"], t["col_origin"]],
        [
            [p["name"], p["priority_text"], p["weight_text"], p["origin"]]
            for p in report["priorities"]
        ],
        numeric=(2,),
    )
    document.add_heading(t["assumptions_title"], level=2)
    if report["assumptions"]:
        _table(
            document,
            t["assumptions_caption"],
            [t["col_field"], t["col_assumed"], t["col_rationale"]],
            [[a["label"], a["value"], a["rationale"]] for a in report["assumptions"]],
        )
    else:
        document.add_paragraph(t["assumptions_none"])


def _ranking(document: Any, report: Data, t: Texts) -> None:
    """The ranking and the two charts, each as a picture and as a table of its numbers."""
    _para(document, t["ranking_intro"].format(samples=report["samples"]), muted=True)
    leader = report["recommendation"]["model"]
    _table(
        document,
        t["ranking_caption"],
        [t["col_rank"], t["col_model"], t["col_score"], t["col_first"], t["col_note"]],
        [
            [
                "–" if r["excluded"] else str(r["rank"]),
                r["name"],
                r["score_text"],
                r["share_text"],
                f"{t['excluded']}: {r['reason']}"
                if r["excluded"]
                else (t["recommended_badge"] if r["model"] == leader else ""),
            ]
            for r in report["ranking"]
        ],
        numeric=(0, 2, 3),
        bold_rows=[i for i, r in enumerate(report["ranking"]) if r["model"] == leader],
    )
    _picture(document, report, "scores", f"{t['chart_scores_title']} ({t['chart_table_note']})")
    document.add_heading(t["chart_accept_title"], level=2)
    _para(document, t["accept_intro"], muted=True)
    _picture(document, report, "acceptability", t["chart_accept_title"])
    labels = rank_labels(report)
    _table(
        document,
        t["accept_caption"],
        [t["col_model"], *labels],
        [[row["name"], *row["texts"]] for row in report["acceptability"]],
        numeric=tuple(range(1, len(labels) + 1)),
    )
    document.add_heading(t["chart_profile_title"], level=2)
    _picture(document, report, "profile", t["chart_profile_desc"])
    _table(
        document,
        t["profile_caption"],
        [t["col_criterion"], *report["profile_models"]],
        [
            [row["name"], *(number(v, report["lang"]) for v in row["values"])]
            for row in report["profile_rows"]
        ],
        numeric=tuple(range(1, len(report["profile_models"]) + 1)),
    )


def _orgchart_section(document: Any, report: Data, t: Texts) -> None:
    _picture(document, report, "orgchart", report["orgchart"]["caption"])
    _orgchart(document, report["orgchart"], t)


def _explanation(document: Any, report: Data, t: Texts) -> None:
    _para(document, t["explanation_intro"], muted=True)
    for entry in report["explanation"]:
        paragraph = document.add_paragraph(entry["text"], style="List Bullet")
        for quote in entry["quotes"]:
            _note(paragraph, quote["note"])


def _risks(document: Any, report: Data, t: Texts) -> None:
    _para(document, t["risks_intro"], muted=True)
    for item in report["risks"]:
        heading = document.add_heading(item["text"], level=2)
        _note(heading, item["note"])
        if report["lang"] != "de" and item["quote"]:
            document.add_paragraph(f"{t['quote_label']}: „{item['quote']}“")
        for mit in item["mitigations"]:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(mit["name"]).bold = True
            paragraph.add_run(f": {mit['description']}")
            _note(paragraph, mit["note"])


def _what_if(document: Any, report: Data, t: Texts) -> None:
    if report["what_if"]:
        _para(document, t["what_if_intro"], muted=True)
        for item in report["what_if"]:
            document.add_paragraph(item, style="List Bullet")
    else:
        document.add_paragraph(t["what_if_none"])


def _complement(document: Any, report: Data, t: Texts) -> None:
    _para(document, t["complement_intro"], muted=True)
    document.add_paragraph(report["complement"]["text"] or t["complement_none"])
    document.add_heading(t["working_group_label"], level=2)
    paragraph = document.add_paragraph(report["complement"]["working_group"])
    _note(paragraph, report["complement"]["working_group_note"])


def _funding(document: Any, report: Data, t: Texts) -> None:
    _para(document, t["funding_intro"], muted=True)
    for note in report["funding"]:
        _funding_note(document.add_paragraph(style="List Bullet"), note)
    if not report["funding"]:
        document.add_paragraph(t["funding_notes_none"])
    _block(document, report, "foerderantrag")


def _practice(document: Any, report: Data, t: Texts) -> None:
    _para(document, t["practice_intro"], muted=True)
    for case in report["practice"]:
        document.add_heading(f"{case['name']}: {case['model_name']}", level=2)
        _para(document, case["facts"], muted=True)
        document.add_paragraph(case["summary"])
        labelled = ((t["practice_change"], case["change"]), (t["practice_similar"], case["reason"]))
        for label, value in labelled:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
        _para(document, f"{t['source_label']}: {case['source']}", muted=True)
    if not report["practice"]:
        document.add_paragraph(t["practice_none"])


def _comparison(document: Any, report: Data, t: Texts) -> None:
    lang = report["lang"]
    _para(document, t["comparison_intro"], muted=True)
    for model in report["models"]:
        rank = t["excluded"] if model["excluded"] else t["rank_of"].format(rank=model["rank"])
        badge = f" · {t['recommended_badge']}" if model["recommended"] else ""
        document.add_heading(f"{model['name']} ({rank}{badge})", level=2)
        paragraph = document.add_paragraph(f"„{model['long_name']['quote']}“")
        _note(paragraph, model["long_name"]["note"])
        document.add_heading(t["description_label"], level=3)
        paragraph = document.add_paragraph(f"„{model['description']['quote']}“")
        _note(paragraph, model["description"]["note"])
        if lang != "de":
            _para(document, model["description"]["text"], muted=True)
        if model["description"]["display_note"]:
            _para(
                document,
                f"{t['display_note_label']}: {model['description']['display_note']}",
                muted=True,
            )
        for key in ("advantages", "disadvantages"):
            document.add_heading(t[key], level=3)
            for statement in model[key]:
                paragraph = document.add_paragraph(f"„{statement['quote']}“", style="List Bullet")
                _note(paragraph, statement["note"])
                if lang != "de":
                    paragraph.add_run(f" ({statement['text']})")
        document.add_heading(t["orgchart_title"].format(model=model["name"]), level=3)
        _picture(document, report, f"orgchart_{model['id']}", model["orgchart"]["rationale"])
        _orgchart(document, model["orgchart"], t, with_quote=False)


def _method(document: Any, report: Data, t: Texts) -> None:
    method = report["method"]
    _para(document, t["method_intro"], muted=True)
    _table(
        document,
        t["method_caption"],
        [t["col_parameter"], t["col_setting"]],
        [[row["label"], row["value"]] for row in method["rows"]],
    )
    _table(
        document,
        t["agreement_caption"],
        [t["col_model"], *method["methods"]],
        [[row["name"], *row["ranks"]] for row in method["agreement_rows"]],
        numeric=tuple(range(1, len(method["methods"]) + 1)),
    )
    kendall = "; ".join(f"{k['method']} {k['tau']}" for k in method["kendall"])
    document.add_paragraph(f"{method['agreement_statement']} {t['kendall_label']}: {kendall}.")
    if method["rules"]:
        _table(
            document,
            t["rules_caption"],
            [t["col_rule"], t["col_basis"]],
            [
                [r["text"], r["basis"] + (f" ({r['ref']})" if r["ref"] else "")]
                for r in method["rules"]
            ],
        )
    document.add_heading(t["rating_method_label"], level=2)
    document.add_paragraph(method["rating_method"])
    document.add_paragraph(f"{t['rating_scale_label']}: {method['rating_scale']}")
    _table(
        document,
        t["versions_caption"],
        [t["col_software"], t["col_version"]],
        [[v["name"], v["version"]] for v in method["versions"]],
    )
    document.add_heading(t["reproduce_title"], level=2)
    document.add_paragraph(t["reproduce_text"])
    paragraph = document.add_paragraph()
    run = paragraph.add_run(method["profile_yaml"])
    run.font.name = "Courier New"
    run.font.size = Pt(9)


def _sources(document: Any, report: Data, t: Texts) -> None:
    document.add_heading(t["notes_title"], level=2)
    for note in report["notes"]:
        where = f", {note['locator']}" if note["locator"] else ""
        document.add_paragraph(f"{note['n']}. {note['short']}{where}")
    document.add_heading(t["sources_title"], level=2)
    for source in report["sources"]:
        url = f", {source['url']}" if source["url"] else ""
        note = f". {source['note']}" if source["note"] else ""
        document.add_paragraph(f"{source['citation']}{url}{note}", style="List Bullet")
    document.add_heading(t["licences_title"], level=2)
    for licence in report["licences"]:
        document.add_paragraph(licence, style="List Bullet")


SECTION_RENDERERS: dict[str, Callable[[Any, Data, Texts], None]] = {
    "summary": _summary,
    "resolution": _resolution,
    "profile": _profile,
    "ranking": _ranking,
    "orgchart": _orgchart_section,
    "explanation": _explanation,
    "risks": _risks,
    "what-if": _what_if,
    "complement": _complement,
    "funding": _funding,
    "practice": _practice,
    "comparison": _comparison,
    "method": _method,
    "sources": _sources,
}
"""The Word content of each section of the outline (:mod:`klimaorg.reports.outline`), by id."""


def _title_block(document: Any, report: Data, t: dict[str, str]) -> None:
    """Status, title, municipality and its facts in a few lines: the decision pages follow on
    the same page."""
    m = report["municipality"]
    status = document.add_paragraph()
    run = status.add_run(f"{t['status_label']}: {report['status_label']}".upper())
    run.bold = True
    _para(document, t["doc_subtitle"], muted=True)
    document.add_heading(t["doc_title"], level=0)
    paragraph = document.add_paragraph()
    run = paragraph.add_run(m["name"])
    run.bold = True
    run.font.size = Pt(16)
    facts = [(t["ags_label"], m["ags"])] if m["ags"] else []
    facts += [
        (t["kind_label"], m["kind_label"]),
        (t["population_label"], m["population"]),
        (t["date_label"], report["date"]),
        (t["status_label"], report["status_label"]),
    ]
    paragraph = document.add_paragraph()
    for index, (label, value) in enumerate(facts):
        paragraph.add_run(("  ·  " if index else "") + f"{label}: ").font.color.rgb = MUTED
        paragraph.add_run(str(value)).bold = True
    _para(document, t["made_with"].format(version=report["version"]), muted=True)


def _orgchart(document: Any, chart: Data, t: dict[str, str], *, with_quote: bool = True) -> None:
    if with_quote:
        document.add_heading(t["orgchart_why"], level=2)
    document.add_paragraph(chart["rationale"])
    for note in chart.get("open") or []:
        document.add_paragraph(note)
    paragraph = document.add_paragraph(f"„{chart['quote']}“")
    paragraph.runs[0].italic = True
    if chart.get("note"):
        _note(paragraph, chart["note"])
    rows = chart["hierarchy"]
    _table(
        document,
        t["orgchart_structure"],
        [t["col_unit"], t["col_kind"], t["col_level"]],
        [[row["label"], t[f"nodekind_{row['kind']}"], str(row["level"] + 1)] for row in rows],
        numeric=(2,),
        bold_rows=[i for i, row in enumerate(rows) if row["kind"] == "climate_staff"],
        indents=[row["level"] for row in rows],
    )
    if chart["links"]:
        _table(
            document,
            t["orgchart_links"],
            [t["col_from"], t["col_to"], t["col_link"]],
            [[link["from"], link["to"], link["kind_name"]] for link in chart["links"]],
        )


def _page_break(document: Any) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _save(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
