"""The rated criteria profile: every cell of the table is rated with interval, basis and rationale,
and the stretched effects of the old sum formula are gone."""

from __future__ import annotations

from klimaorg.knowledge import criteria_profile, load_knowledge
from klimaorg.knowledge.profile import contributions


def test_all_66_cells_are_rated_with_interval_basis_and_rationale() -> None:
    base = load_knowledge()
    cells = [(m, c) for m in base.model_ids for c in base.criterion_ids]
    assert len(cells) == 66
    for model_id, criterion_id in cells:
        cell = base.rating(model_id, criterion_id)
        assert 1 <= cell.low <= cell.value <= cell.high <= 5
        assert cell.basis and cell.rationale.de and cell.rationale.en
        assert criteria_profile(base)[model_id][criterion_id] == cell.value


def test_silence_is_not_zero_but_an_assumption_with_a_wide_interval() -> None:
    """A new climate office is no longer "neutral" on overhead because the source is silent: it
    is rated from a cited source as the most additional structure of all models."""
    base = load_knowledge()
    office = base.rating("klimaschutzamt", "low_overhead")
    assert office.value < base.rating("stabsstelle", "low_overhead").value
    assert [item.source for item in office.basis if item.source] == ["difu2011"]
    for model_id in base.model_ids:
        for criterion_id in base.criterion_ids:
            cell = base.rating(model_id, criterion_id)
            if all(item.kind == "expert_assumption" for item in cell.basis):
                assert max(cell.value - cell.low, cell.high - cell.value) >= 1


def test_the_number_of_statements_no_longer_decides() -> None:
    """Two near-synonymous statements of the Stabsstelle on coordination give one strong rating,
    not +5; the corrected effects are no longer evidence."""
    base = load_knowledge()
    assert base.rating("stabsstelle", "coordination").value == 4.5
    refs = [p.statement.ref for p in contributions(base, "stabsstelle", "coordination")]
    assert refs == ["stabsstelle.coordination_across", "stabsstelle.neutral_position"]
    assert [p.value for p in contributions(base, "stabsstelle", "coordination")] == [3, 1]
    assert contributions(base, "klimaschutzamt", "focus") == []
    assert contributions(base, "team", "leadership_access") == []
    assert contributions(base, "stellenteilung", "authority") == []
    assert [p.value for p in contributions(base, "klimaschutzamt", "authority")] == [1]
    assert [p.value for p in contributions(base, "energieagentur", "financing")] == [1]
    assert [p.value for p in contributions(base, "team", "continuity")] == [1]


def test_the_missing_effects_named_in_review_are_rated() -> None:
    """The agency's missing link weakens coordination, leadership access and integration; the
    team's staff time in every office costs overhead; the Fachamt's clerk-level post costs
    authority and leadership access."""
    profile = criteria_profile(load_knowledge())
    for criterion in ("coordination", "leadership_access", "operational_integration"):
        assert profile["energieagentur"][criterion] < 3
    assert profile["team"]["low_overhead"] < 3
    assert profile["fachamt"]["authority"] < 3 and profile["fachamt"]["leadership_access"] < 3


def test_the_method_and_the_scale_are_stated_in_both_languages() -> None:
    base = load_knowledge()
    assert "Intervall" in base.rating_method["de"] and "interval" in base.rating_method["en"]
    assert sorted(base.rating_scale) == [1, 2, 3, 4, 5]
    assert base.rating_scale[3] == {"de": "durchschnittlich", "en": "average"}
