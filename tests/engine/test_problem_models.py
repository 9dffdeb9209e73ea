"""The problem schema of the API (``klimaorg.web.openapi.problem``) agrees with the engine.

The engine validates by hand; the OpenAPI document describes the same format with pydantic
models. Agreement, both ways:

* every problem generated from the published schema (by schemathesis, as the API test does)
  is solved, or refused only for what JSON Schema cannot say (:data:`CROSS_FIELD`: sizes that
  depend on the number of alternatives and criteria, unique ids, reciprocal AHP matrices, a
  threshold above another, a normalisation that meets a 0 in the data);
* every problem the engine refuses is refused by the schema too, or for one of those reasons;
* every answer conforms to the published ``SolveResult``.
"""

from __future__ import annotations

import re
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from klimaorg.engine import solve
from klimaorg.engine.aggregation import PREFERENCE_TYPES, SYNTHESIS_MODES
from klimaorg.engine.errors import ProblemError
from klimaorg.engine.group import GROUP_RULES
from klimaorg.engine.limits import Limits
from klimaorg.engine.normalisation import NORMALISATIONS
from klimaorg.engine.robustness import DISTRIBUTIONS
from klimaorg.engine.weighting import RANDOM_INDEX, RANDOM_INDEX_ALIASES, RANK_FORMULAS
from klimaorg.web.openapi import components
from klimaorg.web.openapi.examples import PROBLEMS
from klimaorg.web.openapi.results import SolveResult
from tests.engine.test_bad_input import CASES
from tests.fuzzing import post_operation, schema_fuzzing

MAX_SAMPLES = 10_000  # the engine's default sample count: a smaller cap refuses the default
CROSS_FIELD = re.compile(
    "|".join(
        [
            r"erwartet \d+",  # one per criterion or alternative: matrix, weights, pairwise
            r"muss eine \d+×\d+-Matrix sein",
            r"kommt doppelt vor",
            r"eindeutiger",
            r"unbekanntes Kriterium",
            r"muss alle Kriterien ordnen|muss jedes Kriterium genau einmal nennen",
            r"muss größer als q",
            r"nicht reziprok",
            r"die Diagonale muss 1 sein",
            r"RI-Tabelle .* keinen Wert",
            r"braucht AHP-Paarvergleiche",
            r"braucht positive Gewichte",
            r"keine Gewichte möglich|lassen fast keine Gewichte zu",
            r"Normalisierung",
        ]
    )
)


def _components() -> dict[str, Any]:
    return components(MAX_SAMPLES)


def _validator() -> Any:
    return jsonschema_rs.validator_for(
        {"$ref": "#/components/schemas/Problem", "components": {"schemas": _components()}}
    )


def _explained(error: ProblemError) -> bool:
    return bool(CROSS_FIELD.search(error.message))


CAPPED = Limits(max_samples=MAX_SAMPLES)


@st.composite
def consistent_problems(draw: st.DrawFn) -> dict[str, Any]:
    """Problems whose sizes fit together, with every method and normalisation the schema names."""
    m, n = draw(st.integers(2, 5)), draw(st.integers(1, 4))
    number = st.floats(0.5, 100, allow_nan=False) | st.integers(1, 100)
    method = draw(
        st.sampled_from(NORMALISATIONS).map(lambda x: {"name": "wsm", "normalisation": x})
        | st.sampled_from(NORMALISATIONS).map(lambda x: {"name": "topsis", "normalisation": x})
        | st.sampled_from(["usual", "u-shape", "v-shape", "level", "linear", "gaussian"]).map(
            lambda t: {"name": "promethee2", "preference": {"type": t, "q": 1, "p": 2, "s": 1}}
        )
    )
    weights = draw(
        st.lists(st.floats(0.1, 10), min_size=n, max_size=n)
        | st.lists(st.integers(1, 4), min_size=n, max_size=n).map(
            lambda r: {"method": "ratings", "ratings": r}
        )
    )
    return {
        "alternatives": [f"A{i}" for i in range(m)],
        "criteria": [
            {"id": f"c{j}", "direction": draw(st.sampled_from(["max", "min"]))} for j in range(n)
        ],
        "matrix": draw(st.lists(st.lists(number, min_size=n, max_size=n), min_size=m, max_size=m)),
        "weights": weights,
        "method": method,
        "robustness": draw(st.none() | st.just({"samples": 200, "seed": 1})),
        "agreement": draw(st.booleans()),
    }


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(problem=consistent_problems())
def test_consistent_problems_are_valid_and_solved(problem: dict[str, Any]) -> None:
    assert _validator().is_valid(problem)
    try:
        SolveResult.model_validate(solve(problem, limits=CAPPED).to_dict())
    except ProblemError as error:  # only data the normalisation cannot take (a 0 for "sum")
        assert "Normalisierung" in error.message or "normalis" in error.message, error


def test_generated_problems_are_solved_or_refused_for_cross_field_reasons() -> None:
    operation = post_operation("/solve", "Problem", _components())
    refused: list[str] = []

    @schema_fuzzing(150)
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        try:
            result = solve(case.body, limits=CAPPED).to_dict()
        except ProblemError as error:
            if not _explained(error):
                refused.append(f"{error.field}: {error.message} ← {case.body!r:.300}")
            return
        SolveResult.model_validate(result)

    run()
    assert not refused, "\n".join(refused[:10])


@pytest.mark.parametrize(("name", "data", "field"), CASES, ids=[c[0] for c in CASES])
def test_refused_problems_are_refused_by_the_schema(name: str, data: Any, field: str) -> None:
    with pytest.raises(ProblemError) as error:
        solve(data, limits=CAPPED)
    assert error.value.field == field
    if _validator().is_valid(data):
        assert _explained(error.value), f"{name}: the schema allows it, the engine says {error}"


@pytest.mark.parametrize("name", sorted(PROBLEMS))
def test_examples_are_valid_and_solved(name: str) -> None:
    example = PROBLEMS[name]
    assert _validator().is_valid(example), list(_validator().iter_errors(example))[:3]
    SolveResult.model_validate(solve(example, limits=CAPPED).to_dict())


def test_sample_cap_is_the_configured_one() -> None:
    robustness = _components()["Robustness"]["properties"]["samples"]
    assert robustness["maximum"] == MAX_SAMPLES


def test_enumerations_are_the_engines() -> None:
    schemas = _components()

    def enum(name: str, prop: str) -> set[str]:
        return set(schemas[name]["properties"][prop]["enum"])

    assert enum("Wsm", "normalisation") == set(NORMALISATIONS)
    assert enum("Robustness", "distribution") == set(DISTRIBUTIONS)
    assert enum("Ahp", "synthesis") == set(SYNTHESIS_MODES)
    assert enum("GroupWeights", "aggregation") == set(GROUP_RULES)
    assert enum("RankOrderWeights", "formula") == set(RANK_FORMULAS)
    assert enum("AhpWeights", "random_index") == set(RANDOM_INDEX) | set(RANDOM_INDEX_ALIASES)
    assert set(PREFERENCE_TYPES) <= enum("Preference", "type")
