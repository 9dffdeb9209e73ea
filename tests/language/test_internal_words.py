"""No internal identifier or English method jargon in a German report, and no German method
words in an English one (the profile file quoted for reproducibility is the only code shown)."""

from __future__ import annotations

import re

import pytest

from klimaorg.i18n import Lang
from klimaorg.reports import markdown
from klimaorg.reports.build import report_for_profile

PROFILE = {
    "municipality": {"name": "Kleinhausen", "kind": "gemeinde", "population": 3100},
    "resources": {"staff_fte": 1},
}
INTERNAL = (
    "normalisation",
    "dirichlet_around_weights",
    "competition ranking",
    "expert_assumption",
    "knowledge profile",
    "None",
)
FIELD_PATH = re.compile(
    r"\b(structures|resources|backing|municipality|post|stabsstelle|team)\.[a-z_]+"
)
GERMAN_ONLY = ("Gewichtete Summe", "Gleichstände", "Expertenannahme", "Stabsstelle Klimaschutz")


def text_of(lang: Lang) -> str:
    """The whole Markdown report without its code block (the user's own profile file)."""
    report = markdown.report(report_for_profile(PROFILE, lang))
    return re.sub(r"```.*?```", "", report, flags=re.S)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_internal_identifier_in_the_report(lang: Lang) -> None:
    text = text_of(lang)
    found = [word for word in INTERNAL if word in text] + FIELD_PATH.findall(text)
    assert not found, found


def test_no_german_method_words_in_the_english_report() -> None:
    text = text_of("en")
    found = [word for word in GERMAN_ONLY if word in text]
    assert not found, found
