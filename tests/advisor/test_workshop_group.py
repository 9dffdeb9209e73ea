"""The workshop's domain work in the advisor, without a database: checking a participant's
answers, the group view of answers on a profile, and the profile that adopts it. (The same
functions behind the storage of a real workshop: ``tests/storage/test_workshops.py``.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from klimaorg.advisor import advise, load_advisor_data
from klimaorg.advisor.assessment import analyse_profile, check_version_profiles
from klimaorg.advisor.workshop import adopted_profile, aggregate_group, check_answers
from klimaorg.directory import Directory
from klimaorg.errors import UserInputError
from tests.advisor.test_api_and_directory import imported  # noqa: F401 - fixture

CRITERIA = load_advisor_data().knowledge.criterion_ids
PROFILE: dict[str, Any] = {
    "municipality": {"name": "Musterstadt", "kind": "stadt", "population": 25_000},
    "resources": {"staff_fte": 1.0, "own_budget_eur": 20_000},
}


@dataclass(frozen=True)
class Given:
    participant: str
    priorities: dict[str, int] | None = None
    ahp: dict[str, Any] | None = None


def prios(focus: int) -> dict[str, int]:
    return {c: (focus if c == "focus" else 2) for c in CRITERIA}


@pytest.mark.parametrize(
    ("priorities", "ahp", "field"),
    [
        (None, None, "priorities"),
        (prios(2), {"criteria": ["focus", "scope"], "matrix": [[1, 2], [0.5, 1]]}, "priorities"),
        ({**prios(2), "focus": 5}, None, "priorities.focus"),
        ({**prios(2), "nope": 1}, None, "priorities.nope"),
        (dict.fromkeys(CRITERIA, 0), None, "priorities"),
        (None, {"criteria": ["focus"], "matrix": [[1]]}, "ahp.criteria"),
        (None, {"criteria": ["focus", "scope"], "matrix": [[1, 4], [4, 1]]}, "ahp.matrix"),
    ],
)
def test_bad_answers_name_their_field(priorities: Any, ahp: Any, field: str) -> None:
    with pytest.raises(UserInputError) as bad:
        check_answers(priorities, ahp)
    assert bad.value.field.startswith(field)


def test_answers_come_back_normalised() -> None:
    assert check_answers(prios(3), None) == (prios(3), None)
    matrix = {"criteria": ["focus", "scope"], "matrix": [[1, 3], [1 / 3, 1]]}
    assert check_answers(None, matrix) == (None, {**matrix, "matrix": [[1.0, 3.0], [1 / 3, 1.0]]})


def test_group_view_and_adoption_of_a_mean() -> None:
    given = [Given("A", prios(4)), Given("B", prios(0))]
    group = aggregate_group(given, PROFILE)
    assert group["rule"] == "mean" and group["participants"] == ["A", "B"]
    assert group["group_weights"]["focus"] == pytest.approx((4 / 24 + 0 / 20) / 2)
    assert group["mean_priorities"]["focus"] == 2.0
    assert set(group["group_ranking"]) == set(advise(PROFILE)["criteria_profile"])
    adopted = adopted_profile(PROFILE, group)
    assert adopted["weighting"]["method"] == "swing" and adopted["priorities"]["focus"] == 2
    assert "weighting" not in PROFILE  # the given profile is left as it was


def test_group_view_and_adoption_of_aij() -> None:
    pair = ["focus", "scope"]
    given = [
        Given("A", ahp={"criteria": pair, "matrix": [[1, 4], [0.25, 1]]}),
        Given("B", ahp={"criteria": pair, "matrix": [[1, 1], [1, 1]]}),
    ]
    group = aggregate_group(given, PROFILE)
    assert group["rule"] == "aij" and group["group_matrix"] == [[1.0, 2.0], [0.5, 1.0]]
    assert adopted_profile(PROFILE, group)["weighting"] == {
        "method": "ahp",
        "criteria": pair,
        "pairwise": [[1.0, 2.0], [0.5, 1.0]],
    }


def test_no_answers_no_group() -> None:
    with pytest.raises(UserInputError, match="keine Beiträge"):
        aggregate_group([], PROFILE)


def test_analysis_names_the_place_the_advisor_found(imported: Directory) -> None:  # noqa: F811
    """A profile naming its municipality only by key is stored with the name of the place
    the advisor advised (Denzlingen: its Verband, domain.md)."""
    keyed = {**PROFILE, "municipality": {"ags": "08316009"}}
    analysis = analyse_profile(keyed, directory=imported)
    assert analysis.result == advise(keyed, directory=imported)
    assert analysis.profile["municipality"]["name"] == analysis.result["level"]["chosen"]["name"]
    assert keyed["municipality"] == {"ags": "08316009"}  # a copy was completed
    assert analyse_profile(PROFILE).profile == PROFILE  # a named place stays as it is


def test_imported_profiles_are_checked_by_field() -> None:
    check_version_profiles([PROFILE, PROFILE])
    with pytest.raises(UserInputError) as bad:
        check_version_profiles([PROFILE, {**PROFILE, "resources": {"staff_fte": "viel"}}])
    assert bad.value.field.startswith("versions[1].profile.resources")
