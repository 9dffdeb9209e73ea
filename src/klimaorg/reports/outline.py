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
from typing import Any, Literal

from klimaorg.i18n import Lang
from klimaorg.reports.texts import text

Data = dict[str, Any]
Part = Literal["decision", "details", "appendix"]


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One section: its anchor, the key of its title in ``texts.yaml``, the part of the report
    it belongs to, and whether it starts a new page (PDF and Word)."""

    id: str
    title_key: str
    part: Part
    new_page: bool


#: First what the council decides on (the decision pages, the draft resolution, the funding),
#: then the details behind it, then the appendix.
SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("summary", "sec_summary", "decision", True),
    SectionSpec("resolution", "sec_resolution", "decision", True),
    SectionSpec("funding", "sec_funding", "decision", True),
    SectionSpec("profile", "sec_profile", "details", True),
    SectionSpec("ranking", "sec_ranking", "details", True),
    SectionSpec("orgchart", "sec_orgchart", "details", True),
    SectionSpec("explanation", "sec_explanation", "details", True),
    SectionSpec("risks", "sec_risks", "details", False),
    SectionSpec("what-if", "sec_what_if", "details", False),
    SectionSpec("complement", "sec_complement", "details", False),
    SectionSpec("practice", "sec_practice", "details", False),
    SectionSpec("comparison", "sec_comparison", "details", True),
    SectionSpec("method", "sec_method", "appendix", True),
    SectionSpec("sources", "sec_sources", "appendix", True),
)
SECTION_IDS: tuple[str, ...] = tuple(s.id for s in SECTIONS)


def outline(lang: Lang, model_name: str) -> list[Data]:
    """The sections in order: ``{id, title, part, part_title, new_page}`` with numbered titles
    ("1 Zusammen…"); ``part_title`` is set on the first section of each part only."""
    out: list[Data] = []
    for index, spec in enumerate(SECTIONS, start=1):
        first_of_part = index == 1 or SECTIONS[index - 2].part != spec.part
        out.append(
            {
                "id": spec.id,
                "title": f"{index}\u2002{text(spec.title_key, lang, model=model_name)}",
                "part": spec.part,
                "part_title": text(f"part_{spec.part}", lang) if first_of_part else None,
                "new_page": spec.new_page,
            }
        )
    return out


def sections(report: Data) -> list[Data]:
    """The report's outline (a report built before the outline was stored gets it now)."""
    stored = report.get("sections")
    if stored and "part" in stored[0]:
        return list(stored)
    return outline(report["lang"], report["orgchart"]["name"])


def section_titles(report: Data) -> list[tuple[str, str]]:
    """``(anchor, numbered title)`` of every section, in order."""
    return [(s["id"], s["title"]) for s in sections(report)]
