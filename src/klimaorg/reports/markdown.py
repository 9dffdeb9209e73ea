"""Markdown renderings of the catalogue views (for pasting into council documents and wikis)."""

from __future__ import annotations

from typing import Any

from klimaorg.i18n import Lang, gettext_for

Data = dict[str, Any]


def signed(value: int) -> str:
    """A profile value with its sign (+3, 0, -2)."""
    return f"+{value}" if value > 0 else str(value)


def _effects(statement: Data) -> str:
    return "; ".join(f"{e['criterion_name']} {signed(e['value'])}" for e in statement["effects"])


def _cell(text: str) -> str:
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
        values = " | ".join(signed(m["profile"][position]["value"]) for m in models)
        lines.append(f"| {criterion['name']} | {values} |")
    lines += ["", f"*{data['formula']}*", ""]
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
    if result["assumptions"]:
        lines += ["", f"## {_('Assumptions')}", ""]
        lines += [f"- `{a['field']}`: {a['rationale']}" for a in result["assumptions"]]
    return "\n".join(lines)
