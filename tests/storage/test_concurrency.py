"""Concurrent saves from several threads and processes: every save survives as its own
version (losers of a race get ConflictError, reload and save again)."""

from __future__ import annotations

import multiprocessing
import threading
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from klimaorg import assessing
from klimaorg.storage import service
from klimaorg.storage.core import Principal
from klimaorg.storage.db import Database
from klimaorg.storage.errors import ConflictError
from klimaorg.storage.models import AssessmentVersion
from tests.storage.conftest import PROFILE, Tenant


def save_with_retry(db: Database, principal: Principal, assessment_id: int, note: str) -> int:
    """What a client does: read, save; on a conflict read again and save again."""
    attempts = 0
    while True:
        attempts += 1
        with db.transaction() as s:
            current = service.get_assessment(s, principal, assessment_id)
        try:
            with db.transaction() as s:
                assessing.update_assessment(
                    s,
                    principal,
                    assessment_id,
                    lock_version=current.lock_version,
                    profile={**PROFILE, "priorities": {"focus": len(note) % 5}},
                    note=note,
                )
            return attempts
        except ConflictError:
            continue


def _notes(engine: Engine, assessment_id: int) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(AssessmentVersion.number, AssessmentVersion.note)
            .where(AssessmentVersion.assessment_id == assessment_id)
            .order_by(AssessmentVersion.number)
        ).all()
    assert [r.number for r in rows] == list(range(1, len(rows) + 1))
    return [r.note for r in rows]


def test_threads_all_saves_survive(db: Database, tenants: tuple[Tenant, Tenant]) -> None:
    a, _ = tenants
    with db.transaction() as s:
        created = assessing.create_assessment(s, a.editor, title="T", profile=PROFILE)
    errors: list[BaseException] = []
    attempts: list[int] = []

    def work(worker: int) -> None:
        try:
            for i in range(4):
                attempts.append(save_with_retry(db, a.editor, created.id, f"t{worker}-{i}"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    notes = _notes(db.engine, created.id)
    assert sorted(notes[1:]) == sorted(f"t{w}-{i}" for w in range(4) for i in range(4))
    with db.transaction() as s:
        final = service.get_assessment(s, a.viewer, created.id)
    assert final.current_version == 17 and final.lock_version == 17


def _process_worker(url: str, principal: dict[str, Any], assessment_id: int, name: str) -> None:
    db = Database.from_url(url)
    p = Principal(**principal)
    for i in range(2):
        save_with_retry(db, p, assessment_id, f"{name}-{i}")
    db.dispose()


def test_processes_all_saves_survive(db: Database, tenants: tuple[Tenant, Tenant]) -> None:
    a, _ = tenants
    with db.transaction() as s:
        created = assessing.create_assessment(s, a.editor, title="T", profile=PROFILE)
    url = db.engine.url.render_as_string(hide_password=False)
    who = {"user_id": a.editor.user_id, "organisation_id": a.org_id, "role": a.editor.role}
    context = multiprocessing.get_context("spawn")
    procs = [
        context.Process(target=_process_worker, args=(url, who, created.id, f"p{n}"))
        for n in range(2)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    notes = _notes(db.engine, created.id)
    assert sorted(notes[1:]) == sorted(f"p{n}-{i}" for n in range(2) for i in range(2))
