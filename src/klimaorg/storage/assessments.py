"""Assessments with immutable versions, optimistic locking, comparison, export and import.

Storage keeps what the advisor computed and never computes it: a profile is checked and
completed from the municipality table (:func:`prepare_profile`), the advisor analyses it
(:func:`klimaorg.advisor.assessment.analyse_profile`), and :func:`create_assessment` or
:func:`update_assessment` store profile and result as a new version. An export is checked
(:func:`check_export`), its profiles by the advisor
(:func:`klimaorg.advisor.assessment.check_version_profiles`), then stored
(:func:`import_assessment`). :mod:`klimaorg.assessing` does both steps for the interfaces.
Known model ids come from the knowledge base the settings name
(:func:`klimaorg.knowledge.configured_knowledge`).
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from klimaorg.context import current_directory
from klimaorg.directory.text import fold
from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.i18n import Lang
from klimaorg.knowledge import configured_knowledge
from klimaorg.storage.core import Principal, Role, audit, check_json, clean_text, require
from klimaorg.storage.errors import ConflictError
from klimaorg.storage.models import (
    STATUSES,
    Assessment,
    AssessmentVersion,
    AuditEntry,
    MunicipalityRow,
    User,
    utcnow,
)
from klimaorg.untrusted import load

T = TypeVar("T")
EXPORT_FORMAT = "klimaorg.assessment"
EXPORT_VERSION = 1
MAX_PROFILE_CHARS = 256 * 1024
MAX_EXPORT_CHARS = 64 * 1024 * 1024
MAX_IMPORT_BYTES = 1024 * 1024
"""An export uploaded on the web or sent to the API (the command line reads up to 64 MB)."""
MAX_PER_PAGE = 100
_AGS = re.compile(r"\d{8}|\d{12}")
_KEY = re.compile(r"\d{5}|\d{8}|\d{9}|\d{12}")
"""Keys a profile may name (as the advisor): Kreis (5), Gemeinde (8, or 12 as ARS), Verband (9)."""


# ----------------------------------------------------------------------------- views


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing; ``total`` counts all matches."""

    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True, slots=True)
class AssessmentHead:
    """What an assessment is about and where it stands, apart from its versions: the part
    that the list, the detail and a checked export all carry (and an import restores)."""

    title: str
    status: str
    municipality_ags: str | None
    municipality_name: str | None
    decided_model: str | None
    council_decision_date: date | None


@dataclass(frozen=True, slots=True)
class AssessmentSummary(AssessmentHead):
    """A row of the assessment list."""

    id: int
    recommendation: str | None  # of the current version
    current_version: int
    lock_version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class AssessmentDetail(AssessmentHead):
    """An assessment with its current version's profile and result.

    Pass ``lock_version`` back with the next change (optimistic locking).
    """

    id: int
    organisation_id: int
    notes: str
    current_version: int
    lock_version: int
    profile: dict[str, Any]
    result: dict[str, Any]
    created_at: datetime
    created_by_id: int | None
    updated_at: datetime
    updated_by_id: int | None


@dataclass(frozen=True, slots=True)
class VersionSummary:
    """A version in the history (without the large profile/result)."""

    number: int
    note: str
    author_id: int | None
    author_name: str
    created_at: datetime
    recommendation: str | None


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One full version."""

    number: int
    note: str
    author_id: int | None
    author_name: str
    created_at: datetime
    profile: dict[str, Any]
    result: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AuditInfo:
    """One audit log entry."""

    id: int
    at: datetime
    user_id: int | None
    actor: str
    action: str
    object_type: str
    object_id: str | None
    details: dict[str, Any]


# ----------------------------------------------------------------------------- helpers


def assessment_row(session: Session, principal: Principal, assessment_id: int) -> Assessment:
    """The assessment, scoped to the principal's organisation; another organisation's
    assessment is reported exactly like a missing one. (An ORM row: for the storage modules
    only, never returned by the service.)"""
    row = session.scalar(
        sa.select(Assessment).where(
            Assessment.id == assessment_id,
            Assessment.organisation_id == principal.organisation_id,
        )
    )
    if row is None:
        raise NotFoundError("Bewertung", str(assessment_id))
    return row


def version_row(session: Session, assessment: Assessment, number: int) -> AssessmentVersion:
    """Version ``number`` of an assessment already scoped by :func:`assessment_row` (an ORM
    row: for the storage modules only)."""
    row = session.scalar(
        sa.select(AssessmentVersion).where(
            AssessmentVersion.assessment_id == assessment.id, AssessmentVersion.number == number
        )
    )
    if row is None:
        raise NotFoundError("Version", f"{assessment.id}/{number}")
    return row


def _detail(session: Session, row: Assessment) -> AssessmentDetail:
    version = version_row(session, row, row.current_version)
    return AssessmentDetail(
        id=row.id,
        organisation_id=row.organisation_id,
        title=row.title,
        status=row.status,
        municipality_ags=row.municipality_ags,
        municipality_name=row.municipality_name,
        decided_model=row.decided_model,
        council_decision_date=row.council_decision_date,
        notes=row.notes,
        current_version=row.current_version,
        lock_version=row.lock_version,
        profile=version.profile,
        result=version.result,
        created_at=row.created_at,
        created_by_id=row.created_by_id,
        updated_at=row.updated_at,
        updated_by_id=row.updated_by_id,
    )


def _author_name(session: Session, principal: Principal) -> str:
    user = session.get(User, principal.user_id) if principal.user_id is not None else None
    return user.display_name if user is not None else principal.label or "cli"


def prepare_profile(
    session: Session,
    principal: Principal,
    profile: Any,
    *,
    ags: str | None = None,
    assessment_id: int | None = None,
) -> dict[str, Any]:
    """A profile checked and completed for the advisor, before a new version is stored (editor;
    reads only).

    ``assessment_id``: the assessment the version will belong to (another organisation's is
    not found). Checks what both databases store (JSON, size) and fills the municipality from
    the directory table: ``ags`` (or ``profile.municipality.ags``) of a Gemeinde gives name,
    kind and population unless the profile says them; a Kreis or Verband is left to the
    advisor's directory. Returns a copy; the caller analyses it
    (:func:`klimaorg.advisor.assessment.analyse_profile`) and stores both with
    :func:`create_assessment` or :func:`update_assessment`.
    """
    action = "create_assessment" if assessment_id is None else "update_assessment"
    require(principal, Role.EDITOR, action)
    if assessment_id is not None:
        assessment_row(session, principal, assessment_id)
    _check_profile(profile)
    data = copy.deepcopy(profile)
    place = data.get("municipality")
    if place is None:
        place = data["municipality"] = {}
    if not isinstance(place, dict):
        raise UserInputError("profile.municipality", "muss ein Objekt sein")
    ags = ags or place.get("ags")
    if ags is not None:
        if not isinstance(ags, str) or not _KEY.fullmatch(ags):
            raise UserInputError("municipality.ags", "5, 8, 9 oder 12 Ziffern")
        _complete_place(session, place, ags)
        place["ags"] = ags
    return dict(data)


def _check_profile(profile: Any) -> None:
    if not isinstance(profile, dict):
        raise UserInputError("profile", "muss ein Objekt sein")
    check_json(profile, "profile")
    if len(json.dumps(profile, ensure_ascii=False)) > MAX_PROFILE_CHARS:
        raise UserInputError("profile", "zu groß (höchstens 256 KB)")


def _complete_place(session: Session, place: dict[str, Any], ags: str) -> None:
    """Name, kind and population of the Gemeinde ``ags`` from the directory table, unless the
    profile gives them."""
    incomplete = (
        place.get("kind") is None or place.get("population") is None or not place.get("name")
    )
    # A Kreis or Verband is not a row of the table: the advisor finds it in the directory.
    by_directory = incomplete and not _AGS.fullmatch(ags)
    if by_directory and current_directory() is None:
        raise UserInputError(
            "municipality.ags",
            "für den Schlüssel eines Kreises oder Verbands bitte auch Name, Art und "
            "Einwohnerzahl angeben oder das Verzeichnis importieren "
            "(klimaorg directory import DATEI)",
        )
    if not incomplete or by_directory:
        return
    column = MunicipalityRow.ars if len(ags) == 12 else MunicipalityRow.ags
    row = session.scalar(sa.select(MunicipalityRow).where(column == ags))
    if row is None:
        raise UserInputError(
            "municipality.ags",
            f"unbekannter Gemeindeschlüssel '{ags}' (Verzeichnis importiert? "
            "klimaorg db import-directory DATEI)",
        )
    if row.kind == "gemeindefrei":
        raise UserInputError("municipality.ags", "gemeindefreies Gebiet")
    place.setdefault("name", row.name)
    place["name"] = place["name"] or row.name
    place.setdefault("kind", row.kind)
    place["kind"] = place["kind"] or row.kind
    if place.get("population") is None:
        place["population"] = row.population


def _analysed(profile: Any, result: Any) -> tuple[str | None, str | None]:
    """Check a profile and the advisor's result before they are stored; returns the
    municipality's key and name as the profile gives them (the assessment's columns)."""
    _check_profile(profile)
    if not isinstance(result, dict):
        raise UserInputError("result", "muss ein Objekt sein")
    check_json(result, "result")
    place = profile.get("municipality")
    if not isinstance(place, dict):
        return None, None
    ags, name = place.get("ags"), place.get("name")
    if ags is not None and (not isinstance(ags, str) or not _KEY.fullmatch(ags)):
        raise UserInputError("municipality.ags", "5, 8, 9 oder 12 Ziffern")
    return ags, name.strip() if isinstance(name, str) else None


def _place_columns(ags: str | None, name: str | None) -> dict[str, Any]:
    """The assessment's municipality columns (AGS, name and its folded search key)."""
    return {
        "municipality_ags": ags,
        "municipality_name": name,
        "municipality_name_folded": fold(name) if name else None,
    }


def _add_version(
    session: Session,
    assessment_id: int,
    number: int,
    profile: dict[str, Any],
    result: dict[str, Any],
    note: str,
    principal: Principal,
    now: datetime,
) -> None:
    session.add(
        AssessmentVersion(
            assessment_id=assessment_id,
            number=number,
            profile=profile,
            result=result,
            note=note,
            author_id=principal.user_id,
            author_name=_author_name(session, principal),
            created_at=now,
        )
    )


def _locked_update(
    session: Session,
    principal: Principal,
    row: Assessment,
    lock_version: int,
    *,
    new_version: bool,
    values: dict[str, Any],
) -> tuple[int, datetime]:
    """Apply ``values`` only if nobody saved since ``lock_version`` was read (one conditional
    UPDATE, atomic on both databases); bumps ``lock_version`` (and ``current_version``).
    Returns the new current version number and the time stamp."""
    now = utcnow()
    statement = (
        sa.update(Assessment)
        .where(
            Assessment.id == row.id,
            Assessment.organisation_id == principal.organisation_id,
            Assessment.lock_version == lock_version,
        )
        .values(
            lock_version=Assessment.lock_version + 1,
            current_version=Assessment.current_version + (1 if new_version else 0),
            updated_at=now,
            updated_by_id=principal.user_id,
            **values,
        )
        .returning(Assessment.current_version)
        .execution_options(synchronize_session=False)
    )
    number = session.execute(statement).scalar()
    if number is None:
        actual = session.scalar(sa.select(Assessment.lock_version).where(Assessment.id == row.id))
        raise ConflictError("Bewertung", row.id, lock_version, actual or 0)
    session.expire(row)
    return number, now


# ----------------------------------------------------------------------------- create, update


def create_assessment(
    session: Session,
    principal: Principal,
    *,
    title: str,
    profile: dict[str, Any],
    result: dict[str, Any],
    note: str = "",
) -> AssessmentDetail:
    """A new assessment (editor): ``profile`` and the advisor's ``result`` for it as version 1.

    ``profile`` as :func:`prepare_profile` completed it and
    :func:`~klimaorg.advisor.assessment.analyse_profile` returned it; its
    ``municipality.ags`` and ``name`` become the assessment's municipality.
    """
    require(principal, Role.EDITOR, "create_assessment")
    title = clean_text(title, "title", max_length=200)
    note = clean_text(note, "note", max_length=2000, required=False, multiline=True)
    ags, name = _analysed(profile, result)
    now = utcnow()
    row = Assessment(
        organisation_id=principal.organisation_id,
        **_place_columns(ags, name),
        title=title,
        status="draft",
        notes="",
        current_version=1,
        lock_version=1,
        created_at=now,
        created_by_id=principal.user_id,
        updated_at=now,
        updated_by_id=principal.user_id,
    )
    session.add(row)
    session.flush()
    _add_version(session, row.id, 1, profile, result, note, principal, now)
    session.flush()
    audit(
        session,
        action="assessment.create",
        object_type="assessment",
        object_id=row.id,
        principal=principal,
        details={"title": title, "ags": ags, "recommendation": result.get("recommendation")},
    )
    return _detail(session, row)


def update_assessment(
    session: Session,
    principal: Principal,
    assessment_id: int,
    *,
    lock_version: int,
    profile: dict[str, Any],
    result: dict[str, Any],
    title: str | None = None,
    note: str = "",
) -> AssessmentDetail:
    """Save a changed profile and the advisor's result for it as a new version (editor).

    ``lock_version`` is the one the caller read; if someone saved since, raises
    :class:`ConflictError` and writes nothing.
    """
    require(principal, Role.EDITOR, "update_assessment")
    row = assessment_row(session, principal, assessment_id)
    note = clean_text(note, "note", max_length=2000, required=False, multiline=True)
    values: dict[str, Any] = {}
    if title is not None:
        values["title"] = clean_text(title, "title", max_length=200)
    ags, name = _analysed(profile, result)
    values.update(_place_columns(ags, name))
    number, now = _locked_update(
        session, principal, row, lock_version, new_version=True, values=values
    )
    _add_version(session, row.id, number, profile, result, note, principal, now)
    session.flush()
    audit(
        session,
        action="assessment.update",
        object_type="assessment",
        object_id=row.id,
        principal=principal,
        details={"version": number, "recommendation": result.get("recommendation")},
    )
    return _detail(session, row)


def restore_version(
    session: Session, principal: Principal, assessment_id: int, number: int, *, lock_version: int
) -> AssessmentDetail:
    """A new version equal to version ``number`` (profile and result copied unchanged)."""
    require(principal, Role.EDITOR, "restore_version")
    row = assessment_row(session, principal, assessment_id)
    old = version_row(session, row, number)
    profile, result = copy.deepcopy(old.profile), copy.deepcopy(old.result)
    place = profile.get("municipality") or {}
    name = place.get("name") if isinstance(place, dict) else None
    name = name.strip() if isinstance(name, str) else None
    values = _place_columns(place.get("ags") if isinstance(place, dict) else None, name)
    new, now = _locked_update(
        session, principal, row, lock_version, new_version=True, values=values
    )
    _add_version(
        session, row.id, new, profile, result, f"Wiederhergestellt aus Version {number}",
        principal, now,
    )  # fmt: skip
    session.flush()
    audit(
        session,
        action="assessment.restore",
        object_type="assessment",
        object_id=row.id,
        principal=principal,
        details={"version": new, "restored_from": number},
    )
    return _detail(session, row)


def set_decision(
    session: Session,
    principal: Principal,
    assessment_id: int,
    *,
    lock_version: int,
    status: str,
    decided_model: str | None = None,
    council_decision_date: date | None = None,
) -> AssessmentDetail:
    """Status (draft | discussed | decided), the model the council chose and the date of the
    decision (editor). ``decided`` needs a model. Not a new version (the analysis is
    unchanged) but guarded by ``lock_version`` like every change."""
    require(principal, Role.EDITOR, "set_decision")
    row = assessment_row(session, principal, assessment_id)
    if status not in STATUSES:
        raise UserInputError("status", f"unbekannt (erlaubt: {', '.join(STATUSES)})")
    models = configured_knowledge().model_ids
    if decided_model is not None and decided_model not in models:
        raise UserInputError("decided_model", f"unbekannt (bekannt: {', '.join(models)})")
    if status == "decided" and decided_model is None:
        raise UserInputError("decided_model", "für den Status 'decided' nötig")
    if council_decision_date is not None and not isinstance(council_decision_date, date):
        raise UserInputError("council_decision_date", "muss ein Datum sein")
    _locked_update(
        session,
        principal,
        row,
        lock_version,
        new_version=False,
        values={
            "status": status,
            "decided_model": decided_model,
            "council_decision_date": council_decision_date,
        },
    )
    audit(
        session,
        action="assessment.decision",
        object_type="assessment",
        object_id=row.id,
        principal=principal,
        details={
            "status": status,
            "decided_model": decided_model,
            "council_decision_date": (
                council_decision_date.isoformat() if council_decision_date else None
            ),
        },
    )
    return _detail(session, row)


def set_notes(
    session: Session, principal: Principal, assessment_id: int, *, lock_version: int, notes: str
) -> AssessmentDetail:
    """Replace the free-text notes (editor), guarded by ``lock_version``."""
    require(principal, Role.EDITOR, "set_notes")
    row = assessment_row(session, principal, assessment_id)
    notes = clean_text(notes, "notes", max_length=50_000, required=False, multiline=True)
    _locked_update(
        session, principal, row, lock_version, new_version=False, values={"notes": notes}
    )
    audit(
        session,
        action="assessment.notes",
        object_type="assessment",
        object_id=row.id,
        principal=principal,
        details={"length": len(notes)},
    )
    return _detail(session, row)


def delete_assessment(session: Session, principal: Principal, assessment_id: int) -> None:
    """Delete an assessment with its versions and workshops (owner)."""
    require(principal, Role.OWNER, "delete_assessment")
    row = assessment_row(session, principal, assessment_id)
    title = row.title
    session.delete(row)
    session.flush()
    audit(
        session,
        action="assessment.delete",
        object_type="assessment",
        object_id=assessment_id,
        principal=principal,
        details={"title": title},
    )


# ----------------------------------------------------------------------------- read


def get_assessment(session: Session, principal: Principal, assessment_id: int) -> AssessmentDetail:
    """The assessment with its current version (any role)."""
    return _detail(session, assessment_row(session, principal, assessment_id))


def list_assessments(
    session: Session,
    principal: Principal,
    *,
    status: str | None = None,
    municipality: str | None = None,
    decided_model: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> Page[AssessmentSummary]:
    """The organisation's assessments, last changed first.

    ``municipality`` is an AGS (8 or 12 digits) or a part of the name (case- and
    umlaut-insensitive).
    """
    if page < 1:
        raise UserInputError("page", "mindestens 1")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise UserInputError("per_page", f"zwischen 1 und {MAX_PER_PAGE}")
    where: list[sa.ColumnElement[bool]] = [Assessment.organisation_id == principal.organisation_id]
    if status is not None:
        if status not in STATUSES:
            raise UserInputError("status", f"unbekannt (erlaubt: {', '.join(STATUSES)})")
        where.append(Assessment.status == status)
    if decided_model is not None:
        where.append(Assessment.decided_model == decided_model)
    if municipality:
        text = municipality.strip()
        if _AGS.fullmatch(text):
            where.append(Assessment.municipality_ags == text)
        else:
            where.append(Assessment.municipality_name_folded.contains(fold(text), autoescape=True))
    total = session.scalar(sa.select(sa.func.count()).select_from(Assessment).where(*where)) or 0
    recommendation = AssessmentVersion.result["recommendation"].as_string()
    rows = session.execute(
        sa.select(Assessment, recommendation)
        .join(
            AssessmentVersion,
            sa.and_(
                AssessmentVersion.assessment_id == Assessment.id,
                AssessmentVersion.number == Assessment.current_version,
            ),
        )
        .where(*where)
        .order_by(Assessment.updated_at.desc(), Assessment.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    items = [
        AssessmentSummary(
            a.title,
            a.status,
            a.municipality_ags,
            a.municipality_name,
            a.decided_model,
            a.council_decision_date,
            a.id,
            rec,
            a.current_version,
            a.lock_version,
            a.created_at,
            a.updated_at,
        )
        for a, rec in rows
    ]
    return Page(items, total, page, per_page)


@dataclass(frozen=True, slots=True)
class AssessmentPlace:
    """Where an assessment stands, for the municipality list of a Landkreis."""

    id: int
    title: str
    status: str
    municipality_ags: str | None


def assessment_places(session: Session, principal: Principal) -> list[AssessmentPlace]:
    """Every assessment of the organisation with its municipality key and status, last
    changed first (any role)."""
    rows = session.execute(
        sa.select(Assessment.id, Assessment.title, Assessment.status, Assessment.municipality_ags)
        .where(Assessment.organisation_id == principal.organisation_id)
        .order_by(Assessment.updated_at.desc())
    )
    return [AssessmentPlace(*row) for row in rows]


def last_editor(session: Session, principal: Principal, assessment_id: int) -> str:
    """The name (else the e-mail) of who saved the assessment last; ``?`` when unknown (any
    role; another organisation's assessment is not found)."""
    row = session.execute(
        sa.select(User.display_name, User.email)
        .join(Assessment, Assessment.updated_by_id == User.id)
        .where(
            Assessment.id == assessment_id,
            Assessment.organisation_id == principal.organisation_id,
        )
    ).first()
    if row is None:
        assessment_row(session, principal, assessment_id)  # a foreign or missing one: NotFoundError
        return "?"
    return str(row[0] or row[1])


def operator_principal(session: Session, assessment_id: int) -> Principal:
    """The operator at the command line acting for the organisation that owns the assessment
    (``klimaorg assessments export``): the one look-up across organisations, for the CLI only."""
    org_id = session.scalar(
        sa.select(Assessment.organisation_id).where(Assessment.id == assessment_id)
    )
    if org_id is None:
        raise NotFoundError("Bewertung", str(assessment_id))
    return Principal.operator(org_id)


def history(session: Session, principal: Principal, assessment_id: int) -> list[VersionSummary]:
    """Every version, newest first."""
    row = assessment_row(session, principal, assessment_id)
    recommendation = AssessmentVersion.result["recommendation"].as_string()
    rows = session.execute(
        sa.select(AssessmentVersion, recommendation)
        .where(AssessmentVersion.assessment_id == row.id)
        .order_by(AssessmentVersion.number.desc())
    ).all()
    return [
        VersionSummary(v.number, v.note, v.author_id, v.author_name, v.created_at, rec)
        for v, rec in rows
    ]


def get_version(
    session: Session, principal: Principal, assessment_id: int, number: int
) -> VersionInfo:
    """One version with profile and result."""
    v = version_row(session, assessment_row(session, principal, assessment_id), number)
    return VersionInfo(
        v.number, v.note, v.author_id, v.author_name, v.created_at, v.profile, v.result
    )


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict) and data:
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: data} if prefix else {}


def compare_versions(
    session: Session, principal: Principal, assessment_id: int, old: int, new: int
) -> dict[str, Any]:
    """What changed from version ``old`` to ``new``.

    ``profile``: the profile fields (dotted paths) whose value differs; ``priorities``: the
    effective priorities (0-4) and weights that differ; ``ranking``: every model's rank and
    score before and after (``moved`` > 0 = climbed); ``recommendation``: before/after;
    ``robustness``: the recommended model's first-rank share before and after.
    """
    row = assessment_row(session, principal, assessment_id)
    a, b = version_row(session, row, old), version_row(session, row, new)
    fa, fb = _flatten(a.profile), _flatten(b.profile)
    profile = [
        {"field": key, "old": fa.get(key), "new": fb.get(key)}
        for key in sorted(set(fa) | set(fb))
        if fa.get(key) != fb.get(key)
    ]
    ia, ib = a.result.get("inputs", {}), b.result.get("inputs", {})
    pa, pb = ia.get("priorities", {}), ib.get("priorities", {})
    wa, wb = ia.get("weights", {}), ib.get("weights", {})
    priorities = [
        {
            "criterion": c,
            "old": pa.get(c),
            "new": pb.get(c),
            "old_weight": wa.get(c),
            "new_weight": wb.get(c),
        }
        for c in list(dict.fromkeys([*pa, *pb]))
        if pa.get(c) != pb.get(c) or wa.get(c) != wb.get(c)
    ]
    ra = {r["model"]: r for r in a.result.get("ranking", [])}
    rb = {r["model"]: r for r in b.result.get("ranking", [])}
    ranking = []
    for model in list(dict.fromkeys([*rb, *ra])):
        x, y = ra.get(model, {}), rb.get(model, {})
        before, after = x.get("rank"), y.get("rank")
        ranking.append(
            {
                "model": model,
                "old_rank": before,
                "new_rank": after,
                "moved": before - after if before is not None and after is not None else None,
                "old_score": x.get("score"),
                "new_score": y.get("score"),
                "old_excluded": x.get("excluded"),
                "new_excluded": y.get("excluded"),
            }
        )
    rec_a, rec_b = a.result.get("recommendation"), b.result.get("recommendation")
    share_a = ra.get(rec_a, {}).get("first_rank_share") if rec_a else None
    share_b = rb.get(rec_b, {}).get("first_rank_share") if rec_b else None
    return {
        "assessment_id": row.id,
        "old_version": old,
        "new_version": new,
        "profile": profile,
        "priorities": priorities,
        "ranking": ranking,
        "recommendation": {"old": rec_a, "new": rec_b, "changed": rec_a != rec_b},
        "robustness": {"old": share_a, "new": share_b},
    }


def list_audit(
    session: Session,
    principal: Principal,
    *,
    object_type: str | None = None,
    object_id: object | None = None,
    limit: int = 100,
) -> list[AuditInfo]:
    """The organisation's audit log, newest first (owner)."""
    require(principal, Role.OWNER, "list_audit")
    query = sa.select(AuditEntry).where(AuditEntry.organisation_id == principal.organisation_id)
    if object_type is not None:
        query = query.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEntry.object_id == str(object_id))
    rows = session.scalars(query.order_by(AuditEntry.id.desc()).limit(max(1, min(limit, 1000))))
    return [
        AuditInfo(r.id, r.at, r.user_id, r.actor, r.action, r.object_type, r.object_id, r.details)
        for r in rows
    ]


# ----------------------------------------------------------------------------- export, import


def _ts(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _parse_ts(value: Any, field: str) -> datetime:
    if not isinstance(value, str):
        raise UserInputError(field, "Zeitstempel fehlt")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise UserInputError(field, f"kein ISO-Zeitstempel: {value!r}") from None
    if parsed.tzinfo is None:
        raise UserInputError(field, "Zeitstempel ohne Zeitzone")
    return parsed.astimezone(UTC)


def dump_export(document: dict[str, Any]) -> str:
    """The canonical text of an export: sorted keys, 2-space indent, UTF-8, final newline."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def export_assessment(session: Session, principal: Principal, assessment_id: int) -> str:
    """The assessment with its whole history as canonical JSON (any role).

    Contains no ids of this installation, so it can be imported anywhere;
    export → import → export gives the same bytes.
    """
    row = assessment_row(session, principal, assessment_id)
    versions = session.scalars(
        sa.select(AssessmentVersion)
        .where(AssessmentVersion.assessment_id == row.id)
        .order_by(AssessmentVersion.number)
    )
    document = {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_VERSION,
        "assessment": {
            "title": row.title,
            "status": row.status,
            "municipality_ags": row.municipality_ags,
            "municipality_name": row.municipality_name,
            "decided_model": row.decided_model,
            "council_decision_date": (
                row.council_decision_date.isoformat() if row.council_decision_date else None
            ),
            "notes": row.notes,
            "current_version": row.current_version,
            "created_at": _ts(row.created_at),
            "updated_at": _ts(row.updated_at),
        },
        "versions": [
            {
                "number": v.number,
                "created_at": _ts(v.created_at),
                "author": v.author_name,
                "note": v.note,
                "profile": v.profile,
                "result": v.result,
            }
            for v in versions
        ],
    }
    audit(
        session,
        action="assessment.export",
        object_type="assessment",
        object_id=row.id,
        principal=principal,
        details={"versions": row.current_version},
    )
    return dump_export(document)


def _field(data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise UserInputError(f"{where}.{key}", "fehlt oder hat den falschen Typ")
    return value


_IMPORT_TEXT = {
    "de": {
        "unknown_model": "unbekanntes Modell (bekannt: {known})",
        "needs_model": "für den Status 'decided' nötig",
        "unknown_status": "unbekannt (erlaubt: {known})",
        "result": "kein Ergebnis von KlimaOrg (Empfehlung und Rangfolge fehlen)",
    },
    "en": {
        "unknown_model": "unknown model (known: {known})",
        "needs_model": "needed for the status 'decided'",
        "unknown_status": "unknown (allowed: {known})",
        "result": "not a KlimaOrg result (recommendation and ranking missing)",
    },
}


def read_export(
    content: str | bytes, *, max_bytes: int = MAX_EXPORT_CHARS, lang: Lang = "de"
) -> Any:
    """Parse an export file through the untrusted-input reader (size, depth, JSON types).

    Kept apart from :func:`import_assessment` so that callers can parse before they open a
    transaction (and off the event loop).
    """
    return load(content, "json", max_bytes=max_bytes, field="file", lang=lang)


def _check_models(head: dict[str, Any], versions: list[Any], lang: Lang) -> None:
    """What the API checks on input, checked on import too: a decided model the knowledge
    base knows (needed for 'decided'), and results naming known models. (Every version's
    profile is the advisor's to check:
    :func:`klimaorg.advisor.assessment.check_version_profiles`.)"""
    texts = _IMPORT_TEXT[lang]
    models = configured_knowledge().model_ids
    known = ", ".join(models)
    decided = head.get("decided_model")
    if decided is not None and decided not in models:
        raise UserInputError("assessment.decided_model", texts["unknown_model"].format(known=known))
    if head.get("status") == "decided" and decided is None:
        raise UserInputError("assessment.decided_model", texts["needs_model"])
    for i, version in enumerate(versions):
        where = f"versions[{i}]"
        _field(version, "profile", dict, where)
        result = _field(version, "result", dict, where)
        ranking = result.get("ranking")
        if result.get("recommendation") not in models or not isinstance(ranking, list):
            raise UserInputError(f"{where}.result", texts["result"])
        for j, entry in enumerate(ranking):
            if not isinstance(entry, dict) or entry.get("model") not in models:
                raise UserInputError(
                    f"{where}.result.ranking[{j}].model",
                    texts["unknown_model"].format(known=known),
                )


@dataclass(frozen=True, slots=True)
class ExportedVersion:
    """One version of a checked export, as it will be stored."""

    number: int
    profile: dict[str, Any]
    result: dict[str, Any]
    note: str
    author: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class CheckedExport(AssessmentHead):
    """An export checked by :func:`check_export`, ready for :func:`import_assessment`."""

    notes: str
    created_at: datetime
    updated_at: datetime
    versions: tuple[ExportedVersion, ...]

    @property
    def profiles(self) -> list[dict[str, Any]]:
        """Every version's profile, oldest first (for the advisor's check)."""
        return [v.profile for v in self.versions]


def check_export(principal: Principal, document: Any, lang: Lang = "de") -> CheckedExport:
    """Check an export like API input before anything is written (editor; no database).

    ``document`` is the parsed export (:func:`read_export`) or its text. Checks types,
    lengths, time stamps, known status and models and the numbering of the versions; the
    profiles are the advisor's to check
    (:func:`klimaorg.advisor.assessment.check_version_profiles`) before
    :func:`import_assessment` stores the result.
    """
    require(principal, Role.EDITOR, "import_assessment")
    doc = read_export(document, lang=lang) if isinstance(document, (str, bytes)) else document
    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
        raise UserInputError("format", f"keine KlimaOrg-Exportdatei (erwartet '{EXPORT_FORMAT}')")
    if doc.get("format_version") != EXPORT_VERSION:
        raise UserInputError("format_version", f"nicht unterstützt (erwartet {EXPORT_VERSION})")
    check_json(doc, "file")
    head = _field(doc, "assessment", dict, "file")
    versions = _field(doc, "versions", list, "file")
    title = clean_text(_field(head, "title", str, "assessment"), "assessment.title", max_length=200)
    status = _field(head, "status", str, "assessment")
    if status not in STATUSES:
        raise UserInputError(
            "assessment.status",
            _IMPORT_TEXT[lang]["unknown_status"].format(known=", ".join(STATUSES)),
        )
    ags = head.get("municipality_ags")
    if ags is not None and (not isinstance(ags, str) or not _AGS.fullmatch(ags)):
        raise UserInputError("assessment.municipality_ags", "8 oder 12 Ziffern")
    name = head.get("municipality_name")
    if name is not None:
        name = clean_text(_field(head, "municipality_name", str, "assessment"),
                          "assessment.municipality_name", max_length=200)  # fmt: skip
    decided = head.get("decided_model")
    if decided is not None and not isinstance(decided, str):
        raise UserInputError("assessment.decided_model", "muss ein Text sein")
    council = head.get("council_decision_date")
    try:
        council_date = date.fromisoformat(council) if council is not None else None
    except (TypeError, ValueError):
        raise UserInputError("assessment.council_decision_date", "kein Datum") from None
    notes = clean_text(_field(head, "notes", str, "assessment"), "assessment.notes",
                       max_length=50_000, required=False, multiline=True)  # fmt: skip
    current = _field(head, "current_version", int, "assessment")
    if not versions or [v.get("number") if isinstance(v, dict) else None for v in versions] != list(
        range(1, len(versions) + 1)
    ):
        raise UserInputError("versions", "Versionen müssen lückenlos ab 1 nummeriert sein")
    if current != len(versions):
        raise UserInputError("assessment.current_version", "passt nicht zu den Versionen")
    for i, v in enumerate(versions):
        clean_text(_field(v, "note", str, f"versions[{i}]"), f"versions[{i}].note",
                   max_length=2000, required=False, multiline=True)  # fmt: skip
        clean_text(_field(v, "author", str, f"versions[{i}]"), f"versions[{i}].author",
                   max_length=200, required=False)  # fmt: skip
    _check_models(head, versions, lang)
    return CheckedExport(
        title=title,
        status=status,
        municipality_ags=ags,
        municipality_name=name,
        decided_model=decided,
        council_decision_date=council_date,
        notes=notes,
        created_at=_parse_ts(head.get("created_at"), "assessment.created_at"),
        updated_at=_parse_ts(head.get("updated_at"), "assessment.updated_at"),
        versions=tuple(_exported_version(v, i) for i, v in enumerate(versions)),
    )


def _exported_version(version: dict[str, Any], i: int) -> ExportedVersion:
    """A version as exported (notes and authors unchanged, so export → import → export gives
    the same bytes)."""
    where = f"versions[{i}]"
    return ExportedVersion(
        number=version["number"],
        profile=_field(version, "profile", dict, where),
        result=_field(version, "result", dict, where),
        note=_field(version, "note", str, where),
        author=_field(version, "author", str, where),
        created_at=_parse_ts(version.get("created_at"), f"{where}.created_at"),
    )


def import_assessment(
    session: Session, principal: Principal, export: CheckedExport
) -> AssessmentDetail:
    """Create an assessment in the principal's organisation from a checked export (editor).

    Versions, authors' names, notes, status and time stamps are kept as exported; the results
    are stored as they were (not recomputed), so history stays what it was.
    """
    require(principal, Role.EDITOR, "import_assessment")
    row = Assessment(
        organisation_id=principal.organisation_id,
        **_place_columns(export.municipality_ags, export.municipality_name),
        title=export.title,
        status=export.status,
        decided_model=export.decided_model,
        council_decision_date=export.council_decision_date,
        notes=export.notes,
        current_version=len(export.versions),
        lock_version=1,
        created_at=export.created_at,
        created_by_id=principal.user_id,
        updated_at=export.updated_at,
        updated_by_id=principal.user_id,
    )
    session.add(row)
    session.flush()
    for v in export.versions:
        session.add(
            AssessmentVersion(
                assessment_id=row.id,
                number=v.number,
                profile=v.profile,
                result=v.result,
                note=v.note,
                author_id=None,
                author_name=v.author,
                created_at=v.created_at,
            )
        )
    session.flush()
    audit(
        session,
        action="assessment.import",
        object_type="assessment",
        object_id=row.id,
        principal=principal,
        details={"title": export.title, "versions": len(export.versions)},
    )
    return _detail(session, row)
