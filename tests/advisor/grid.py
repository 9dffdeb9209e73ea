"""A grid of plausible municipality profiles, and for each pair of (leading model, context rule
that lowers it) found in the grid one example: the profiles whose risks come from a rule rather
than a source statement, which every interface must show."""

from __future__ import annotations

import itertools
from typing import Any

KINDS = ("gemeinde", "stadt", "kreisfreie_stadt", "landkreis")
POPULATIONS = (1500, 8000, 24000, 80000, 300000)
POSTS = (0.5, 1.0, 3.0)
BACKING = (1, 3, 5)
GOALS = ("implementation", "concept", "regional_cooperation")


def profile(
    kind: str, population: int, fte: float, head: int, agency: bool, goal: str
) -> dict[str, Any]:
    return {
        "municipality": {"kind": kind, "population": population},
        "goals": [goal],
        "structures": {"energy_agency_in_region": agency},
        "resources": {"staff_fte": fte},
        "backing": {"administration_head": head},
    }


def grid() -> list[dict[str, Any]]:
    """1,080 profiles: every kind, size band, post count, backing, agency and goal."""
    return [
        profile(*values)
        for values in itertools.product(KINDS, POPULATIONS, POSTS, BACKING, (True, False), GOALS)
    ]


RULE_RISKS: dict[tuple[str, str], dict[str, Any]] = {
    ("fachamt", "less_than_one_post"): profile("gemeinde", 8000, 0.5, 1, True, "implementation"),
    ("fachamt", "small_administration_fachamt"): profile(
        "gemeinde", 1500, 1.0, 1, True, "implementation"
    ),
    ("stabsstelle", "less_than_one_post"): profile("gemeinde", 1500, 0.5, 3, True, "concept"),
    ("stabsstelle", "staff_unit_small_municipality"): profile(
        "gemeinde", 1500, 3.0, 3, True, "concept"
    ),
    ("team", "less_than_one_post"): profile("gemeinde", 8000, 0.5, 3, True, "concept"),
    ("team", "small_administration_team"): profile("gemeinde", 8000, 0.5, 3, True, "concept"),
}
"""(leading model, rule) -> a profile where that rule is among the leader's risks."""
