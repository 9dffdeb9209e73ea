"""The report as one HTML document: a self-contained file (inline CSS and SVG, no requests) and,
with ``mode="pdf"``, the source of the PDF (:mod:`klimaorg.reports.pdf`).

Every value from the report data is escaped by Jinja (autoescape); the only markup not written
by the template is the charts' SVG, which the chart builders escape. The stylesheet is packaged,
static text: no user text goes into CSS. A Content-Security-Policy in the document forbids
scripts and every load, should the file be opened in a browser.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import jinja2
from markupsafe import Markup, escape

from klimaorg.charts.ranking import acceptability_chart, score_chart
from klimaorg.charts.svg import profile_chart
from klimaorg.i18n import Lang, number
from klimaorg.jsondata import Data
from klimaorg.reports.blocks import split_placeholders
from klimaorg.reports.hyphenation import hyphenate_text
from klimaorg.reports.orgcharts import Situation, org_chart_svg
from klimaorg.reports.outline import section_titles, sections
from klimaorg.reports.texts import text, texts

TEMPLATE_DIR = Path(__file__).parent / "templates"
CSS_FILE = TEMPLATE_DIR / "report.css"
Mode = Literal["html", "pdf"]
__all__ = ["Mode", "charts", "rank_labels", "render_html", "section_titles", "stylesheet"]


def _placeholders(value: str) -> Markup:
    """Escape ``value`` and mark [placeholders] for the reader to fill in."""
    return Markup("").join(
        Markup('<mark class="placeholder">{}</mark>').format(piece) if marked else escape(piece)
        for piece, marked in split_placeholders(value)
    )


def _syllables(value: str, lang: Lang) -> str:
    """Packaged text (a title) with soft hyphens in its long words: a phone breaks
    "Klimaschutz-managements" at a syllable, not after any letter."""
    return hyphenate_text(value, lang)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["placeholders"] = _placeholders
    env.filters["syllables"] = _syllables
    return env


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The report's CSS."""
    return CSS_FILE.read_text(encoding="utf-8")


def charts(report: Data) -> dict[str, str]:
    """Every chart of the report as SVG markup (escaped by the chart builders)."""
    lang: Lang = report["lang"]
    stated = report["orgchart"].get("situation")
    situation = Situation(**stated) if stated else None
    items = "; ".join(f"{r['name']} {r['score_text']}" for r in report["ranking"])
    out = {
        "scores": score_chart(
            [(r["name"], r["score"]) for r in report["ranking"]],
            lang,
            title=text("chart_scores_title", lang),
            description=text("chart_scores_desc", lang, items=items),
            excluded_label=text("excluded", lang),
            chart_id="report-scores",
        ),
        "acceptability": acceptability_chart(
            [(r["name"], r["shares"]) for r in report["acceptability"]],
            lang,
            title=text("chart_accept_title", lang),
            description=text(
                "chart_accept_desc",
                lang,
                items="; ".join(
                    f"{r['name']}: " + ", ".join(r["texts"]) for r in report["acceptability"]
                ),
            ),
            rank_labels=rank_labels(report),
            chart_id="report-acceptability",
        ),
        "profile": profile_chart(
            [row["name"] for row in report["profile_rows"]],
            [
                (name, [row["values"][i] for row in report["profile_rows"]])
                for i, name in enumerate(report["profile_models"])
            ],
            lang,
            title=text("chart_profile_title", lang),
            description=text("chart_profile_desc", lang),
            chart_id="report-profile",
        ),
        "orgchart": org_chart_svg(
            report["orgchart"]["model"], lang, chart_id="report-orgchart", situation=situation
        ),
    }
    for model in report["models"]:
        out[f"orgchart_{model['id']}"] = org_chart_svg(
            model["id"], lang, chart_id=f"report-orgchart-{model['id']}", situation=situation
        )
    return out


def rank_labels(report: Data) -> list[str]:
    """ "Platz 1" … "Platz 6"."""
    count = len(report["acceptability"][0]["shares"]) if report["acceptability"] else 0
    return [text("rank_n", report["lang"], n=n) for n in range(1, count + 1)]


def render_html(report: Data, *, mode: Mode = "html", only: str | None = None) -> str:
    """The report (or, with ``only``, one text block) as an HTML document; ``mode="pdf"`` adds
    the running footer's words and leaves out the skip link."""
    lang: Lang = report["lang"]
    only_parts: list[Data] = []
    only_title = ""
    if only is not None:
        block = next((b for b in report["blocks"] if b["id"] == only), None)
        if block is None:
            raise ValueError(f"unknown text block {only!r}")
        only_parts, only_title = block["parts"], block["title"]
    profile_rows = [
        {"name": row["name"], "values": [number(v, lang) for v in row["values"]]}
        for row in report["profile_rows"]
    ]
    template = _environment().get_template("report.html")
    return template.render(
        r=report,
        t=texts(lang),
        mode=mode,
        only=only,
        only_parts=only_parts,
        only_title=only_title,
        css=Markup(stylesheet()),
        sections=sections(report),
        charts={} if only else charts(report),
        rank_labels=rank_labels(report),
        profile_rows=profile_rows,
        samples_text=number(report["samples"], lang, 0),
    )
