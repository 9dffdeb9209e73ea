"""Practice examples: the documented cases most like the user's situation, and the case table.

The cases are source-based facts of the knowledge layer (:mod:`klimaorg.knowledge.practice`);
how similar a case is to a profile is an expert assumption kept as data (``data/practice.yaml``,
where the measure and its weights are explained). Like the funding notes, the examples never touch
a rating or the ranking, and they read the profile *as stated*: a field the user left open is
unknown here, not its assumed default (an assumed single post must not make every one-post case
look alike).

Everything that does not depend on the profile is prepared once per language (features of the
cases, their display entries), so the result costs a few dozen arithmetic operations per request.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import orjson
from pydantic import Field, model_validator

from klimaorg.advisor.data import load_advisor_data
from klimaorg.advisor.profile import CompletedProfile
from klimaorg.i18n import Lang
from klimaorg.jsondata import Data
from klimaorg.knowledge.practice import KINDS, PracticeCase, PracticeFile, load_practice
from klimaorg.knowledge.schema import Kind, LocalText, Strict
from klimaorg.knowledge.yamlfile import read_yaml, validate

FILE = "practice.yaml"
DATA_FILE = Path(__file__).parent / "data" / FILE
Unit = Annotated[float, Field(ge=0, le=1)]
FEATURES = ("kind", "population", "staff", "goals")
QUOTES = {"de": ("„", "“"), "en": ("“", "”")}


class Weights(Strict):
    """How much each feature counts; they add up to 1."""

    kind: Unit
    population: Unit
    staff: Unit
    goals: Unit

    @model_validator(mode="after")
    def _sum_to_one(self) -> Weights:
        if abs(self.kind + self.population + self.staff + self.goals - 1) > 1e-9:
            raise ValueError("die Gewichte müssen zusammen 1 ergeben")
        return self


class Basis(Strict):
    """Why the measure is what it is (labelled as an expert assumption)."""

    kind: Literal["expert_assumption"]
    text: LocalText


class KindText(Strict):
    """A kind of administration: its name and "also a …" for the reason of a similarity."""

    label: LocalText
    also: LocalText


class Texts(Strict):
    """Phrases of the reason ("ähnliche Größe, ebenfalls ein Landkreis")."""

    population: LocalText
    staff: LocalText
    goal: LocalText
    goals: LocalText
    and_: LocalText = Field(alias="and")
    none: LocalText
    unchanged: LocalText


class SimilarityFile(Strict):
    """``practice.yaml``."""

    basis: Basis
    weights: Weights
    unknown: Unit
    kind_partial: Unit
    municipal_kinds: list[Kind]
    population_span: Annotated[float, Field(gt=0)]
    staff_span: Annotated[float, Field(gt=0)]
    reason_threshold: Unit
    shown: Annotated[int, Field(ge=1, le=10)]
    kinds: dict[Kind, KindText]
    texts: Texts

    @model_validator(mode="after")
    def _every_kind(self) -> SimilarityFile:
        missing = [k for k in KINDS if k not in self.kinds]
        if missing:
            raise ValueError(f"Bezeichnung fehlt für: {', '.join(missing)}")
        return self


@dataclass(frozen=True, slots=True)
class Features:
    """What the measure compares: kind, log10 population, log2 posts and goals (None: unknown)."""

    kind: str | None
    log_population: float | None
    log_staff: float | None
    goals: frozenset[str] | None


def load_similarity(path: Path | None = None) -> SimilarityFile:
    """Read the similarity file (the packaged one by default, cached); errors name the file."""
    if path is None:
        return _load_default()
    return validate(SimilarityFile, read_yaml(path, path.name), path.name)


@lru_cache(maxsize=1)
def _load_default() -> SimilarityFile:
    return validate(SimilarityFile, read_yaml(DATA_FILE, FILE), FILE)


def _log(value: float | None, base: float) -> float | None:
    return math.log(value, base) if value is not None and value > 0 else None


def case_features(case: PracticeCase) -> Features:
    """A case's features from its stated facts."""
    goals = frozenset(case.facts.goals) or None
    return Features(case.kind, _log(case.population, 10), _log(case.facts.staff_fte, 2), goals)


def profile_features(values: Mapping[str, Any], assumed: set[str]) -> Features:
    """A completed profile's features, with every assumed field unknown."""

    def stated(field: str) -> Any:
        return None if field in assumed else values.get(field)

    goals = stated("goals")
    population = stated("municipality.population")
    staff = stated("resources.staff_fte")
    return Features(
        stated("municipality.kind"),
        _log(float(population), 10) if isinstance(population, int | float) else None,
        _log(float(staff), 2) if isinstance(staff, int | float) else None,
        frozenset(goals) if goals else None,
    )


def feature_scores(user: Features, case: Features, config: SimilarityFile) -> dict[str, float]:
    """Each feature's similarity between 0 and 1 (``unknown`` where either side lacks it)."""
    unknown = config.unknown
    if user.kind is None or case.kind is None:
        kind = unknown
    elif user.kind == case.kind:
        kind = 1.0
    else:
        municipal = config.municipal_kinds
        kind = config.kind_partial if user.kind in municipal and case.kind in municipal else 0.0
    return {
        "kind": kind,
        "population": _closeness(user.log_population, case.log_population, config.population_span)
        if user.log_population is not None and case.log_population is not None
        else unknown,
        "staff": _closeness(user.log_staff, case.log_staff, config.staff_span)
        if user.log_staff is not None and case.log_staff is not None
        else unknown,
        "goals": len(user.goals & case.goals) / len(user.goals | case.goals)
        if user.goals and case.goals
        else unknown,
    }


def _closeness(a: float, b: float, span: float) -> float:
    return max(0.0, 1.0 - abs(a - b) / span)


def similarity(scores: Mapping[str, float], weights: Weights) -> float:
    """The weighted sum of the feature scores."""
    return float(sum(getattr(weights, f) * scores[f] for f in FEATURES))


@dataclass(frozen=True)
class _Prepared:
    """Everything per language that does not depend on the profile."""

    config: SimilarityFile
    cases: tuple[PracticeCase, ...]
    features: tuple[Features, ...]
    entries: tuple[Data, ...]
    goal_names: dict[str, str]


@lru_cache(maxsize=2)
def _prepared(lang: Lang) -> _Prepared:
    practice, config = load_practice(), load_similarity()
    return _Prepared(
        config=config,
        cases=tuple(practice.cases),
        features=tuple(case_features(c) for c in practice.cases),
        entries=tuple(case_entry(c, practice, config, lang) for c in practice.cases),
        goal_names={g.id: g.name.get(lang) for g in load_advisor_data().goals.goals},
    )


def case_entry(
    case: PracticeCase, practice: PracticeFile, config: SimilarityFile, lang: Lang
) -> Data:
    """A case as every interface shows it (plain data; no similarity yet)."""
    model = load_advisor_data().knowledge.model(case.model)
    return {
        "id": case.id,
        "name": case.name,
        "key": case.key,
        "land": case.land,
        "land_name": practice.land_name(case.land, lang),
        "kind": case.kind,
        "kind_label": config.kinds[case.kind].label.get(lang),
        "population": case.population,
        "size_class": case.size_class,
        "size_class_label": practice.size_class(case.size_class).label.get(lang),
        "model": case.model,
        "model_name": model.short_name.get(lang),
        "since": case.since,
        "summary": case.summary.get(lang),
        "changed": case.change is not None,
        "change": (case.change or config.texts.unchanged).get(lang),
        "source": case.source,
        "source_host": urlsplit(case.source).hostname or case.source,
        "sources": list(case.sources),
    }


def reason(
    scores: Mapping[str, float], user: Features, case: Features, prepared: _Prepared, lang: Lang
) -> str:
    """Why a case is similar, as one short German (or English) phrase from the data."""
    config, texts = prepared.config, prepared.config.texts
    threshold = config.reason_threshold
    parts: list[str] = []
    known_population = user.log_population is not None and case.log_population is not None
    if known_population and scores["population"] >= threshold:
        parts.append(texts.population.get(lang))
    if user.kind is not None and user.kind == case.kind:
        parts.append(config.kinds[case.kind].also.get(lang))  # type: ignore[index]
    known_staff = user.log_staff is not None and case.log_staff is not None
    if known_staff and scores["staff"] >= threshold:
        parts.append(texts.staff.get(lang))
    if user.goals and case.goals and user.goals & case.goals:
        shared = [g for g in prepared.goal_names if g in user.goals & case.goals]
        parts.append(_goals_phrase(shared, prepared, lang))
    text = ", ".join(parts) if parts else texts.none.get(lang)
    return text[0].upper() + text[1:] + "."


def _goals_phrase(shared: Sequence[str], prepared: _Prepared, lang: Lang) -> str:
    """``gemeinsames Ziel „A“`` or ``gemeinsame Ziele „A“ und „B“``."""
    texts = prepared.config.texts
    left, right = QUOTES[lang]
    names = [f"{left}{prepared.goal_names[g]}{right}" for g in shared]
    joined = names[0]
    if len(names) > 1:
        joined = f"{', '.join(names[:-1])} {texts.and_.get(lang)} {names[-1]}"
    template = texts.goal if len(names) == 1 else texts.goals
    return template.get(lang).format(goals=joined)


CACHE_SIZE = 4096
"""Situations remembered per process: a server advising many municipalities sees the same few
hundred kinds, sizes, posts and goals again and again."""


def practice_examples(
    values: Mapping[str, Any], assumed: set[str], lang: Lang, count: int | None = None
) -> list[Data]:
    """The most similar documented cases for a completed profile (``assumed``: the fields filled
    by assumption), most similar first; ties keep the file's order. The result key
    ``practice_examples``. Fresh dicts on every call, so callers may modify what they get."""
    found = _nearest(profile_features(values, assumed), lang, count)
    return [{**entry, "sources": list(entry["sources"])} for entry in found]


@lru_cache(maxsize=CACHE_SIZE)
def _nearest(user: Features, lang: Lang, count: int | None) -> tuple[Data, ...]:
    """The nearest cases for one situation (remembered: the answer depends on nothing else)."""
    prepared = _prepared(lang)
    weights = prepared.config.weights
    scored = []
    for index, features in enumerate(prepared.features):
        scores = feature_scores(user, features, prepared.config)
        scored.append((-similarity(scores, weights), index, scores))
    scored.sort(key=lambda item: (item[0], item[1]))
    return tuple(
        {
            **prepared.entries[index],
            "similarity": round(-negative, 3),
            "reason": reason(scores, user, prepared.features[index], prepared, lang),
        }
        for negative, index, scores in scored[: count or prepared.config.shown]
    )


STATED = ("municipality.kind", "municipality.population", "resources.staff_fte", "goals")
"""The profile fields the measure reads."""


def practice_part(completed: CompletedProfile, lang: Lang) -> orjson.Fragment:
    """The result key ``practice_examples`` for a completed profile, on the profile as stated,
    as ready JSON: :func:`klimaorg.advisor.recommend.advise_json` splices it in unchanged, so a
    situation seen before costs one dictionary lookup."""
    assumed = {a.field for a in completed.assumptions}
    values = completed.values
    key = tuple(None if f in assumed else _hashable(values.get(f)) for f in STATED)
    return _fragment(key, lang)


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


@lru_cache(maxsize=CACHE_SIZE)
def _fragment(key: tuple[Any, ...], lang: Lang) -> orjson.Fragment:
    values = dict(zip(STATED, key, strict=True))
    return orjson.Fragment(orjson.dumps(practice_examples(values, set(), lang)))


# ----------------------------------------------------------------------------- the case table


FILTERS = ("modell", "groesse", "land")
"""The page's filter parameters (the same names in both languages, like ``/vergleich?modell=``)."""


def case_table(lang: Lang, chosen: Mapping[str, str | None]) -> Data:
    """Every case, filtered by model, size class and Land (``chosen``: the request's values,
    untrusted). A value that is not one of the known ones is ignored and named in ``ignored``
    (the filter's name in the reader's words, never the value itself)."""
    prepared = _prepared(lang)
    entries = prepared.entries
    options = _options(entries, lang)
    known = {name: {value for value, _label in options[name]} for name in FILTERS}
    selected: dict[str, str | None] = {}
    ignored: list[str] = []
    for name in FILTERS:
        value = chosen.get(name) or None
        if value is not None and value not in known[name]:
            ignored.append(name)
            value = None
        selected[name] = value
    field = {"modell": "model", "groesse": "size_class", "land": "land"}
    rows = [
        e
        for e in entries
        if all(selected[n] is None or e[field[n]] == selected[n] for n in FILTERS)
    ]
    return {
        "lang": lang,
        "cases": rows,
        "total": len(entries),
        "options": options,
        "selected": selected,
        "ignored": ignored,
        "basis": prepared.config.basis.text.get(lang),
    }


def _options(entries: Sequence[Data], lang: Lang) -> dict[str, list[tuple[str, str]]]:
    """The values each filter offers: the models in display order, the size classes in file
    order, the Länder that occur, by name."""
    practice = load_practice()
    shown = {e["model"] for e in entries}
    models = [m for m in load_advisor_data().knowledge.models if m.id in shown]
    lands = sorted({e["land"] for e in entries}, key=lambda c: practice.land_name(c, lang))
    return {
        "modell": [(m.id, m.short_name.get(lang)) for m in models],
        "groesse": [(s.id, s.label.get(lang)) for s in practice.size_classes],
        "land": [(code, practice.land_name(code, lang)) for code in lands],
    }
