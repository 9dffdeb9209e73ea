"""Benchmark of the workshop group view at 50, 200 and 1,000 participants.

Run: ``python bench/workshop_bench.py [--sizes 50,200,1000] [--repeat 5] [--reference-max 1000]``

Builds a fresh SQLite database in a temporary folder with one assessment and one link per
size, filled with synthetic participants (random priorities 0-4, fixed seed; their leading
model stored as a submission stores it). Measures, median of ``--repeat`` runs each:

* ``page``: ``GET /bewertungen/{id}/workshop/{workshop_id}`` through the app (read-only
  transaction, aggregation, the HTML page with one column per participant);
* ``api``: ``GET /api/v1/.../aggregate``;
* ``consensus``: the engine's :func:`klimaorg.engine.consensus` alone;
* ``reference``: the pairwise method the page used before, measured in the same run on the
  same rankings - Kendall's tau-b for every ordered pair of participants and W with one
  ``np.unique`` per ranking (run once per size up to ``--reference-max``). The advisor run
  per participant the old page made on top of that is not included, so the reference is a
  lower bound of the old page time.

Target: page ≤ 200 ms at 1,000 participants. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from klimaorg import assessing
from klimaorg.advisor import complete, load_advisor_data, parse_profile
from klimaorg.advisor.analysis import WSM, adjusted_matrix, fired_rules
from klimaorg.engine import consensus, kendall_tau_b, make_scorer, rating_weights
from klimaorg.engine.aggregation import as_benefit
from klimaorg.engine.ranking import mid_ranks
from klimaorg.settings import Settings
from klimaorg.storage import service
from klimaorg.storage.core import Principal, Role
from klimaorg.storage.db import Database, upgrade
from klimaorg.web import auth
from klimaorg.web.app import create_app

PROFILE: dict[str, Any] = {
    "municipality": {"name": "Musterkreis", "kind": "landkreis", "population": 180_000},
    "resources": {"staff_fte": 2.0, "own_budget_eur": 80_000},
}


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``action`` in milliseconds (after one warm-up run)."""
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def reference_consensus(rankings: np.ndarray[Any, Any]) -> None:
    """The earlier pairwise computation: tau-b for every ordered pair, W row by row."""
    k = len(rankings)
    for i in range(k):
        vals = [kendall_tau_b(rankings[i], rankings[j]) for j in range(k) if j != i]
        [v for v in vals if v is not None]
    mr = np.stack([mid_ranks(row) for row in rankings])
    for row in mr:
        np.unique(row, return_counts=True)


def fill(db: Database, principal: Principal, assessment_id: int, size: int, seed: int) -> int:
    """A link with ``size`` synthetic participants; returns its id."""
    criteria = list(load_advisor_data().knowledge.criterion_ids)
    models = list(load_advisor_data().knowledge.model_ids)
    rng = np.random.default_rng(seed)
    with db.transaction() as s:
        info, token = service.create_workshop(
            s, principal, assessment_id, title=f"{size}", max_participants=max(size, 1)
        )
        for i in range(size):
            values = rng.integers(0, 5, len(criteria))
            prios = {c: int(v) for c, v in zip(criteria, values, strict=True)}
            prios[criteria[i % len(criteria)]] = max(1, prios[criteria[i % len(criteria)]])
            service.submit_priorities(
                s,
                token,
                participant=f"Teilnehmende {i:04d}",
                priorities=prios,
                leading_model=models[i % len(models)],
                profile_version=1,
            )
    return info.id


def rankings_of(db: Database, principal: Principal, workshop_id: int) -> tuple[Any, Any, Any]:
    """The scorer and the weights the aggregation uses (for the engine-only timings)."""
    advisor = load_advisor_data()
    criteria = list(advisor.knowledge.criterion_ids)
    with db.read() as s:
        subs = service.list_submissions(s, principal, workshop_id)
    weights = np.stack(
        [
            rating_weights([sub.priorities[c] for c in criteria]).values
            for sub in subs
            if sub.priorities
        ]
    )
    completed = complete(parse_profile(PROFILE, advisor), advisor)
    _models, _x, _b, matrix, _c = adjusted_matrix(advisor, fired_rules(advisor, completed))
    scorer = make_scorer(WSM, matrix, as_benefit(["max"] * len(criteria)))
    group = weights.mean(axis=0)
    return scorer, weights, group / group.sum()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="50,200,1000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reference-max", type=int, default=1000)
    args = parser.parse_args()
    sizes = [int(v) for v in args.sizes.split(",")]
    service.configure_password_hashing(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{Path(folder) / 'k.sqlite3'}", data_dir=folder)
        migrate = Database.from_settings(settings)
        upgrade(migrate.engine)
        migrate.dispose()
        app = create_app(settings)
        db: Database = app.state.db
        with db.transaction() as s:
            org = service.create_organisation(s, name="Bench", kind="municipality")
            user = service.create_user(s, email="b@example.org", password="Feldberg-Bahn-1957")
            service.add_member(s, None, email=user.email, role=Role.OWNER, organisation_id=org.id)
            owner = service.principal_for(s, user.id, org.id)
            assessment = assessing.create_assessment(s, owner, title="Bench", profile=PROFILE)
        print("participants  page ms  api ms  consensus ms  reference ms  reference/page")
        with TestClient(app) as client:
            assert owner.user_id is not None
            cookie = auth.session_cookie(app, owner.user_id, owner.organisation_id)
            client.cookies.set(auth.SESSION_COOKIE, cookie)  # logged in, as a browser would be
            for size in sizes:
                wid = fill(db, owner, assessment.id, size, seed=size)
                base = f"/bewertungen/{assessment.id}/workshop/{wid}"
                api = f"/api/v1/assessments/{assessment.id}/workshops/{wid}/aggregate"
                page = client.get(base)
                assert page.status_code == 200, page.status_code
                assert len(client.get(api).json()["participants"]) == size
                page_ms = median_ms(partial(client.get, base), args.repeat)
                api_ms = median_ms(partial(client.get, api), args.repeat)
                scorer, weights, group = rankings_of(db, owner, wid)
                cons_ms = median_ms(partial(consensus, scorer, weights, group), args.repeat)
                rankings = consensus(scorer, weights, group).rankings
                if size <= args.reference_max:
                    started = time.perf_counter()
                    reference_consensus(rankings)
                    ref = f"{(time.perf_counter() - started) * 1000:12.0f}"
                    ratio = f"{float(ref) / page_ms:14.1f}"
                else:
                    ref, ratio = f"{'-':>12}", f"{'-':>14}"
                print(f"{size:12d}  {page_ms:7.1f}  {api_ms:6.1f}  {cons_ms:12.2f}  {ref}  {ratio}")
        db.dispose()


if __name__ == "__main__":
    main()
