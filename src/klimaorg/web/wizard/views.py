"""What the wizard's pages show: validation of the answers, step data, result page data.

The routes stay thin: they read the form (:func:`klimaorg.web.wizard.form.read_form`), call one
of the functions here and render the returned dicts. Validation always runs on the server, on every
post, through the advisor's own :func:`~klimaorg.advisor.parse_profile` and
:func:`~klimaorg.advisor.complete` - hidden fields are checked like visible ones.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

import yaml
from fastapi.responses import Response
from markupsafe import Markup

from klimaorg.advisor import ProfileError, complete, load_advisor_data, parse_profile
from klimaorg.advisor.analysis import fired_rules, priorities
from klimaorg.advisor.levels import level_of
from klimaorg.advisor.schema import FUNDINGS, KINDS, POST_LEVELS
from klimaorg.charts.ranking import acceptability_chart, score_chart
from klimaorg.charts.svg import profile_chart, responsive, signed
from klimaorg.context import current_directory
from klimaorg.directory import Directory, Entity, Municipality
from klimaorg.errors import KlimaOrgError
from klimaorg.i18n import Lang, gettext_for, number
from klimaorg.jsondata import Data
from klimaorg.reports.texts import text as report_text
from klimaorg.web.wizard.form import (
    AHP_FIELD,
    AHP_PAIR,
    AHP_USE,
    CRITERIA,
    FIELDS,
    JUDGEMENTS,
    METHOD_FIELD,
    N_,
    STEP_TITLES,
    STEPS,
    STRUCTURES,
    WEIGHTING_KINDS,
    WizardForm,
    ahp_chosen,
    criterion_of,
    form_to_profile,
    input_id,
    label_of,
    pairs,
    step_of,
)

PROFILE_LEADERS = 3
FUNDING_LABELS = {
    "none": N_("no funding"),
    "erstvorhaben": N_("initial project (Kommunalrichtlinie)"),
    "anschlussvorhaben": N_("follow-up project (Kommunalrichtlinie)"),
}
POST_LEVEL_LABELS = {
    "sachbearbeitung": N_("clerk (Sachbearbeitung)"),
    "sachgebietsleitung": N_("head of a section (Sachgebietsleitung)"),
    "abteilungsleitung": N_("head of a department (Abteilungsleitung)"),
    "leitung": N_("head of an office or staff unit (Amts- or Stabsstellenleitung)"),
}
KIND_LABELS = {
    "gemeinde": N_("municipality (Gemeinde)"),
    "stadt": N_("town (Stadt, part of a district)"),
    "kreisfreie_stadt": N_("district-free city (kreisfreie Stadt)"),
    "landkreis": N_("district (Landkreis)"),
    "gemeindeverband": N_("association of municipalities (Gemeindeverband)"),
}
SCALE_LABELS = {
    1: N_("1 – none"),
    2: N_("2 – little"),
    3: N_("3 – moderate"),
    4: N_("4 – strong"),
    5: N_("5 – full"),
}


AGREEMENT_METHODS = ("topsis", "promethee2")
"""The cross-check methods of the method box, named as the report names them."""


@dataclass(frozen=True)
class FieldError:
    """A problem with one answer, as the page shows it."""

    field: str
    message: str
    step: int
    input_id: str
    label: str

    def to_dict(self) -> Data:
        """As the template reads it."""
        return asdict(self)


def criterion_names(lang: Lang) -> dict[str, str]:
    """Display names of the criteria."""
    kb = load_advisor_data().knowledge
    return {c: kb.criterion(c).name.get(lang) for c in CRITERIA}


def field_error(error: ProfileError, lang: Lang) -> FieldError:
    """A ProfileError as the wizard shows it: with the step, input and label of its field."""
    _ = gettext_for(lang)
    criterion = criterion_of(error.field)
    if criterion is not None:
        label = criterion_names(lang)[criterion]
    else:
        msgid = label_of(error.field)
        label = _(msgid) if msgid else error.field
    return FieldError(
        error.field, error.message, step_of(error.field), input_id(error.field), label
    )


def _single(spec_name: str, profile: Data) -> Data:
    section, key = spec_name.split(".", 1)
    part = profile.get(section)
    if isinstance(part, dict) and key in part:
        return {section: {key: part[key]}}
    return {}


def validate(
    form: WizardForm, lang: Lang, directory: Directory | None, steps: set[int]
) -> list[FieldError]:
    """Every problem of the answers that belongs to one of ``steps`` (empty when all is well).

    Each field is checked on its own first, so a step shows all its problems at once; then the
    whole profile, and - when step 1 is checked - whether the municipality can be resolved.
    """
    advisor = load_advisor_data()
    profile = form_to_profile(form)
    errors: dict[str, FieldError] = {}
    checks: list[Data] = [
        _single(spec.name, profile)
        for spec in FIELDS
        if spec.step in steps and spec.kind not in WEIGHTING_KINDS and "." in spec.name
    ]
    if 2 in steps and "goals" in profile:
        checks.append({"goals": profile["goals"]})
    for check in checks:
        if not check:
            continue
        try:
            parse_profile(check, advisor, lang)
        except ProfileError as exc:
            found = field_error(exc, lang)
            errors.setdefault(found.field, found)
    if 5 in steps:
        for found in ahp_errors(form, lang):
            errors.setdefault(found.field, found)
    if not errors:
        try:
            parsed = parse_profile(profile, advisor, lang)
            if 1 in steps:
                complete(parsed, advisor, lang, directory)
        except ProfileError as exc:
            found = field_error(exc, lang)
            if found.step in steps:
                errors[found.field] = found
    return sorted(errors.values(), key=lambda e: e.step)


def ahp_errors(form: WizardForm, lang: Lang) -> list[FieldError]:
    """With pairwise comparisons chosen in the browser: at least two criteria, every pair of
    them compared on the offered scale (each error at its input)."""
    if form.get(METHOD_FIELD) != "ahp" or (form.get(AHP_FIELD) and not ahp_chosen(form)):
        return []  # another method, or the comparisons of an uploaded file
    _ = gettext_for(lang)
    chosen = ahp_chosen(form)
    if len(chosen) < 2:
        field = f"{AHP_USE}.{CRITERIA[0]}"  # the first box: where the group shows its error
        message = _("Please choose at least two criteria to compare.")
        return [FieldError(field, message, 5, input_id(field), _("Pairwise comparisons (AHP)"))]
    names = criterion_names(lang)
    return [
        FieldError(
            field,
            _("Please compare these two criteria."),
            5,
            input_id(field),
            pair_label(names[a], names[b], lang),
        )
        for a, b in pairs(chosen)
        if form.get(field := f"{AHP_PAIR}.{a}.{b}") not in JUDGEMENTS
    ]


def pair_label(first: str, second: str, lang: Lang) -> str:
    """The label of one comparison: "Koordination gegenüber Finanzen"."""
    _ = gettext_for(lang)
    return _("%(first)s against %(second)s") % {"first": first, "second": second}


def ahp_form(form: WizardForm, lang: Lang) -> Data:
    """The pairwise comparisons of step 5: the criteria ticked and a select per pair of them."""
    _ = gettext_for(lang)
    names = criterion_names(lang)
    chosen = ahp_chosen(form)
    steps = {
        "9": N_("%(criterion)s is extremely more important (9)"),
        "7": N_("%(criterion)s is very strongly more important (7)"),
        "5": N_("%(criterion)s is strongly more important (5)"),
        "3": N_("%(criterion)s is moderately more important (3)"),
    }

    def options(a: str, b: str) -> list[tuple[str, str]]:
        first = [(v, _(t) % {"criterion": names[a]}) for v, t in steps.items()]
        second = [(f"1/{v}", _(t) % {"criterion": names[b]}) for v, t in reversed(steps.items())]
        return [*first, ("1", _("equally important (1)")), *second]

    return {
        "use": [{"id": c, "name": names[c], "field": f"{AHP_USE}.{c}"} for c in CRITERIA],
        "chosen": chosen,
        "pairs": [
            {
                "field": f"{AHP_PAIR}.{a}.{b}",
                "label": pair_label(names[a], names[b], lang),
                "options": options(a, b),
            }
            for a, b in pairs(chosen)
        ],
    }


def default_priorities(form: WizardForm, lang: Lang, directory: Directory | None) -> dict[str, int]:
    """The priorities the advisor derives from the answers so far (goals and context rules)."""
    advisor = load_advisor_data()
    profile = {
        k: v for k, v in form_to_profile(form).items() if k not in ("priorities", "weighting")
    }
    try:
        completed = complete(parse_profile(profile, advisor, lang), advisor, lang, directory)
    except ProfileError:  # earlier steps not valid yet: the plain baseline
        return dict.fromkeys(CRITERIA, advisor.goals.baseline)
    fired = fired_rules(advisor, completed)
    return {p.criterion: p.value for p in priorities(advisor, completed, fired)}


def scale(lang: Lang) -> list[Data]:
    """The five steps of the importance scale, labelled in ``lang``."""
    return [
        {"value": s.value, "label": s.de if lang == "de" else s.en}
        for s in load_advisor_data().goals.scale
    ]


def step_data(
    step: int,
    form: WizardForm,
    lang: Lang,
    directory: Directory | None,
    errors: list[FieldError] | None = None,
    matches: list[Data] | None = None,
) -> Data:
    """Everything one step's page shows."""
    _ = gettext_for(lang)
    advisor = load_advisor_data()
    kb = advisor.knowledge
    errors = errors or []
    data: Data = {
        "step": step,
        "steps": [{"number": n, "title": _(STEP_TITLES[n])} for n in range(1, STEPS + 1)],
        "title": _(STEP_TITLES[step]),
        "values": dict(form.values),
        "goals_chosen": list(form.goals),
        "hidden": form.hidden(exclude_steps=[step]),
        "errors": [e.to_dict() for e in errors],
        "error_for": {e.input_id: e.to_dict() for e in errors},
        "directory": directory is not None,
        "matches": matches,
    }
    if step == 1:
        data["kinds"] = [{"id": k, "label": _(KIND_LABELS[k])} for k in KINDS]
    elif step == 2:
        data["goal_options"] = [
            {"id": g.id, "name": g.name.get(lang), "rationale": g.rationale.get(lang)}
            for g in advisor.goals.goals
        ]
    elif step == 3:
        data["structures"] = [
            {"name": f"structures.{key}", "label": _(label)} for key, label in STRUCTURES
        ]
    elif step == 4:
        data["fundings"] = [{"id": f, "label": _(FUNDING_LABELS[f])} for f in FUNDINGS]
        data["backing_scale"] = [{"value": v, "label": _(t)} for v, t in SCALE_LABELS.items()]
        data["post_levels"] = [{"id": v, "label": _(POST_LEVEL_LABELS[v])} for v in POST_LEVELS]
    elif step == 5:
        defaults = default_priorities(form, lang, directory)
        labels = {s["value"]: s["label"] for s in scale(lang)}
        data["scale"] = scale(lang)
        data["criteria"] = [
            {
                "id": c,
                "name": kb.criterion(c).name.get(lang),
                "definition": kb.criterion(c).definition.get(lang),
                "default": defaults[c],
                "default_label": labels[defaults[c]],
                "field": f"priorities.{c}",
                "points_field": f"weighting.points.{c}",
            }
            for c in CRITERIA
        ]
        data["method"] = form.get("weighting.method")
        data["has_ahp"] = bool(form.get("weighting.ahp")) and not ahp_chosen(form)
        data["ahp"] = ahp_form(form, lang)
    return data


# ----------------------------------------------------------------------------- result


def _ranks(lang: Lang, count: int) -> list[str]:
    _ = gettext_for(lang)
    return [_("Rank %(rank)s") % {"rank": n} for n in range(1, count + 1)]


def result_data(
    result: Data, form: WizardForm, lang: Lang, previous: str | None, directory: Directory | None
) -> Data:
    """The result page: the advisor's result plus what the page needs around it."""
    _ = gettext_for(lang)
    advisor = load_advisor_data()
    kb = advisor.knowledge
    names = {m: kb.model(m).short_name.get(lang) for m in kb.model_ids}
    used = result["inputs"]["priorities"]
    origin = result["inputs"]["priority_origin"]
    labels = {s["value"]: s["label"] for s in scale(lang)}
    change = None
    if previous in names:
        now = result["recommendation"]
        change = {
            "previous": previous,
            "previous_name": names[previous],
            "now": now,
            "now_name": names[now],
            "changed": previous != now,
        }
    assumptions = [
        {
            **a,
            "step": step_of(a["field"]),
            "step_title": _(STEP_TITLES[step_of(a["field"])]),
            "label": _(label_of(a["field"])) if label_of(a["field"]) else a["label"],
            "shown": _value_text(a["field"], a["value"], lang),
        }
        for a in result["assumptions"]
    ]
    weighting = result["inputs"]["weighting"].get("method", "ratings")
    defaults = default_priorities(form, lang, directory)
    return {
        "result": result,
        "names": names,
        "rule_numbers": {rule.id: n for n, rule in enumerate(advisor.rules, start=1)},
        "method_names": {m: report_text(f"method_{m}", lang) for m in AGREEMENT_METHODS},
        "criterion_names": criterion_names(lang),
        "change": change,
        "assumptions": assumptions,
        "hidden_all": form.hidden(),
        "hidden_whatif": [
            (n, v)
            for n, v in form.hidden()
            if not n.startswith("priorities.") and not n.startswith("weighting.points.")
        ],
        "method": weighting,
        "whatif": [
            {
                "id": c,
                "name": kb.criterion(c).name.get(lang),
                "field": f"priorities.{c}",
                "points_field": f"weighting.points.{c}",
                "value": used[c],
                "user": origin[c] == "user",
                "default_label": labels[defaults[c]],
                "points": form.get(f"weighting.points.{c}"),
            }
            for c in CRITERIA
        ],
        "scale": scale(lang),
        "rules": {r.id: r for r in advisor.rules},
        "ranks": _ranks(lang, len(result["ranking"])),
    }


def _value_text(field: str, value: Any, lang: Lang) -> str:
    _ = gettext_for(lang)
    if value is None:  # left open: the advice counts with every possibility
        return _("open")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    labels = {
        "resources.funding": FUNDING_LABELS,
        "municipality.kind": KIND_LABELS,
        "post.level": POST_LEVEL_LABELS,
    }.get(field)
    if labels is not None and str(value) in labels:
        return _(labels[str(value)])
    if field.startswith("backing.") and isinstance(value, int):
        return _(SCALE_LABELS.get(value, str(value)))
    if isinstance(value, (int, float)):
        return number(float(value), lang)
    return str(value)


def result_extras(data: Data, lang: Lang) -> Data:
    """The result page's charts and table rows."""
    _ = gettext_for(lang)
    result = data["result"]
    ranking = result["ranking"]
    scores = responsive(
        partial(
            score_chart,
            [(r["name"], r["score"]) for r in ranking],
            lang,
            title=_("Score of each model"),
            description=_(
                "Weighted sum of the criteria profile with your priorities, one bar per model, the "
                "recommended model first; bars to the left (hatched) are negative. Excluded models "
                "are marked. The same values are in the table below."
            ),
            excluded_label=_("excluded"),
            chart_id="chart-scores",
        )
    )
    feasible = [r for r in ranking if not r["excluded"]]
    acc = result["robustness"]["rank_acceptability"]
    ranks = data["ranks"][: len(feasible)]
    acceptability = responsive(
        partial(
            acceptability_chart,
            [(r["name"], acc[r["model"]]) for r in feasible],
            lang,
            rank_labels=ranks,
            title=_("How often each model reaches each rank"),
            description=_(
                "For each model, one bar split into the shares of the plausible weightings in "
                "which it reaches rank 1, 2, 3 and so on; the darkest part is rank 1. The same "
                "shares are in the table below."
            ),
            chart_id="chart-acceptability",
        )
    )
    leaders = [r["model"] for r in feasible[:PROFILE_LEADERS]]
    names = data["criterion_names"]
    profile = result["criteria_profile"]
    svg = responsive(
        partial(
            profile_chart,
            [names[c] for c in CRITERIA],
            [(data["names"][m], [profile[m][c] for c in CRITERIA]) for m in leaders],
            lang,
            title=_("Criteria profile of the leading models, adjusted to your municipality"),
            description=_(
                "Ratings from 1 (very weak) to 5 (very strong); bars start at 3 (average): to the "
                "right (solid) a strength, to the left (hatched) a weakness; each bar is labelled "
                "with its value. The same values are in the table below the chart."
            ),
            chart_id="chart-profile",
        )
    )
    return {
        "score_chart": Markup(scores),
        "acceptability_chart": Markup(acceptability),
        "profile_chart": Markup(svg),
        "acceptability_rows": [(r["name"], acc[r["model"]]) for r in feasible],
        "profile_columns": [data["names"][m] for m in leaders],
        "profile_rows": [(names[c], [profile[m][c] for m in leaders]) for c in CRITERIA],
    }


# ----------------------------------------------------------------------------- files


class _Dumper(yaml.SafeDumper):
    """Quotes strings of digits (an AGS must stay text: "08316009")."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if value.isdigit() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

YAML_HEADER = (
    "# KlimaOrg-Profil / KlimaOrg profile\n"
    "# klimaorg advise DATEI.yaml – oder im Browser unter /beratung hochladen\n"
)


def profile_yaml(profile: Data) -> str:
    """A profile as the YAML file the CLI reads."""
    body = yaml.dump(profile, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    return YAML_HEADER + body


def answer_rows(rows: list[Data], lang: Lang) -> list[Data]:
    """Changed profile answers as a person reads them: the question's label instead of the
    field path, and choices by their name (kind, funding, level, goals)."""
    _ = gettext_for(lang)
    goals: dict[str, str] = {g.id: g.name.get(lang) for g in load_advisor_data().goals.goals}
    choices = {
        "municipality.kind": KIND_LABELS,
        "resources.funding": FUNDING_LABELS,
        "post.level": POST_LEVEL_LABELS,
    }

    def shown(field: str, value: Any) -> Any:
        if field in choices and isinstance(value, str) and value in choices[field]:
            return _(choices[field][value])
        if field == "goals" and isinstance(value, list):
            return ", ".join(goals.get(str(g), str(g)) for g in value) or "–"
        return value

    out = []
    for row in rows:
        field = str(row["field"])
        label = label_of(field)
        out.append(
            {
                **row,
                "label": _(label) if label else field,
                "old": shown(field, row.get("old")),
                "new": shown(field, row.get("new")),
            }
        )
    return out


AUDIT_SENTENCES = {
    "assessment.create": N_("Assessment created"),
    "assessment.update": N_("Answers changed (new version)"),
    "assessment.notes": N_("Notes changed"),
    "assessment.decision": N_("Decision recorded"),
    "assessment.restore": N_("Earlier version restored"),
    "assessment.export": N_("Assessment exported"),
    "assessment.import": N_("Assessment imported"),
    "assessment.delete": N_("Assessment deleted"),
    "workshop.create": N_("Workshop link created"),
    "workshop.revoke": N_("Workshop link revoked"),
    "workshop.submit": N_("Workshop answers received"),
    "workshop.adopt": N_("Joint priorities of the workshop adopted"),
}
"""What an audit entry of an assessment means, as a sentence (ids are never shown)."""


def audit_sentence(action: str, lang: Lang) -> str:
    """An audit action in words; an action without a sentence of its own is "other change"."""
    _ = gettext_for(lang)
    return _(AUDIT_SENTENCES.get(action, N_("Other change")))


# ----------------------------------------------------------------------------- rules

OPERATORS = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥", "eq": "=", "ne": "≠"}


def _reference(kb: Any, ref: str, lang: Lang) -> Data:
    """A rule's basis as a link target: a statement on its model's page, or a source."""
    if "." in ref:
        item = kb.statement(ref)
        return {
            "kind": "statement",
            "model": item.model.id,
            "anchor": ref,
            "text": item.statement.display(lang),
            "model_name": kb.model(item.model.id).short_name.get(lang),
        }
    return {"kind": "source", "anchor": f"source-{ref}", "text": kb.source(ref).cite(lang)}


def _grade(rule: Any, lang: Lang) -> Data | None:
    """A graded rule's strength by its fact, in words: the label and each point as
    "fact: share" (the post's level by name, numbers in the language's format)."""
    if rule.grade is None:
        return None
    _ = gettext_for(lang)
    field = rule.grade.field

    def fact(value: float) -> str:
        if field == "post.level_rank":
            return _(POST_LEVEL_LABELS[POST_LEVELS[int(value) - 1]])
        return number(value, lang, 2 if value < 1 else 0)

    return {
        "label": _(label_of(field)) if label_of(field) else field,
        "points": [
            {"fact": fact(x), "share": number(100 * y, lang, 0) + "\u00a0%"}
            for x, y in rule.grade.points
        ],
        "log": rule.grade.log,
    }


def rules_data(advisor: Any, lang: Lang) -> Data:
    """Every context rule with its conditions, effects, rationale and basis, in words."""
    _ = gettext_for(lang)
    kb = advisor.knowledge
    names = {m: kb.model(m).short_name.get(lang) for m in kb.model_ids}
    criteria = criterion_names(lang)
    rules = []
    for rule in advisor.rules:
        conditions = [
            {
                "label": _(label_of(c.field)) if label_of(c.field) else c.field,
                "field": c.field,
                "op": OPERATORS[c.op],
                "value": _value_text(c.field, c.value, lang),
            }
            for c in rule.when
        ]
        effects = []
        for e in rule.effects:
            if e.kind == "exclude":
                text = _("excludes “%(model)s”") % {"model": names[e.exclude]}
            elif e.kind == "change":
                text = _("“%(model)s”: %(criterion)s %(change)s") % {
                    "model": names[e.model],
                    "criterion": criteria[e.criterion],
                    "change": signed(e.change, lang),
                }
            else:
                text = _("priority of %(criterion)s %(change)s") % {
                    "criterion": criteria[e.criterion],
                    "change": signed(e.priority, lang),
                }
            effects.append({"kind": e.kind, "text": text})
        rules.append(
            {
                "id": rule.id,
                "conditions": conditions,
                "grade": _grade(rule, lang),
                "effects": effects,
                "rationale": rule.rationale.get(lang),
                "basis": rule.basis.kind,
                "reference": _reference(kb, rule.basis.ref, lang),
            }
        )
    return {"lang": lang, "rules": rules}


def hit(directory: Directory, entity: Entity) -> dict[str, Any]:
    """One autocomplete hit. ``label`` names Kreise and Verbände with their type
    ("Verbandsgemeinde Rhein-Selz", "Landkreis Ebersberg"); ``administration`` is the
    association that runs a member Gemeinde's administration (the advice is given for it)."""
    verband = directory.administration(entity) if isinstance(entity, Municipality) else None
    return {
        "key": entity.key,
        "name": entity.name,
        "label": entity.display_name,
        "kind": str(entity.kind),
        "type": entity.type_label,
        "population": entity.population,
        "administration": None
        if verband is None
        else {"key": verband.key, "name": verband.display_name, "type": verband.type_label},
    }


# ----------------------------------------------------------------------------- step 1


def ambiguous(form: WizardForm, errors: list[FieldError]) -> list[Data] | None:
    """For a name that fits several Gemeinden, Kreise or Verbände: the choice list, so that
    the user picks one (also without JavaScript)."""
    directory = current_directory()
    name = form.get("municipality.name").strip()
    if directory is None or not name or errors[0].field != "municipality.name":
        return None
    found = directory.candidates(name[:100])
    return [hit(directory, e) for e in found[:10]] if len(found) > 1 else None


def search(form: WizardForm, lang: Lang) -> tuple[list[Data] | None, str | None]:
    """The directory's matches for the typed name, and the notice beside them (if any)."""
    _ = gettext_for(lang)
    directory = current_directory()
    query = form.get("municipality.name").strip()
    if directory is None:
        notice = _(
            "The municipality directory is not available here. Please enter the kind and "
            "population yourself."
        )
        return None, notice
    if not query:
        return None, _("Please enter a name to search for.")
    matches = [hit(directory, e) for e in directory.search(query[:100], 10)]
    return matches, None if matches else _("No municipality of this name was found.")


def pick(form: WizardForm, key: str, lang: Lang) -> tuple[WizardForm, str | None]:
    """The form with the chosen match's name, key, kind and population, and the notice on
    the level the advice is given for."""
    _ = gettext_for(lang)
    directory = current_directory()
    if directory is None or not key:
        return form, _("Please choose one of the matches.")
    try:
        entity = directory.resolve(key, field="municipality.ags")
    except KlimaOrgError:
        return form, _("Please choose one of the matches.")
    values = {
        "municipality.name": entity.display_name,
        "municipality.ags": entity.key,
        "municipality.kind": str(entity.kind),
        "municipality.population": str(entity.population or ""),
    }
    level = level_of(directory, entity)
    if level is not None and level.administered:
        # The advice is for the association: kind and population come from the directory
        # (given figures would be advised as the Gemeinde's own, see docs/de/beratung.md).
        values["municipality.kind"] = values["municipality.population"] = ""
    notice = level.statement(lang) if level is not None else None
    return form.replace(**values), notice


# ----------------------------------------------------------------------------- files


def profile_file(form: WizardForm, kind: str) -> Response:
    """The answers as a profile file (YAML or JSON) to download."""
    profile = form_to_profile(form)
    if kind == "yaml":
        body, media = profile_yaml(profile), "application/yaml; charset=utf-8"
    else:
        body = json.dumps(profile, ensure_ascii=False, indent=2) + "\n"
        media = "application/json; charset=utf-8"
    return Response(
        body.encode("utf-8"),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="klimaorg-profil.{kind}"'},
    )


def download(content: bytes, media_type: str, name: str) -> Response:
    """A rendered file as a download under a safe name."""
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
