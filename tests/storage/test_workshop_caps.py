"""Workshop caps and double submissions under concurrency, on SQLite and PostgreSQL: the cap
is never exceeded, one name is stored once, refusals count nothing, corrections are limited
per participant in the shared database."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from klimaorg import assessing
from klimaorg.advisor import load_advisor_data
from klimaorg.errors import UserInputError
from klimaorg.storage import service
from klimaorg.storage.db import Database
from klimaorg.storage.errors import CorrectionLimitError, WorkshopFullError
from klimaorg.storage.models import Workshop, WorkshopSubmission, utcnow
from klimaorg.storage.workshops import CORRECTIONS_PER_WINDOW, MAX_PARTICIPANTS
from tests.storage.conftest import PROFILE, Tenant

CRITERIA = load_advisor_data().knowledge.criterion_ids
PRIOS = dict.fromkeys(CRITERIA, 2)


def _link(db: Database, tenant: Tenant, cap: int) -> tuple[int, str]:
    with db.transaction() as s:
        assessment = assessing.create_assessment(s, tenant.editor, title="W", profile=PROFILE)
        info, token = service.create_workshop(s, tenant.editor, assessment.id, max_participants=cap)
    return info.id, token


def _submit(db: Database, token: str, name: str, focus: int = 2) -> str:
    """One request's transaction; returns what the participant is told."""
    try:
        with db.transaction() as s:
            info = service.submit_priorities(
                s, token, participant=name, priorities={**PRIOS, "focus": focus}
            )
        return "new" if info.new else "updated"
    except WorkshopFullError:
        return "full"
    except CorrectionLimitError:
        return "limited"


def _stored(db: Database, workshop_id: int) -> tuple[int, int]:
    with db.engine.connect() as conn:
        rows = conn.scalar(
            sa.select(sa.func.count())
            .select_from(WorkshopSubmission)
            .where(WorkshopSubmission.workshop_id == workshop_id)
        )
        counter = conn.scalar(sa.select(Workshop.participants).where(Workshop.id == workshop_id))
    return int(rows or 0), int(counter or 0)


def _race(work: Callable[[int], None], n: int) -> None:
    """Run ``work(i)`` in ``n`` threads that start together."""
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_cap_is_never_exceeded_by_concurrent_newcomers(
    db: Database, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    workshop_id, token = _link(db, a, cap=5)
    answers: list[str] = []

    def newcomer(i: int) -> None:
        for j in range(3):
            answers.append(_submit(db, token, f"P{i}-{j}"))

    _race(newcomer, 8)
    assert sorted(answers).count("new") == 5
    assert answers.count("full") == 8 * 3 - 5
    assert _stored(db, workshop_id) == (5, 5)
    # an admitted participant can still correct on the full link
    admitted = service_names(db, workshop_id)[0]
    assert _submit(db, token, admitted, focus=4) == "updated"
    assert _stored(db, workshop_id) == (5, 5)


def service_names(db: Database, workshop_id: int) -> list[str]:
    with db.engine.connect() as conn:
        return list(
            conn.scalars(
                sa.select(WorkshopSubmission.participant_name)
                .where(WorkshopSubmission.workshop_id == workshop_id)
                .order_by(WorkshopSubmission.id)
            )
        )


def test_double_submissions_store_one_row_and_both_succeed(
    db: Database, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    workshop_id, token = _link(db, a, cap=50)
    for pair in range(6):
        answers: list[str] = []

        def click(i: int, pair: int = pair, answers: list[str] = answers) -> None:
            answers.append(_submit(db, token, f"Doppelt {pair}", i))

        _race(click, 2)
        assert sorted(answers) == ["new", "updated"], answers
    assert _stored(db, workshop_id) == (6, 6)
    assert service_names(db, workshop_id) == [f"Doppelt {p}" for p in range(6)]


def test_double_submissions_on_the_last_free_place(
    db: Database, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    workshop_id, token = _link(db, a, cap=1)
    answers: list[str] = []
    _race(lambda i: answers.append(_submit(db, token, "Letzte", i)), 3)
    assert sorted(answers) == ["new", "updated", "updated"]
    assert _stored(db, workshop_id) == (1, 1)


def test_corrections_are_limited_per_name_and_refusals_count_nothing(
    session: Session, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    assessment = assessing.create_assessment(session, a.editor, title="W", profile=PROFILE)
    _, token = service.create_workshop(session, a.editor, assessment.id, max_participants=1)
    now = utcnow()
    service.submit_priorities(session, token, participant="Anna", priorities=PRIOS, now=now)
    for _ in range(3):  # a full link refuses newcomers without touching Anna's allowance
        with pytest.raises(WorkshopFullError, match="voll"):
            service.submit_priorities(session, token, participant="Bert", priorities=PRIOS)
    for i in range(CORRECTIONS_PER_WINDOW):
        service.submit_priorities(
            session, token, participant="Anna", priorities={**PRIOS, "focus": i % 5}, now=now
        )
    with pytest.raises(CorrectionLimitError) as limited:
        service.submit_priorities(session, token, participant="Anna", priorities=PRIOS, now=now)
    assert 1 <= limited.value.retry_after <= 600
    later = now + timedelta(seconds=601)
    service.submit_priorities(session, token, participant="Anna", priorities=PRIOS, now=later)


@pytest.mark.parametrize("cap", [0, MAX_PARTICIPANTS + 1, True, "10"])
def test_cap_must_be_in_range(
    session: Session, tenants: tuple[Tenant, Tenant], cap: object
) -> None:
    a, _ = tenants
    assessment = assessing.create_assessment(session, a.editor, title="W", profile=PROFILE)
    with pytest.raises(UserInputError) as bad:
        service.create_workshop(session, a.editor, assessment.id, max_participants=cap)  # type: ignore[arg-type]
    assert bad.value.field == "max_participants"


def test_cap_and_count_are_reported(session: Session, tenants: tuple[Tenant, Tenant]) -> None:
    a, _ = tenants
    assessment = assessing.create_assessment(session, a.editor, title="W", profile=PROFILE)
    info, token = service.create_workshop(session, a.editor, assessment.id)
    assert info.max_participants == 1000 and info.submissions == 0
    service.submit_priorities(session, token, participant="A", priorities=PRIOS)
    service.submit_priorities(session, token, participant="A", priorities=PRIOS)
    service.submit_priorities(session, token, participant="B", priorities=PRIOS)
    (listed,) = service.list_workshops(session, a.viewer, assessment.id)
    assert (listed.submissions, listed.max_participants) == (2, 1000)


def _newcomers_process(url: str, token: str, prefix: str, count: int, out: Any) -> None:
    """A separate server process: its own engine, newcomers one after another."""
    from klimaorg.storage.db import make_engine

    db = Database(make_engine(url))
    out.put([_submit(db, token, f"{prefix}-{i}") for i in range(count)])
    db.dispose()


def test_cap_holds_across_processes(db: Database, tenants: tuple[Tenant, Tenant]) -> None:
    a, _ = tenants
    workshop_id, token = _link(db, a, cap=7)
    url = db.engine.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    procs = [
        context.Process(target=_newcomers_process, args=(url, token, f"W{n}", 5, out))
        for n in range(3)
    ]
    for p in procs:
        p.start()
    answers = [answer for _ in procs for answer in out.get(timeout=120)]
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    assert answers.count("new") == 7 and answers.count("full") == 8
    assert _stored(db, workshop_id) == (7, 7)
