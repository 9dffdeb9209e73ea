"""The computed criteria profile follows the documented formula."""

from __future__ import annotations

from klimaorg.knowledge import criteria_profile, load_knowledge
from klimaorg.knowledge.profile import contributions


def test_profile_is_the_sum_of_signed_strengths() -> None:
    base = load_knowledge()
    profile = criteria_profile(base)
    for model_id in base.model_ids:
        for criterion_id in base.criterion_ids:
            expected = sum(
                (1 if e.direction == "strengthens" else -1) * e.strength
                for s in base.statements(model_id)
                for e in s.statement.effects
                if e.criterion == criterion_id
            )
            assert profile[model_id][criterion_id] == expected


def test_known_values_from_the_source() -> None:
    profile = criteria_profile(load_knowledge())
    # Stabsstelle: "Direkte Anbindung an die Verwaltungsspitze" (+3).
    assert profile["stabsstelle"]["leadership_access"] == 3
    # Energieagentur: "Entwicklung von (bezahlten) Dienstleistungen, Selbstfinanzierung" (+3).
    assert profile["energieagentur"]["financing"] == 3
    # Fachamt: the office-based structure hinders cooperation between offices (-3).
    assert profile["fachamt"]["coordination"] == -3
    # Stellenteilung: both disadvantages weaken the focus on climate protection.
    assert profile["stellenteilung"]["focus"] == -4


def test_every_value_is_traceable_to_its_statements() -> None:
    base = load_knowledge()
    parts = contributions(base, "stabsstelle", "coordination")
    assert [p.statement.ref for p in parts] == [
        "stabsstelle.coordination_across",
        "stabsstelle.neutral_position",
    ]
    assert sum(p.value for p in parts) == 5


def test_the_formula_is_stated_in_both_languages() -> None:
    base = load_knowledge()
    assert "Stärke" in base.performance_formula["de"]
    assert "strength" in base.performance_formula["en"]
