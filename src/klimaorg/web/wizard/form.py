"""The advice wizard's form: raw form values ⇄ profile dict, in one place.

Every form field is named like the profile field it fills (``municipality.population``,
``structures.eea``, ``priorities.coordination``), so an error's ``field`` from
:func:`klimaorg.advisor.parse_profile` names the input directly. :data:`FIELDS` is the one table
that says which step owns a field, how its text becomes a profile value and how it is labelled.

The form keeps the user's raw text (also when it is wrong), so a page re-rendered with an error
shows exactly what was typed. :func:`form_to_profile` is pure and never fails: text that is no
number stays text, and the profile validation then names the field. :func:`profile_to_form` is
its inverse for uploaded files and for the hidden fields that carry earlier answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from klimaorg.advisor.schema import FUNDINGS, GOALS, KINDS, POST_LEVELS
from klimaorg.errors import UserInputError
from klimaorg.knowledge import load_knowledge
from klimaorg.untrusted import load

Kind = Literal[
    "text",
    "ags",
    "int",
    "float",
    "choice",
    "bool",
    "scale",
    "priority",
    "points",
    "ahp_use",
    "pair",
]
Value = str | int | float | bool | None

MAX_VALUE_CHARS = 500
MAX_AHP_CHARS = 20_000
STEPS = 5
AHP_FIELD = "weighting.ahp"
METHOD_FIELD = "weighting.method"
GOALS_FIELD = "goals"


def N_(message: str) -> str:  # noqa: N802 - the gettext marker Babel extracts
    """Mark an English message id for extraction; translated where it is shown."""
    return message


@dataclass(frozen=True)
class FieldSpec:
    """One input of the wizard: the profile field it fills, its step, kind and label."""

    name: str
    step: int
    kind: Kind
    label: str  # English msgid
    choices: tuple[str, ...] = ()


CRITERIA: tuple[str, ...] = tuple(load_knowledge().criterion_ids)
"""The criteria in the knowledge base's order (their ids are public API). Taken from the
packaged base on purpose: an edited knowledge folder (``KLIMAORG_KNOWLEDGE_DIR``) may change
texts, statements and ratings but not the criteria themselves, which the advisor's data, the
profile format and stored assessments refer to (:func:`klimaorg.advisor.load_advisor_data`
refuses a folder with other criteria)."""

AHP_USE = "weighting.ahp_use"
"""``weighting.ahp_use.<criterion>`` = "true": the criterion takes part in the comparisons."""
AHP_PAIR = "weighting.ahp_pair"
"""``weighting.ahp_pair.<a>.<b>``: how much more important ``a`` is than ``b`` (Saaty's scale,
"1/5" … "9"), ``a`` before ``b`` in the knowledge base's order."""
JUDGEMENTS: tuple[str, ...] = ("9", "7", "5", "3", "1", "1/3", "1/5", "1/7", "1/9")
"""The judgements the browser offers: Saaty's odd steps (files may use any positive number)."""


def pairs(criteria: Iterable[str]) -> list[tuple[str, str]]:
    """Every pair of ``criteria`` once, in their order: (a, b) with a before b."""
    items = list(criteria)
    return [(a, b) for i, a in enumerate(items) for b in items[i + 1 :]]


def ahp_chosen(form: WizardForm) -> list[str]:
    """The criteria ticked for the pairwise comparisons, in the knowledge base's order."""
    return [c for c in CRITERIA if form.get(f"{AHP_USE}.{c}") == "true"]


def judgement(text: str) -> float | None:
    """A judgement of the browser form ("3", "1/5") as a number; ``None`` when not one."""
    if text in JUDGEMENTS:
        top, _, bottom = text.partition("/")
        return float(top) / float(bottom or 1)
    return None


STRUCTURES: tuple[tuple[str, str], ...] = (
    ("environment_office", N_("Does the administration have its own environmental office?")),
    ("energy_agency_in_region", N_("Is there an energy agency in the region?")),
    ("eea", N_("Does the municipality take part in the European Energy Award (eea)?")),
    ("climate_concept", N_("Is there a climate protection concept?")),
    ("steering_group", N_("Is there a cross-departmental steering group?")),
    (
        "neighbours_to_share_with",
        N_("Are there neighbouring municipalities that would share a post?"),
    ),
)

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("municipality.name", 1, "text", N_("Name of the municipality")),
    FieldSpec("municipality.ags", 1, "ags", N_("Official municipality key (AGS)")),
    FieldSpec("municipality.kind", 1, "choice", N_("Kind of municipality"), KINDS),
    FieldSpec("municipality.population", 1, "int", N_("Population")),
    *(FieldSpec(f"structures.{key}", 3, "bool", label) for key, label in STRUCTURES),
    FieldSpec("resources.staff_fte", 4, "float", N_("Staff in full-time equivalents")),
    FieldSpec("resources.own_budget_eur", 4, "float", N_("Annual budget of its own in euros")),
    FieldSpec("resources.funding", 4, "choice", N_("Funding"), FUNDINGS),
    FieldSpec("resources.financially_weak", 4, "bool", N_("Is the municipality financially weak?")),
    FieldSpec(
        "backing.administration_head", 4, "scale", N_("Backing by the head of administration")
    ),
    FieldSpec("backing.council", 4, "scale", N_("Backing by the council")),
    FieldSpec("post.level", 4, "choice", N_("Level of the post"), POST_LEVELS),
    FieldSpec("post.cosignature", 4, "bool", N_("Does the post co-sign council drafts?")),
    *(FieldSpec(f"priorities.{c}", 5, "priority", "") for c in CRITERIA),
    FieldSpec(METHOD_FIELD, 5, "choice", N_("Weighting"), ("swing", "ahp")),
    *(FieldSpec(f"weighting.points.{c}", 5, "points", "") for c in CRITERIA),
    FieldSpec(AHP_FIELD, 5, "text", N_("Pairwise comparisons (AHP)")),
    *(FieldSpec(f"{AHP_USE}.{c}", 5, "ahp_use", "") for c in CRITERIA),
    *(FieldSpec(f"{AHP_PAIR}.{a}.{b}", 5, "pair", "") for a, b in pairs(CRITERIA)),
)
BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}
WEIGHTING_KINDS = ("points", "ahp_use", "pair")
"""Fields read by :func:`_weighting` as a whole, not one profile key each."""

STEP_TITLES: dict[int, str] = {
    1: N_("Municipality"),
    2: N_("Goals"),
    3: N_("Structures"),
    4: N_("Resources and backing"),
    5: N_("Priorities"),
}
SECTION_STEPS = {
    "municipality": 1,
    "goals": 2,
    "structures": 3,
    "resources": 4,
    "backing": 4,
    "post": 4,
    "priorities": 5,
    "weighting": 5,
}


@dataclass(frozen=True)
class WizardForm:
    """The wizard's answers as the user typed them: text per field, plus the ticked goals."""

    values: Mapping[str, str] = field(default_factory=dict)
    goals: tuple[str, ...] = ()

    def get(self, name: str) -> str:
        """The raw text of a field ("" when not answered)."""
        return self.values.get(name, "")

    def replace(self, **values: str) -> WizardForm:
        """A copy with some fields changed (names with dots passed via ``**{...}``)."""
        return WizardForm({**self.values, **values}, self.goals)

    def hidden(self, exclude_steps: Iterable[int] = ()) -> list[tuple[str, str]]:
        """``(name, value)`` pairs for hidden inputs: every answer outside ``exclude_steps``."""
        skip = set(exclude_steps)
        pairs = [
            (name, value)
            for name, value in self.values.items()
            if value != "" and step_of(name) not in skip
        ]
        if 2 not in skip:
            pairs += [(GOALS_FIELD, goal) for goal in self.goals]
        return pairs


def read_form(items: Iterable[tuple[str, Any]]) -> WizardForm:
    """The wizard's fields out of posted form items; unknown names and files are ignored."""
    values: dict[str, str] = {}
    goals: list[str] = []
    for name, raw in items:
        if not isinstance(raw, str):
            continue
        if name == GOALS_FIELD:
            if raw not in goals and len(goals) < 2 * len(GOALS):
                goals.append(raw[:MAX_VALUE_CHARS])
        elif name in BY_NAME:
            limit = MAX_AHP_CHARS if name == AHP_FIELD else MAX_VALUE_CHARS
            values[name] = raw[:limit]
    return WizardForm(values, tuple(goals))


# ----------------------------------------------------------------------------- numbers

_SPACES = re.compile(r"[\s\u00a0\u202f']+")
_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")


def parse_number(text: str) -> int | float | str | None:
    """A number typed the German or English way ("13.910", "0,5", "20 000 €"), else the text.

    One separator followed by exactly three digits (and not after a lone 0) groups thousands;
    otherwise it is the decimal mark. Where both occur, the last one is the decimal mark.
    """
    value = _SPACES.sub("", text)
    for suffix in ("€", "EUR", "Euro", "euro", "eur"):
        value = value.removesuffix(suffix)
    if not value:
        return None
    if "," in value and "." in value:
        decimal = "," if value.rfind(",") > value.rfind(".") else "."
        value = value.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif "," in value or "." in value:
        mark = "," if "," in value else "."
        parts = value.split(mark)
        head = parts[0].lstrip("+-")
        grouped = all(len(p) == 3 for p in parts[1:]) and head not in ("", "0")
        if len(parts) > 2 and not grouped:
            return text.strip()
        value = "".join(parts) if grouped else value.replace(mark, ".")
    if not _PLAIN.match(value):
        return text.strip()
    number = float(value)
    return int(number) if "." not in value else number


def format_number(value: Any, lang: str) -> str:
    """A profile number as the wizard shows it (no thousands marks; German decimal comma)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = repr(value)
    if re.fullmatch(r"-?\d+\.\d{3}", text):  # "1,875" would read as thousands: "1,8750"
        text += "0"
    return text.replace(".", ",") if lang == "de" else text


# ----------------------------------------------------------------------------- form → profile


def _value(spec: FieldSpec, text: str) -> Value:
    text = text.strip()
    if text == "":
        return None
    if spec.kind in ("int", "float", "points"):
        return parse_number(text)
    if spec.kind == "bool":
        return {"true": True, "false": False}.get(text, text)
    if spec.kind in ("scale", "priority"):
        return int(text) if text.isascii() and text.isdigit() and len(text) < 3 else text
    if spec.kind == "ags":
        return re.sub(r"\s+", "", text)
    return text


def form_to_profile(form: WizardForm) -> dict[str, Any]:
    """The profile dict of the wizard's answers: unanswered fields are left out.

    Never fails and never drops what the user typed: a value that cannot be a number stays text
    so that the validation names its field.
    """
    profile: dict[str, Any] = {}
    for spec in FIELDS:
        if spec.kind in WEIGHTING_KINDS or spec.name in (METHOD_FIELD, AHP_FIELD):
            continue
        value = _value(spec, form.get(spec.name))
        if value is None:
            continue
        section, key = spec.name.split(".", 1)
        profile.setdefault(section, {})[key] = value
    known = [g for g in GOALS if g in form.goals]
    unknown = [g for g in form.goals if g not in GOALS]
    if known or unknown:
        profile["goals"] = known + unknown
    weighting = _weighting(form)
    if weighting is not None:
        profile["weighting"] = weighting
    return _ordered(profile)


def _weighting(form: WizardForm) -> dict[str, Any] | None:
    method = form.get(METHOD_FIELD).strip()
    if method == "":
        return None
    if method == "swing":
        points: dict[str, Any] = {}
        for c in CRITERIA:
            value = _value(BY_NAME[f"weighting.points.{c}"], form.get(f"weighting.points.{c}"))
            if value is not None:
                points[c] = value
        return {"method": "swing", "points": points}
    if method == "ahp" and ahp_chosen(form):
        return _ahp_from_fields(form, ahp_chosen(form))
    if method == "ahp":
        raw = form.get(AHP_FIELD)
        try:  # typed by the user: the untrusted reader (a deep "[[[[…" gives no 500)
            spec = load(raw, "json", max_bytes=4 * MAX_AHP_CHARS)
        except UserInputError:
            return {"method": "ahp", "pairwise": raw}
        if isinstance(spec, dict):
            return {"method": "ahp", **{k: v for k, v in spec.items() if k != "method"}}
        return {"method": "ahp", "pairwise": spec}
    return {"method": method}


def _ahp_from_fields(form: WizardForm, chosen: list[str]) -> dict[str, Any]:
    """The comparisons of the browser form as a full reciprocal matrix; a missing or odd
    judgement stays as its text so that the check names it (see :mod:`.views`)."""
    size = len(chosen)
    index = {c: i for i, c in enumerate(chosen)}
    matrix: list[list[Any]] = [[1.0] * size for _ in range(size)]
    for a, b in pairs(chosen):
        i, j = index[a], index[b]
        text = form.get(f"{AHP_PAIR}.{a}.{b}")
        value = judgement(text)
        matrix[i][j] = value if value is not None else text
        matrix[j][i] = 1.0 / value if value is not None else text
    return {"method": "ahp", "criteria": chosen, "pairwise": matrix}


_ORDER = (
    "municipality",
    "goals",
    "structures",
    "resources",
    "backing",
    "post",
    "priorities",
    "weighting",
)


def _ordered(profile: dict[str, Any]) -> dict[str, Any]:
    return {key: profile[key] for key in _ORDER if key in profile}


# ----------------------------------------------------------------------------- profile → form


def _text(spec: FieldSpec, value: Any, lang: str) -> str:
    if value is None:
        return ""
    if spec.kind == "bool" and isinstance(value, bool):
        return "true" if value else "false"
    if spec.kind in ("int", "float", "points"):
        return format_number(value, lang)
    return str(value)[: MAX_VALUE_CHARS if spec.name != AHP_FIELD else MAX_AHP_CHARS]


def profile_to_form(profile: Mapping[str, Any], lang: str = "de") -> WizardForm:
    """The wizard's answers for a profile (an uploaded file, possibly invalid).

    Values of known fields are shown as they are, even when they are wrong, so the validation
    can point at them; keys the wizard does not know are left out.
    """
    values: dict[str, str] = {}
    for spec in FIELDS:
        if spec.kind in WEIGHTING_KINDS or spec.name in (METHOD_FIELD, AHP_FIELD):
            continue
        section, key = spec.name.split(".", 1)
        part = profile.get(section)
        if isinstance(part, Mapping) and key in part:
            values[spec.name] = _text(spec, part[key], lang)
    goals = profile.get("goals")
    goal_list = [str(g) for g in goals] if isinstance(goals, list) else []
    weighting = profile.get("weighting")
    if isinstance(weighting, Mapping):
        method = weighting.get("method", "ratings")
        if method == "swing":
            values[METHOD_FIELD] = "swing"
            points = weighting.get("points")
            for c, v in (points if isinstance(points, Mapping) else {}).items():
                name = f"weighting.points.{c}"
                if name in BY_NAME:
                    values[name] = _text(BY_NAME[name], v, lang)
        elif method == "ahp":
            values[METHOD_FIELD] = "ahp"
            rest = {k: v for k, v in weighting.items() if k != "method"}
            values[AHP_FIELD] = json.dumps(rest, ensure_ascii=False)
        elif method != "ratings":
            values[METHOD_FIELD] = str(method)
    return WizardForm(values, tuple(goal_list))


# ----------------------------------------------------------------------------- errors → steps


def step_of(path: str) -> int:
    """The step that owns a profile field (``goals[0]`` → 2); unknown paths belong to step 1."""
    section = re.split(r"[.\[]", path, maxsplit=1)[0]
    return SECTION_STEPS.get(section, 1)


def input_id(path: str) -> str:
    """The id of the input an error about ``path`` points to ("" when no input shows it)."""
    base = re.sub(r"\[\d+\]", "", path)
    if base in BY_NAME:
        return "f-" + re.sub(r"[._]", "-", base)
    if base == "goals":
        return f"f-goals-{GOALS[0]}"
    if base == "priorities":
        return input_id(f"priorities.{CRITERIA[0]}")
    if base in ("weighting", "weighting.points"):
        return input_id(f"weighting.points.{CRITERIA[0]}")
    if base.startswith("weighting."):
        return input_id(METHOD_FIELD)
    return ""


def criterion_of(path: str) -> str | None:
    """The criterion a priority or SWING field is about (``priorities.focus`` → ``focus``)."""
    for prefix in ("priorities.", "weighting.points."):
        if path.startswith(prefix) and path[len(prefix) :] in CRITERIA:
            return path[len(prefix) :]
    return None


def label_of(path: str) -> str:
    """The English msgid of a field's label, for fields that have one of their own."""
    base = re.sub(r"\[\d+\]", "", path)
    spec = BY_NAME.get(base)
    if spec is not None and spec.label:
        return spec.label
    if base == "goals":
        return N_("Goals")
    if base == "post.level_rank":
        return N_("Level of the post")
    if base == "resources.budget_per_inhabitant":
        return N_("Budget of its own per inhabitant in euros")
    if base.startswith("weighting"):
        return N_("Weighting")
    if base.startswith("priorities"):
        return N_("Priorities")
    return ""
