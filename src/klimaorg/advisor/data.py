"""Loader of the advisor's data files, cross-checked against the knowledge base."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, get_args

from klimaorg.advisor.schema import (
    GOALS,
    Assumption,
    DefaultsFile,
    FieldsFile,
    GoalsFile,
    Mitigation,
    MitigationsFile,
    Rule,
    RulesFile,
    TextsFile,
)
from klimaorg.i18n import Lang
from klimaorg.knowledge import KnowledgeBase, configured_knowledge, load_knowledge
from klimaorg.knowledge.yamlfile import DataFileError, read_yaml, validate
from klimaorg.settings import get_settings

DATA_DIR = Path(__file__).parent / "data"


class Memo:
    """A small bounded least-recently-used map (results of pure computations).

    Safe enough under the GIL for the app's threads: a lost race only recomputes a value.
    """

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable) -> Any:
        """The value for ``key`` (marked as recently used), or ``None``."""
        try:
            self._items.move_to_end(key)
        except KeyError:
            return None
        return self._items[key]

    def put(self, key: Hashable, value: Any) -> None:
        """Store a value, dropping the least recently used one when full (size 0: never)."""
        if self.size <= 0:
            return
        self._items[key] = value
        if len(self._items) > self.size:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True, slots=True)
class Assumed:
    """One field the profile left unknown, the value used instead and why."""

    field: str
    value: Any
    rationale: str
    label: str = ""
    """The field as the user knows it ("Umweltamt vorhanden"), never its path."""


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """A rule prepared for checking: its conditions as ready-made tests on the completed
    profile's values, and its priority steps (criterion, step)."""

    rule: Rule
    tests: tuple[tuple[str, Callable[[Any], bool]], ...]
    priority_steps: tuple[tuple[str, int], ...]
    grade: Callable[[float], float] | None = None
    grade_field: str | None = None


@dataclass(frozen=True)
class AdvisorData:
    """Goals, assumptions, rules and mitigations, with the knowledge base they refer to."""

    knowledge: KnowledgeBase
    goals: GoalsFile
    assumptions: tuple[Assumption, ...]
    rules: tuple[Rule, ...]
    mitigations: tuple[Mitigation, ...]
    texts: TextsFile
    fields: FieldsFile
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)
    firings: Memo = field(default_factory=Memo, compare=False, repr=False)
    """Which rules fire for the facts the rules read: kept apart from :attr:`memo`, because
    exact populations make many more keys here than there are distinct analyses."""

    @cached_property
    def rule_checks(self) -> dict[str, RuleCheck]:
        """Rule id -> the rule prepared once, in file order: every request checks all of them."""
        return {
            rule.id: RuleCheck(
                rule,
                tuple((c.field, c.test()) for c in rule.when),
                tuple(
                    (e.criterion, e.priority)
                    for e in rule.effects
                    if e.kind == "priority" and e.criterion and e.priority
                ),
                rule.grade.factor if rule.grade else None,
                rule.grade.field if rule.grade else None,
            )
            for rule in self.rules
        }

    @cached_property
    def open_fields(self) -> dict[str, Assumption]:
        """Field -> its open assumption: fields that stay unknown when the user leaves them."""
        return {a.field: a for a in self.assumptions if a.open}

    @cached_property
    def assumed(self) -> dict[str, tuple[Assumed, ...]]:
        """Language -> what each unknown field is assumed to be, with the rationale in that
        language (the same for every profile, so made once)."""
        return {
            lang: tuple(
                Assumed(a.field, a.value, a.rationale.get(lang), self.field_label(a.field, lang))
                for a in self.assumptions
            )
            for lang in get_args(Lang)
        }

    @cached_property
    def goal_steps(self) -> dict[str, tuple[tuple[str, int], ...]]:
        """Goal id -> the (criterion, step) pairs it raises."""
        return {g.id: tuple(g.raises.items()) for g in self.goals.goals}

    def text(self, key: str, lang: str, **values: object) -> str:
        """A sentence template of ``texts.yaml`` in ``lang``, filled with ``values``."""
        template = self.texts.texts[key]
        return (template.de if lang == "de" else template.en).format(**values)

    def field_label(self, path: str, lang: Lang) -> str:
        """A profile field as its user knows it: the label of ``fields.yaml``, a priority or
        SWING point by its criterion's name, a list item by its list ("goals[1]" -> goals)."""
        base = path.split("[", 1)[0]
        label = self.fields.fields.get(base)
        if label is not None:
            return label.get(lang)
        section, _, rest = base.rpartition(".")
        if section in ("priorities", "weighting.points") and rest in self.knowledge.criterion_ids:
            return self.knowledge.criterion(rest).name.get(lang)
        parent = self.fields.fields.get(section.split(".", 1)[0]) if section else None
        return parent.get(lang) if parent is not None else path

    @cached_property
    def assumption_by_field(self) -> dict[str, Assumption]:
        """Field -> its assumption (looked up for every unknown field of every request)."""
        return {a.field: a for a in self.assumptions}

    @cached_property
    def rule_fields(self) -> tuple[str, ...]:
        """Every field a rule reads (conditions and grades): what the rules' outcome depends on."""
        fields: dict[str, None] = {}
        for check in self.rule_checks.values():
            fields.update((name, None) for name, _ in check.tests)
            if check.grade_field is not None:
                fields[check.grade_field] = None
        return tuple(fields)

    def assumption(self, field: str) -> Assumption:
        """The assumption for an unknown profile field."""
        return self.assumption_by_field[field]

    def rule(self, rule_id: str) -> Rule:
        """A rule by id."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def load_advisor_data(
    directory: Path | None = None, knowledge: KnowledgeBase | None = None
) -> AdvisorData:
    """Load and cross-check the advisor's data (cached).

    Without arguments this is the one accessor every layer uses: the packaged advisor files
    on the knowledge base the settings name (``KLIMAORG_KNOWLEDGE_DIR``, else the packaged
    one), so an edited knowledge folder shows in the catalogue, the advice, the reports and the
    workshops alike. It is read once per process (restart after editing it).
    """
    if directory is None and knowledge is None:
        settings = get_settings()
        return _load_configured(settings.knowledge_dir, settings.memo_size)
    return _load(directory or DATA_DIR, knowledge or load_knowledge())


@lru_cache(maxsize=2)
def _load_configured(knowledge_dir: Path | None, memo_size: int) -> AdvisorData:
    del knowledge_dir  # the cache key: the folder configured_knowledge() reads from the settings
    knowledge = configured_knowledge()  # the same object storage checks its ids against
    packaged = load_knowledge().criterion_ids
    if knowledge.criterion_ids != packaged:  # the profile format and saved data name them
        raise DataFileError(
            "criteria.yaml",
            "",
            "ein geänderter Wissensordner darf Texte, Aussagen und Bewertungen ändern, aber "
            f"nicht die Kriterien (erwartet: {', '.join(packaged)})",
        )
    data = _load(DATA_DIR, knowledge)
    return replace(data, memo=Memo(memo_size), firings=Memo(memo_size))


def _read(directory: Path, name: str) -> object:
    return read_yaml(directory / name, name)


def _load(directory: Path, knowledge: KnowledgeBase) -> AdvisorData:
    data = AdvisorData(
        knowledge=knowledge,
        goals=validate(GoalsFile, _read(directory, "goals.yaml"), "goals.yaml"),
        assumptions=tuple(
            validate(DefaultsFile, _read(directory, "defaults.yaml"), "defaults.yaml").assumptions
        ),
        rules=tuple(validate(RulesFile, _read(directory, "rules.yaml"), "rules.yaml").rules),
        mitigations=tuple(
            validate(
                MitigationsFile, _read(directory, "mitigations.yaml"), "mitigations.yaml"
            ).mitigations
        ),
        texts=validate(TextsFile, _read(directory, "texts.yaml"), "texts.yaml"),
        fields=validate(FieldsFile, _read(directory, "fields.yaml"), "fields.yaml"),
    )
    _check(data)
    return data


def _check(data: AdvisorData) -> None:
    kb = data.knowledge
    criteria, models = set(kb.criterion_ids), set(kb.model_ids)
    statements = {s.ref for s in kb.statements()}
    sources = {s.id for s in kb.sources}
    if sorted(g.id for g in data.goals.goals) != sorted(GOALS):
        raise DataFileError(
            "goals.yaml", "goals", f"genau diese Ziele erwartet: {', '.join(GOALS)}"
        )
    for i, goal in enumerate(data.goals.goals):
        _known("goals.yaml", f"goals[{i}].raises", goal.raises, criteria, "Kriterium")
        _known("goals.yaml", f"goals[{i}].source", [goal.source], sources, "Quelle")
    _check_rules(data, criteria, models, statements | sources)
    for i, assumption in enumerate(data.assumptions):
        if assumption.field not in data.fields.fields:
            raise DataFileError(
                "fields.yaml",
                "fields",
                f"Bezeichnung fehlt für '{assumption.field}' (defaults[{i}])",
            )
    for i, item in enumerate(data.mitigations):
        where = f"mitigations[{i}]"
        _known(
            "mitigations.yaml",
            f"{where}.addresses.statements",
            item.addresses.statements,
            statements,
            "Aussage",
        )
        _known(
            "mitigations.yaml",
            f"{where}.addresses.criteria",
            item.addresses.criteria,
            criteria,
            "Kriterium",
        )
        _known("mitigations.yaml", f"{where}.source", [item.source], sources, "Quelle")


def _check_rules(data: AdvisorData, criteria: set[str], models: set[str], refs: set[str]) -> None:
    fields = {a.field for a in data.assumptions} | {
        "municipality.population",
        "municipality.kind",
        "post.level_rank",
        "post.cosignature",
        "resources.budget_per_inhabitant",
    }
    seen: set[str] = set()
    for i, rule in enumerate(data.rules):
        where = f"rules[{i}]"
        if rule.id in seen:
            raise DataFileError("rules.yaml", f"{where}.id", f"doppelte ID '{rule.id}'")
        seen.add(rule.id)
        for j, condition in enumerate(rule.when):
            _known("rules.yaml", f"{where}.when[{j}].field", [condition.field], fields, "Feld")
        if rule.grade is not None:
            _known("rules.yaml", f"{where}.grade.field", [rule.grade.field], fields, "Feld")
        for j, effect in enumerate(rule.effects):
            at = f"{where}.effects[{j}]"
            _known(
                "rules.yaml",
                f"{at}.criterion",
                [effect.criterion] if effect.criterion else [],
                criteria,
                "Kriterium",
            )
            named = [m for m in (effect.model, effect.exclude) if m]
            _known("rules.yaml", f"{at}.model", named, models, "Modell")
        _known("rules.yaml", f"{where}.basis.ref", [rule.basis.ref], refs, "Aussage oder Quelle")


def _known(file: str, field: str, values: object, known: set[str], kind: str) -> None:
    for value in values:  # type: ignore[attr-defined]
        if value not in known:
            raise DataFileError(file, field, f"unbekannte {kind}: '{value}'")
