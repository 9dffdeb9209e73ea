"""The model × criterion profile: the rated table of the knowledge base, and the evidence behind
each cell.

The values are typed in by a reviewer (``ratings`` in each model file, method in
``data/index.yaml``) and checked by the loader; nothing here computes them.
:func:`contributions` lists the source statements that bear on a cell, so every number can be
traced to its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from klimaorg.knowledge.base import KnowledgeBase, StatementRef


@dataclass(frozen=True)
class Contribution:
    """One statement's effect on a criterion (signed strength, -3 to +3): evidence for a cell."""

    statement: StatementRef
    value: int


def criteria_profile(base: KnowledgeBase) -> dict[str, dict[str, float]]:
    """``profile[model_id][criterion_id]``: the rated value (1-5) of every cell (computed once per
    loaded knowledge base; callers must not modify it)."""
    return base.profile


def contributions(base: KnowledgeBase, model_id: str, criterion_id: str) -> list[Contribution]:
    """The effects of one model's statements on one criterion, in source order."""
    return [
        Contribution(item, effect.value)
        for item in base.statements(model_id)
        for effect in item.statement.effects
        if effect.criterion == criterion_id
    ]
