"""Advisor: from a municipality's situation and priorities to an explained, robust recommendation.

>>> from klimaorg.advisor import advise
>>> result = advise({"municipality": {"kind": "gemeinde", "population": 2000},
...                  "resources": {"staff_fte": 0.5, "own_budget_eur": 0}})
>>> result["recommendation"]
'stellenteilung'
"""

from klimaorg.advisor.data import AdvisorData, load_advisor_data
from klimaorg.advisor.profile import ProfileError, complete, parse_profile, read_profile_text
from klimaorg.advisor.recommend import advise, advise_json, leading_model
from klimaorg.advisor.schema import Profile

__all__ = [
    "AdvisorData",
    "Profile",
    "ProfileError",
    "advise",
    "advise_json",
    "complete",
    "leading_model",
    "load_advisor_data",
    "parse_profile",
    "read_profile_text",
]
