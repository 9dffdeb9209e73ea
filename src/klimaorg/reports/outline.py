"""The report's outline: one ordered list of sections, the same for every format.

:func:`klimaorg.reports.build.build_report` stores the outline in the report data
(``report["sections"]``); the HTML/PDF template, the Word and the Markdown renderer walk that
list and render each section by its ``id``, so they can never disagree on order, numbering or
page breaks. Adding a section is one entry in :data:`SECTIONS` plus one case in each renderer
(a template file ``templates/sections/<id>.html``, a function in ``word.py`` and in
``markdown.py``); ``tests/reports/test_outline.py`` checks that every renderer has its case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from klimaorg.i18n import Lang
from klimaorg.reports.texts import text

Data = dict[str, Any]


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One section: its anchor, the key of its title in ``texts.yaml``, and whether it starts
    a new page (PDF and Word)."""

    id: str
    title_key: str
    new_page: bool


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("summary", "sec_summary", True),
    SectionSpec("profile", "sec_profile", True),
    SectionSpec("ranking", "sec_ranking", True),
    SectionSpec("orgchart", "sec_orgchart", True),
    SectionSpec("explanation", "sec_explanation", True),
    SectionSpec("risks", "sec_risks", False),
    SectionSpec("what-if", "sec_what_if", False),
    SectionSpec("complement", "sec_complement", False),
    SectionSpec("funding", "sec_funding", False),
    SectionSpec("practice", "sec_practice", False),
    SectionSpec("comparison", "sec_comparison", True),
    SectionSpec("blocks", "sec_blocks", True),
    SectionSpec("method", "sec_method", True),
    SectionSpec("sources", "sec_sources", True),
)
SECTION_IDS: tuple[str, ...] = tuple(s.id for s in SECTIONS)


def outline(lang: Lang, model_name: str) -> list[Data]:
    """The sections in order: ``{id, title, new_page}`` with numbered titles ("1 Zusammen…")."""
    return [
        {
            "id": spec.id,
            "title": f"{index}\u2002{text(spec.title_key, lang, model=model_name)}",
            "new_page": spec.new_page,
        }
        for index, spec in enumerate(SECTIONS, start=1)
    ]


def sections(report: Data) -> list[Data]:
    """The report's outline (a report built before the outline was stored gets it now)."""
    stored = report.get("sections")
    if stored:
        return list(stored)
    return outline(report["lang"], report["orgchart"]["name"])


def section_titles(report: Data) -> list[tuple[str, str]]:
    """``(anchor, numbered title)`` of every section, in order."""
    return [(s["id"], s["title"]) for s in sections(report)]
