"""The model × criterion profile, computed from the statements' effects (never typed in by hand).

Formula (also stated in ``data/index.yaml``, shown to users): the profile value of a model on a
criterion is the sum of direction × strength over all effects of the model's advantages and
disadvantages on that criterion; 0 where the source says nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from klimaorg.knowledge.base import KnowledgeBase, StatementRef


@dataclass(frozen=True)
class Contribution:
    """One effect's share of a profile value, so every number can be traced to its statement."""

    statement: StatementRef
    value: int


def criteria_profile(base: KnowledgeBase) -> dict[str, dict[str, int]]:
    """``profile[model_id][criterion_id]`` for every model and criterion (computed once per
    loaded knowledge base; callers must not modify it)."""
    return base.profile


def compute_profile(base: KnowledgeBase) -> dict[str, dict[str, int]]:
    """Apply the formula to every model and criterion."""
    return {
        model_id: {
            c: sum(x.value for x in contributions(base, model_id, c)) for c in base.criterion_ids
        }
        for model_id in base.model_ids
    }


def contributions(base: KnowledgeBase, model_id: str, criterion_id: str) -> list[Contribution]:
    """The effects of one model's statements on one criterion, in source order."""
    return [
        Contribution(item, effect.value)
        for item in base.statements(model_id)
        for effect in item.statement.effects
        if effect.criterion == criterion_id
    ]
