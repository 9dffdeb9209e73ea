"""Load run of a workshop link on PostgreSQL with 1 and 2 app workers.

Run: ``python bench/workshop_load.py [--postgres URL] [--workers 1,2] [--online 1000]
[--concurrency 50] [--meeting 30]``

For each worker count: a fresh schema on the server (dropped afterwards), the real app under
uvicorn on 127.0.0.1, and two links of one assessment:

* **meeting**: ``--meeting`` people in one room behind one address fill in the browser form
  (page, CSRF field, post) all at once; a third of them correct their answers once, a sixth
  double-click "send" (two identical posts at the same moment);
* **online**: ``--online`` people post through the API at ``--concurrency`` at a time; one in
  ten corrects once afterwards, one in twenty double-clicks; meanwhile the owner fetches the
  aggregation every 2 s.

Prints per run: answers by status, the 5xx, the wrongful 429 (nobody here corrects more
than the per-name limit) and wrongful 422 (a newcomer refused under the cap), whether the
aggregation equals the accepted submissions (same names, each with the answers accepted
last), and p50/p99 of the submissions and of the owner's aggregation. A script, not a test:
it asserts nothing and takes about a minute per worker count on two cores.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import sqlalchemy as sa
from advise_bench import free_port, wait_ready  # the same server helpers as the advise benchmark
from argon2 import PasswordHasher

from klimaorg import assessing
from klimaorg.advisor import load_advisor_data
from klimaorg.storage import service
from klimaorg.storage.core import Role
from klimaorg.storage.db import Database, make_engine, upgrade

DEFAULT_PG = "postgresql+psycopg://klimaorg:klimaorg-test@127.0.0.1:5432/klimaorg_test"
CRITERIA = list(load_advisor_data().knowledge.criterion_ids)
PROFILE: dict[str, Any] = {
    "municipality": {"name": "Musterkreis", "kind": "landkreis", "population": 180_000},
    "resources": {"staff_fte": 2.0, "own_budget_eur": 80_000},
}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Tally:
    """What the clients saw."""

    statuses: Counter[int] = field(default_factory=Counter)
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    wrongful_429: int = 0
    wrongful_422: int = 0
    accepted: dict[str, dict[str, int]] = field(default_factory=dict)  # name -> last answers

    def record(self, status: int, seconds: float) -> None:
        self.statuses[status] += 1
        self.latencies.append(seconds * 1000)


def answers(seed: int) -> dict[str, int]:
    values = {c: (seed * 7 + i * 3) % 5 for i, c in enumerate(CRITERIA)}
    values[CRITERIA[seed % len(CRITERIA)]] = 4
    return values


def fresh_schema(url: str) -> tuple[str, str]:
    schema = f"klimaorg_load_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    admin.dispose()
    with_path = (
        sa.make_url(url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    return schema, with_path


def drop_schema(url: str, schema: str) -> None:
    admin = sa.create_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    admin.dispose()


def setup(url: str) -> tuple[int, str, str, str]:
    """Owner, assessment, API token and two links; returns (assessment, token, meeting, online)."""
    service.configure_password_hashing(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    engine = make_engine(url)
    upgrade(engine)
    db = Database(engine)
    with db.transaction() as s:
        org = service.create_organisation(s, name="Landkreis", kind="municipality")
        user = service.create_user(s, email="o@example.org", password="Feldberg-Bahn-1957")
        service.add_member(s, None, email=user.email, role=Role.OWNER, organisation_id=org.id)
        owner = service.principal_for(s, user.id, org.id)
        assessment = assessing.create_assessment(s, owner, title="Last", profile=PROFILE)
        _info, api = service.create_api_token(s, owner, "Last")
        _m, meeting = service.create_workshop(s, owner, assessment.id, title="Saal")
        _o, online = service.create_workshop(s, owner, assessment.id, title="Online")
    db.dispose()
    return assessment.id, api, meeting, online


async def form_post(
    client: httpx.AsyncClient,
    token: str,
    name: str,
    values: dict[str, int],
    tally: Tally,
    *,
    twice: bool = False,
) -> None:
    page = await client.get(f"/workshop/{token}")
    found = CSRF.search(page.text)
    assert found, page.status_code
    data = {"participant": name, "csrf_token": found.group(1)}
    data.update({f"priorities.{c}": str(v) for c, v in values.items()})

    async def send() -> int:
        started = time.perf_counter()
        answer = await client.post(f"/workshop/{token}", data=data)
        tally.record(answer.status_code, time.perf_counter() - started)
        return answer.status_code

    codes = await asyncio.gather(*([send(), send()] if twice else [send()]))
    judge(tally, name, values, list(codes))


def judge(tally: Tally, name: str, values: dict[str, int], codes: list[int]) -> None:
    for code in codes:
        if code == 429:
            tally.wrongful_429 += 1
        if code == 422:
            tally.wrongful_422 += 1
    if any(c in (200, 201) for c in codes):
        tally.accepted[name] = values


async def meeting(base: str, token: str, people: int, tally: Tally) -> None:
    """Everyone in the room at once, the same address; then the corrections."""

    async def person(i: int) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            name = f"Saal {i:02d}"
            await form_post(client, token, name, answers(i), tally, twice=i % 6 == 0)
            if i % 3 == 0:
                await form_post(client, token, name, answers(i + 1), tally)

    await asyncio.gather(*(person(i) for i in range(people)))


async def online(
    base: str, token: str, people: int, concurrency: int, tally: Tally, stop: asyncio.Event
) -> None:
    gate = asyncio.Semaphore(concurrency)
    url = f"/api/v1/workshop/{token}"
    limits = httpx.Limits(max_connections=concurrency + 4)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:

        async def send(name: str, values: dict[str, int]) -> int:
            started = time.perf_counter()
            answer = await client.post(url, json={"participant": name, "priorities": values})
            tally.record(answer.status_code, time.perf_counter() - started)
            return answer.status_code

        async def person(i: int) -> None:
            name = f"Online {i:04d}"
            async with gate:
                twice = i % 20 == 0
                clicks = [send(name, answers(i)) for _ in range(2 if twice else 1)]
                codes = await asyncio.gather(*clicks)
                judge(tally, name, answers(i), list(codes))
                if i % 10 == 0:
                    judge(tally, name, answers(i + 2), [await send(name, answers(i + 2))])

        await asyncio.gather(*(person(i) for i in range(people)))
    stop.set()


async def owner_refresh(base: str, path: str, api: str, stop: asyncio.Event) -> list[float]:
    times: list[float] = []
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while not stop.is_set():
            started = time.perf_counter()
            answer = await client.get(path, headers={"Authorization": f"Bearer {api}"})
            if answer.status_code == 200:
                times.append((time.perf_counter() - started) * 1000)
            elif answer.status_code != 422:  # 422: no submissions yet
                print(f"  owner: {answer.status_code} {answer.text[:200]}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 2.0)
    return times


def equal_to_accepted(base: str, assessment: int, workshop_id: int, api: str, tally: Tally) -> bool:
    headers = {"Authorization": f"Bearer {api}"}
    prefix = f"{base}/api/v1/assessments/{assessment}/workshops/{workshop_id}"
    group = httpx.get(f"{prefix}/aggregate", headers=headers, timeout=60).json()
    subs = httpx.get(f"{prefix}/submissions", headers=headers, timeout=60).json()["items"]
    stored = {s["participant"]: s["priorities"] for s in subs}
    return sorted(group["participants"]) == sorted(tally.accepted) and stored == tally.accepted


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(label: str, tally: Tally, equal: bool, owner: list[float] | None = None) -> None:
    fives = sum(n for s, n in tally.statuses.items() if s >= 500)
    print(
        f"  {label}: statuses {dict(sorted(tally.statuses.items()))}, 5xx {fives}, "
        f"wrongful 429 {tally.wrongful_429}, wrongful 422 {tally.wrongful_422}, "
        f"accepted {len(tally.accepted)}, aggregation equals accepted: {equal}, "
        f"p50 {statistics.median(tally.latencies):.0f} ms, "
        f"p99 {pct(tally.latencies, 0.99):.0f} ms, "
        f"{len(tally.latencies) / tally.seconds:.0f} posts/s"
    )
    if owner is not None:
        print(
            f"  owner aggregation during the run: {len(owner)} fetches, "
            f"p50 {pct(owner, 0.5):.0f} ms, max {max(owner, default=float('nan')):.0f} ms"
        )


def run(pg: str, workers: int, args: argparse.Namespace) -> None:
    schema, url = fresh_schema(pg)
    try:
        assessment, api, meeting_token, online_token = setup(url)
        ids = workshop_ids(url)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        data_dir = tempfile.mkdtemp(prefix="klimaorg-load-")
        env = {**os.environ, "KLIMAORG_DATABASE_URL": url, "KLIMAORG_DATA_DIR": data_dir}
        server = subprocess.Popen(
            [
                sys.executable, "-m", "uvicorn", "klimaorg.web.app:create_app", "--factory",
                "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                "--log-level", "warning", "--no-access-log",
            ],
            env=env,
        )  # fmt: skip
        try:
            wait_ready(f"{base}/api/v1/health", timeout=60.0)
            print(f"== {workers} worker(s), PostgreSQL")
            print(f"  load average before: {os.getloadavg()[0]:.1f} (2 cores, client on the same)")
            room = Tally()
            started = time.perf_counter()
            asyncio.run(meeting(base, meeting_token, args.meeting, room))
            room.seconds = time.perf_counter() - started
            report("meeting", room, equal_to_accepted(base, assessment, ids[0], api, room))
            web = Tally()
            path = f"/api/v1/assessments/{assessment}/workshops/{ids[1]}/aggregate"

            async def both() -> list[float]:
                stop = asyncio.Event()
                refresh = asyncio.create_task(owner_refresh(base, path, api, stop))
                await online(base, online_token, args.online, args.concurrency, web, stop)
                return await refresh

            started = time.perf_counter()
            owner = asyncio.run(both())
            web.seconds = time.perf_counter() - started
            report("online", web, equal_to_accepted(base, assessment, ids[1], api, web), owner)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        drop_schema(pg, schema)


def workshop_ids(url: str) -> list[int]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        ids = [
            int(v) for v in conn.exec_driver_sql("SELECT id FROM workshops ORDER BY id").scalars()
        ]
    engine.dispose()
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--postgres", default=os.environ.get("KLIMAORG_TEST_POSTGRES_URL", DEFAULT_PG)
    )
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--online", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--meeting", type=int, default=30)
    args = parser.parse_args()
    for workers in (int(w) for w in args.workers.split(",")):
        run(args.postgres, workers, args)


if __name__ == "__main__":
    main()
