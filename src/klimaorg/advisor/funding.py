"""Funding conditions of the Kommunalrichtlinie as checks: notes with their source, never weights.

Whether a post can be funded is a condition of the funding programme, not a quality of an
organisational model: the checks of ``data/funding.yaml`` therefore never touch a rating, a weight
or the ranking. They read the profile *as stated*: a field the user left unknown is not replaced
by the assumption of ``defaults.yaml`` (an assumed "no concept" must not turn into a confident
"an initial project is possible"); only ``op: unknown`` matches it. The pseudo-field
``recommendation`` is the model recommended first, for notes that depend on it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from klimaorg.advisor.data import load_advisor_data
from klimaorg.advisor.schema import Backing, Condition, Municipality, Resources, Structures
from klimaorg.i18n import Lang
from klimaorg.knowledge import KnowledgeBase, load_knowledge
from klimaorg.knowledge.schema import Identifier, LocalText, NonEmpty, Strict
from klimaorg.knowledge.yamlfile import DataFileError, read_yaml, validate

FILE = "funding.yaml"
DATA_FILE = Path(__file__).parent / "data" / FILE
RECOMMENDATION = "recommendation"
Severity = Literal["note", "warning", "contradiction"]
SEVERITIES: tuple[Severity, ...] = ("contradiction", "warning", "note")
"""Most serious first: the order in which notes are shown."""

SEVERITY_LABELS: dict[str, dict[str, str]] = {
    "de": {"note": "Hinweis", "warning": "Warnung", "contradiction": "Widerspruch"},
    "en": {"note": "Note", "warning": "Warning", "contradiction": "Contradiction"},
}
_SECTION = {"de": "Abschnitt", "en": "section"}
_EXPERT = {
    "de": "Einschätzung von Fachleuten auf Grundlage von",
    "en": "Expert assumption based on",
}


class FundingCondition(Condition):
    """A condition of ``rules.yaml`` (same syntax and evaluator), plus ``op: unknown``: the user
    left the field open."""

    op: Literal["lt", "le", "gt", "ge", "eq", "ne", "unknown"]  # type: ignore[assignment]
    value: int | float | bool | str | None = None  # type: ignore[assignment]

    def test(self) -> Callable[[Any], bool]:
        """As :meth:`Condition.test`; ``unknown`` holds exactly for a missing value."""
        if self.op == "unknown":
            return lambda actual: actual is None
        return super().test()


class FundingBasis(Strict):
    """What a check rests on: a source of ``sources.yaml`` and the place in it."""

    kind: Literal["source", "expert_assumption"]
    source: Identifier
    section: NonEmpty


class FundingCheck(Strict):
    """One funding condition (see ``funding.yaml``)."""

    id: Identifier
    severity: Severity
    when: Annotated[list[FundingCondition], Field(min_length=1)]
    text: LocalText
    basis: FundingBasis


class FundingFile(Strict):
    """``funding.yaml``."""

    checks: Annotated[list[FundingCheck], Field(min_length=1)]


def _profile_fields() -> set[str]:
    """Every dotted field a check may read: the profile's flat sections and the recommendation."""
    sections: dict[str, type[BaseModel]] = {
        "municipality": Municipality,
        "structures": Structures,
        "resources": Resources,
        "backing": Backing,
    }
    return {f"{name}.{f}" for name, model in sections.items() for f in model.model_fields} | {
        RECOMMENDATION
    }


def load_funding(path: Path | None = None, knowledge: KnowledgeBase | None = None) -> FundingFile:
    """Read and cross-check a funding file (the packaged one by default, cached).

    A bad file raises :class:`DataFileError` naming the file and the entry (``checks[2].when[0]``).
    """
    if path is None and knowledge is None:
        return _load_default()
    return _load(path or DATA_FILE, knowledge or load_knowledge())


@lru_cache(maxsize=1)
def _load_default() -> FundingFile:
    return _load(DATA_FILE, load_knowledge())


def _load(path: Path, knowledge: KnowledgeBase) -> FundingFile:
    name = path.name
    data = validate(FundingFile, read_yaml(path, name), name)
    fields, models = _profile_fields(), set(knowledge.model_ids)
    sources = {s.id for s in knowledge.sources}
    seen: set[str] = set()
    for i, check in enumerate(data.checks):
        where = f"checks[{i}]"
        if check.id in seen:
            raise DataFileError(name, f"{where}.id", f"doppelte ID '{check.id}'")
        seen.add(check.id)
        for j, condition in enumerate(check.when):
            _check_condition(name, f"{where}.when[{j}]", condition, fields, models)
        if check.basis.source not in sources:
            raise DataFileError(
                name, f"{where}.basis.source", f"unbekannte Quelle: '{check.basis.source}'"
            )
    return data


def _check_condition(
    name: str, where: str, condition: FundingCondition, fields: set[str], models: set[str]
) -> None:
    """A condition must read a known field, and a recommendation must name a known model."""
    if condition.field not in fields:
        raise DataFileError(name, f"{where}.field", f"unbekanntes Feld: '{condition.field}'")
    if condition.op == "unknown":
        if condition.value is not None:
            raise DataFileError(name, f"{where}.value", "'unknown' vergleicht mit keinem Wert")
        return
    if condition.value is None:
        raise DataFileError(name, f"{where}.value", "Wert fehlt")
    if condition.field == RECOMMENDATION and condition.value not in models:
        raise DataFileError(name, f"{where}.value", f"unbekanntes Modell: '{condition.value}'")


@lru_cache(maxsize=1)
def funding_fields() -> tuple[str, ...]:
    """Every profile field the packaged checks read (the recommendation aside): the notes
    depend on these and the recommended model only."""
    names = {c.field for check in load_funding().checks for c in check.when}
    return tuple(sorted(names - {RECOMMENDATION}))


def stated_values(values: Mapping[str, Any], assumed: set[str]) -> dict[str, Any]:
    """The completed profile's values with every assumed field unknown again (None)."""
    return {k: (None if k in assumed else v) for k, v in values.items()}


def fired(
    checks: FundingFile, stated: Mapping[str, Any], recommendation: str
) -> list[FundingCheck]:
    """The checks whose conditions all hold, most serious first (file order within a severity)."""
    values = {**stated, RECOMMENDATION: recommendation}
    hits = [c for c in checks.checks if all(x.test()(values.get(x.field)) for x in c.when)]
    return sorted(hits, key=lambda c: SEVERITIES.index(c.severity))


def funding_notes(
    values: Mapping[str, Any],
    assumed: set[str],
    recommendation: str,
    lang: Lang,
    *,
    checks: FundingFile | None = None,
    knowledge: KnowledgeBase | None = None,
) -> list[dict[str, Any]]:
    """The notes for a completed profile (``values``; ``assumed``: the fields filled by
    assumption) and the recommended model, each with its source: the result key ``funding``."""
    checks = checks or load_funding()
    knowledge = knowledge or load_advisor_data().knowledge
    sources = {s.id: s for s in knowledge.sources}
    notes = []
    for check in fired(checks, stated_values(values, assumed), recommendation):
        source = sources[check.basis.source]
        expert = check.basis.kind == "expert_assumption"
        open_quote, close_quote = ("„", "“") if lang == "de" else ("“", "”")
        section = f"{_SECTION[lang]} {open_quote}{check.basis.section}{close_quote}"
        citation = f"{source.cite(lang)}, {section}"
        # ``locator``: where in the source, in the reader's words (the reports' endnotes).
        notes.append(
            {
                "id": check.id,
                "severity": check.severity,
                "severity_label": SEVERITY_LABELS[lang][check.severity],
                "text": check.text.get(lang),
                "basis": check.basis.kind,
                "source": check.basis.source,
                "section": check.basis.section,
                "citation": f"{_EXPERT[lang]} {citation}" if expert else citation,
                "source_citation": source.cite(lang),
                "locator": section,
                "url": getattr(source, "url", None),
            }
        )
    return notes
