"""Assessing one row: the advisor's own parse → complete → analyse, reduced to one result row.

The steps are exactly those of :func:`klimaorg.advisor.advise`, so a batch row says what
``klimaorg advise`` says for the same profile. Only the texts are left out.

**Reuse.** The analysis of a completed profile depends on its values, never on the
municipality's name or key; and a number (population, posts, budget, backing) only enters
through the context rules' thresholds. Rows whose completed values agree, with each such number
replaced by the outcome of every rule condition on it ("population band as far as any rule
distinguishes"), therefore get the same analysis. :func:`analysis_key` builds that key; the
:class:`Assessor` computes each distinct key once (a bounded LRU cache) unless ``reuse`` is off.
Every row still carries its own identity and its own list of assumptions.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from klimaorg.advisor.analysis import DEFAULT_SAMPLES, DEFAULT_SEED, analyse
from klimaorg.advisor.data import AdvisorData
from klimaorg.advisor.profile import CompletedProfile, complete, parse_profile
from klimaorg.advisor.recommend import Recommendation
from klimaorg.advisor.schema import Municipality
from klimaorg.batch.sources import InputRow, message
from klimaorg.directory import SIZE_CLASSES, Directory, SizeClass
from klimaorg.directory import Municipality as DirectoryMunicipality
from klimaorg.errors import KlimaOrgError, UserInputError
from klimaorg.i18n import Lang, number

CACHE_SIZE = 4096
"""Distinct analyses kept for reuse; baseline profiles of all of Germany need about 30."""

IDENTITY_FIELDS = frozenset({"municipality.name", "municipality.ags"})


@dataclass(frozen=True, slots=True)
class RowError:
    """Why a row has no result: its input line, the field as spelled in the profile, the text."""

    line: int | None
    field: str
    message: str
    lang: Lang = "de"

    @property
    def location(self) -> str:
        """``Zeile 17: resources.staff_fte`` (line and field, as far as known)."""
        where = [message(self.lang, "line", line=self.line)] if self.line is not None else []
        if self.field:
            where.append(self.field)
        return ": ".join(where)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    @property
    def detail(self) -> str:
        """Field and message, as in the output's ``error`` column."""
        return f"{self.field}: {self.message}" if self.field else self.message


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the analysis says for one distinct completed profile (shared by reusing rows)."""

    recommendation: str
    recommendation_name: str
    score: float
    first_rank_share: float
    runner_up: str | None
    runner_up_name: str | None
    runner_up_share: float | None
    ranking: tuple[dict[str, Any], ...]  # the rows of advise()'s "ranking", best first

    @property
    def ranks(self) -> list[tuple[str, int]]:
        """``(model, rank)`` of the feasible models, best first."""
        return [(r["model"], r["rank"]) for r in self.ranking if not r["excluded"]]

    @property
    def excluded(self) -> list[tuple[str, list[str]]]:
        """``(model, rule ids)`` of the excluded models."""
        return [(r["model"], list(r["rules"])) for r in self.ranking if r["excluded"]]


@dataclass(frozen=True, slots=True)
class Row:
    """One output row: the municipality's identity and its outcome, skip reason or error."""

    line: int | None
    ags: str | None
    name: str | None
    kind: str | None
    population: Any  # int when known; the cell as given for rows that failed
    size_class: str | None
    outcome: Outcome | None = None
    assumptions: int | None = None
    skipped: str | None = None
    error: RowError | None = None
    administration: str | None = None  # the association or Landkreis advised (levels.py)


def _administration(completed: CompletedProfile) -> str | None:
    """The unit whose administration was advised, when it is not the row's own ("Verbandsgemeinde
    Rhein-Selz" for Oppenheim, "Landkreis Ebersberg" for its key)."""
    level = completed.level
    return None if level is None or level.own_figures else level.name


def size_class_label(band: SizeClass, lang: Lang) -> str:
    """A population band in the reader's words and number format."""
    lower, upper = number(band.lower, lang), number(band.upper or 0, lang)
    if lang == "de":
        if band.lower == 0:
            return f"unter {upper}"
        return f"{lower} bis unter {upper}" if band.upper else f"{lower} und mehr"
    if band.lower == 0:
        return f"under {upper}"
    return f"{lower} to under {upper}" if band.upper else f"{lower} and more"


def size_class_of(population: Any, lang: Lang) -> str | None:
    """The band label of a known population, else None."""
    if isinstance(population, int) and not isinstance(population, bool) and population >= 0:
        for band in SIZE_CLASSES:
            if band.contains(population):
                return size_class_label(band, lang)
    return None


def _freeze(value: Any) -> Hashable:
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 1 and 1.0 posts are the same input
    return value if isinstance(value, Hashable) else repr(value)


ConditionTest = Callable[[Any], object]


def rule_conditions(advisor: AdvisorData) -> dict[str, tuple[ConditionTest, ...]]:
    """The context rules' conditions (as prepared tests) and grades (the factor a number gives),
    grouped by the field they read."""
    by_field: dict[str, list[ConditionTest]] = {}
    for check in advisor.rule_checks.values():
        for field, test in check.tests:
            by_field.setdefault(field, []).append(test)
        if check.grade is not None and check.grade_field is not None:
            by_field.setdefault(check.grade_field, []).append(check.grade)
    return {field: tuple(items) for field, items in by_field.items()}


def analysis_key(
    completed: CompletedProfile, conditions: dict[str, tuple[ConditionTest, ...]]
) -> Hashable:
    """What the analysis of ``completed`` depends on (see the module docstring)."""
    parts: list[tuple[str, Hashable]] = []
    for field, value in sorted(completed.values.items()):
        if field in IDENTITY_FIELDS:
            continue
        if field in conditions and isinstance(value, (int, float)) and not isinstance(value, bool):
            parts.append((field, ("band", *(test(value) for test in conditions[field]))))
        else:
            parts.append((field, _freeze(str(value) if field == "municipality.kind" else value)))
    profile = completed.profile
    parts.append(("priorities", _freeze(profile.priorities or {})))
    parts.append(
        ("weighting", _freeze(profile.weighting.model_dump() if profile.weighting else None))
    )
    return tuple(parts)


class Assessor:
    """Turns input rows into output rows, reusing analyses of equal completed profiles."""

    def __init__(
        self,
        advisor: AdvisorData,
        directory: Directory | None,
        *,
        lang: Lang = "de",
        samples: int = DEFAULT_SAMPLES,
        seed: int = DEFAULT_SEED,
        reuse: bool = True,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        self.advisor = advisor
        self.directory = directory
        self.lang = lang
        self.samples = samples
        self.seed = seed
        self.reuse = reuse
        self.cache_size = cache_size
        self.conditions = rule_conditions(advisor)
        self.cache: OrderedDict[Hashable, Outcome] = OrderedDict()
        self.analyses = 0  # analyses computed
        self.reused = 0  # rows answered from the cache

    def assess(self, item: InputRow) -> Row:
        """The output row of one input row; never raises for bad input (the row says why)."""
        if item.skip is not None:
            return self._plain(item, skipped=item.skip)
        if item.problem is not None:
            return self._failed(item, item.problem)
        try:
            parsed = parse_profile(item.data, self.advisor, self.lang)
            skipped = self._gemeindefrei(item, parsed.municipality)
            if skipped is not None:
                return skipped
            completed = complete(parsed, self.advisor, self.lang, self.directory)
            outcome = self.outcome(completed)
        except UserInputError as exc:
            return self._failed(item, exc)
        except KlimaOrgError as exc:  # pragma: no cover - every input error is a UserInputError
            return self._failed(item, UserInputError("", str(exc)))
        place = completed.values
        population = place["municipality.population"]
        return Row(
            line=item.line,
            ags=place["municipality.ags"],
            name=place["municipality.name"],
            kind=str(place["municipality.kind"]),
            population=population,
            size_class=size_class_of(population, self.lang),
            outcome=outcome,
            assumptions=len(completed.assumptions),
            administration=_administration(completed),
        )

    def outcome(self, completed: CompletedProfile) -> Outcome:
        """The outcome of a completed profile, from the cache when an equal one was analysed."""
        if not self.reuse:
            return self._analyse(completed)
        key = analysis_key(completed, self.conditions)
        cached = self.cache.get(key)
        if cached is not None:
            self.cache.move_to_end(key)
            self.reused += 1
            return cached
        outcome = self._analyse(completed)
        self.cache[key] = outcome
        if len(self.cache) > self.cache_size:
            self.cache.popitem(last=False)
        return outcome

    def _analyse(self, completed: CompletedProfile) -> Outcome:
        analysis = analyse(self.advisor, completed, self.lang, samples=self.samples, seed=self.seed)
        self.analyses += 1
        recommendation = Recommendation(self.advisor, completed, analysis, self.lang)
        ranking = tuple(recommendation.ranking())
        first = ranking[0]
        second = ranking[1] if len(ranking) > 1 and not ranking[1]["excluded"] else None
        return Outcome(
            recommendation=first["model"],
            recommendation_name=first["name"],
            score=first["score"],
            first_rank_share=first["first_rank_share"],
            runner_up=second["model"] if second else None,
            runner_up_name=second["name"] if second else None,
            runner_up_share=second["first_rank_share"] if second else None,
            ranking=ranking,
        )

    def _gemeindefrei(self, item: InputRow, place: Municipality) -> Row | None:
        """The skipped row of a gemeindefreies Gebiet named by its key (no kind, population)."""
        if place.ags is None or self.directory is None or (place.kind and place.population):
            return None
        entity = self.directory.find(place.ags)
        if not isinstance(entity, DirectoryMunicipality) or not entity.is_gemeindefrei:
            return None
        return Row(
            line=item.line,
            ags=entity.ags,
            name=place.name or entity.name,
            kind=entity.kind.value,
            population=entity.population,
            size_class=size_class_of(entity.population, self.lang),
            skipped=message(self.lang, "gemeindefrei"),
        )

    def _plain(self, item: InputRow, **extra: Any) -> Row:
        population = item.population
        if isinstance(population, str) and population.isascii() and population.isdigit():
            population = int(population)
        return Row(
            line=item.line,
            ags=item.ags,
            name=item.name,
            kind=item.kind,
            population=population,
            size_class=size_class_of(population, self.lang),
            **extra,
        )

    def _failed(self, item: InputRow, exc: UserInputError) -> Row:
        return self._plain(item, error=RowError(item.line, exc.field, exc.message, self.lang))
