"""The profile's published JSON Schema (``klimaorg.advisor.jsonschema``) agrees with the advisor.

Both ways, so that the API document can be trusted by clients and by the property-based API
tests:

* every profile generated from the schema (by schemathesis, as the API test does) gets a
  recommendation that conforms to the published ``Advice``, or is refused only for what no
  schema can know: an AGS or name missing from the (here: absent) municipality directory, or an
  AHP matrix that is not reciprocal or does not fit ``weighting.criteria``;
* every refused profile of ``test_profile_errors`` is refused by the schema too;
* the messages stay the advisor's, naming the field in the user's words.
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given

from klimaorg.advisor import ProfileError, advise, load_advisor_data
from klimaorg.advisor.jsonschema import profile_schema
from klimaorg.errors import UserInputError
from klimaorg.web.openapi import components
from klimaorg.web.openapi.examples import PROFILES
from klimaorg.web.openapi.results import Advice
from tests.advisor.test_profile_errors import CASES
from tests.fuzzing import post_operation, schema_fuzzing

LOOKED_UP = {"municipality.ags", "municipality.name"}
"""Fields resolved against the imported municipality directory (none here)."""


def _explained(error: UserInputError) -> bool:
    """Refusals the schema cannot foresee (see the module docstring)."""
    return error.field in LOOKED_UP or error.field.startswith(
        ("weighting.pairwise", "weighting.criteria")
    )


def _criteria() -> list[str]:
    return list(load_advisor_data().knowledge.criterion_ids)


def _validator() -> Any:
    return jsonschema_rs.validator_for(profile_schema(_criteria()))


def test_generated_profiles_are_advised_or_refused_for_lookups_only() -> None:
    operation = post_operation("/advise", "Profile", components())
    unexplained: list[str] = []
    advised = []

    @schema_fuzzing(200)
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        try:
            result = advise(case.body, lang="en", directory=None)
        except UserInputError as error:
            if not _explained(error):
                unexplained.append(f"{error.field}: {error.message} ← {case.body!r:.300}")
            return
        Advice.model_validate(result)
        advised.append(case.body)

    run()
    assert not unexplained, "\n".join(unexplained[:10])
    assert len(advised) >= 50, f"only {len(advised)} of 200 generated profiles were advised"


@pytest.mark.parametrize(("data", "field", "words"), CASES)
def test_refused_profiles_are_refused_by_the_schema(
    data: dict[str, Any], field: str, words: str
) -> None:
    valid = _validator().is_valid(data)
    if not field:
        assert valid
        return
    with pytest.raises(ProfileError):
        advise(data)
    assert not valid, f"the schema allows what the advisor refuses at {field}"


@pytest.mark.parametrize(
    "data",
    [
        {"municipality": {"kind": "stadt", "population": 5000}, "priorities": dict.fromkeys(
            load_advisor_data().knowledge.criterion_ids, 0
        )},
        {
            "municipality": {"kind": "stadt", "population": 5000},
            "weighting": {"method": "swing", "points": {"financing": 0}},
        },
        {"municipality": {"kind": "stadt", "population": 5000}, "weighting": {"method": "swing"}},
        {"municipality": {"kind": "stadt", "population": 5000}, "weighting": {"method": "ahp"}},
        {"municipality": {"kind": "stadt"}},
        {"municipality": {"population": 5000}},
        {},
    ],
    ids=["all zero", "swing zero", "swing no points", "ahp no matrix", "no population",
         "no kind", "empty"],
)  # fmt: skip
def test_cross_field_rules_are_in_the_schema(data: dict[str, Any]) -> None:
    """What the advisor checks beyond the pydantic model is in the schema too."""
    with pytest.raises(UserInputError):
        advise(data)
    assert not _validator().is_valid(data)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_examples_are_valid_and_advised(name: str) -> None:
    example = PROFILES[name]
    assert _validator().is_valid(example), list(_validator().iter_errors(example))[:3]
    Advice.model_validate(advise(example))


def test_integral_numbers_count_as_integers() -> None:
    """JSON Schema's ``integer`` includes 3.0, so the advisor takes it; 3.5 stays an error."""
    base = {"municipality": {"kind": "stadt", "population": 5000.0}, "backing": {"council": 4.0}}
    assert advise(base)["inputs"]["profile"]["municipality.population"] == 5000
    with pytest.raises(ProfileError) as caught:
        advise({**base, "backing": {"council": 3.5}})
    assert (caught.value.field, caught.value.message) == (
        "backing.council",
        "muss eine ganze Zahl sein",
    )


def test_ragged_ahp_matrix_is_a_clear_error() -> None:
    """Found by the generated profiles: a ragged matrix used to end in a numpy ValueError."""
    profile = {
        "municipality": {"kind": "stadt", "population": 5000},
        "weighting": {"method": "ahp", "pairwise": [[1, 2], [0.5]]},
    }
    with pytest.raises(UserInputError) as caught:
        advise(profile)
    assert caught.value.field == "weighting.pairwise"
    assert "quadratische Matrix" in caught.value.message
