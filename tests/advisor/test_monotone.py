"""Monotone by construction, checked over the profile space: changing one fact in one direction
moves each model it concerns in one direction only, and leaves the others alone.

One relation per fact (:data:`RELATIONS`): raising the fact never lowers a rating of a model
marked ``+1``, never raises a rating of a model marked ``-1``, never excludes a ``+1`` model
that was feasible (nor admits a ``-1`` model that was excluded), and changes nothing of a model
that is not named. Hypothesis draws the rest of the profile, so each relation holds whatever
else is known or unknown. Ratings are compared cell by cell, so the relation holds for every
weighting, not only the one the profile gives.

The one exception is documented and tested as two relations: posts and the Stabsstelle. Below
one full post a staff unit lacks the time to coordinate, so more time helps it; from one post
on, every further post makes it more of a second administration beside the line.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klimaorg.advisor import load_advisor_data
from klimaorg.advisor.analysis import adjusted_matrix, evaluate_rules
from klimaorg.advisor.profile import DERIVED_FROM, complete, parse_profile
from klimaorg.advisor.schema import POST_LEVELS

MODELS = ("fachamt", "stabsstelle", "team", "klimaschutzamt", "energieagentur", "stellenteilung")
INSIDE = {"fachamt": 1, "stabsstelle": 1, "team": 1, "klimaschutzamt": 1, "stellenteilung": 1}

RELATIONS: dict[str, dict[str, int]] = {
    "backing.administration_head": {"stabsstelle": 1, "team": 1},
    "backing.council": {"klimaschutzamt": 1},
    "municipality.population": {
        "fachamt": 1,
        "stabsstelle": 1,
        "team": 1,
        "klimaschutzamt": 1,
        "energieagentur": 1,
        "stellenteilung": -1,
    },
    "post.level": {"fachamt": 1, "stabsstelle": 1, "team": 1, "stellenteilung": 1},
    "post.cosignature": INSIDE,
    "resources.own_budget_eur": {"stabsstelle": 1, "team": 1},
    "resources.staff_fte": {"fachamt": 1, "team": 1, "klimaschutzamt": 1, "stellenteilung": -1},
    "structures.environment_office": {"fachamt": 1},
    "structures.energy_agency_in_region": {"energieagentur": 1},
    "structures.eea": {"team": 1},
    "structures.steering_group": {"fachamt": 1, "klimaschutzamt": 1, "energieagentur": 1},
    "structures.neighbours_to_share_with": {"stellenteilung": 1, "energieagentur": 1},
    "resources.financially_weak": {"klimaschutzamt": -1, "stabsstelle": -1},
}
"""Fact -> model -> direction of its ratings when the fact rises (False -> True for yes/no)."""

ADVISOR = load_advisor_data()

maybe_bool = st.one_of(st.none(), st.booleans())
profiles = st.fixed_dictionaries(
    {
        "municipality": st.fixed_dictionaries(
            {
                "kind": st.sampled_from(["gemeinde", "stadt", "kreisfreie_stadt", "landkreis"]),
                "population": st.integers(300, 2_000_000),
            }
        ),
        "structures": st.fixed_dictionaries(
            dict.fromkeys(
                (
                    "environment_office",
                    "energy_agency_in_region",
                    "eea",
                    "climate_concept",
                    "steering_group",
                    "neighbours_to_share_with",
                ),
                maybe_bool,
            )
        ),
        "resources": st.fixed_dictionaries(
            {
                "staff_fte": st.sampled_from([0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 20.0]),
                "own_budget_eur": st.one_of(st.none(), st.integers(0, 2_000_000)),
                "funding": st.sampled_from([None, "none", "erstvorhaben", "anschlussvorhaben"]),
                "financially_weak": maybe_bool,
            }
        ),
        "backing": st.fixed_dictionaries(
            {"administration_head": st.integers(1, 5), "council": st.integers(1, 5)}
        ),
        "post": st.fixed_dictionaries(
            {"level": st.sampled_from([None, *POST_LEVELS]), "cosignature": maybe_bool}
        ),
    }
)


def cells(profile: dict[str, Any]) -> dict[str, np.ndarray | None]:
    """Model -> its adjusted ratings (None when excluded)."""
    data = {k: {n: v for n, v in part.items() if v is not None} for k, part in profile.items()}
    completed = complete(parse_profile(data, ADVISOR), ADVISOR)
    models, _excluded, _base, matrix, _changes = adjusted_matrix(
        ADVISOR, evaluate_rules(ADVISOR, completed)
    )
    return {m: (matrix[models.index(m)] if m in models else None) for m in MODELS}


def with_fact(profile: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    section, name = path.split(".")
    return {**profile, section: {**profile[section], name: value}}


def check(low: dict[str, Any], high: dict[str, Any], relation: dict[str, int]) -> None:
    """``high`` raises one fact of ``low``: every model moves as the relation says."""
    before, after = cells(low), cells(high)
    for model in MODELS:
        direction = relation.get(model, 0)
        a, b = before[model], after[model]
        if direction == 0:
            assert (a is None) == (b is None), model
            if a is not None and b is not None:
                assert np.allclose(a, b), model
        elif direction > 0:
            assert not (a is not None and b is None), f"{model} excluded by a rise"
            if a is not None and b is not None:
                assert (b >= a - 1e-9).all(), model
        else:
            assert not (a is None and b is not None), f"{model} admitted by a rise"
            if a is not None and b is not None:
                assert (b <= a + 1e-9).all(), model


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(profiles, st.integers(1, 4))
def test_head_backing(profile: dict[str, Any], value: int) -> None:
    path = "backing.administration_head"
    check(with_fact(profile, path, value), with_fact(profile, path, value + 1), RELATIONS[path])


@SETTINGS
@given(profiles, st.integers(1, 4))
def test_council_backing(profile: dict[str, Any], value: int) -> None:
    path = "backing.council"
    check(with_fact(profile, path, value), with_fact(profile, path, value + 1), RELATIONS[path])


@SETTINGS
@given(profiles, st.integers(300, 1_000_000), st.floats(1.01, 4))
def test_population(profile: dict[str, Any], value: int, factor: float) -> None:
    """The budget is measured per inhabitant: a larger municipality with the same sum has less
    of it, so the relation holds at the same budget per inhabitant (the sum grows with it)."""
    path = "municipality.population"
    higher = min(5_000_000, int(value * factor) + 1)
    low, high = with_fact(profile, path, value), with_fact(profile, path, higher)
    budget = profile["resources"]["own_budget_eur"]
    if budget is not None:
        high = with_fact(high, "resources.own_budget_eur", min(1e9, budget * higher / value))
    check(low, high, RELATIONS[path])


@SETTINGS
@given(profiles, st.integers(0, len(POST_LEVELS) - 2))
def test_post_level(profile: dict[str, Any], index: int) -> None:
    path = "post.level"
    low, high = POST_LEVELS[index], POST_LEVELS[index + 1]
    check(with_fact(profile, path, low), with_fact(profile, path, high), RELATIONS[path])


@SETTINGS
@given(profiles, st.integers(0, 1_000_000), st.integers(1, 1_000_000))
def test_own_budget(profile: dict[str, Any], value: int, more: int) -> None:
    path = "resources.own_budget_eur"
    check(with_fact(profile, path, value), with_fact(profile, path, value + more), RELATIONS[path])


STAFF = [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 12.0, 20.0, 40.0]


@SETTINGS
@given(profiles, st.integers(0, len(STAFF) - 2))
def test_staff(profile: dict[str, Any], index: int) -> None:
    path = "resources.staff_fte"
    low, high = STAFF[index], STAFF[index + 1]
    relation = dict(RELATIONS[path])
    relation["stabsstelle"] = 1 if high <= 1 else -1  # see the module docstring
    check(with_fact(profile, path, low), with_fact(profile, path, high), relation)


YES_NO = [k for k in RELATIONS if k.startswith(("structures.", "post.cosignature"))] + [
    "resources.financially_weak"
]


@SETTINGS
@given(profiles, st.sampled_from(YES_NO))
def test_yes_no_facts(profile: dict[str, Any], path: str) -> None:
    check(with_fact(profile, path, False), with_fact(profile, path, True), RELATIONS[path])


def test_every_fact_a_rule_reads_has_a_relation() -> None:
    """A new rule on a new fact needs its relation here (derived fields map to their source)."""
    derived = DERIVED_FROM
    read = set()
    for rule in ADVISOR.rules:
        if rule.grade is not None:
            read.add(derived.get(rule.grade.field, rule.grade.field))
        for condition in rule.when:
            if condition.field.startswith(("municipality.kind", "resources.funding")):
                continue  # categories without an order
            if condition.field == "structures.climate_concept":
                continue  # changes priorities only, no rating
            read.add(derived.get(condition.field, condition.field))
    assert read <= set(RELATIONS), read - set(RELATIONS)
