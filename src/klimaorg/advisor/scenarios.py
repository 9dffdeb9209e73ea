"""Scenarios: a profile with a name that is a whole sentence and the expected outcome.

Domain experts write them as YAML (``tests/advisor/scenarios/``); ``klimaorg advise`` runs a
scenario file like a profile file and says whether the expectation holds, and the test suite
runs them all. Expectation keys: ``leading`` (model id), ``not_leading`` (ids), ``excluded`` (ids
that must be excluded), ``explanation_refs`` (statement ids the explanation must cite),
``explanation_kinds`` (sentence kinds it must contain), ``min_assumptions`` (a count),
``level_contains`` (a text the named administrative level must contain, e.g. the Verband).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from klimaorg.knowledge.schema import Identifier, NonEmpty, Strict


class Expectation(Strict):
    """What a scenario expects of the recommendation."""

    leading: Identifier | None = None
    not_leading: list[Identifier] = Field(default_factory=list)
    excluded: list[Identifier] = Field(default_factory=list)
    explanation_refs: list[NonEmpty] = Field(default_factory=list)
    explanation_kinds: list[Identifier] = Field(default_factory=list)
    min_assumptions: Annotated[int, Field(ge=0)] = 0
    level_contains: NonEmpty | None = None


class Scenario(Strict):
    """A named profile with its expected outcome."""

    name: NonEmpty
    profile: dict[str, Any]
    expect: Expectation


def is_scenario(data: Any) -> bool:
    """Whether a parsed document is a scenario rather than a bare profile."""
    return isinstance(data, dict) and "profile" in data and "expect" in data


def unmet(expect: Expectation, result: dict[str, Any]) -> list[str]:
    """The expectations a result does not meet (empty when it meets all)."""
    problems = []
    leader = result["recommendation"]
    if expect.leading and leader != expect.leading:
        problems.append(f"leading: expected {expect.leading}, got {leader}")
    if leader in expect.not_leading:
        problems.append(f"not_leading: {leader} leads")
    excluded = {row["model"] for row in result["ranking"] if row["excluded"]}
    problems += [f"excluded: {m} is not excluded" for m in expect.excluded if m not in excluded]
    refs = {ref for sentence in result["explanation"] for ref in sentence["refs"]}
    problems += [
        f"explanation_refs: {r} not cited" for r in expect.explanation_refs if r not in refs
    ]
    kinds = {sentence["kind"] for sentence in result["explanation"]}
    problems += [f"explanation_kinds: no {k}" for k in expect.explanation_kinds if k not in kinds]
    if len(result["assumptions"]) < expect.min_assumptions:
        problems.append(f"min_assumptions: {len(result['assumptions'])} < {expect.min_assumptions}")
    level = result.get("level") or {}
    if expect.level_contains and expect.level_contains not in str(level.get("text", "")):
        problems.append(f"level_contains: '{expect.level_contains}' not named")
    return problems
