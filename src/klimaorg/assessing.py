"""Saving what the advisor computed: how a page, the API and the command line create, change and
import an assessment and adopt a workshop's joint weights.

The advisor computes (:mod:`klimaorg.advisor.assessment`, :mod:`klimaorg.advisor.workshop`);
storage checks, stores and loads (:mod:`klimaorg.storage.service`) and computes nothing. Each
function here puts the two together in the caller's transaction, in the order that keeps
every refusal where it was: role and ownership first (403, 404), then the input (422), then
the advisor, then the write (409 for a stale ``lock_version``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from klimaorg.advisor.assessment import analyse_profile, check_version_profiles
from klimaorg.advisor.workshop import adopted_profile, aggregate_group
from klimaorg.context import current_directory
from klimaorg.i18n import Lang
from klimaorg.storage import service

__all__ = [
    "adopt_aggregate",
    "check_import",
    "create_assessment",
    "group_view",
    "import_assessment",
    "update_assessment",
]


def create_assessment(
    session: Session,
    principal: service.Principal,
    *,
    title: str,
    profile: Any,
    ags: str | None = None,
    note: str = "",
    lang: Lang = "de",
) -> service.AssessmentDetail:
    """A new assessment (editor): the profile completed from the directory table, analysed by
    the advisor and stored with its result as version 1.

    ``ags`` (or ``profile.municipality.ags``) picks a municipality from the imported directory
    (name, kind and population filled in unless the profile gives them); without it the
    profile must say kind and population (a free-text municipality).
    """
    prepared = service.prepare_profile(session, principal, profile, ags=ags)
    analysis = analyse_profile(prepared, lang=lang, directory=current_directory)
    return service.create_assessment(
        session,
        principal,
        title=title,
        profile=analysis.profile,
        result=analysis.result,
        note=note,
    )


def update_assessment(
    session: Session,
    principal: service.Principal,
    assessment_id: int,
    *,
    lock_version: int,
    profile: Any,
    title: str | None = None,
    note: str = "",
    lang: Lang = "de",
) -> service.AssessmentDetail:
    """Save a changed profile as a new version (editor); the advisor runs again. A stale
    ``lock_version`` raises :class:`~klimaorg.storage.service.ConflictError`, nothing saved."""
    prepared = service.prepare_profile(session, principal, profile, assessment_id=assessment_id)
    analysis = analyse_profile(prepared, lang=lang, directory=current_directory)
    return service.update_assessment(
        session,
        principal,
        assessment_id,
        lock_version=lock_version,
        profile=analysis.profile,
        result=analysis.result,
        title=title,
        note=note,
    )


def check_import(
    principal: service.Principal, document: Any, lang: Lang = "de"
) -> service.CheckedExport:
    """An export checked like API input (editor; no database): storage checks its structure,
    status and models, the advisor every version's profile."""
    export = service.check_export(principal, document, lang)
    check_version_profiles(export.profiles, lang)
    return export


def import_assessment(
    session: Session, principal: service.Principal, document: Any, lang: Lang = "de"
) -> service.AssessmentDetail:
    """Create an assessment in the principal's organisation from an export (editor):
    ``document`` is the parsed export (:func:`~klimaorg.storage.service.read_export`), its
    text, or what :func:`check_import` returned. Results are stored as exported."""
    if not isinstance(document, service.CheckedExport):
        document = check_import(principal, document, lang)
    return service.import_assessment(session, principal, document)


def group_view(snapshot: service.WorkshopSnapshot) -> dict[str, Any]:
    """The group view of a workshop (:func:`~klimaorg.advisor.workshop.aggregate_group`),
    computed from a snapshot with no transaction open; with the workshop's id first."""
    group = aggregate_group(snapshot.submissions, snapshot.profile)
    return {"workshop_id": snapshot.workshop_id, **group}


def adopt_aggregate(
    session: Session,
    principal: service.Principal,
    workshop_id: int,
    *,
    lock_version: int,
    lang: Lang = "de",
) -> service.AssessmentDetail:
    """Save the group's weights into the assessment as a new version (editor).

    ``mean``: SWING points proportional to the group weights plus the rounded mean priorities
    when everyone gave priorities; ``aij``: the AHP weighting with the group matrix
    (:func:`~klimaorg.advisor.workshop.adopted_profile`). Guarded by ``lock_version``.
    """
    snapshot = service.adoption_snapshot(session, principal, workshop_id)
    group = aggregate_group(snapshot.submissions, snapshot.profile)
    prepared = service.prepare_profile(
        session,
        principal,
        adopted_profile(snapshot.profile, group),
        assessment_id=snapshot.assessment_id,
    )
    analysis = analyse_profile(prepared, lang=lang, directory=current_directory)
    return service.adopt_aggregate(
        session,
        principal,
        workshop_id,
        lock_version=lock_version,
        profile=analysis.profile,
        result=analysis.result,
        participants=len(group["participants"]),
        rule=group["rule"],
        lang=lang,
    )
