"""The draft Beschlussvorlage respects who decides what: the head of administration places the
post (organisational authority), the council takes note and decides posts and money. Measures
are offered as options with their effort, never promised all at once; nothing the user left open
is stated as a fact; the example org chart's caption stays out of the resolution."""

from __future__ import annotations

from typing import Any

import pytest

from klimaorg.advisor import load_advisor_data
from klimaorg.i18n import Lang
from klimaorg.reports import markdown
from klimaorg.reports.build import report_for_profile

PLACE = {"name": "Kleinhausen", "kind": "gemeinde", "population": 3100}
OPEN: dict[str, Any] = {"municipality": PLACE, "resources": {"staff_fte": 1}}
KNOWN: dict[str, Any] = {
    **OPEN,
    "structures": {"steering_group": True, "environment_office": False},
}


def draft(profile: dict[str, Any], lang: Lang = "de") -> str:
    return markdown.text_block(report_for_profile(profile, lang), "beschlussvorlage")


def resolution(text: str) -> str:
    """The numbered items the council votes on."""
    part = text.split("## Beschlussvorschlag", 1)[1].split("## Finanzielle", 1)[0]
    return "\n".join(line for line in part.splitlines() if line[:1].isdigit())


@pytest.mark.parametrize(
    ("lang", "takes_note", "decides_placement"),
    [
        ("de", "nimmt zur Kenntnis", "beschließt, das Klimaschutzmanagement"),
        ("en", "takes note", "decides to organise"),
    ],
)
def test_the_council_takes_note_and_decides_posts_and_money(
    lang: Lang, takes_note: str, decides_placement: str
) -> None:
    text = draft(OPEN, lang)
    assert takes_note in text
    assert decides_placement not in text
    assert ("Organisationshoheit" if lang == "de" else "organisational authority") in text


def test_measures_are_options_with_their_effort_not_promises() -> None:
    text = draft(OPEN)
    assert "kommen folgende Maßnahmen in Frage" in text
    assert "wird sie so begrenzen" not in text
    efforts = {m.effort.de for m in load_advisor_data().mitigations}
    assert any(f"(Aufwand: {effort})" in text for effort in efforts)


def test_an_open_steering_group_is_neither_created_nor_assumed() -> None:
    open_text, known_text = resolution(draft(OPEN)), draft(KNOWN)
    assert "Lenkungsgruppe" not in open_text
    assert "ist in der Entscheidungsgrundlage offen" in draft(OPEN)
    assert "Die bestehende ämterübergreifende Lenkungsgruppe wird" in known_text


def test_the_example_chart_caption_stays_out_of_the_resolution() -> None:
    report = report_for_profile(OPEN, "de")
    caption = report["orgchart"]["rationale"]
    assert caption and caption not in resolution(draft(OPEN))


@pytest.mark.parametrize(
    ("fte", "posts", "full_time"),
    [(1, "1 Stelle für", "1 Vollzeitstelle,"), (2.5, "2,5 Stellen für", "2,5 Vollzeitstellen,")],
)
def test_posts_agree_in_number(fte: float, posts: str, full_time: str) -> None:
    text = draft({**OPEN, "resources": {"staff_fte": fte}})
    assert posts in text and full_time in text
    assert "(n)" not in text
