"""Workshops: a share link for anonymous participants, their answers, the group's snapshot.

Storage keeps the link, the answers and the adopted version; it computes nothing. The
answers are checked (:func:`klimaorg.advisor.workshop.check_answers`) and the group view
computed (:func:`klimaorg.advisor.workshop.aggregate_group`) by the advisor;
:mod:`klimaorg.assessing` puts the two together for the interfaces.

Caps and double submissions: a new participant is admitted by one conditional
``UPDATE workshops SET participants = participants + 1 WHERE participants < max_participants``
in the savepoint that inserts their row, so no number of concurrent requests or workers can
exceed the cap (SQLite queues writers, PostgreSQL re-checks the condition after the row
lock). Two simultaneous first submissions under one name meet at the unique constraint: the
loser's savepoint is rolled back and its input stored as a correction of the winner's row, so
both succeed. Corrections are limited per participant (:data:`CORRECTIONS_PER_WINDOW`) in the
database's shared ``rate_limits``; refused corrections and refused newcomers count nothing.
Both limits live in the database, so they hold across workers and servers.

The group view is read in one short transaction (:func:`workshop_snapshot`) and computed
without any; each participant's leading model is computed once, before they submit, and
stored with the profile version it was computed on.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.i18n import Lang
from klimaorg.knowledge import configured_knowledge
from klimaorg.storage.assessments import (
    AssessmentDetail,
    assessment_row,
    update_assessment,
    version_row,
)
from klimaorg.storage.core import (
    Principal,
    Role,
    audit,
    check_json,
    clean_text,
    require,
    token_hash,
)
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
    assessment = assessment_row(session, principal, assessment_id)
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
    assessment = assessment_row(session, principal, assessment_id)
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
    criteria = configured_knowledge().criterion_ids
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
    return dict(version_row(session, assessment, assessment.current_version).profile)


@dataclass(frozen=True, slots=True)
class SubmissionPlan:
    """What a submission needs before it is written: the link, the participant's name as it
    will be stored, and the profile (with its version) their leading model is computed on."""

    public: WorkshopPublic
    participant: str
    profile: dict[str, Any]
    profile_version: int
    known: bool  # the name has submitted before (a correction)


def plan_submission(
    session: Session, token: str, *, participant: str, now: datetime | None = None
) -> SubmissionPlan:
    """Open the link, check the name and read the profile a leading model needs (reads only).

    Refuses a new name on a link that is already full (:class:`WorkshopFullError`) before
    anyone computes anything for it; :func:`submit_priorities` decides for certain.
    """
    row = _open_workshop(session, token, now)
    name = clean_text(participant, "participant", max_length=80)
    known = _submission(session, row.id, name) is not None
    if not known and row.participants >= row.max_participants:
        raise WorkshopFullError(row.max_participants)
    assessment = session.get(Assessment, row.assessment_id)
    assert assessment is not None
    profile = dict(version_row(session, assessment, assessment.current_version).profile)
    criteria = list(configured_knowledge().criterion_ids)
    public = WorkshopPublic(
        row.id, row.title, assessment.municipality_name, criteria, row.expires_at
    )
    return SubmissionPlan(public, name, profile, assessment.current_version, known)


def _stored_answers(
    priorities: dict[str, int] | None, ahp: dict[str, Any] | None
) -> tuple[dict[str, int] | None, dict[str, Any] | None]:
    """Exactly one kind of answer, storable in both databases (their meaning is the
    advisor's to check: :func:`klimaorg.advisor.workshop.check_answers`)."""
    if (priorities is None) == (ahp is None):
        raise UserInputError("priorities", "entweder Prioritäten oder eine AHP-Matrix angeben")
    for name, value in (("priorities", priorities), ("ahp", ahp)):
        if value is not None:
            if not isinstance(value, dict):
                raise UserInputError(name, "muss ein Objekt sein")
            check_json(value, name)
    return priorities, ahp


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
    """Store an anonymous participant's answers (no login; the link is the permission).

    Exactly one of ``priorities`` or ``ahp``, as
    :func:`klimaorg.advisor.workshop.check_answers` returned them. Submitting again under the
    same name replaces the earlier answers (a correction). ``leading_model`` and
    ``profile_version``: the model the advisor recommends for these answers on that profile
    version, stored for the group view. Raises :class:`WorkshopFullError` for a new name on a
    full link and :class:`CorrectionLimitError` after :data:`CORRECTIONS_PER_WINDOW`
    corrections in ``correction_window`` seconds.
    """
    row = _open_workshop(session, token, now)
    name = clean_text(participant, "participant", max_length=80)
    prio, matrix = _stored_answers(priorities, ahp)
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


@dataclass(frozen=True, slots=True)
class WorkshopSnapshot:
    """Everything the group view needs, read in one short transaction."""

    workshop_id: int
    submissions: list[SubmissionInfo]
    profile: dict[str, Any]
    profile_version: int
    assessment_id: int


def workshop_snapshot(session: Session, principal: Principal, workshop_id: int) -> WorkshopSnapshot:
    """The submissions and the assessment's current profile (reads only; any role)."""
    row = _workshop(session, principal, workshop_id)
    subs = list_submissions(session, principal, workshop_id)
    assessment = session.get(Assessment, row.assessment_id)
    assert assessment is not None
    version = version_row(session, assessment, assessment.current_version)
    return WorkshopSnapshot(
        row.id, subs, dict(version.profile), assessment.current_version, assessment.id
    )


def adoption_snapshot(session: Session, principal: Principal, workshop_id: int) -> WorkshopSnapshot:
    """:func:`workshop_snapshot` for an adoption (editor): a viewer is refused before the
    advisor computes anything."""
    require(principal, Role.EDITOR, "adopt_aggregate")
    return workshop_snapshot(session, principal, workshop_id)


# The version note names the group's rule in words: the readers of the history are German.
ADOPTION_RULES = {
    "de": {"mean": "Mittelwert der Gewichte", "aij": "geometrisches Mittel der Einzelurteile"},
    "en": {"mean": "mean of the weights", "aij": "geometric mean of the individual judgements"},
}
ADOPTION_NOTE = {
    "de": (
        "Workshop „{title}“: Gruppengewichte aus {count} übernommen ({rule})",
        "Beitrag",
        "Beiträgen",
    ),
    "en": ("Workshop “{title}”: group weights adopted from {count} ({rule})", "answer", "answers"),
}
"""The new version's note, in the language of the person adopting (a note is kept as written)."""


def _adoption_note(title: str, participants: int, rule: str, lang: Lang) -> str:
    template, one, many = ADOPTION_NOTE[lang]
    count = f"{participants} {one if participants == 1 else many}"
    return template.format(title=title, count=count, rule=ADOPTION_RULES[lang][rule])


def adopt_aggregate(
    session: Session,
    principal: Principal,
    workshop_id: int,
    *,
    lock_version: int,
    profile: dict[str, Any],
    result: dict[str, Any],
    participants: int,
    rule: str,
    lang: Lang = "de",
) -> AssessmentDetail:
    """Store the group's weights as a new version of the workshop's assessment (editor).

    ``profile``: the assessment's profile with the group's weights
    (:func:`klimaorg.advisor.workshop.adopted_profile`, completed and analysed like any
    save), ``result`` the advisor's result for it; ``participants`` and ``rule`` (``mean`` |
    ``aij``) name the group in the version's note. Guarded by ``lock_version`` like any save.
    """
    require(principal, Role.EDITOR, "adopt_aggregate")
    row = _workshop(session, principal, workshop_id)
    if rule not in ("mean", "aij"):
        raise UserInputError("rule", "mean oder aij")
    if isinstance(participants, bool) or not isinstance(participants, int) or participants < 1:
        raise UserInputError("participants", "ganze Zahl ab 1")
    detail = update_assessment(
        session,
        principal,
        row.assessment_id,
        lock_version=lock_version,
        profile=profile,
        result=result,
        note=_adoption_note(row.title, participants, rule, lang),
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
    assessment = assessment_row(session, principal, assessment_id)
    return version_row(session, assessment, assessment.current_version).profile
