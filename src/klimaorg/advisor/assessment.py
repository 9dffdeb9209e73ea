"""A saved assessment's analysis: what the advisor computes for a profile before storage keeps
profile and result as a new version, and the profile check of an imported export.

Storage completes a profile from the municipality table and stores it
(:mod:`klimaorg.storage.assessments`); these functions compute; the interfaces put the two
together (:mod:`klimaorg.assessing`).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from klimaorg.advisor.data import load_advisor_data
from klimaorg.advisor.profile import DirectorySource, ProfileError, parse_profile
from klimaorg.advisor.recommend import advise
from klimaorg.errors import UserInputError
from klimaorg.i18n import Lang

__all__ = ["Analysis", "analyse_profile", "check_version_profiles"]


@dataclass(frozen=True, slots=True)
class Analysis:
    """A profile as it is stored and the advisor's result for it."""

    profile: dict[str, Any]
    result: dict[str, Any]


def analyse_profile(
    profile: Mapping[str, Any], *, lang: Lang = "de", directory: DirectorySource = None
) -> Analysis:
    """The advisor's result for ``profile`` (:func:`~klimaorg.advisor.advise`), and the profile
    to store with it: a profile that named its municipality only by key gets the name of the
    place the advisor found (its ``level.chosen``). Bad profiles raise
    :class:`~klimaorg.advisor.ProfileError` (a :class:`UserInputError`)."""
    data = copy.deepcopy(dict(profile))
    result = advise(data, lang=lang, directory=directory)
    place = data.get("municipality")
    if isinstance(place, dict) and not place.get("name") and result.get("level"):
        place["name"] = result["level"]["chosen"]["name"]
    return Analysis(data, result)


def check_version_profiles(profiles: Sequence[Any], lang: Lang = "de") -> None:
    """Every version's profile of an import must be a profile the advisor reads (the field of
    the first that is not: ``versions[i].profile.<field>``)."""
    advisor = load_advisor_data()
    for i, profile in enumerate(profiles):
        where = f"versions[{i}].profile"
        try:
            parse_profile(profile, advisor, lang)
        except ProfileError as exc:
            raise UserInputError(
                f"{where}.{exc.field}" if exc.field else where, exc.message
            ) from None
