"""The catalogue pages' HTML-only extras (charts, form state), computed from a page's data dict
and never from elsewhere.

The JSON API returns the data dict itself; a page renders the same dict plus these extras.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from markupsafe import Markup

from klimaorg.charts.svg import profile_chart, responsive
from klimaorg.i18n import Lang, gettext_for
from klimaorg.jsondata import Data

Extras = dict[str, Any]


def _chart_description(lang: Lang) -> str:
    _ = gettext_for(lang)
    return _(
        "Ratings from 1 (very weak) to 5 (very strong); bars start at 3 (average): to the right "
        "(solid) a strength, to the left (hatched) a weakness; each bar is labelled with its "
        "value, a thin line shows its interval. The same values are in the table below the chart."
    )


def model_extras(data: Data, lang: Lang) -> Extras:
    """The model page's profile chart."""
    _ = gettext_for(lang)
    model = data["model"]
    profile = model["profile"]
    svg = responsive(
        partial(
            profile_chart,
            [p["criterion_name"] for p in profile],
            [(model["short_name"], [p["value"] for p in profile])],
            lang,
            intervals=[[(p["low"], p["high"]) for p in profile]],
            title=_("Criteria profile of “%(model)s”") % {"model": model["short_name"]},
            description=_chart_description(lang),
            chart_id=f"profile-{model['id']}",
        )
    )
    return {
        "chart": Markup(svg),
        "rows": [(p["criterion_name"], [p["value"]]) for p in profile],
    }


def compare_extras(data: Data, overview: Data, lang: Lang) -> Extras:
    """The comparison's chart, table rows and the state of the choice form."""
    _ = gettext_for(lang)
    models = data["models"]
    criteria = data["criteria"]
    values = {m["id"]: {p["criterion"]: p["value"] for p in m["profile"]} for m in models}
    spans = {m["id"]: {p["criterion"]: (p["low"], p["high"]) for p in m["profile"]} for m in models}
    svg = responsive(
        partial(
            profile_chart,
            [c["name"] for c in criteria],
            [(m["short_name"], [values[m["id"]][c["id"]] for c in criteria]) for m in models],
            lang,
            intervals=[[spans[m["id"]][c["id"]] for c in criteria] for m in models],
            title=_("Criteria profiles of the chosen models"),
            description=_chart_description(lang),
            chart_id="profile-comparison",
        )
    )
    return {
        "chart": Markup(svg),
        "rows": [(c["name"], [values[m["id"]][c["id"]] for m in models]) for c in criteria],
        "all_models": overview["models"],
        "chosen": [m["id"] for m in models],
    }


def criteria_extras(data: Data, overview: Data) -> Extras:
    """The criteria table: one row per criterion, one column per model."""
    models = overview["models"]
    return {
        "models": models,
        "names": {m["id"]: m["short_name"] for m in models},
        "rows": [(c["name"], [c["profile"][m["id"]] for m in models]) for c in data["criteria"]],
    }
