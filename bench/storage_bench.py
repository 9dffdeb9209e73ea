"""Benchmark of the storage layer: directory import, save throughput, autocomplete latency.

Run: ``.venv/bin/python bench/storage_bench.py [--postgres URL] [--saves 200] [--threads 4]``.
Always measures a fresh SQLite file in a temporary folder; with ``--postgres`` also a fresh
schema on that server (dropped afterwards). Prints timings; asserts nothing.

* directory import: the official GV100AD file (``../shared/data``) into an empty database;
* saves: ``assessing.update_assessment`` (advisor run + new version + audit entry, one
  transaction each), sequential and from several threads on one assessment each;
* search: ``search_municipalities`` for a few prefixes (median of 50).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher

from klimaorg import assessing
from klimaorg.directory import Directory
from klimaorg.storage import service
from klimaorg.storage.core import Principal
from klimaorg.storage.db import Database, make_engine, upgrade

REAL_FILE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "GV100AD_301123.txt"
PROFILE = {"municipality": {"name": "Musterstadt", "kind": "stadt", "population": 25_000}}


def _setup(db: Database) -> Principal:
    with db.transaction() as s:
        org = service.create_organisation(s, name="Bench", kind="municipality")
        user = service.create_user(s, email="bench@example.org", password="Feldberg-Bahn-1957")
        service.add_member(s, None, email=user.email, role="editor", organisation_id=org.id)
        return service.principal_for(s, user.id, org.id)


def _saves(db: Database, principal: Principal, count: int) -> float:
    with db.transaction() as s:
        detail = assessing.create_assessment(s, principal, title="Bench", profile=PROFILE)
    lock = detail.lock_version
    started = time.perf_counter()
    for i in range(count):
        with db.transaction() as s:
            profile = {**PROFILE, "priorities": {"focus": i % 5}}
            lock = assessing.update_assessment(
                s, principal, detail.id, lock_version=lock, profile=profile
            ).lock_version
    return count / (time.perf_counter() - started)


def _threaded_saves(db: Database, principal: Principal, count: int, threads: int) -> float:
    workers = [threading.Thread(target=_saves, args=(db, principal, count)) for _ in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return count * threads / (time.perf_counter() - started)


def run(label: str, url: str, directory: Directory | None, saves: int, threads: int) -> None:
    engine = make_engine(url)
    upgrade(engine)
    db = Database(engine)
    principal = _setup(db)
    print(f"== {label}")
    if directory is not None:
        with db.transaction() as s:
            started = time.perf_counter()
            result = service.import_directory(s, directory)
        total = time.perf_counter() - started
        print(
            f"directory import: {result.municipalities} Gemeinden + {result.kreise} Kreise "
            f"in {total:.2f} s (incl. commit)"
        )
        timings = []
        for _ in range(50):
            for query in ("denzl", "frei", "münch", "neustadt"):
                with db.transaction() as s:
                    t0 = time.perf_counter()
                    service.search_municipalities(s, query)
                    timings.append((time.perf_counter() - t0) * 1000)
        print(f"search: median {statistics.median(timings):.2f} ms, max {max(timings):.2f} ms")
    print(f"saves, sequential: {_saves(db, principal, saves):.0f}/s")
    rate = _threaded_saves(db, principal, saves // threads, threads)
    print(f"saves, {threads} threads: {rate:.0f}/s")
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="SQLAlchemy URL of a PostgreSQL server")
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    service.configure_password_hashing(PasswordHasher(time_cost=1, memory_cost=1024))
    directory = Directory.from_file(REAL_FILE) if REAL_FILE.exists() else None
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{tmp}/bench.sqlite3", directory, args.saves, args.threads)
    if args.postgres:
        schema = f"klimaorg_bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(args.postgres)
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        try:
            url = sa.make_url(args.postgres).update_query_dict(
                {"options": f"-csearch_path={schema}"}
            )
            run(
                "PostgreSQL",
                url.render_as_string(hide_password=False),
                directory,
                args.saves,
                args.threads,
            )
        finally:
            with admin.begin() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            admin.dispose()


if __name__ == "__main__":
    main()
