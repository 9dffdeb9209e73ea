"""Workshops: a share link for anonymous participants, their priorities, the group view.

Participants give either priorities 0-4 per criterion (the scale of the wizard) or an AHP
matrix over some criteria. The group weights are the arithmetic mean of the participants'
normalised weights (``mean``), or - when every participant gave an AHP matrix over the same
criteria - the AIJ: the element-wise geometric mean of the matrices, then its principal
eigenvector (``aij``, Forman & Peniwati 1998). Consensus is Kendall's W over the rankings of
the models each participant's weights produce on the assessment's current criteria profile
(:func:`klimaorg.engine.consensus`).

Caps and double submissions: a new participant is admitted by one conditional
``UPDATE workshops SET participants = participants + 1 WHERE participants < max_participants``
in the savepoint that inserts their row, so no number of concurrent requests or workers can
exceed the cap (SQLite queues writers, PostgreSQL re-checks the condition after the row
lock). Two simultaneous first submissions under one name meet at the unique constraint: the
loser's savepoint is rolled back and its input stored as a correction of the winner's row, so
both succeed. Corrections are limited per participant (:data:`CORRECTIONS_PER_WINDOW`) in the
database's shared ``rate_limits``; refused corrections and refused newcomers count nothing.

The group view is read in one short transaction (:func:`workshop_snapshot`) and computed
without any (:func:`aggregate_snapshot`); each participant's leading model is computed once
when they submit and stored with the profile version it was computed on.
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from klimaorg.advisor import complete, load_advisor_data, parse_profile
from klimaorg.advisor.analysis import WSM, adjusted_matrix, evaluate_rules
from klimaorg.engine import (
    aggregate_judgements,
    aggregate_weights,
    ahp_weights,
    consensus,
    make_scorer,
    rating_weights,
)
from klimaorg.engine.aggregation import as_benefit
from klimaorg.engine.errors import ProblemError
from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.storage.assessments import (
    AssessmentDetail,
    _row,
    _version,
    update_assessment,
)
from klimaorg.storage.core import Principal, Role, audit, clean_text, require, token_hash
from klimaorg.storage.errors import CorrectionLimitError, WorkshopClosedError, WorkshopFullError
from klimaorg.storage.models import Assessment, Workshop, WorkshopSubmission, utcnow
from klimaorg.storage.rate_limits import lease, quota_key

DEFAULT_VALIDITY = timedelta(days=14)
MAX_VALIDITY = timedelta(days=90)
DEFAULT_PARTICIPANTS = 1000  # a Landkreis-wide online consultation fits one link
MAX_PARTICIPANTS = 5000  # the largest cap an editor may set
CORRECTIONS_PER_WINDOW = 10  # per participant; generous: nobody corrects more by hand
CORRECTION_WINDOW = 600  # seconds; the app passes its rate-limit window


@dataclass(frozen=True, slots=True)
class WorkshopInfo:
    """A workshop as its organisation sees it (never the token)."""

    id: int
    assessment_id: int
    title: str
    expires_at: datetime
    revoked_at: datetime | None
    created_at: datetime
    submissions: int
    max_participants: int = DEFAULT_PARTICIPANTS

    def open(self, now: datetime | None = None) -> bool:
        """Whether participants can still submit."""
        return self.revoked_at is None and (now or utcnow()) < self.expires_at


@dataclass(frozen=True, slots=True)
class WorkshopPublic:
    """What an anonymous participant sees after opening the link."""

    workshop_id: int
    title: str
    municipality_name: str | None
    criteria: list[str]
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class SubmissionInfo:
    """One participant's input."""

    id: int
    participant: str
    priorities: dict[str, int] | None
    ahp: dict[str, Any] | None
    submitted_at: datetime
    leading_model: str | None = None
    profile_version: int | None = None
    new: bool = field(default=False, compare=False)  # admitted by this submission


def _infos(rows: Sequence[Workshop]) -> list[WorkshopInfo]:
    """The rows as the service returns them; the counter is exact (see the module doc)."""
    return [
        WorkshopInfo(
            r.id,
            r.assessment_id,
            r.title,
            r.expires_at,
            r.revoked_at,
            r.created_at,
            r.participants or 0,
            r.max_participants or DEFAULT_PARTICIPANTS,
        )
        for r in rows
    ]


def _info(row: Workshop) -> WorkshopInfo:
    return _infos([row])[0]


def _workshop(session: Session, principal: Principal, workshop_id: int) -> Workshop:
    row = session.scalar(
        sa.select(Workshop)
        .join(Assessment, Assessment.id == Workshop.assessment_id)
        .where(Workshop.id == workshop_id, Assessment.organisation_id == principal.organisation_id)
    )
    if row is None:
        raise NotFoundError("Workshop", str(workshop_id))
    return row


def create_workshop(
    session: Session,
    principal: Principal,
    assessment_id: int,
    *,
    title: str | None = None,
    valid_for: timedelta = DEFAULT_VALIDITY,
    max_participants: int = DEFAULT_PARTICIPANTS,
) -> tuple[WorkshopInfo, str]:
    """A share link for an assessment (editor). Returns the info and the plain token: put it
    in the link once; only its SHA-256 is stored. ``max_participants`` (1 to
    :data:`MAX_PARTICIPANTS`) caps the distinct names the link accepts."""
    require(principal, Role.EDITOR, "create_workshop")
    assessment = _row(session, principal, assessment_id)
    if not timedelta(minutes=1) <= valid_for <= MAX_VALIDITY:
        raise UserInputError("valid_for", "zwischen einer Minute und 90 Tagen")
    if (
        isinstance(max_participants, bool)
        or not isinstance(max_participants, int)
        or not 1 <= max_participants <= MAX_PARTICIPANTS
    ):
        raise UserInputError("max_participants", f"ganze Zahl von 1 bis {MAX_PARTICIPANTS}")
    title = clean_text(title or assessment.title, "title", max_length=200)
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = Workshop(
        assessment_id=assessment.id,
        title=title,
        token_hash=token_hash(token),
        expires_at=now + valid_for,
        created_by_id=principal.user_id,
        created_at=now,
        participants=0,
        max_participants=max_participants,
    )
    session.add(row)
    session.flush()
    audit(
        session,
        action="workshop.create",
        object_type="workshop",
        object_id=row.id,
        principal=principal,
        details={
            "assessment_id": assessment.id,
            "expires_at": row.expires_at.isoformat(),
            "max_participants": max_participants,
        },
    )
    return _info(row), token


def list_workshops(
    session: Session, principal: Principal, assessment_id: int
) -> list[WorkshopInfo]:
    """The workshops of an assessment, newest first."""
    assessment = _row(session, principal, assessment_id)
    rows = session.scalars(
        sa.select(Workshop)
        .where(Workshop.assessment_id == assessment.id)
        .order_by(Workshop.id.desc())
    ).all()
    return _infos(rows)


def revoke_workshop(session: Session, principal: Principal, workshop_id: int) -> WorkshopInfo:
    """Close the link at once (editor); submissions stay."""
    require(principal, Role.EDITOR, "revoke_workshop")
    row = _workshop(session, principal, workshop_id)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()
        audit(
            session,
            action="workshop.revoke",
            object_type="workshop",
            object_id=row.id,
            principal=principal,
            details={},
        )
    return _info(row)


def _open_workshop(session: Session, token: str, now: datetime | None) -> Workshop:
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        raise NotFoundError("Workshop", "?")
    row = session.scalar(sa.select(Workshop).where(Workshop.token_hash == token_hash(token)))
    if row is None:
        raise NotFoundError("Workshop", "?")
    if row.revoked_at is not None:
        raise WorkshopClosedError("revoked")
    if (now or utcnow()) >= row.expires_at:
        raise WorkshopClosedError("expired")
    return row


def resolve_workshop(
    session: Session, token: str, *, now: datetime | None = None
) -> WorkshopPublic:
    """The workshop behind a link (no login): unknown → :class:`NotFoundError`, expired or
    revoked → :class:`WorkshopClosedError`."""
    row = _open_workshop(session, token, now)
    assessment = session.get(Assessment, row.assessment_id)
    assert assessment is not None
    criteria = load_advisor_data().knowledge.criterion_ids
    return WorkshopPublic(
        row.id, row.title, assessment.municipality_name, list(criteria), row.expires_at
    )


def workshop_profile(
    session: Session, token: str, *, now: datetime | None = None
) -> dict[str, Any]:
    """The current profile of the assessment behind an open workshop link (no login):
    unknown → :class:`NotFoundError`, expired or revoked → :class:`WorkshopClosedError`."""
    row = _open_workshop(session, token, now)
    assessment = session.get(Assessment, row.assessment_id)
    assert assessment is not None
    return dict(_version(session, assessment, assessment.current_version).profile)


def _check_priorities(value: Any, criteria: list[str]) -> dict[str, int]:
    if not isinstance(value, dict):
        raise UserInputError("priorities", "muss ein Objekt Kriterium → 0–4 sein")
    unknown = [k for k in value if k not in criteria]
    if unknown:
        raise UserInputError(f"priorities.{unknown[0]}", "unbekanntes Kriterium")
    missing = [c for c in criteria if c not in value]
    if missing:
        raise UserInputError(f"priorities.{missing[0]}", "fehlt (alle Kriterien angeben)")
    for key, item in value.items():
        if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= 4:
            raise UserInputError(f"priorities.{key}", "ganze Zahl von 0 bis 4")
    if not any(value.values()):
        raise UserInputError("priorities", "mindestens eine Priorität muss größer als 0 sein")
    return {c: int(value[c]) for c in criteria}


def _check_ahp(value: Any, criteria: list[str]) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != {"criteria", "matrix"}:
        raise UserInputError("ahp", "erwartet {criteria: [...], matrix: [[...]]}")
    chosen, matrix = value["criteria"], value["matrix"]
    if (
        not isinstance(chosen, list)
        or len(chosen) < 2
        or len(set(chosen)) != len(chosen)
        or any(c not in criteria for c in chosen)
    ):
        raise UserInputError("ahp.criteria", "mindestens zwei verschiedene bekannte Kriterien")
    if not isinstance(matrix, list) or any(
        not isinstance(r, list)
        or len(r) != len(chosen)
        or any(isinstance(x, bool) or not isinstance(x, (int, float)) for x in r)
        for r in matrix
    ):
        raise UserInputError("ahp.matrix", f"{len(chosen)}×{len(chosen)} Zahlen")
    if len(matrix) != len(chosen):
        raise UserInputError("ahp.matrix", f"{len(chosen)}×{len(chosen)} Zahlen")
    try:
        ahp_weights(matrix, field_name="ahp.matrix")
    except ProblemError as exc:
        raise UserInputError(exc.field, exc.message) from None
    return {"criteria": list(chosen), "matrix": [[float(x) for x in r] for r in matrix]}


@dataclass(frozen=True, slots=True)
class SubmissionPlan:
    """A checked submission and what its leading model needs, read before writing."""

    public: WorkshopPublic
    participant: str
    priorities: dict[str, int] | None
    ahp: dict[str, Any] | None
    profile: dict[str, Any]
    profile_version: int
    known: bool  # the name has submitted before (a correction)


def _checked_input(
    participant: str, priorities: dict[str, int] | None, ahp: dict[str, Any] | None
) -> tuple[str, dict[str, int] | None, dict[str, Any] | None]:
    name = clean_text(participant, "participant", max_length=80)
    if (priorities is None) == (ahp is None):
        raise UserInputError("priorities", "entweder Prioritäten oder eine AHP-Matrix angeben")
    criteria = list(load_advisor_data().knowledge.criterion_ids)
    prio = _check_priorities(priorities, criteria) if priorities is not None else None
    matrix = _check_ahp(ahp, criteria) if ahp is not None else None
    return name, prio, matrix


def plan_submission(
    session: Session,
    token: str,
    *,
    participant: str,
    priorities: dict[str, int] | None = None,
    ahp: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> SubmissionPlan:
    """Check a submission and read the profile its leading model needs (reads only).

    Refuses a new name on a link that is already full (:class:`WorkshopFullError`) before
    anyone computes anything for it; :func:`submit_priorities` decides for certain.
    """
    row = _open_workshop(session, token, now)
    name, prio, matrix = _checked_input(participant, priorities, ahp)
    known = _submission(session, row.id, name) is not None
    if not known and row.participants >= row.max_participants:
        raise WorkshopFullError(row.max_participants)
    assessment = session.get(Assessment, row.assessment_id)
    assert assessment is not None
    profile = dict(_version(session, assessment, assessment.current_version).profile)
    criteria = list(load_advisor_data().knowledge.criterion_ids)
    public = WorkshopPublic(
        row.id, row.title, assessment.municipality_name, criteria, row.expires_at
    )
    return SubmissionPlan(public, name, prio, matrix, profile, assessment.current_version, known)


def submit_priorities(
    session: Session,
    token: str,
    *,
    participant: str,
    priorities: dict[str, int] | None = None,
    ahp: dict[str, Any] | None = None,
    now: datetime | None = None,
    leading_model: str | None = None,
    profile_version: int | None = None,
    correction_window: int = CORRECTION_WINDOW,
) -> SubmissionInfo:
    """An anonymous participant's input (no login; the link is the permission).

    Exactly one of ``priorities`` (every criterion 0-4) or ``ahp``
    (``{"criteria": [...], "matrix": [[...]]}``). Submitting again under the same name
    replaces the earlier input (a correction). ``leading_model`` and ``profile_version``: the
    model the advisor recommends for this input on that profile version, stored for the
    group view. Raises :class:`WorkshopFullError` for a new name on a full link and
    :class:`CorrectionLimitError` after :data:`CORRECTIONS_PER_WINDOW` corrections in
    ``correction_window`` seconds.
    """
    row = _open_workshop(session, token, now)
    name, prio, matrix = _checked_input(participant, priorities, ahp)
    stamp = now or utcnow()
    values = {
        "priorities": prio,
        "ahp": matrix,
        "submitted_at": stamp,
        "leading_model": leading_model,
        "profile_version": profile_version,
    }
    existing = _submission(session, row.id, name)
    admitted = None
    if existing is None:
        admitted = _admit(session, row, name, values)
        if admitted is None:  # the same name was admitted concurrently: a correction
            existing = _submission(session, row.id, name)
            if existing is None:  # not the name: the link itself went (assessment deleted)
                raise NotFoundError("Workshop", "?")
    if existing is not None:
        _count_correction(session, row.id, name, stamp, correction_window)
        for key, value in values.items():
            setattr(existing, key, value)
        session.flush()
    stored = admitted or existing
    assert stored is not None
    assessment = session.get(Assessment, row.assessment_id)
    audit(
        session,
        action="workshop.submit",
        object_type="workshop",
        object_id=row.id,
        organisation_id=assessment.organisation_id if assessment else None,
        actor=f"workshop:{name}",
        details={"participant": name, "kind": "ahp" if matrix else "priorities"},
    )
    return SubmissionInfo(
        stored.id,
        name,
        prio,
        matrix,
        stamp,
        leading_model,
        profile_version,
        new=admitted is not None,
    )


def _submission(session: Session, workshop_id: int, name: str) -> WorkshopSubmission | None:
    return session.scalar(
        sa.select(WorkshopSubmission).where(
            WorkshopSubmission.workshop_id == workshop_id,
            WorkshopSubmission.participant_name == name,
        )
    )


class _CapReachedError(Exception):
    """The cap was reached (rolls the savepoint back)."""


def _admit(
    session: Session, row: Workshop, name: str, values: dict[str, Any]
) -> WorkshopSubmission | None:
    """Insert a new participant and raise the counter, atomically, in one savepoint.

    ``None``: the name was inserted by a concurrent request first (unique violation); the
    savepoint - counter included - is rolled back and the caller stores a correction.
    """
    try:
        with session.begin_nested():
            new = WorkshopSubmission(workshop_id=row.id, participant_name=name, **values)
            session.add(new)
            session.flush()
            result = session.execute(
                sa.update(Workshop)
                .where(Workshop.id == row.id, Workshop.participants < Workshop.max_participants)
                .values(participants=Workshop.participants + 1)
                .execution_options(synchronize_session=False)
            )
            if cast("CursorResult[Any]", result).rowcount != 1:
                raise _CapReachedError
    except IntegrityError:
        return None
    except _CapReachedError:
        raise WorkshopFullError(row.max_participants) from None
    return new


def _count_correction(
    session: Session, workshop_id: int, name: str, now: datetime, window: int
) -> None:
    """Count one correction of ``name`` in the shared limiter, or refuse it."""
    seconds = int(now.timestamp())
    window_start = seconds - seconds % window
    key = quota_key("workshop-correction", f"{workshop_id}\n{name}")
    if lease(session, key, window_start, 1, CORRECTIONS_PER_WINDOW) == 0:
        raise CorrectionLimitError(max(1, window_start + window - seconds))


def list_submissions(
    session: Session, principal: Principal, workshop_id: int
) -> list[SubmissionInfo]:
    """The participants' inputs, in the order they were first submitted."""
    row = _workshop(session, principal, workshop_id)
    # plain rows, not ORM objects: a link may hold thousands and the group view reads them all
    rows = session.execute(
        sa.select(
            WorkshopSubmission.id,
            WorkshopSubmission.participant_name,
            WorkshopSubmission.priorities,
            WorkshopSubmission.ahp,
            WorkshopSubmission.submitted_at,
            WorkshopSubmission.leading_model,
            WorkshopSubmission.profile_version,
        )
        .where(WorkshopSubmission.workshop_id == row.id)
        .order_by(WorkshopSubmission.id)
    )
    return [SubmissionInfo(*r) for r in rows]


def _participant_weights(sub: SubmissionInfo, criteria: list[str]) -> np.ndarray[Any, Any]:
    if sub.priorities is not None:
        return rating_weights([sub.priorities[c] for c in criteria]).values
    assert sub.ahp is not None
    w = ahp_weights(sub.ahp["matrix"]).weights
    full = np.zeros(len(criteria))
    for value, criterion in zip(w, sub.ahp["criteria"], strict=True):
        full[criteria.index(criterion)] = value
    return full


@dataclass(frozen=True, slots=True)
class WorkshopSnapshot:
    """Everything the group view needs, read in one short transaction."""

    workshop_id: int
    submissions: list[SubmissionInfo]
    profile: dict[str, Any]
    profile_version: int


def workshop_snapshot(session: Session, principal: Principal, workshop_id: int) -> WorkshopSnapshot:
    """The submissions and the assessment's current profile (reads only; any role)."""
    row = _workshop(session, principal, workshop_id)
    subs = list_submissions(session, principal, workshop_id)
    assessment = session.get(Assessment, row.assessment_id)
    assert assessment is not None
    version = _version(session, assessment, assessment.current_version)
    return WorkshopSnapshot(row.id, subs, dict(version.profile), assessment.current_version)


def _weights_matrix(subs: Sequence[SubmissionInfo], criteria: list[str]) -> np.ndarray[Any, Any]:
    """Every participant's weights (rows): priorities divided by their sum in one step, the
    same as :func:`rating_weights` row by row; AHP matrices one by one."""
    out = np.zeros((len(subs), len(criteria)))
    given = [(i, s.priorities) for i, s in enumerate(subs) if s.priorities is not None]
    if given:
        prios = np.array([[p[c] for c in criteria] for _, p in given], dtype=np.float64)
        out[[i for i, _ in given]] = prios / prios.sum(axis=1, keepdims=True)
    for i, sub in enumerate(subs):
        if sub.priorities is None:
            out[i] = _participant_weights(sub, criteria)
    return out


def aggregate_workshop(session: Session, principal: Principal, workshop_id: int) -> dict[str, Any]:
    """The group view of a workshop (any role): :func:`aggregate_snapshot` of a snapshot."""
    return aggregate_snapshot(workshop_snapshot(session, principal, workshop_id))


def aggregate_snapshot(snapshot: WorkshopSnapshot) -> dict[str, Any]:
    """The group view of a workshop, computed from a snapshot with no transaction open.

    Keys: ``rule`` (``mean`` | ``aij``), ``participants``, ``criteria``, ``group_weights``,
    ``participant_weights``, ``mean_priorities`` (0-4, when all gave priorities),
    ``group_matrix`` and ``consistency_ratio`` (AIJ), ``group_ranking`` and ``rankings``
    (model → rank), ``kendall_w`` (None with fewer than 2 participants), ``tau_to_group``,
    ``most_divergent`` (participant name), ``disagreement`` (criteria by spread, largest
    first: standard deviation of the priorities 0-4, or of the weights if anyone used AHP).
    """
    subs = snapshot.submissions
    if not subs:
        raise UserInputError("workshop", "noch keine Beiträge")
    advisor = load_advisor_data()
    criteria = list(advisor.knowledge.criterion_ids)
    names = [s.participant for s in subs]
    weights = _weights_matrix(subs, criteria)
    all_ahp = all(s.ahp is not None for s in subs)
    same = all_ahp and len({tuple(s.ahp["criteria"]) for s in subs if s.ahp}) == 1
    out: dict[str, Any] = {
        "workshop_id": snapshot.workshop_id,
        "participants": names,
        "criteria": criteria,
    }
    if same:
        chosen = subs[0].ahp["criteria"] if subs[0].ahp else []
        group = aggregate_judgements([np.asarray(s.ahp["matrix"]) for s in subs if s.ahp])
        group_weights = np.zeros(len(criteria))
        for value, criterion in zip(group.weights, chosen, strict=True):
            group_weights[criteria.index(criterion)] = value
        out["rule"] = "aij"
        out["ahp_criteria"] = list(chosen)
        assert group.matrix is not None
        out["group_matrix"] = group.matrix.tolist()
        out["consistency_ratio"] = group.consistency_ratio
    else:
        group_weights = aggregate_weights(weights, "mean")
        out["rule"] = "mean"
    if all(s.priorities is not None for s in subs):
        prios = np.array([[s.priorities[c] for c in criteria] for s in subs if s.priorities])
        out["mean_priorities"] = dict(zip(criteria, prios.mean(axis=0).tolist(), strict=True))
        spread_values, spread_of = prios.astype(float), "priorities"
    else:
        spread_values, spread_of = weights, "weights"
    out["group_weights"] = dict(zip(criteria, group_weights.tolist(), strict=True))
    out["participant_weights"] = {
        n: dict(zip(criteria, w.tolist(), strict=True)) for n, w in zip(names, weights, strict=True)
    }
    # Rankings on the assessment's current criteria profile (rules of its profile applied).
    completed = complete(parse_profile(snapshot.profile, advisor), advisor)
    models, _excluded, _base, matrix, _changes = adjusted_matrix(
        advisor, evaluate_rules(advisor, completed)
    )
    scorer = make_scorer(WSM, matrix, as_benefit(["max"] * len(criteria)))
    result = consensus(scorer, weights, group_weights)
    out["models"] = models
    out["group_ranking"] = dict(zip(models, result.group_ranking.tolist(), strict=True))
    out["rankings"] = {
        n: dict(zip(models, r.tolist(), strict=True))
        for n, r in zip(names, result.rankings, strict=True)
    }
    out["kendall_w"] = result.kendall_w
    out["tau_to_group"] = dict(zip(names, result.tau_to_group, strict=True))
    out["most_divergent"] = names[result.most_divergent] if len(names) > 1 else None
    sd = spread_values.std(axis=0)
    order = sorted(range(len(criteria)), key=lambda j: (-sd[j], j))
    out["spread_of"] = spread_of
    out["disagreement"] = [
        {
            "criterion": criteria[j],
            "sd": float(sd[j]),
            "min": float(spread_values[:, j].min()),
            "max": float(spread_values[:, j].max()),
            "mean": float(spread_values[:, j].mean()),
        }
        for j in order
    ]
    return out


def adopt_aggregate(
    session: Session, principal: Principal, workshop_id: int, *, lock_version: int
) -> AssessmentDetail:
    """Save the group's weights into the assessment as a new version (editor).

    ``mean``: SWING points proportional to the group weights (they reproduce them exactly)
    plus the rounded mean priorities 0-4 when everyone gave priorities; ``aij``: the AHP
    weighting with the group matrix. Guarded by ``lock_version`` like any save.
    """
    require(principal, Role.EDITOR, "adopt_aggregate")
    row = _workshop(session, principal, workshop_id)
    group = aggregate_workshop(session, principal, workshop_id)
    current = get_current_profile(session, principal, row.assessment_id)
    profile = copy.deepcopy(current)
    if group["rule"] == "aij":
        profile["weighting"] = {
            "method": "ahp",
            "criteria": group["ahp_criteria"],
            "pairwise": group["group_matrix"],
        }
    else:
        weights = group["group_weights"]
        top = max(weights.values())
        profile["weighting"] = {
            "method": "swing",
            "points": {c: 100.0 * w / top for c, w in weights.items()},
        }
        if "mean_priorities" in group:
            profile["priorities"] = {
                c: min(4, max(0, int(v + 0.5))) for c, v in group["mean_priorities"].items()
            }
    count = len(group["participants"])
    detail = update_assessment(
        session,
        principal,
        row.assessment_id,
        lock_version=lock_version,
        profile=profile,
        note=f"Workshop „{row.title}“: Gruppengewichte aus {count} Beiträgen übernommen "
        f"({group['rule']})",
    )
    audit(
        session,
        action="workshop.adopt",
        object_type="workshop",
        object_id=row.id,
        principal=principal,
        details={"assessment_id": row.assessment_id, "version": detail.current_version},
    )
    return detail


def get_current_profile(
    session: Session, principal: Principal, assessment_id: int
) -> dict[str, Any]:
    """The profile of the assessment's current version."""
    assessment = _row(session, principal, assessment_id)
    return _version(session, assessment, assessment.current_version).profile
