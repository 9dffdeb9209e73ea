"""The loaded knowledge base: models, criteria and sources, cross-checked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from klimaorg.errors import NotFoundError
from klimaorg.knowledge.schema import Criterion, ModelFile, Rating, Source, Statement

StatementKind = Literal["advantage", "disadvantage"]


@dataclass(frozen=True)
class StatementRef:
    """A statement together with where it stands: its model and whether it is an advantage."""

    model: ModelFile
    kind: StatementKind
    index: int
    statement: Statement

    @property
    def ref(self) -> str:
        """The statement's global id ``model.statement`` (used by criteria, rules, explanations)."""
        return f"{self.model.id}.{self.statement.id}"

    @property
    def locator(self) -> str:
        """Where the quotation stands in the source table (German, for citations)."""
        column = "Vorteile" if self.kind == "advantage" else "Nachteile"
        return f"Tabelle, Modell „{self.model.name.quote}“, Spalte {column}, Punkt {self.index + 1}"


@dataclass(frozen=True)
class KnowledgeBase:
    """All knowledge files of one folder, validated and cross-checked."""

    models: tuple[ModelFile, ...]
    criteria: tuple[Criterion, ...]
    sources: tuple[Source, ...]
    rating_method: dict[str, str] = field(default_factory=dict)
    rating_scale: dict[int, dict[str, str]] = field(default_factory=dict)

    @cached_property
    def profile(self) -> dict[str, dict[str, float]]:
        """``profile[model][criterion]``: the rated values (1-5) of the table, once per load
        (callers must not modify it)."""
        return {
            m.id: {c: float(m.ratings[c].value) for c in self.criterion_ids if c in m.ratings}
            for m in self.models
        }

    def rating(self, model_id: str, criterion_id: str) -> Rating:
        """The full cell: value, interval, basis and rationale."""
        model = self.model(model_id)
        self.criterion(criterion_id)  # a NotFoundError naming the known ids
        return model.ratings[criterion_id]

    @cached_property
    def model_ids(self) -> list[str]:
        """Model ids in display order (callers must not modify the list)."""
        return [m.id for m in self.models]

    @cached_property
    def criterion_ids(self) -> list[str]:
        """Criterion ids in file order (callers must not modify the list)."""
        return [c.id for c in self.criteria]

    def model(self, model_id: str) -> ModelFile:
        """The model with this id, or NotFoundError listing the known ids."""
        for model in self.models:
            if model.id == model_id:
                return model
        raise NotFoundError("Modell", model_id, self.model_ids)

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id, or NotFoundError listing the known ids."""
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise NotFoundError("Kriterium", criterion_id, self.criterion_ids)

    def source(self, source_id: str) -> Source:
        """The source with this id."""
        for source in self.sources:
            if source.id == source_id:
                return source
        raise NotFoundError("Quelle", source_id, [s.id for s in self.sources])

    def statements(self, model_id: str | None = None) -> Iterator[StatementRef]:
        """Every advantage and disadvantage (of one model, or of all), in source order."""
        for model in self.models:
            if model_id is not None and model.id != model_id:
                continue
            for index, statement in enumerate(model.advantages):
                yield StatementRef(model, "advantage", index, statement)
            for index, statement in enumerate(model.disadvantages):
                yield StatementRef(model, "disadvantage", index, statement)

    def statement(self, ref: str) -> StatementRef:
        """A statement by its global id ``model.statement``."""
        for item in self.statements():
            if item.ref == ref:
                return item
        raise NotFoundError("Aussage", ref)
