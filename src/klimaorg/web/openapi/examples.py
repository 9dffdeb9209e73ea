"""Worked examples of the request bodies, shown in the API docs and sent by the API tests.

One per method and weighting, so that a reader (and schemathesis' example phase) sees every
success path; each must be accepted (``tests/web/test_openapi_typed.py``).
"""

from __future__ import annotations

from typing import Any

Example = dict[str, Any]

TOPSIS: Example = {
    "alternatives": ["A1", "A2", "A3"],
    "criteria": [{"id": "c1", "direction": "max"}, {"id": "c2", "direction": "min"}],
    "matrix": [[7, 200], [5, 120], [9, 310]],
    "weights": [0.6, 0.4],
    "method": {"name": "topsis", "normalisation": "vector"},
}

PROBLEMS: dict[str, Example] = {
    "topsis": TOPSIS,
    "wsm_ratings_robustness": {
        "alternatives": ["Fachamt", "Stabsstelle", "Team"],
        "criteria": ["nähe_zur_spitze", "fachwissen", "kosten"],
        "matrix": [[1, 3, 2], [3, 1, 1], [2, 2, 3]],
        "weights": {"method": "ratings", "ratings": [4, 2, 3]},
        "method": "wsm",
        "robustness": {"samples": 500, "seed": 7},
        "agreement": True,
    },
    "promethee2_rank_order": {
        "alternatives": ["A", "B", "C", "D"],
        "criteria": [{"id": "preis", "direction": "min"}, "qualität"],
        "matrix": [[100, 3], [120, 4], [90, 2], [110, 5]],
        "weights": {"method": "rank_order", "order": ["qualität", "preis"]},
        "method": {
            "name": "promethee2",
            "preference": [{"type": "linear", "q": 5, "p": 20}, {"type": "usual"}],
        },
    },
    "ahp": {
        "alternatives": ["A", "B", "C"],
        "criteria": ["c1", "c2"],
        "weights": {"method": "ahp", "pairwise": [[1, 3], ["1/3", 1]]},
        "method": {
            "name": "ahp",
            "pairwise": [
                [[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]],
                [[1, "1/3", 1], [3, 1, 3], [1, "1/3", 1]],
            ],
        },
    },
    "group": {
        "alternatives": ["A", "B"],
        "criteria": ["c1", "c2", "c3"],
        "matrix": [[1, 2, 3], [3, 2, 1]],
        "weights": {
            "method": "group",
            "aggregation": "mean",
            "participants": [
                {"id": "Bauamt", "weights": [0.5, 0.3, 0.2]},
                {
                    "id": "Kämmerei",
                    "weight": 2,
                    "weights": {"method": "swing", "points": [20, 100, 50]},
                },
            ],
        },
    },
}

PROFILE: Example = {
    "municipality": {"name": "Beispielstadt", "kind": "stadt", "population": 35000},
    "goals": ["internal_coordination", "implementation"],
    "structures": {"eea": True, "steering_group": True, "environment_office": False},
    "resources": {"staff_fte": 1.0, "own_budget_eur": 30000, "funding": "anschlussvorhaben"},
    "backing": {"administration_head": 4, "council": 4},
}

PROFILES: dict[str, Example] = {
    "stadt": PROFILE,
    "gemeinde_swing": {
        "municipality": {"kind": "gemeinde", "population": 4200},
        "resources": {"staff_fte": 0.5, "own_budget_eur": 0, "financially_weak": True},
        "weighting": {"method": "swing", "points": {"financing": 100, "low_overhead": 60}},
    },
    "landkreis_priorities": {
        "municipality": {"name": "Landkreis Beispiel", "kind": "landkreis", "population": 250000},
        "structures": {"energy_agency_in_region": True, "climate_concept": True},
        "priorities": {"external_reach": 4, "financing": 3, "low_overhead": 0},
    },
    "ahp": {
        "municipality": {"kind": "stadt", "population": 60000},
        "weighting": {
            "method": "ahp",
            "criteria": ["leadership_access", "expertise", "financing"],
            "pairwise": [[1, 3, 5], [0.3333, 1, 2], [0.2, 0.5, 1]],
        },
    },
}


def openapi_examples(examples: dict[str, Example]) -> dict[str, Any]:
    """``examples`` in the form of ``Body(openapi_examples=...)`` / a media type object."""
    return {
        name: {"summary": name.replace("_", ", "), "value": value}
        for name, value in examples.items()
    }
