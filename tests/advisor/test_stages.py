"""The cheap first stage of a recommendation (rules, priorities, weights) is prepared once and
shared, without one profile's answers leaking into another's, and the directory is looked up only
for profiles that need it."""

from __future__ import annotations

import operator
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from klimaorg.advisor import advise, load_advisor_data
from klimaorg.advisor.analysis import fired_rules, prepare
from klimaorg.advisor.data import DATA_DIR, AdvisorData
from klimaorg.advisor.profile import ProfileError, complete, parse_profile
from klimaorg.advisor.schema import Condition
from klimaorg.knowledge import load_knowledge

CITY: dict[str, Any] = {"municipality": {"kind": "stadt", "population": 30000}}
OPERATORS = {"lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge}


def fresh() -> AdvisorData:
    return load_advisor_data(DATA_DIR, load_knowledge())


def stage(advisor: AdvisorData, data: dict[str, Any]) -> Any:
    completed = complete(parse_profile(data, advisor), advisor)
    return prepare(advisor, completed, "de")


def reference_holds(op: str, expected: Any, actual: Any) -> bool:
    """The documented meaning: a missing value never holds; an order comparison only between
    numbers (booleans are no numbers here)."""
    if actual is None:
        return False
    if op == "eq":
        return bool(actual == expected)
    if op == "ne":
        return bool(actual != expected)
    if not isinstance(actual, (int, float)) or isinstance(actual, bool):
        return False
    if isinstance(expected, (bool, str)):
        return False
    return bool(OPERATORS[op](actual, expected))


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10),
    st.floats(-10, 10, allow_nan=False),
    st.sampled_from(["gemeinde", "stadt", "none"]),
)


@given(
    op=st.sampled_from(["lt", "le", "gt", "ge", "eq", "ne"]),
    expected=st.one_of(st.booleans(), st.integers(-10, 10), st.sampled_from(["stadt", "none"])),
    actual=values,
)
def test_prepared_condition_means_what_the_rule_file_says(
    op: str, expected: Any, actual: Any
) -> None:
    condition = Condition(field="resources.staff_fte", op=op, value=expected)  # type: ignore[arg-type]
    assert condition.test()(actual) is reference_holds(op, expected, actual)
    assert condition.holds(actual) is reference_holds(op, expected, actual)


def test_prepared_rules_fire_exactly_the_rules_whose_conditions_all_hold() -> None:
    advisor = fresh()
    for population in (800, 4000, 30000, 120000, 600000):
        for fte in (0.5, 1.0, 3.0):
            data = {
                "municipality": {"kind": "stadt", "population": population},
                "resources": {"staff_fte": fte},
                "backing": {"administration_head": 2},
            }
            completed = complete(parse_profile(data, advisor), advisor)
            expected = [
                r.id
                for r in advisor.rules
                if all(
                    reference_holds(c.op, c.value, completed.values.get(c.field)) for c in r.when
                )
                and (
                    r.grade is None
                    or (
                        completed.values.get(r.grade.field) is not None
                        and r.grade.factor(completed.values[r.grade.field]) > 0
                    )
                )
            ]
            assert [r.id for r in fired_rules(advisor, completed)] == expected


def test_the_same_situation_reuses_the_prepared_stage() -> None:
    advisor = fresh()
    # beyond every population grade's last point, 250,000 and 300,000 are the same situation
    first = stage(
        advisor, {"municipality": {"kind": "stadt", "population": 250000}, "goals": ["concept"]}
    )
    again = stage(
        advisor, {"municipality": {"kind": "stadt", "population": 300000}, "goals": ["concept"]}
    )
    assert again is first


def test_own_priorities_and_goals_never_share_a_stage() -> None:
    advisor = fresh()
    base = stage(advisor, {**CITY, "goals": ["concept"]})
    other_goal = stage(advisor, {**CITY, "goals": ["implementation"]})
    own = stage(advisor, {**CITY, "goals": ["concept"], "priorities": {"financing": 4}})
    own_other = stage(advisor, {**CITY, "goals": ["concept"], "priorities": {"financing": 0}})
    stages = [base, other_goal, own, own_other]
    assert len({id(s) for s in stages}) == 4
    assert own.summary["priorities"]["financing"] == 4
    assert own.summary["priority_origin"]["financing"] == "user"
    assert own_other.summary["priorities"]["financing"] == 0
    assert not np.array_equal(own.weights.values, own_other.weights.values)


def test_shared_weights_cannot_be_changed_by_a_caller() -> None:
    prepared = stage(fresh(), CITY)
    with pytest.raises(ValueError, match="read-only"):
        prepared.weights.values[0] = 1.0


def test_swing_weights_are_computed_for_each_profile() -> None:
    advisor = fresh()
    data = {**CITY, "weighting": {"method": "swing", "points": {"financing": 100, "focus": 50}}}
    first, second = stage(advisor, data), stage(advisor, data)
    assert first is not second
    assert first.weights.method == "swing"
    np.testing.assert_allclose(first.weights.values, second.weights.values)


def test_advice_inputs_match_the_prepared_stage() -> None:
    advisor = fresh()
    result = advise({**CITY, "priorities": {"coordination": 4}}, advisor=advisor)
    inputs = result["inputs"]
    assert inputs["priorities"]["coordination"] == 4
    assert inputs["priority_origin"]["coordination"] == "user"
    assert sum(inputs["weights"].values()) == pytest.approx(1.0, abs=1e-5)
    assert inputs["weighting"]["method"] == "ratings"
    # the caller owns what it gets: changing it does not change the next result
    inputs["priorities"]["coordination"] = 0
    again = advise({**CITY, "priorities": {"coordination": 4}}, advisor=advisor)
    assert again["inputs"]["priorities"]["coordination"] == 4


def test_directory_is_looked_up_only_when_the_profile_names_the_municipality() -> None:
    advisor = fresh()
    calls: list[int] = []

    def no_directory() -> None:
        calls.append(1)

    complete(parse_profile(CITY, advisor), advisor, directory=no_directory)
    assert calls == []
    named = parse_profile({"municipality": {"ags": "08316009"}}, advisor)
    with pytest.raises(ProfileError) as error:
        complete(named, advisor, directory=no_directory)
    assert calls == [1]
    assert error.value.field == "municipality.ags"
