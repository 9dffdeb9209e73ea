"""What the workshop pages and API show: the participant's form, their own result, the group
view, the links of an assessment; and the steps behind them (read a link, store an answer,
read the group) that both the pages and the API call.

The routes (:mod:`.pages`, :mod:`.api`) stay thin: they parse, call one function here (or the
storage service) and render the returned dicts. The participant's form uses the wizard's field
names (``priorities.<criterion>``) and its five-step scale, so the same macros render it.
Storage errors are not caught here: :mod:`klimaorg.web.auth_errors` answers them, in one
wording each.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from functools import partial
from typing import Annotated, Any

from fastapi import Depends, Request
from markupsafe import Markup
from sqlalchemy.orm import Session

from klimaorg import assessing
from klimaorg.advisor import ProfileError, load_advisor_data
from klimaorg.advisor import leading_model as recommended_model
from klimaorg.advisor.workshop import check_answers
from klimaorg.charts.svg import responsive
from klimaorg.charts.workshop import SpreadRow, share, spread_chart, weights_chart
from klimaorg.context import current_directory
from klimaorg.errors import NotFoundError
from klimaorg.i18n import Lang, day, gettext_for, local_time, number
from klimaorg.jsondata import Data
from klimaorg.storage import service
from klimaorg.storage.service import (
    DEFAULT_PARTICIPANTS,
    MAX_PARTICIPANTS,
    Principal,
    SubmissionInfo,
    WorkshopInfo,
    WorkshopPublic,
)
from klimaorg.web import auth
from klimaorg.web.language import request_lang
from klimaorg.web.params import IdPath, WorkshopIdPath
from klimaorg.web.schemas import row
from klimaorg.web.wizard.form import CRITERIA, N_
from klimaorg.web.wizard.views import criterion_names, scale

PARTICIPANT_FIELD = "participant"
PROJECTOR_REFRESH = 30  # seconds, when the projector view is asked to refresh itself
MAX_NAME = 80
MAX_TITLE = 200
MAX_DAYS = 90
DEFAULT_DAYS = 14

# Kendall's W: at or above HIGH most participants rank the models alike; below MEDIUM hardly.
HIGH_AGREEMENT = 0.7
MEDIUM_AGREEMENT = 0.4
AGREEMENT_LABELS = {
    "high": N_("high agreement"),
    "medium": N_("medium agreement"),
    "low": N_("low agreement"),
}
AGREEMENT_TEXTS = {
    "high": N_(
        "The participants rank the models largely alike. The joint priorities represent the "
        "group well."
    ),
    "medium": N_(
        "The participants agree on part of the ranking. Discuss the criteria where they "
        "disagree most before adopting the joint priorities."
    ),
    "low": N_(
        "The participants rank the models very differently. The joint priorities are an "
        "average no one holds; talk about the differences first."
    ),
}


@dataclass(frozen=True)
class FormError:
    """A problem with one input of the participant's form."""

    field: str
    message: str
    input_id: str
    label: str

    def to_dict(self) -> Data:
        """As the template reads it."""
        return asdict(self)


def input_id(field: str) -> str:
    """The id the wizard's macros give an input (``f-`` + name with dots/underscores as -)."""
    return "f-" + field.replace(".", "-").replace("_", "-")


def agreement(kendall_w: float | None) -> str | None:
    """``high`` / ``medium`` / ``low`` for Kendall's W (None with fewer than two people)."""
    if kendall_w is None:
        return None
    if kendall_w >= HIGH_AGREEMENT:
        return "high"
    if kendall_w >= MEDIUM_AGREEMENT:
        return "medium"
    return "low"


# ----------------------------------------------------------------------------- participant


def read_participant_form(items: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """The participant's raw answers: their name and one value per criterion."""
    wanted = {PARTICIPANT_FIELD, *(f"priorities.{c}" for c in CRITERIA)}
    return {name: value[:200] for name, value in items if name in wanted and isinstance(value, str)}


def check_participant_form(
    values: Mapping[str, str], lang: Lang
) -> tuple[str, dict[str, int], list[FormError]]:
    """Name and priorities out of the form, with every problem at once (in ``lang``)."""
    _ = gettext_for(lang)
    names = criterion_names(lang)
    errors: list[FormError] = []
    name = " ".join(values.get(PARTICIPANT_FIELD, "").split())
    if not name:
        message = _("Please enter your name or your office.")
    elif len(name) > MAX_NAME:
        message = _("At most %(count)s characters.") % {"count": MAX_NAME}
    else:
        message = ""
    if message:
        errors.append(
            FormError(PARTICIPANT_FIELD, message, input_id(PARTICIPANT_FIELD), _("Your name"))
        )
    priorities: dict[str, int] = {}
    for criterion in CRITERIA:
        field = f"priorities.{criterion}"
        raw = values.get(field, "").strip()
        if raw in {"0", "1", "2", "3", "4"}:
            priorities[criterion] = int(raw)
        else:
            errors.append(
                FormError(
                    field,
                    _("Please choose how important this criterion is to you."),
                    input_id(field),
                    names[criterion],
                )
            )
    if not errors and not any(priorities.values()):
        field = f"priorities.{CRITERIA[0]}"
        errors.append(
            FormError(
                field,
                _("At least one criterion must matter to you (more than 0)."),
                input_id(field),
                names[CRITERIA[0]],
            )
        )
    return name, priorities, errors


def participant_data(
    public: WorkshopPublic,
    lang: Lang,
    values: Mapping[str, str] | None = None,
    errors: list[FormError] | None = None,
) -> Data:
    """The participant's page: the explanation, the name and one select per criterion."""
    kb = load_advisor_data().knowledge
    errors = errors or []
    return {
        "workshop": {
            "title": public.title,
            "municipality": public.municipality_name,
            "expires_at": public.expires_at,
            "expires": day(public.expires_at.date(), lang),
        },
        # a fresh form starts every priority at "moderate" (the advice's baseline), so a
        # participant changes only what matters to them
        "values": dict(values) if values else {f"priorities.{c}": "2" for c in CRITERIA},
        "errors": [e.to_dict() for e in errors],
        "error_for": {e.input_id: e.to_dict() for e in errors},
        "options": [(str(s["value"]), f"{s['value']} – {s['label']}") for s in scale(lang)],
        "criteria": [
            {
                "id": c,
                "name": kb.criterion(c).name.get(lang),
                "definition": kb.criterion(c).definition.get(lang),
                "field": f"priorities.{c}",
            }
            for c in CRITERIA
        ],
    }


def own_profile(
    profile: Mapping[str, Any],
    priorities: Mapping[str, int] | None,
    ahp: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The assessment's profile with one participant's priorities (or AHP judgements)."""
    mine = copy.deepcopy(dict(profile))
    mine.pop("weighting", None)
    if priorities is not None:
        mine["priorities"] = dict(priorities)
    elif ahp is not None:
        mine["weighting"] = {
            "method": "ahp",
            "criteria": list(ahp["criteria"]),
            "pairwise": [list(row) for row in ahp["matrix"]],
        }
    return mine


def leading_model(profile: Mapping[str, Any], lang: Lang) -> Data | None:
    """The advisor's recommendation for a profile: ``{"model", "name"}`` (None if it fails).

    Only the recommended model is computed (:func:`klimaorg.advisor.leading_model`), not the
    whole analysis: every participant's submission runs this once."""
    try:
        model = recommended_model(dict(profile), lang=lang, directory=current_directory())
    except ProfileError:
        return None
    name = load_advisor_data().knowledge.model(model).short_name.get(lang)
    return {"model": model, "name": name}


def thanks_data(
    public: WorkshopPublic,
    participant: str,
    priorities: Mapping[str, int],
    leader: Data | None,
    lang: Lang,
) -> Data:
    """The thank-you page: what they gave and the model that leads for their priorities."""
    names = criterion_names(lang)
    labels = {s["value"]: s["label"] for s in scale(lang)}
    return {
        "workshop": {"title": public.title, "municipality": public.municipality_name},
        "participant": participant,
        "leader": leader,
        "priorities": [
            {"name": names[c], "value": priorities[c], "label": labels.get(priorities[c], "")}
            for c in CRITERIA
            if c in priorities
        ],
    }


# ----------------------------------------------------------------------------- owner


def workshop_row(info: WorkshopInfo, lang: Lang, now: datetime | None = None) -> Data:
    """One workshop in the owner's list."""
    _ = gettext_for(lang)
    if info.revoked_at is not None:
        state, label = "revoked", _("revoked")
    elif not info.open(now):
        state, label = "expired", _("expired")
    else:
        state, label = "open", _("open")
    return {
        "id": info.id,
        "title": info.title,
        "expires_at": info.expires_at,
        "expires": when(info.expires_at, lang),
        "created_at": info.created_at,
        "submissions": info.submissions,
        "max_participants": info.max_participants,
        "state": state,
        "state_label": label,
        "open": state == "open",
    }


def stored_leader(
    sub: SubmissionInfo, current_version: int, model_names: Mapping[str, str]
) -> Data | None:
    """The leading model stored with a submission (computed once when it was sent);
    ``version`` is set when the assessment's profile has changed since."""
    if sub.leading_model is None or sub.leading_model not in model_names:
        return None
    stale = sub.profile_version is not None and sub.profile_version != current_version
    return {
        "model": sub.leading_model,
        "name": model_names[sub.leading_model],
        "version": sub.profile_version if stale else None,
    }


def group_data(
    info: WorkshopInfo,
    submissions: list[SubmissionInfo],
    group: Data | None,
    current_version: int,
    lang: Lang,
) -> Data:
    """The owner's view of one workshop: each participant, the group and the disagreement.

    Each participant's leading model is the one stored at submission: running the advisor
    once per participant on every refresh made the page grow with the group."""
    _ = gettext_for(lang)
    kb = load_advisor_data().knowledge
    names = criterion_names(lang)
    model_names = {m: kb.model(m).short_name.get(lang) for m in kb.model_ids}
    participants = []
    for sub in submissions:
        leader = stored_leader(sub, current_version, model_names)
        participants.append(
            {
                "name": sub.participant,
                "submitted_at": sub.submitted_at,
                "kind": "ahp" if sub.ahp is not None else "priorities",
                "priorities": [sub.priorities.get(c) for c in CRITERIA] if sub.priorities else None,
                "ahp_criteria": [names[c] for c in sub.ahp["criteria"]] if sub.ahp else None,
                "leader": leader,
                "divergent": bool(group and group.get("most_divergent") == sub.participant),
            }
        )
    data: Data = {
        "workshop": workshop_row(info, lang),
        "criteria": [{"id": c, "name": names[c]} for c in CRITERIA],
        "participants": participants,
        "group": None,
    }
    if group is None:
        return data
    group_leader = min(group["group_ranking"], key=lambda m: group["group_ranking"][m])
    w = group["kendall_w"]
    level = agreement(w)
    weights = group["group_weights"]
    mean_prio = group.get("mean_priorities")
    by_priorities = group["spread_of"] == "priorities"
    data["group"] = {
        "rule": group["rule"],
        "leader": {"model": group_leader, "name": model_names[group_leader]},
        "ranking": [
            {"model": m, "name": model_names[m], "rank": r}
            for m, r in sorted(group["group_ranking"].items(), key=lambda kv: (kv[1], kv[0]))
        ],
        "kendall_w": w,
        "kendall_w_text": number(w, lang, 2) if w is not None else None,
        "agreement": level,
        "agreement_label": _(AGREEMENT_LABELS[level]) if level else None,
        "agreement_text": _(AGREEMENT_TEXTS[level]) if level else None,
        "most_divergent": group.get("most_divergent"),
        "weights": [
            {
                "name": names[c],
                "weight": weights[c],
                "percent": number(100 * weights[c], lang, 1),
                "mean": number(mean_prio[c], lang, 1) if mean_prio else None,
            }
            for c in CRITERIA
        ],
        "by_priorities": by_priorities,
        "disagreement": [
            {
                "id": d["criterion"],
                "name": names[d["criterion"]],
                "sd": number(d["sd"], lang, 2),
                "min": number(d["min"], lang, 1 if by_priorities else 3),
                "max": number(d["max"], lang, 1 if by_priorities else 3),
                "mean": number(d["mean"], lang, 1 if by_priorities else 3),
            }
            for d in group["disagreement"]
        ],
    }
    return data


def group_extras(raw: Data | None, submissions: list[SubmissionInfo], lang: Lang) -> Data:
    """The spread chart (HTML only) for the owner's view."""
    if raw is None:
        return {"spread_chart": None}
    _ = gettext_for(lang)
    names = criterion_names(lang)
    values = spread_values(submissions, raw)
    rows = [
        SpreadRow(names[d["criterion"]], values[d["criterion"]], d["mean"], d["sd"])
        for d in raw["disagreement"]
    ]
    if raw["spread_of"] == "priorities":
        low, high, ticks, digits = 0.0, 4.0, [0.0, 1.0, 2.0, 3.0, 4.0], 0
        unit = _("priorities from 0 (not important) to 4 (very important)")
    else:
        top = max([0.05, *(d["max"] for d in raw["disagreement"])])
        high = min(1.0, round(top + 0.05, 1))
        low, ticks, digits = 0.0, [0.0, high / 2, high], 2
        unit = _("weights from 0 to 1")
    svg = responsive(
        partial(
            spread_chart,
            rows,
            lang,
            low=low,
            high=high,
            ticks=ticks,
            title=_("Where the participants disagree most"),
            description=_(
                "One row per criterion, the largest spread first, on a scale of %(unit)s: the band "
                "runs from the lowest to the highest value given, each circle is one participant, "
                "the diamond is the mean, and the number at the end is the standard deviation. The "
                "same figures are in the table below."
            )
            % {"unit": unit},
            sd_label=_("SD"),
            chart_id="chart-spread",
            digits=digits,
        )
    )
    return {"spread_chart": Markup(svg)}


def projector_extras(data: Data, lang: Lang) -> Data:
    """The projector view's chart: the joint weights, heaviest first (None without any
    submission). Its table alternative is the same rows, in the same order."""
    group = data["group"]
    if group is None:
        return {"weights_chart": None, "weight_rows": []}
    _ = gettext_for(lang)
    rows = sorted(((w["name"], w["weight"]) for w in group["weights"]), key=lambda r: -r[1])
    svg = responsive(
        partial(
            weights_chart,
            rows,
            lang,
            title=_("Joint weights of the criteria"),
            description=_(
                "One bar per criterion, the heaviest first: its share of the joint weight, "
                "which adds up to 100 percent over all criteria. The same figures are in the "
                "table below the chart."
            ),
            chart_id="chart-projector",
        )
    )
    return {
        "weights_chart": Markup(svg),
        "weight_rows": [(name, share(weight, lang)) for name, weight in rows],
    }


def spread_values(submissions: list[SubmissionInfo], raw: Data) -> dict[str, list[float]]:
    """Every participant's value per criterion on the scale the spread was measured on."""
    if raw["spread_of"] == "priorities":
        return {
            c: [float(s.priorities[c]) for s in submissions if s.priorities is not None]
            for c in CRITERIA
        }
    weights = raw["participant_weights"]
    return {c: [float(w[c]) for w in weights.values()] for c in CRITERIA}


def when(moment: datetime, lang: Lang) -> str:
    """A point in time as the pages show it: German local time like every other time shown
    (stored as UTC), with "Uhr" in German."""
    text = local_time(moment, lang)
    return f"{text} Uhr" if lang == "de" else text


def _whole(raw: str, low: int, high: int) -> int | None:
    """``raw`` as a whole number from ``low`` to ``high`` (None otherwise)."""
    value = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 6 else None
    return value if value is not None and low <= value <= high else None


def check_create_form(
    values: Mapping[str, str], lang: Lang
) -> tuple[tuple[int | None, int | None], list[FormError]]:
    """The validity in days (1-90) and the cap of participants (1-5,000) from the owner's
    form, with the problems if any."""
    _ = gettext_for(lang)
    raw = values.get("days", "").strip()
    errors = []
    days = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 3 else None
    if days is None or not 1 <= days <= MAX_DAYS:
        errors.append(
            FormError(
                "days",
                _("Please enter a whole number of days from 1 to %(max)s.") % {"max": MAX_DAYS},
                "f-days",
                _("Valid for (days)"),
            )
        )
    cap = _whole(values.get("cap", "").strip() or str(DEFAULT_PARTICIPANTS), 1, MAX_PARTICIPANTS)
    if cap is None:
        errors.append(
            FormError(
                "cap",
                _("Please enter a whole number of participants from 1 to %(max)s.")
                % {"max": number(MAX_PARTICIPANTS, lang, 0)},
                "f-cap",
                _("Participants at most"),
            )
        )
    if len(values.get("title", "").strip()) > MAX_TITLE:
        errors.append(
            FormError(
                "title",
                _("At most %(count)s characters.") % {"count": MAX_TITLE},
                "f-title",
                _("Title"),
            )
        )
    if errors:
        return (None, None), errors
    return (days, cap), errors


def index_data(
    detail: Any,
    items: list[WorkshopInfo],
    can_edit: bool,
    lang: Lang,
    values: Mapping[str, str] | None = None,
    errors: list[FormError] | None = None,
) -> Data:
    """The owner's list of links of one assessment, with the form for a new one."""
    errors = errors or []
    rows = [workshop_row(info, lang) for info in items]
    return {
        "assessment": {
            "id": detail.id,
            "title": detail.title,
            "municipality": detail.municipality_name,
        },
        "workshops": rows,
        "can_edit": can_edit,
        "values": {
            "title": "",
            "days": str(DEFAULT_DAYS),
            "cap": str(DEFAULT_PARTICIPANTS),
            **dict(values or {}),
        },
        "errors": [e.to_dict() for e in errors],
        "error_for": {e.input_id: e.to_dict() for e in errors},
    }


def qr_svg(url: str, title: str) -> str:
    """The participant link as a QR code, an inline SVG for the meeting room's screen (segno,
    a maintained pure-Python QR library; error correction M, no XML declaration). ``title``
    becomes the SVG's accessible name; both are escaped by segno."""
    import segno  # late: only the page that shows a new link needs it

    code = segno.make(url, error="m", micro=False)
    return str(code.svg_inline(scale=4, border=2, dark="#000000", light="#ffffff", title=title))


# ----------------------------------------------------------------------------- steps


def find_workshop(
    session: Session, principal: Principal, assessment_id: int, workshop_id: int
) -> WorkshopInfo:
    """The workshop ``workshop_id`` of assessment ``assessment_id`` (404 otherwise: a workshop
    under another assessment or organisation is not found)."""
    for info in service.list_workshops(session, principal, assessment_id):
        if info.id == workshop_id:
            return info
    raise NotFoundError("Workshop", str(workshop_id))


def owned_workshop(
    id: IdPath, workshop_id: WorkshopIdPath, principal: auth.PrincipalDep, session: auth.SessionDep
) -> WorkshopInfo:
    """Dependency of the owner's routes under ``/…/{id}/workshop(s)/{workshop_id}``: the
    workshop of the path, found only under its own assessment (404 otherwise)."""
    return find_workshop(session, principal, id, workshop_id)


#: The workshop of an owner's route (see :func:`owned_workshop`).
OwnedWorkshop = Annotated[WorkshopInfo, Depends(owned_workshop)]


def participant_url(request: Request, token: str) -> str:
    """The absolute link participants open."""
    return str(request.url_for("workshop_participant", token=token))


def public(request: Request, token: str) -> WorkshopPublic:
    """The workshop behind a link, read without taking SQLite's write lock."""
    with auth.database(request).read() as session:
        return service.resolve_workshop(session, token)


def submit(
    request: Request,
    token: str,
    participant: str,
    priorities: dict[str, int] | None,
    ahp: dict[str, Any] | None,
    lang: Lang,
) -> tuple[WorkshopPublic, SubmissionInfo, Data | None]:
    """Read (no write lock), check the answers and compute the leading model (no
    transaction), then store in one short write transaction."""
    db = auth.database(request)
    with db.read() as session:
        plan = service.plan_submission(session, token, participant=participant)
    priorities, ahp = check_answers(priorities, ahp)
    leader = leading_model(own_profile(plan.profile, priorities, ahp), lang)
    window = request.app.state.settings.rate_limit_window_seconds
    with db.transaction() as session:
        info = service.submit_priorities(
            session,
            token,
            participant=plan.participant,
            priorities=priorities,
            ahp=ahp,
            leading_model=leader["model"] if leader else None,
            profile_version=plan.profile_version,
            correction_window=window,
        )
    return plan.public, info, leader


def _read_group(
    session: Session, principal: Principal, assessment_id: int, workshop_id: int
) -> tuple[WorkshopInfo, service.AssessmentDetail, service.WorkshopSnapshot]:
    info = find_workshop(session, principal, assessment_id, workshop_id)
    detail = service.get_assessment(session, principal, assessment_id)
    return info, detail, service.workshop_snapshot(session, principal, workshop_id)


def group_page(
    request: Request,
    session: Session | None,
    principal: Principal,
    assessment_id: int,
    workshop_id: int,
) -> tuple[Data, Data | None, list[SubmissionInfo]]:
    """The group view's data, the raw aggregate (None without submissions) and the
    submissions; read in ``session``, or in a read-only transaction of its own (then the maths
    runs after it closed, so a refreshing owner never holds a lock while it runs)."""
    if session is None:
        with auth.database(request).read() as reading:
            info, detail, snapshot = _read_group(reading, principal, assessment_id, workshop_id)
    else:
        info, detail, snapshot = _read_group(session, principal, assessment_id, workshop_id)
    subs = snapshot.submissions
    raw = assessing.group_view(snapshot) if subs else None
    data = group_data(info, subs, raw, snapshot.profile_version, request_lang(request))
    data["assessment"] = {
        "id": detail.id,
        "title": detail.title,
        "municipality": detail.municipality_name,
        "lock_version": detail.lock_version,
        "current_version": detail.current_version,
    }
    return data, raw, subs


def aggregate(request: Request, principal: Principal, assessment_id: int, workshop_id: int) -> Data:
    """The API's group result: read in one short read-only transaction, computed after it."""
    with auth.database(request).read() as session:
        find_workshop(session, principal, assessment_id, workshop_id)
        snapshot = service.workshop_snapshot(session, principal, workshop_id)
    group = assessing.group_view(snapshot)
    return {**group, "agreement": agreement(group["kendall_w"])}


def workshop_out(info: WorkshopInfo) -> Data:
    """A workshop as the API shows it (the record holds no token) and whether it is open."""
    return {**row(info), "open": info.open()}


def submission_out(sub: SubmissionInfo) -> Data:
    """One participant's submission as the API shows it."""
    return {
        "id": sub.id,
        "participant": sub.participant,
        "priorities": sub.priorities,
        "ahp": sub.ahp,
        "submitted_at": sub.submitted_at,
    }


def public_out(info: WorkshopPublic) -> Data:
    """What the API shows a participant who opened the link."""
    return {
        "title": info.title,
        "municipality_name": info.municipality_name,
        "criteria": info.criteria,
        "expires_at": info.expires_at,
    }
