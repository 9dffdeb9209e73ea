"""Durability under a crash: the real server (two worker processes) is SIGKILLed in the middle
of a burst of concurrent saves, restarted, and every save that had been acknowledged (HTTP 200
or 201 received) must be there with its content; versions stay contiguous and whole. And two
clients saving on the same ``lock_version`` never silently overwrite each other: one gets 409.
Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from klimaorg.storage.db import Database
from klimaorg.storage.models import Assessment, AssessmentVersion
from klimaorg.web import auth
from tests.reliability.conftest import Account, Server

pytestmark = pytest.mark.slow

LANES = 16  # concurrent clients
STEPS = 13  # saves per client: one new assessment, then new versions (16 x 13 = 208)
KILL_AFTER = 100  # requests sent before the SIGKILL


def profile(lane: int, step: int) -> dict[str, Any]:
    """A profile whose population names the save (lane, step): its content is checkable."""
    return {
        "municipality": {
            "name": f"Testgemeinde {lane}",
            "kind": "gemeinde",
            "population": population(lane, step),
        },
        "resources": {"staff_fte": 1.0},
    }


def population(lane: int, step: int) -> int:
    return 10_000 + lane * 100 + step


@dataclass
class Ack:
    """A save the server confirmed."""

    lane: int
    step: int
    assessment_id: int
    version: int
    population: int


class Burst:
    """Clients saving concurrently; a kill switch fired after ``kill_after`` requests."""

    def __init__(self, server: Server, account: Account, kill_after: int) -> None:
        self.server = server
        self.account = account
        self.kill_after = kill_after
        self.sent = 0
        self.acks: list[Ack] = []
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.killed = threading.Event()

    def _count_send(self) -> None:
        with self.lock:
            self.sent += 1
            fire = self.sent == self.kill_after
        if fire:
            threading.Thread(target=self._kill, daemon=True).start()

    def _kill(self) -> None:
        self.server.kill()
        self.killed.set()

    def lane(self, lane: int) -> None:
        api = f"{self.server.url}/api/v1/assessments"
        assessment_id = lock = None
        with httpx.Client(headers=self.account.headers, timeout=30) as client:
            for step in range(STEPS):
                body: dict[str, Any] = {
                    "profile": profile(lane, step),
                    "note": f"lane {lane} step {step}",
                }
                self._count_send()
                try:
                    if assessment_id is None:
                        answer = client.post(api, json={**body, "title": f"Bahn {lane}"})
                    else:
                        answer = client.put(
                            f"{api}/{assessment_id}", json={**body, "lock_version": lock}
                        )
                except httpx.HTTPError:
                    return  # the server is gone: this save was not acknowledged
                if answer.status_code not in (200, 201):
                    with self.lock:
                        self.errors.append(
                            f"lane {lane} step {step}: {answer.status_code} {answer.text[:200]}"
                        )
                    return
                data = answer.json()
                assessment_id, lock = data["id"], data["lock_version"]
                with self.lock:
                    self.acks.append(
                        Ack(lane, step, data["id"], data["current_version"], population(lane, step))
                    )

    def run(self) -> None:
        with ThreadPoolExecutor(LANES) as pool:
            list(pool.map(self.lane, range(LANES)))


def check_database(url: str, acks: list[Ack]) -> tuple[int, list[str]]:
    """Lost acknowledged saves and consistency problems, read straight from the database."""
    db = Database.from_url(url)
    problems: list[str] = []
    lost = 0
    with db.transaction() as s:
        versions = {(v.assessment_id, v.number): v for v in s.scalars(sa.select(AssessmentVersion))}
        for ack in acks:
            row = versions.get((ack.assessment_id, ack.version))
            if row is None or row.profile["municipality"]["population"] != ack.population:
                lost += 1
                problems.append(f"lost: {ack}")
        for assessment in s.scalars(sa.select(Assessment)):
            numbers = sorted(n for (a, n) in versions if a == assessment.id)
            if numbers != list(range(1, assessment.current_version + 1)):
                problems.append(
                    f"assessment {assessment.id}: versions {numbers}, "
                    f"current {assessment.current_version}"
                )
            if assessment.lock_version < assessment.current_version:
                problems.append(f"assessment {assessment.id}: lock_version behind the versions")
            for number in numbers:
                version = versions[(assessment.id, number)]
                if (
                    not version.profile
                    or not version.result
                    or "recommendation" not in version.result
                ):
                    problems.append(f"assessment {assessment.id} v{number}: half-written")
    db.dispose()
    return lost, problems


COMMIT_AFTER_RESPONSE = (
    "klimaorg.web.auth.SessionDep must not commit in a FastAPI yield dependency of the "
    "default scope 'request', i.e. after the response has been sent: then a "
    "SIGKILL (or a failing commit) in between loses an acknowledged save, and a client may "
    "not read its own write (404 right after 201). Fix: Depends(db_session, scope='function')."
)


def test_request_session_commits_before_the_answer() -> None:
    """The request's session commits inside the handler's scope, so an acknowledged save is
    committed (the burst below checks the same end to end)."""
    depends = getattr(auth.SessionDep, "__metadata__", [None])[0]
    assert getattr(depends, "scope", None) == "function", COMMIT_AFTER_RESPONSE


def test_sigkill_in_a_burst_loses_no_acknowledged_save(
    server: Server, account: Account, database_url: str
) -> None:
    server.start()
    burst = Burst(server, account, KILL_AFTER)
    started = time.monotonic()
    burst.run()
    assert burst.killed.wait(30), "the kill switch did not fire"
    assert not burst.errors, burst.errors
    server.start()  # restart on the same database
    lost, problems = check_database(database_url, burst.acks)
    backend = database_url.split(":", 1)[0].split("+")[0]
    print(
        f"\n{backend}: sent {burst.sent}, acknowledged {len(burst.acks)}, lost {lost} "
        f"(SIGKILL after {KILL_AFTER} requests, {time.monotonic() - started:.1f} s)"
    )
    assert 0 < len(burst.acks) < LANES * STEPS, "the kill must fall into the burst"
    assert lost == 0 and not problems, problems
    with httpx.Client(headers=account.headers, timeout=30) as client:  # and the server agrees
        for ack in burst.acks:
            answer = client.get(f"{server.url}/api/v1/assessments/{ack.assessment_id}")
            assert answer.status_code == 200, answer.text
            assert answer.json()["current_version"] >= ack.version


def test_two_clients_on_one_lock_version_one_gets_409(server: Server, account: Account) -> None:
    server.start()
    api = f"{server.url}/api/v1/assessments"
    with httpx.Client(headers=account.headers, timeout=30) as client:
        made = client.post(api, json={"title": "Geteilt", "profile": profile(0, 0)})
        assert made.status_code == 201, made.text
        assessment_id = made.json()["id"]
        for round_ in range(10):
            current = client.get(f"{api}/{assessment_id}").json()
            barrier = threading.Barrier(2)

            def save(who: int) -> httpx.Response:
                body = {
                    "lock_version": current["lock_version"],  # noqa: B023
                    "profile": profile(who, round_ + 1),  # noqa: B023
                    "note": f"client {who}",
                }
                with httpx.Client(headers=account.headers, timeout=30) as own:
                    barrier.wait()  # noqa: B023
                    return own.put(f"{api}/{assessment_id}", json=body)

            with ThreadPoolExecutor(2) as pool:
                answers = list(pool.map(save, (1, 2)))
            codes = sorted(a.status_code for a in answers)
            assert codes == [200, 409], [a.text[:200] for a in answers]
            winner = next(a for a in answers if a.status_code == 200).json()
            after = client.get(f"{api}/{assessment_id}").json()
            assert after["current_version"] == current["current_version"] + 1
            assert (
                after["profile"]["municipality"]["population"]
                == (winner["profile"]["municipality"]["population"])
            )
