"""Markdown renderings of the catalogue views and the report (for council documents and wikis).

The municipality's name is user text: it is written escaped (:func:`md_text`), so it renders as
exactly what was typed, never as a link, HTML, a heading or a table cell break; the profile in
the method appendix sits in a code block whose fence no line of it can close.
"""

from __future__ import annotations

from collections.abc import Callable

from klimaorg.i18n import Lang, gettext_for, number
from klimaorg.jsondata import Data
from klimaorg.reports.escape import Markdown, code_fence, md_text


def signed(value: int) -> str:
    """A profile value with its sign (+3, 0, -2)."""
    return f"+{value}" if value > 0 else str(value)


def rated(cell: Data, lang: Lang) -> str:
    """A rated cell as one short text: value and interval ("3,5 (3–4)")."""
    low, high = number(cell["low"], lang), number(cell["high"], lang)
    return f"{number(cell['value'], lang)} ({low}–{high})"


def basis_text(item: Data, lang: Lang) -> str:
    """One basis item of a rating in words: statement, cited source or labelled assumption."""
    _ = gettext_for(lang)
    if item["kind"] == "statement":
        return f"{item['text']} ({_('statement of the source table')})"
    if item["kind"] == "source":
        return f"{item['text']} ({item['source']['citation']})"
    return f"{_('Expert assumption')}: {item['text']}"


def _effects(statement: Data) -> str:
    return "; ".join(f"{e['criterion_name']} {signed(e['value'])}" for e in statement["effects"])


def _cell(text: str) -> str:
    """Packaged text as a table cell; user text comes escaped already (:func:`md_text`)."""
    if isinstance(text, Markdown):
        return text
    return text.replace("|", "\\|").replace("\n", " ")


def models_list(data: Data) -> str:
    """The overview of all models as a Markdown table."""
    _ = gettext_for(data["lang"])
    lines = [f"| ID | {_('Model')} | {_('Description')} |", "|---|---|---|"]
    for model in data["models"]:
        name, description = _cell(model["name"]["text"]), _cell(model["description"]["text"])
        lines.append(f"| `{model['id']}` | {name} | {description} |")
    return "\n".join(lines)


def model_detail(model: Data, lang: Lang) -> str:
    """One model with its statements, effects and sources."""
    _ = gettext_for(lang)
    lines = [f"## {model['name']['text']}", "", model["description"]["text"], ""]
    if note := model["description"].get("note"):
        lines += [f"> {note}", ""]
    for key, title in (("advantages", _("Advantages")), ("disadvantages", _("Disadvantages"))):
        lines += [f"### {title}", ""]
        for statement in model[key]:
            lines.append(f"- {statement['text']}")
            if lang != "de":
                lines.append(f"  - {_('Source text')}: „{statement['quote']}“")
            lines.append(f"  - {_('Criteria')}: {_effects(statement)}")
            lines.append(f"  - {_('Source')}: {statement['source']['citation']}")
        lines.append("")
    lines += [f"### {_('Rating')}", ""]
    for cell in model["profile"]:
        lines.append(f"- **{cell['criterion_name']}: {rated(cell, lang)}** – {cell['rationale']}")
        lines += [f"  - {basis_text(item, lang)}" for item in cell["basis"]]
    lines.append("")
    return "\n".join(lines)


def model_show(data: Data) -> str:
    """The page of one model."""
    return model_detail(data["model"], data["lang"])


def comparison(data: Data) -> str:
    """The criteria profiles of the chosen models, then each model in full."""
    _ = gettext_for(data["lang"])
    models = data["models"]
    header = f"| {_('Criterion')} | " + " | ".join(m["short_name"] for m in models) + " |"
    lines = [f"# {_('Comparison of models')}", "", header, "|---" * (len(models) + 1) + "|"]
    for position, criterion in enumerate(data["criteria"]):
        values = " | ".join(rated(m["profile"][position], data["lang"]) for m in models)
        lines.append(f"| {criterion['name']} | {values} |")
    lines += ["", f"*{data['method']}*", ""]
    lines += [model_detail(m, data["lang"]) for m in models]
    return "\n".join(lines)


def criteria_list(data: Data) -> str:
    """The criteria with their definitions and the statements they come from."""
    _ = gettext_for(data["lang"])
    lines = [f"# {_('Criteria')}", ""]
    for criterion in data["criteria"]:
        lines += [f"## {criterion['name']} (`{criterion['id']}`)", "", criterion["definition"], ""]
        lines.append(f"{_('Derived from')}:")
        lines += [f"- {d['text']} (`{d['id']}`)" for d in criterion["derived_from"]]
        lines.append("")
    return "\n".join(lines)


def advice(result: Data) -> str:
    """A recommendation as Markdown: ranking, reasons, what-if, risks, complement, assumptions."""
    lang = result["lang"]
    _ = gettext_for(lang)
    lines = [f"# {_('Recommendation')}: {result['recommendation_name']}", ""]
    lines += [result["explanation"][0]["text"], "", f"## {_('Ranking')}", ""]
    lines += [
        f"| {_('Rank')} | {_('Model')} | {_('Score')} | {_('Ranks first in')} |",
        "|---|---|---|---|",
    ]
    for row in result["ranking"]:
        if row["excluded"]:
            lines.append(f"| – | {row['name']} | – | {_('excluded')}: {_cell(row['reason'])} |")
        else:
            share = round(100 * row["first_rank_share"])
            lines.append(f"| {row['rank']} | {row['name']} | {row['score']:.2f} | {share} % |")
    sections = (
        (_("Why"), [s["text"] for s in result["explanation"][1:]]),
        (_("What would change the result"), [w["text"] for w in result["what_if"]]),
    )
    for title, items in sections:
        lines += ["", f"## {title}", ""] + [f"- {item}" for item in items]
    lines += ["", f"## {_('Risks and mitigations')}", ""]
    for risk in result["risks"]:
        lines.append(f"- {risk['text']}")
        lines += [f"  - {m['name']}: {m['description']}" for m in risk["mitigations"]]
    complement = result["complement"]
    lines += ["", f"## {_('Complement')}", ""]
    if complement["text"]:
        lines.append(f"- {complement['text']}")
    lines.append(f"- {complement['working_group']['text']}")
    lines += _funding_lines(result)
    lines += _practice_lines(result)
    if result["assumptions"]:
        lines += ["", f"## {_('Assumptions')}", ""]
        lines += [f"- {a['label']}: {a['rationale']}" for a in result["assumptions"]]
    return "\n".join(lines + _level_lines(result))


def _funding_lines(result: Data) -> list[str]:
    """The funding conditions that apply, each with its kind in bold (a contradiction is named
    as one) and its source, linked where the source has an address. Packaged texts only."""
    notes = result.get("funding") or []
    if not notes:
        return []
    _ = gettext_for(result["lang"])
    lines = ["", f"## {_('Funding conditions')}", ""]
    for note in notes:
        citation = note["citation"]
        source = f"[{citation}]({note['url']})" if note.get("url") else citation
        lines.append(f"- **{note['severity_label']}:** {note['text']} ({_('Source')}: {source})")
    return lines


def _practice_lines(result: Data) -> list[str]:
    """The documented cases most like the profile, each with model, change, reason and linked
    source. Packaged texts only (names, summaries, reasons come from the data files)."""
    examples = result.get("practice_examples") or []
    if not examples:
        return []
    _ = gettext_for(result["lang"])
    lines = ["", f"## {_('Similar cases in practice')}", ""]
    for case in examples:
        lines.append(
            f"- **{_cell(case['name'])}: {case['model_name']}** – {case['summary']} "
            f"{_('Change of placement')}: {case['change']} {_('Why similar')}: {case['reason']} "
            f"([{_('Source')}]({case['source']}))"
        )
    return lines


def _level_lines(result: Data) -> list[str]:
    """Which administration the advice is for, its members with population, and the notes of
    its kind (a Landkreis's tasks, Klimaschutzkoordination) with their sources."""
    lang = result["lang"]
    _ = gettext_for(lang)
    level, notes = result.get("level"), result.get("level_notes") or []
    if not level and not notes:
        return []
    lines = ["", f"## {_('Administrative level')}", ""]
    if level:
        # Packaged sentence and names from the official directory, never user text.
        lines += [level["text"], ""]
        lines += [
            f"- {m['name']} ({m['key']}): {number(m['population'], lang, 0)}"
            for m in level["members"]
        ]
        lines.append("")
    for note in notes:
        source = f" ({note['source']}, {note['url']})" if note.get("url") else ""
        lines += [f"{note['text']}{source}", ""]
    return lines


# ----------------------------------------------------------------------------- full report


def _ref(number: int) -> str:
    return f"[^{number}]"


def _table_md(header: list[str], rows: list[list[str]], caption: str) -> list[str]:
    lines = [f"*{caption}*", "", "| " + " | ".join(_cell(h) for h in header) + " |"]
    lines.append("|" + "---|" * len(header))
    lines += [
        "| " + " | ".join(_cell(v if isinstance(v, str) else str(v)) for v in row) + " |"
        for row in rows
    ]
    return [*lines, ""]


def _funding_item(note: Data) -> str:
    """One funding note of the report: its kind in bold, the text and its endnote."""
    return f"**{note['severity_label']}:** {note['text']}{_ref(note['note'])}"


def text_block(report: Data, block_id: str) -> str:
    """One text building block (Beschlussvorlage, Förderantrag) as Markdown."""
    for block in report["blocks"]:
        if block["id"] == block_id:
            return str(block["source"])
    raise ValueError(f"unknown text block {block_id!r}")


def report(report: Data) -> str:
    """The whole report (see :mod:`klimaorg.reports.build`) as Markdown with footnotes: the
    title part, then every section of the report's outline, then the footnotes."""
    from klimaorg.reports.outline import sections
    from klimaorg.reports.texts import texts

    t = texts(report["lang"])
    lines = _title_md(report, t)
    for section in sections(report):
        lines += [f"## {section['title']}", ""]
        lines += SECTION_RENDERERS[section["id"]](report, t)
    for note in report["notes"]:
        where = f", {note['locator']}" if note["locator"] else ""
        lines.append(f"[^{note['n']}]: {note['short']}{where}")
    return "\n".join(lines).rstrip() + "\n"


Texts = dict[str, str]


def _title_md(report: Data, t: Texts) -> list[str]:
    m = report["municipality"]
    lines = [f"# {t['doc_title']}: {md_text(m['name'])}", ""]
    lines += [
        f"**{t['status_label']}: {report['status_label']}** · {t['date_label']}: {report['date']}",
        "",
    ]
    facts = [[t["kind_label"], m["kind_label"]], [t["population_label"], m["population"]]]
    if m["ags"]:
        facts.insert(0, [t["ags_label"], md_text(m["ags"])])
    lines += _table_md([t["col_field"], t["col_value"]], facts, t["profile_facts"])
    return [*lines, f"*{t['made_with'].format(version=report['version'])}*", ""]


def _summary_md(report: Data, t: Texts) -> list[str]:
    """The decision pages: recommendation, why, how sure, risks with measures, what the
    council is asked to decide."""
    summary = report["summary"]
    council = report["municipality"]["council"]
    lines = [
        f"**{t['summary_recommended']}: {report['recommendation']['name']}** – "
        f"{report['recommendation']['long_name']}: {report['recommendation']['description']}",
        "",
    ]
    # Packaged sentences with names from the official directory (never user text), like the
    # other summary sentences.
    lines += [sentence + "\n" for sentence in summary["level"]]
    lines += [f"### {t['summary_reasons']}", ""]
    for index, reason in enumerate(summary["reasons"], start=1):
        refs = "".join(_ref(q["note"]) for q in reason["quotes"])
        lines.append(f"{index}. {reason['text']}{refs}")
    lines += ["", f"### {t['summary_robustness']}", "", *(s + "\n" for s in summary["robustness"])]
    lines += [f"### {t['summary_risk']}", ""]
    for risk in summary["risks"]:
        lines.append(f"- **{risk['text']}**{_ref(risk['note'])}")
        if risk["mitigations"]:
            first = risk["mitigations"][0]
            lines.append(
                f"  - {t['summary_mitigation']}: {first['name']} – "
                f"{first['description']}{_ref(first['note'])}"
            )
    lines += ["", t["summary_options_note"] if summary["risks"] else t["summary_no_risk"], ""]
    if summary.get("funding"):
        lines += [f"### {t['summary_funding']}", ""]
        lines += [_funding_item(f) + "\n" for f in summary["funding"]]
    if summary["decide"]:
        lines += [f"### {t['summary_decide'].format(council=council)}", ""]
        lines += [f"{n}. {item}" for n, item in enumerate(summary["decide"], start=1)]
        lines += ["", t["summary_decide_note"].format(council=council), ""]
    lines += [f"### {t['summary_complement']}", ""]
    if summary["complement"]:
        lines += [summary["complement"], ""]
    return [*lines, f"{summary['working_group']}{_ref(summary['working_group_note'])}", ""]


def _block_md(report: Data, block_id: str) -> list[str]:
    """A text block inside the report: its headings moved below the section's."""
    block = next(b for b in report["blocks"] if b["id"] == block_id)
    source = block["source"].replace("\n# ", "\n### ").replace("\n## ", "\n#### ")
    if source.startswith("# "):
        source = "### " + source[2:]
    return [source, ""]


def _resolution_md(report: Data, t: Texts) -> list[str]:
    return [t["blocks_intro"], "", *_block_md(report, "beschlussvorlage")]


def _profile_md(report: Data, t: Texts) -> list[str]:
    lines = _table_md(
        [t["col_field"], t["col_value"]],
        [[f["label"], _fact_value(f)] for f in report["facts"]],
        t["profile_facts"],
    )
    lines += [t["priorities_intro"], ""]
    lines += _table_md(
        [t["col_criterion"], t["col_priority"], t["col_weight"], t["col_origin"]],
        [
            [p["name"], p["priority_text"], p["weight_text"], p["origin"]]
            for p in report["priorities"]
        ],
        t["priorities_caption"],
    )
    lines += [f"### {t['assumptions_title']}", ""]
    if report["assumptions"]:
        return lines + _table_md(
            [t["col_field"], t["col_assumed"], t["col_rationale"]],
            [[a["label"], a["value"], a["rationale"]] for a in report["assumptions"]],
            t["assumptions_caption"],
        )
    return [*lines, t["assumptions_none"], ""]


def _ranking_md(report: Data, t: Texts) -> list[str]:
    from klimaorg.charts.svg import signed as signed_value
    from klimaorg.reports.html import rank_labels

    lines = _table_md(
        [t["col_rank"], t["col_model"], t["col_score"], t["col_first"], t["col_note"]],
        [
            [
                "–" if r["excluded"] else str(r["rank"]),
                r["name"],
                r["score_text"],
                r["share_text"],
                f"{t['excluded']}: {r['reason']}" if r["excluded"] else "",
            ]
            for r in report["ranking"]
        ],
        t["ranking_caption"],
    )
    lines += _table_md(
        [t["col_model"], *rank_labels(report)],
        [[row["name"], *row["texts"]] for row in report["acceptability"]],
        t["accept_caption"],
    )
    return lines + _table_md(
        [t["col_criterion"], *report["profile_models"]],
        [
            [row["name"], *(signed_value(v, report["lang"]) for v in row["values"])]
            for row in report["profile_rows"]
        ],
        t["profile_caption"],
    )


def _orgchart_section_md(report: Data, t: Texts) -> list[str]:
    chart = report["orgchart"]
    lines = [chart["rationale"], ""]
    lines += [line for note in chart.get("open") or [] for line in (md_text(note), "")]
    lines += [f"> „{chart['quote']}“{_ref(chart['note'])}", ""]
    return lines + _orgchart_md(chart, t)


def _explanation_md(report: Data, _t: Texts) -> list[str]:
    lines = []
    for entry in report["explanation"]:
        refs = "".join(_ref(q["note"]) for q in entry["quotes"])
        lines.append(f"- {entry['text']}{refs}")
    return [*lines, ""]


def _risks_md(report: Data, _t: Texts) -> list[str]:
    lines = []
    for item in report["risks"]:
        lines.append(f"- **{item['text']}**{_ref(item['note'])}")
        lines += [
            f"  - {mit['name']}: {mit['description']}{_ref(mit['note'])}"
            for mit in item["mitigations"]
        ]
    return [*lines, ""]


def _what_if_md(report: Data, t: Texts) -> list[str]:
    return [*([f"- {w}" for w in report["what_if"]] or [t["what_if_none"]]), ""]


def _complement_md(report: Data, t: Texts) -> list[str]:
    complement = report["complement"]
    return [
        complement["text"] or t["complement_none"],
        "",
        f"{complement['working_group']}{_ref(complement['working_group_note'])}",
        "",
    ]


def _funding_md(report: Data, t: Texts) -> list[str]:
    lines = [t["funding_intro"], ""]
    lines += [f"- {_funding_item(f)}" for f in report["funding"]] or [t["funding_notes_none"]]
    return [*lines, "", *_block_md(report, "foerderantrag")]


def _practice_md(report: Data, t: Texts) -> list[str]:
    lines = [t["practice_intro"], ""]
    for case in report["practice"]:
        lines += [
            f"### {_cell(case['name'])}: {case['model_name']}",
            "",
            f"*{case['facts']}*",
            "",
            case["summary"],
            "",
            f"**{t['practice_change']}:** {case['change']}",
            "",
            f"**{t['practice_similar']}:** {case['reason']}",
            "",
            f"{t['source_label']}: {case['source']}",  # as text, like the list of sources
            "",
        ]
    if not report["practice"]:
        lines += [t["practice_none"], ""]
    return lines


def _comparison_md(report: Data, t: Texts) -> list[str]:
    lines: list[str] = []
    for model in report["models"]:
        rank = t["excluded"] if model["excluded"] else t["rank_of"].format(rank=model["rank"])
        badge = f", {t['recommended_badge']}" if model["recommended"] else ""
        lines += [f"### {model['name']} ({rank}{badge})", ""]
        lines += [f"„{model['description']['quote']}“{_ref(model['description']['note'])}", ""]
        for key in ("advantages", "disadvantages"):
            lines += [f"**{t[key]}**", ""]
            lines += [f"- „{s['quote']}“{_ref(s['note'])}" for s in model[key]]
            lines.append("")
        lines += [
            f"*{t['orgchart_title'].format(model=model['name'])}*: "
            f"{model['orgchart']['rationale']}",
            "",
        ]
        lines += _orgchart_md(model["orgchart"], t)
    return lines


def _method_md(report: Data, t: Texts) -> list[str]:
    method = report["method"]
    lines = [t["method_intro"], ""]
    lines += _table_md(
        [t["col_parameter"], t["col_setting"]],
        [[r["label"], r["value"]] for r in method["rows"]],
        t["method_caption"],
    )
    lines += _table_md(
        [t["col_model"], *method["methods"]],
        [[r["name"], *r["ranks"]] for r in method["agreement_rows"]],
        t["agreement_caption"],
    )
    if method["rules"]:
        lines += _table_md(
            [t["col_rule"], t["col_basis"]],
            [
                [r["text"], r["basis"] + (f" ({r['ref']})" if r["ref"] else "")]
                for r in method["rules"]
            ],
            t["rules_caption"],
        )
    lines += [f"**{t['rating_method_label']}**: {method['rating_method']}", ""]
    lines += [f"**{t['rating_scale_label']}**: {method['rating_scale']}", ""]
    lines += _table_md(
        [t["col_software"], t["col_version"]],
        [[v["name"], v["version"]] for v in method["versions"]],
        t["versions_caption"],
    )
    fence = code_fence(method["profile_yaml"])
    return [
        *lines,
        f"### {t['reproduce_title']}",
        "",
        t["reproduce_text"],
        "",
        f"{fence}yaml",
        method["profile_yaml"],
        fence,
        "",
    ]


def _sources_md(report: Data, t: Texts) -> list[str]:
    lines = [f"### {t['sources_title']}", ""]
    for source in report["sources"]:
        url = f", {source['url']}" if source["url"] else ""
        lines.append(f"- {source['citation']}{url}")
    return [
        *lines,
        "",
        f"### {t['licences_title']}",
        "",
        *(f"- {i}" for i in report["licences"]),
        "",
    ]


SECTION_RENDERERS: dict[str, Callable[[Data, Texts], list[str]]] = {
    "summary": _summary_md,
    "resolution": _resolution_md,
    "profile": _profile_md,
    "ranking": _ranking_md,
    "orgchart": _orgchart_section_md,
    "explanation": _explanation_md,
    "risks": _risks_md,
    "what-if": _what_if_md,
    "complement": _complement_md,
    "funding": _funding_md,
    "practice": _practice_md,
    "comparison": _comparison_md,
    "method": _method_md,
    "sources": _sources_md,
}
"""The Markdown of each section of the outline (:mod:`klimaorg.reports.outline`), by id."""


USER_TEXT_FIELDS = frozenset({"municipality.name", "municipality.ags"})
"""Profile fields whose value is typed by a user or read from the directory (the key is checked
to be digits; escaping it costs nothing and keeps the rule simple)."""


def _fact_value(fact: Data) -> str:
    value = str(fact["value"])
    return md_text(value) if fact["field"] in USER_TEXT_FIELDS else value


def _orgchart_md(chart: Data, t: dict[str, str]) -> list[str]:
    lines = [f"*{t['orgchart_structure']}*", ""]
    for row in chart["hierarchy"]:
        label = f"**{row['label']}**" if row["kind"] == "climate_staff" else row["label"]
        lines.append(f"{'  ' * row['level']}- {label} ({t['nodekind_' + row['kind']]})")
    if chart["links"]:
        lines += ["", f"*{t['orgchart_links']}*", ""]
        lines += [
            f"- {link['from']} – {link['to']}: {link['kind_name']}" for link in chart["links"]
        ]
    return [*lines, ""]
