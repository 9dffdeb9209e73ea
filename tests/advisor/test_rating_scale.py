"""The advisor works on the knowledge base's 1-5 rating scale: rule shifts are half steps, an
adjusted value never leaves the scale, and "weak" means rated average or below."""

from __future__ import annotations

from typing import Any

from klimaorg.advisor import advise, load_advisor_data
from klimaorg.knowledge import criteria_profile, load_knowledge

VILLAGE_WITHOUT_AGENCY: dict[str, Any] = {
    "municipality": {"kind": "gemeinde", "population": 30000},
    "structures": {"energy_agency_in_region": False},
}


def test_every_rule_shift_is_a_half_step_within_two_points() -> None:
    for rule in load_advisor_data().rules:
        for effect in rule.effects:
            if effect.kind == "change":
                assert effect.change is not None
                assert (2 * effect.change).is_integer() and abs(effect.change) <= 2, rule.id


def test_founding_an_agency_cannot_push_its_overhead_below_the_scale() -> None:
    """The agency is rated 2 on overhead; having to found one shifts it by -1.5, which would be
    0.5: the adjusted value stays at the scale's end 1."""
    assert criteria_profile(load_knowledge())["energieagentur"]["low_overhead"] == 2
    result = advise(VILLAGE_WITHOUT_AGENCY)
    assert "energy_agency_must_be_founded" in [r["id"] for r in result["rules_fired"]]
    assert result["criteria_profile"]["energieagentur"]["low_overhead"] == 1.0


def test_every_adjusted_value_stays_on_the_scale() -> None:
    for profile in (
        VILLAGE_WITHOUT_AGENCY,
        {
            "municipality": {"kind": "stadt", "population": 3000},
            "resources": {"staff_fte": 0.5, "financially_weak": True},
            "structures": {"environment_office": True, "neighbours_to_share_with": True},
            "backing": {"administration_head": 5},
        },
    ):
        for values in advise(profile)["criteria_profile"].values():
            assert all(1.0 <= v <= 5.0 for v in values.values())


def test_the_complement_covers_only_criteria_where_the_winner_is_average_or_weaker() -> None:
    result = advise(VILLAGE_WITHOUT_AGENCY)
    complement, winner = result["complement"], result["recommendation"]
    assert complement["covers"]
    for criterion in complement["covers"]:
        assert result["criteria_profile"][winner][criterion] <= 3
        assert (
            result["criteria_profile"][complement["model"]][criterion]
            > result["criteria_profile"][winner][criterion]
        )


def test_the_method_names_the_rated_table() -> None:
    assert "1-5" in advise(VILLAGE_WITHOUT_AGENCY)["method"]["performance"]
