"""The content of a report: one JSON-ready dict built from a profile and its recommendation.

Every renderer (HTML and PDF, DOCX, Markdown) reads this dict and nothing else, so the formats can
never disagree. Numbers and dates are already formatted for the reader; charts are drawn by the
renderers from the numbers kept here.

:func:`build_report` takes a profile and the result of :func:`klimaorg.advisor.advise` as they
were stored, so a saved assessment can be reported again later exactly as it was decided;
:func:`report_for_profile` computes the recommendation first.
"""

from __future__ import annotations

import platform
from datetime import date
from importlib import metadata
from typing import Any, Literal

import yaml

from klimaorg import __version__
from klimaorg.advisor import advise, load_advisor_data
from klimaorg.directory import Directory
from klimaorg.errors import NotFoundError
from klimaorg.i18n import Lang, day, number, percent
from klimaorg.jsondata import Data
from klimaorg.knowledge.catalogue import compare_models, list_sources
from klimaorg.reports.blocks import render_blocks, resolution_items
from klimaorg.reports.escape import plain_text
from klimaorg.reports.orgcharts import Situation, chart_data
from klimaorg.reports.outline import outline
from klimaorg.reports.texts import text

Status = Literal["draft", "decided"]

#: Models shown in the criteria-profile chart (the leading ones).
PROFILE_MODELS = 3
#: Risks named on the decision pages (each with its first mitigation).
SUMMARY_RISKS = 2
SOFTWARE = ("typst", "python-docx", "numpy", "scipy", "pydantic", "jinja2", "pyyaml")
DIFU = "difu2023"
DESTATIS = "destatis_gv100"


class _Notes:
    """Numbered references (endnotes): one number per distinct citation and locator."""

    def __init__(self) -> None:
        self.items: list[Data] = []
        self._index: dict[tuple[str, str], int] = {}

    def add(self, citation: str, locator: str | None = None, url: str | None = None) -> int:
        key = (citation, locator or "")
        if key not in self._index:
            # With a locator the short form suffices ("Difu (2023), Tabelle, …"); the full
            # citation stands once in the list of sources.
            short = citation.split(",")[0] if locator else citation
            self.items.append(
                {
                    "n": len(self.items) + 1,
                    "citation": citation,
                    "short": short,
                    "locator": locator,
                    "url": url,
                }
            )
            self._index[key] = len(self.items)
        return self._index[key]

    def source(self, source: Data) -> int:
        return self.add(source["citation"], source.get("locator"), source.get("url"))


def report_for_profile(
    profile: Any,
    lang: Lang = "de",
    *,
    directory: Directory | None = None,
    created: date | None = None,
) -> Data:
    """Recommend for ``profile`` (as ``klimaorg advise`` reads it) and build its report."""
    result = advise(profile, lang=lang, directory=directory)
    return build_report(profile, result, created=created)


def build_report(
    profile: Any,
    result: Data,
    *,
    created: date | None = None,
    status: Status = "draft",
    from_directory: bool | None = None,
) -> Data:
    """The report of a stored ``profile`` and its ``result`` (language: the result's).

    ``from_directory`` says whether the municipality's data came from the official directory
    (credited to Destatis); by default it is inferred: the profile lacked kind or population.
    """
    lang: Lang = "en" if result["lang"] == "en" else "de"
    kb = load_advisor_data().knowledge
    advisor = load_advisor_data()
    created = created or date.today()
    notes = _Notes()
    situation = situation_of(result)
    catalogue = compare_models(kb, [], lang)
    models = {m["id"]: m for m in catalogue["models"]}
    criteria = {c["id"]: c["name"] for c in catalogue["criteria"]}
    inputs = result["inputs"]["profile"]
    if from_directory is None:
        given = (profile or {}).get("municipality") or {} if isinstance(profile, dict) else {}
        from_directory = not (given.get("kind") and given.get("population"))
    leader = result["recommendation"]
    leading = models[leader]

    def fmt_share(value: float) -> str:
        return percent(value, lang)

    name = _display_name(inputs.get("municipality.name"))
    municipality = {
        "name": name or text("municipality_unnamed", lang),
        "named": bool(name),
        "ags": inputs.get("municipality.ags"),
        "kind": inputs.get("municipality.kind"),
        "kind_label": text(f"kind_{inputs['municipality.kind']}", lang),
        "population": number(inputs["municipality.population"], lang, 0),
        "council": text(
            "council_landkreis"
            if inputs["municipality.kind"] == "landkreis"
            else "council_default",
            lang,
        ),
        "from_directory": from_directory,
    }

    def quoted(source_text: Data) -> Data:
        return {
            "text": source_text["text"],
            "quote": source_text["quote"],
            "note": notes.source(source_text["source"]),
            "display_note": source_text.get("note"),
        }

    # Explanation with the quotations its sentences refer to.
    rules = {r["id"]: r for r in result["rules_fired"]}
    explanation = []
    for sentence in result["explanation"]:
        quotes = [_ref_quote(ref, kb, rules, models, notes, lang) for ref in sentence["refs"]]
        explanation.append(
            {"kind": sentence["kind"], "text": sentence["text"], "quotes": [q for q in quotes if q]}
        )
    reasons = [e for e in explanation if e["kind"] == "advantage"][:3]
    if len(reasons) < 3:
        reasons += [e for e in explanation if e["kind"].startswith("rule_fired")][
            : 3 - len(reasons)
        ]

    risks = []
    for risk in result["risks"]:
        if risk["statement"]:
            statement = kb.statement(risk["statement"])
            locator = _locator(models, risk["statement"])
            note = notes.add(_citation(kb, statement.statement.source, lang), locator)
        else:  # a context rule that lowers the model here: cite what the rule rests on
            basis = _ref_quote(f"rule:{risk['rule']}", kb, rules, models, notes, lang)
            rule_label = f"{text('rule_label', lang)} {risk['rule']}"
            note = basis["note"] if basis else notes.add(f"KlimaOrg, {rule_label}")
        risks.append(
            {
                "text": risk["text"],
                "quote": risk["quote"],
                "note": note,
                "criteria": [criteria[c] for c in risk["criteria"]],
                "mitigations": [
                    {
                        "name": m["name"],
                        "description": m["description"],
                        "effort": m["effort"],
                        "note": notes.add(m["source"]),
                        "expert": m["source_kind"] == "expert_assumption",
                    }
                    for m in risk["mitigations"]
                ],
            }
        )

    ranking = [
        {
            "rank": row["rank"],
            "model": row["model"],
            "name": row["name"],
            "score": None if row["excluded"] else row["score"],
            "score_text": "–" if row["excluded"] else number(row["score"], lang),
            "share": row["first_rank_share"],
            "share_text": "–" if row["excluded"] else fmt_share(row["first_rank_share"]),
            "excluded": row["excluded"],
            "reason": row["reason"],
        }
        for row in result["ranking"]
    ]
    accept = result["robustness"]["rank_acceptability"]
    acceptability = [  # excluded models have no ranks
        {
            "model": row["model"],
            "name": row["name"],
            "shares": accept[row["model"]],
            "texts": [fmt_share(s) for s in accept[row["model"]]],
        }
        for row in result["ranking"]
        if row["model"] in accept
    ]
    shown_rows = [r for r in result["ranking"] if not r["excluded"]][:PROFILE_MODELS]
    shown = [r["model"] for r in shown_rows]
    profile_rows = [
        {
            "criterion": cid,
            "name": name,
            "values": [result["criteria_profile"][m][cid] for m in shown],
        }
        for cid, name in criteria.items()
    ]

    complement = result["complement"]
    wg_note = notes.add(complement["working_group"]["source"])
    funding = _funding(result, kb, notes, lang)
    robustness_sentences = [
        e["text"] for e in explanation if e["kind"] in ("summary", "summary_close", "doubt")
    ] + [result["agreement"]["statement"]]

    summary = {
        # Which administration the advice is for (an association for its member Gemeinde, a
        # Landkreis) and the notes of its kind, each note with its source.
        "level": ([result["level"]["text"]] if result.get("level") else [])
        + [
            f"{n['text']} ({n['source']})" if n.get("source") else n["text"]
            for n in result.get("level_notes", [])
        ],
        "robustness": robustness_sentences,
        "reasons": reasons,
        "risk": risks[0] if risks else None,
        # The decision pages name the two main risks, each with its first mitigation.
        "risks": risks[:SUMMARY_RISKS],
        "complement": complement.get("text"),
        "working_group": complement["working_group"]["text"],
        "working_group_note": wg_note,
        # A contradiction in the answers on funding belongs on the first page.
        "funding": [n for n in funding if n["contradiction"]],
    }

    comparison = []
    rank_of = {r["model"]: r for r in ranking}
    for model_id, model in models.items():
        comparison.append(
            {
                "id": model_id,
                "name": model["short_name"],
                "long_name": quoted(model["name"]),
                "description": quoted(model["description"]),
                "advantages": [quoted(s) for s in model["advantages"]],
                "disadvantages": [quoted(s) for s in model["disadvantages"]],
                "orgchart": chart_data(model_id, lang, situation),
                "rank": rank_of[model_id]["rank"],
                "excluded": rank_of[model_id]["excluded"],
                "recommended": model_id == leader,
            }
        )
    for entry in comparison:
        entry["orgchart"]["note"] = notes.source({**models[entry["id"]]["description"]["source"]})
    leader_chart = next(entry["orgchart"] for entry in comparison if entry["id"] == leader)

    report: Data = {
        "lang": lang,
        "version": __version__,
        "status": status,
        "status_label": text(f"status_{status}", lang),
        "date": day(created, lang),
        "date_iso": created.isoformat(),
        "municipality": municipality,
        "recommendation": {
            "model": leader,
            "name": result["recommendation_name"],
            "long_name": leading["name"]["text"],
            "description": leading["description"]["text"],
            "score_text": rank_of[leader]["score_text"],
            "share_text": rank_of[leader]["share_text"],
        },
        "summary": summary,
        "facts": _facts(inputs, advisor, lang),
        "priorities": _priorities(result, criteria, advisor, lang),
        "assumptions": [
            {
                "field": a["field"],
                "label": _field_label(a["field"], lang),
                "value": _value(a["field"], a["value"], lang, advisor),
                "rationale": a["rationale"],
            }
            for a in result["assumptions"]
        ],
        "ranking": ranking,
        "samples": result["robustness"]["samples"],
        "acceptability": acceptability,
        "profile_models": [r["name"] for r in shown_rows],
        "profile_rows": profile_rows,
        "explanation": explanation,
        "risks": risks,
        "what_if": [w["text"] for w in result["what_if"] if w.get("kind") != "none"],
        "complement": {
            "model": complement.get("model"),
            "name": complement.get("name"),
            "text": complement.get("text"),
            "covers": [criteria[c] for c in complement.get("covers") or []],
            "working_group": complement["working_group"]["text"],
            "working_group_note": wg_note,
        },
        "funding": funding,
        "practice": _practice(result, lang),
        "orgchart": {
            **leader_chart,
            "name": result["recommendation_name"],
            "note": notes.source(leading["description"]["source"]),
            "caption": text("orgchart_example_note", lang),
        },
        "models": comparison,
        "method": _method(result, kb, lang, profile),
        "criteria_names": list(criteria.values()),
        "sections": outline(lang, result["recommendation_name"]),
    }
    report["blocks"] = render_blocks(report, result, lang)
    summary["decide"] = resolution_items(report["blocks"], lang)
    report["notes"] = notes.items
    report["sources"], report["licences"] = _sources(kb, lang, notes, from_directory)
    return report


def _funding(result: Data, kb: Any, notes: _Notes, lang: Lang) -> list[Data]:
    """The funding notes of the result, each with its endnote (source and section).

    A result stored before the notes existed has none (``[]``). An expert assumption is flagged
    like a measure's, so every renderer labels it.
    """
    out = []
    for note in result.get("funding") or []:
        source = kb.source(note["source"])
        out.append(
            {
                "severity": note["severity"],
                "severity_label": note["severity_label"],
                "contradiction": note["severity"] == "contradiction",
                "text": note["text"],
                "expert": note["basis"] == "expert_assumption",
                "note": notes.add(source.cite(lang), note.get("locator"), source.url),
            }
        )
    return out


def _practice(result: Data, lang: Lang) -> list[Data]:
    """The documented cases most like the profile, with a one-line description of each
    (kind, Land, population, since) and the source address; ``[]`` for an older stored result."""
    out = []
    for case in result.get("practice_examples") or []:
        facts = [case["kind_label"], case["land_name"], number(case["population"], lang, 0)]
        if case.get("since"):
            facts.append(text("practice_since", lang, year=case["since"]))
        out.append(
            {
                "name": case["name"],
                "model_name": case["model_name"],
                "facts": ", ".join(facts),
                "summary": case["summary"],
                "change": case["change"],
                "reason": case["reason"],
                "source": case["source"],
            }
        )
    return out


def situation_of(result: Data) -> Situation:
    """The municipality as its org charts need it, as the user stated it: an Umweltamt the
    advisor had to assume stays open (drawn and labelled as open, never as a fact)."""
    values = result["inputs"]["profile"]
    field = "structures.environment_office"
    assumed = any(a["field"] == field for a in result["assumptions"])
    office = None if assumed or values.get(field) is None else bool(values[field])
    return Situation.of(
        values.get("municipality.kind"), values.get("municipality.population"), office
    )


def _display_name(value: Any) -> str:
    """The municipality's name as the report shows it: one line of printable text ("" if none).

    The name is user input (or read from the directory); every renderer escapes it for its
    format, and this makes sure none of them gets line breaks or invisible characters.
    """
    return plain_text(value) if isinstance(value, str) else ""


def _citation(kb: Any, source_id: str, lang: Lang) -> str:
    return str(kb.source(source_id).cite(lang))


def _locator(models: dict[str, Data], ref: str) -> str | None:
    model_id = ref.split(".")[0]
    model = models.get(model_id)
    if model is None:
        return None
    for statement in (*model["advantages"], *model["disadvantages"]):
        if statement["id"] == ref:
            return str(statement["source"]["locator"])
    return None


def _ref_quote(
    ref: str, kb: Any, rules: dict[str, Data], models: dict[str, Data], notes: _Notes, lang: Lang
) -> Data | None:
    """The quotation a reference points to: a statement, or a rule's basis."""
    if ref.startswith("rule:"):
        rule = rules.get(ref.removeprefix("rule:"))
        if rule is None:
            return None
        basis = rule["basis"]
        target = rule["ref"]
        if "." in target:
            return _ref_quote(target, kb, rules, models, notes, lang)
        source = kb.source(target)
        return {
            "quote": None,
            "basis": text(f"basis_{basis}", lang),
            "note": notes.add(source.cite(lang), None, source.url),
        }
    model_id = ref.split(".")[0]
    if model_id not in models:
        return None
    for statement in (*models[model_id]["advantages"], *models[model_id]["disadvantages"]):
        if statement["id"] == ref:
            return {
                "quote": statement["quote"],
                "basis": None,
                "note": notes.source(statement["source"]),
            }
    return None


FACT_FIELDS = (
    "municipality.name",
    "municipality.ags",
    "municipality.kind",
    "municipality.population",
    "goals",
    "structures.environment_office",
    "structures.energy_agency_in_region",
    "structures.eea",
    "structures.climate_concept",
    "structures.steering_group",
    "structures.neighbours_to_share_with",
    "resources.staff_fte",
    "resources.own_budget_eur",
    "resources.funding",
    "resources.financially_weak",
    "backing.administration_head",
    "backing.council",
    "post.level",
    "post.cosignature",
)


def _field_label(field: str, lang: Lang) -> str:
    try:
        return text(f"field_{field}", lang)
    except KeyError:
        return field


def _value(field: str, value: Any, lang: Lang, advisor: Any) -> str:
    """A profile value as the reader writes it."""
    if value is None:
        return text("unknown", lang)
    if isinstance(value, bool):
        return text("word_yes" if value else "word_no", lang)
    if field == "goals":
        names = {g.id: g.name.get(lang) for g in advisor.goals.goals}
        return "; ".join(names[g] for g in value) or text("goals_none", lang)
    if field == "municipality.kind":
        return text(f"kind_{value}", lang)
    if field == "resources.funding":
        return text(f"funding_{value}", lang)
    if field == "post.level":
        return text(f"post_level_{value}", lang)
    if field == "resources.own_budget_eur":
        amount = number(value, lang, 0)
        return f"{amount}\u00a0€" if lang == "de" else f"€{amount}"
    if field == "municipality.population":
        return number(value, lang, 0)
    if isinstance(value, float):
        return number(value, lang)
    return plain_text(str(value))


def _facts(inputs: Data, advisor: Any, lang: Lang) -> list[Data]:
    return [
        {
            "field": f,
            "label": _field_label(f, lang),
            "value": _value(f, inputs.get(f), lang, advisor),
        }
        for f in FACT_FIELDS
        if not (f == "municipality.ags" and inputs.get(f) is None)
    ]


def _priorities(result: Data, criteria: dict[str, str], advisor: Any, lang: Lang) -> list[Data]:
    priorities = result["inputs"].get("priorities") or {}
    origins = result["inputs"].get("priority_origin") or {}
    weights = result["inputs"]["weights"]
    scale = {s.value: (s.de if lang == "de" else s.en) for s in advisor.goals.scale}
    rows = []
    for cid, name in criteria.items():
        priority = priorities.get(cid)
        origin = origins.get(cid)
        rows.append(
            {
                "criterion": cid,
                "name": name,
                "priority": priority,
                "priority_text": "–"
                if priority is None
                else f"{priority} – {scale.get(priority, '')}",
                "weight": weights.get(cid, 0.0),
                "weight_text": number(100 * weights.get(cid, 0.0), lang, 1)
                + ("\u00a0%" if lang == "de" else "%"),
                "origin": _origin(origin, lang),
            }
        )
    return rows


def _origin(origin: str | None, lang: Lang) -> str:
    if not origin:
        return "–"
    if origin.startswith("rule:"):
        return text("origin_rule", lang)
    return text(f"origin_{origin}", lang)


def _describe(spec: Data, lang: Lang) -> str:
    """A method of the engine in plain words (the technical name in the text's brackets)."""
    name = spec["name"]
    if name == "promethee2":
        preference = spec.get("preference") or {}
        if isinstance(preference, list):  # one per criterion; the advisor uses the same for all
            preference = preference[0] if preference else {}
        return text(
            "explain_promethee2",
            lang,
            q=number(preference.get("q", 0), lang),
            p=number(preference.get("p", 0), lang),
        )
    if name in ("wsm", "topsis"):
        return text(f"explain_{name}", lang)
    return str(name)


def _ref_text(kb: Any, ref: str | None, lang: Lang) -> str | None:
    """What a rule's basis refers to, as a reader names it: a source by its citation, a
    statement of the source table by its wording; an expert assumption needs no reference."""
    if not ref or ref == "expert_assumption":
        return None
    if ref in {s.id for s in kb.sources}:
        return str(kb.source(ref).cite(lang))
    try:
        return f"„{kb.statement(ref).statement.display(lang)}“"
    except NotFoundError:  # a reference the knowledge base does not know: nothing internal
        return None


def _method(result: Data, kb: Any, lang: Lang, profile: Any) -> Data:
    method = result["method"]
    robust = method["robustness"]

    weighting = result["inputs"].get("weighting") or {}
    rows = [
        (text("method_aggregation", lang), _describe(method["aggregation"], lang)),
        (
            text("method_agreement", lang),
            "; ".join(_describe(m, lang) for m in method["agreement_methods"]),
        ),
        (text("method_performance", lang), text("performance_rated", lang)),
        (
            text("method_weighting", lang),
            text(f"weighting_{weighting.get('method', 'ratings')}", lang),
        ),
        (text("method_robustness", lang), text("robustness_smaa", lang)),
        (text("method_distribution", lang), text("distribution_dirichlet", lang)),
        (text("method_concentration", lang), number(robust["concentration"], lang)),
        (text("method_samples", lang), number(robust["samples"], lang, 0)),
        (text("method_seed", lang), str(robust["seed"])),
        (text("method_stability", lang), text("stability_text", lang)),
        (text("method_tie_rule", lang), text("tie_rule_text", lang)),
        (text("method_version", lang), method["version"]),
    ]
    agreement = result["agreement"]
    methods = list(agreement["rankings"])
    agreement_rows = [
        {
            "name": row["name"],
            "ranks": [str(agreement["rankings"][m].get(row["model"], "–")) for m in methods],
        }
        for row in result["ranking"]
    ]
    kendall = [
        # τ is undefined (None) when a method ties every model: shown as a dash, as on the page.
        {"method": text(f"method_{m}", lang), "tau": "–" if tau is None else number(tau, lang, 3)}
        for m, tau in agreement["kendall_tau"].items()
    ]
    rules = [
        {
            "text": r["text"],
            "basis": text(f"basis_{r['basis']}", lang),
            "ref": _ref_text(kb, r["ref"], lang),
        }
        for r in result["rules_fired"]
    ]
    versions = [("KlimaOrg", __version__), ("Python", platform.python_version())]
    for package in SOFTWARE:
        try:
            versions.append((package, metadata.version(package)))
        except metadata.PackageNotFoundError:
            continue
    profile_yaml = yaml.safe_dump(
        profile, allow_unicode=True, sort_keys=False, default_flow_style=False
    ).strip()
    return {
        "rows": [{"label": label, "value": value} for label, value in rows],
        "methods": [text(f"method_{m}", lang) for m in methods],
        "agreement_rows": agreement_rows,
        "agreement_statement": agreement["statement"],
        "kendall": kendall,
        "rules": rules,
        "rating_method": kb.rating_method.get(lang, ""),
        "rating_scale": "; ".join(
            f"{value} = {label.get(lang, '')}" for value, label in kb.rating_scale.items()
        ),
        "versions": [{"name": n, "version": v} for n, v in versions],
        "profile_yaml": profile_yaml,
    }


def _sources(
    kb: Any, lang: Lang, notes: _Notes, from_directory: bool
) -> tuple[list[Data], list[str]]:
    cited = {n["citation"] for n in notes.items}
    listed = list_sources(kb, lang)["sources"]
    sources = [
        {"citation": s["citation"], "url": s["url"], "note": s["note"]}
        for s in listed
        if s["citation"] in cited or s["id"] == DIFU or (from_directory and s["id"] == DESTATIS)
    ]
    difu = kb.source(DIFU)
    licences = [
        text("licence_klimaorg", lang),
        text("licence_difu", lang, citation=difu.citation, url=difu.url or ""),
    ]
    if from_directory:
        licences.append(text("licence_destatis", lang, citation=kb.source(DESTATIS).citation))
    return sources, licences
