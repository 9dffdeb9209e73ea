"""Bounded work: size limits (422), the heavy-work pool (time limit, disconnect, shutdown,
pages stay responsive) and the per-client quotas shared through the database (429)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from klimaorg.settings import Settings
from klimaorg.storage.db import make_engine, upgrade
from klimaorg.web.app import create_app
from tests.postgres import drop_schemas, fresh_schema
from tests.web.clients import csrf_client

PROFILE = {"municipality": {"name": "Beispielstadt", "kind": "stadt", "population": 35000}}


def _problem(alternatives: int, samples: int, criteria: int = 1) -> dict[str, Any]:
    return {
        "alternatives": [f"A{i}" for i in range(alternatives)],
        "criteria": [{"id": f"c{j}", "direction": "max"} for j in range(criteria)],
        "matrix": [[(i * 7 + j) % 13 + 1 for j in range(criteria)] for i in range(alternatives)],
        "weights": [1] * criteria,
        "method": {"name": "wsm"},
        "robustness": {"samples": samples, "stability": False},
    }


@pytest.fixture()
def database_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'klimaorg.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture()
def postgres_database_url() -> Iterator[str]:
    """A fresh schema on the test PostgreSQL server (as in tests/storage), migrated."""
    schema, scoped = fresh_schema()
    engine = make_engine(scoped)
    upgrade(engine)
    engine.dispose()
    try:
        yield scoped
    finally:
        drop_schemas(schema)


def _client(database_url: str, **settings: Any) -> TestClient:
    return TestClient(create_app(Settings(database_url=database_url, **settings)))


# ---------------------------------------------------------------------------- limits (422)


def test_pentest_body_is_refused_at_once(database_url: str) -> None:
    body = json.dumps(_problem(1000, 1_000_000))
    assert len(body) < 40_000
    with _client(database_url) as client:
        started = time.monotonic()
        res = client.post(
            "/api/v1/solve", content=body, headers={"content-type": "application/json"}
        )
        assert time.monotonic() - started < 3
        assert res.status_code == 422
        detail = res.json()["detail"][0]
        assert detail["field"] == "alternatives"
        assert detail["message"] == "1.000 Alternativen sind zu viele (höchstens 200)."
        res = client.post(
            "/api/v1/solve?lang=en", content=body, headers={"content-type": "application/json"}
        )
        assert (
            res.json()["detail"][0]["message"] == "1,000 alternatives are too many (at most 200)."
        )


def test_cost_budget_names_the_samples(database_url: str) -> None:
    with _client(database_url) as client:
        res = client.post("/api/v1/solve", json=_problem(150, 1_000_000))
        assert res.status_code == 422
        detail = res.json()["detail"][0]
        assert detail["field"] == "robustness.samples"
        assert "Budget von 300.000.000" in detail["message"]
        too_many = _problem(5, 10)
        too_many["criteria"] = [{"id": f"c{j}", "direction": "max"} for j in range(31)]
        res = client.post("/api/v1/solve?lang=en", json=too_many)
        assert res.json()["detail"] == [
            {"field": "criteria", "message": "31 criteria are too many (at most 30)."}
        ]
        ok = client.post("/api/v1/solve", json=_problem(6, 2000))
        assert ok.status_code == 200, ok.text
        assert ok.json()["robustness"]["samples"] == 2000


def test_cli_solve_has_the_same_limits(tmp_path: Path) -> None:
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(_problem(1000, 1_000_000)), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "klimaorg", "solve", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "KLIMAORG_MAX_ALTERNATIVES": "200"},
    )
    assert done.returncode == 2
    assert "alternatives: 1.000 Alternativen sind zu viele (höchstens 200)" in done.stderr
    assert "Traceback" not in done.stderr


# ---------------------------------------------------------------------------- the pool


def test_task_over_time_limit_is_stopped_and_worker_freed(database_url: str) -> None:
    settings = {"heavy_workers": 1, "heavy_queue": 0, "heavy_timeout_seconds": 1.0,
                "max_solve_cost": 10**13}  # fmt: skip
    with _client(database_url, **settings) as client:
        started = time.monotonic()
        res = client.post("/api/v1/solve", json=_problem(150, 1_000_000))
        assert res.status_code == 504
        assert "abgebrochen" in res.json()["detail"][0]["message"]
        assert time.monotonic() - started < 20
        ok = client.post("/api/v1/solve", json=_problem(6, 2000))
        assert ok.status_code == 200
        assert client.app.state.heavy.active == 0  # type: ignore[attr-defined]


def test_full_queue_answers_503_with_retry_after(database_url: str) -> None:
    settings: dict[str, Any] = {"heavy_workers": 1, "heavy_queue": 0, "max_solve_cost": 10**13}
    app = create_app(Settings(database_url=database_url, **settings))
    with TestClient(app) as client:
        answers: list[int] = []
        long = threading.Thread(
            target=lambda: answers.append(
                client.post("/api/v1/solve", json=_problem(150, 1_000_000)).status_code
            ),
            daemon=True,
        )
        long.start()
        deadline = time.monotonic() + 10
        while app.state.heavy.active == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        res = client.post("/api/v1/solve?lang=en", json=_problem(6, 2000))
        assert res.status_code == 503
        assert res.headers["Retry-After"] == "10"
        assert "busy" in res.json()["detail"][0]["message"]
        app.state.heavy.close()  # stops the long task; its request is told to come back
        long.join(timeout=30)
        assert answers == [503]
        assert app.state.heavy.active == 0


# ---------------------------------------------------------------------------- real server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``klimaorg serve`` on a free port with its own database and a huge solve budget."""
    port = _free_port()
    env = {
        **os.environ,
        "KLIMAORG_DATA_DIR": str(tmp_path),
        "KLIMAORG_MAX_SOLVE_COST": str(10**13),
        "KLIMAORG_SHUTDOWN_TIMEOUT_SECONDS": "1",
        "KLIMAORG_HEAVY_QUEUE": "16",
        "KLIMAORG_PORT": str(port),
    }
    subprocess.run([sys.executable, "-m", "klimaorg", "db", "upgrade"], env=env, check=True,
                   capture_output=True, timeout=60)  # fmt: skip
    process = subprocess.Popen([sys.executable, "-m", "klimaorg", "serve"], env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/api/v1/health", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    try:
        yield base, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            child = int(status.parent.name)
            found |= {child} | _children(child)
    return found


def _busy_workers(pid: int) -> int:
    """Descendant processes using CPU now (the running solve)."""
    busy = 0
    for child in _children(pid):
        try:
            state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        busy += state == "R"
    return busy


def test_disconnect_cancels_the_task(server: tuple[str, subprocess.Popen[bytes]]) -> None:
    base, process = server
    with httpx.Client(timeout=2) as client, pytest.raises(httpx.ReadTimeout):
        client.post(f"{base}/api/v1/solve", json=_problem(150, 1_000_000))
    deadline = time.monotonic() + 10
    while _busy_workers(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _busy_workers(process.pid) == 0
    with urllib.request.urlopen(f"{base}/api/v1/health", timeout=5) as res:
        assert res.status == 200


def test_shutdown_does_not_wait_for_a_long_task(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, process = server
    thread = threading.Thread(
        target=lambda: httpx.post(
            f"{base}/api/v1/solve", json=_problem(150, 1_000_000), timeout=60
        ),
        daemon=True,
    )
    thread.start()
    time.sleep(2)
    assert process.poll() is None
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=15)
    assert time.monotonic() - started < 10


def test_pages_answer_while_reports_queue(server: tuple[str, subprocess.Popen[bytes]]) -> None:
    base, _process = server
    statuses: list[int] = []

    def report() -> None:
        try:
            res = httpx.post(f"{base}/api/v1/report?format=pdf", json=PROFILE, timeout=20)
            statuses.append(res.status_code)
        except httpx.HTTPError:
            statuses.append(0)  # still queued when the test ends

    with httpx.Client(timeout=30) as warm:  # templates compiled once, before the load
        for page in ("/", "/modelle"):
            assert warm.get(f"{base}{page}").status_code == 200
    threads = [threading.Thread(target=report, daemon=True) for _ in range(16)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    times = []
    with httpx.Client(timeout=5) as client:
        for _ in range(5):
            for page in ("/", "/modelle"):
                started = time.monotonic()
                assert client.get(f"{base}{page}").status_code == 200
                times.append(time.monotonic() - started)
            time.sleep(0.5)
    # Typical answers stay fast; a single one may wait for a core while 16 reports start on a
    # loaded 2-core machine, but never longer than the 3 s the security guide promises.
    assert sorted(times)[len(times) // 2] < 1.0, times
    assert max(times) < 3.0, times
    assert set(statuses) <= {200, 503, 0}, statuses


# ---------------------------------------------------------------------------- quotas (429)


def test_quota_is_shared_by_two_app_instances(database_url: str) -> None:
    _shared_quota(database_url)


def test_quota_is_shared_on_postgresql(postgres_database_url: str) -> None:
    _shared_quota(postgres_database_url)


def _shared_quota(database_url: str) -> None:
    settings = {"rate_limit_advise": 4, "rate_limit_window_seconds": 3600}
    first, second = _client(database_url, **settings), _client(database_url, **settings)
    with first, second:
        answers = [
            client.post("/api/v1/advise", json=PROFILE).status_code
            for client in (first, second, first, second, first, second)
        ]
        assert answers.count(200) == 4
        assert answers[-1] == 429
        res = second.post("/api/v1/advise?lang=en", json=PROFILE)
        assert res.status_code == 429
        assert 1 <= int(res.headers["Retry-After"]) <= 3600
        assert res.json()["detail"][0]["message"].startswith("Too many requests")
        de = first.post("/api/v1/advise", json=PROFILE)
        assert de.status_code == 429
        assert de.json()["detail"][0]["message"].startswith("Zu viele Anfragen")
        # other quotas and other endpoints are not affected
        assert first.get("/api/v1/health").status_code == 200
        assert first.post("/api/v1/solve", json=_problem(3, 10)).status_code == 200


def test_report_and_wizard_quotas(database_url: str) -> None:
    settings = {"rate_limit_report": 1, "rate_limit_wizard": 1}
    with _client(database_url, **settings) as client:
        assert client.post("/api/v1/report?format=md", json=PROFILE).status_code == 200
        res = client.post("/api/v1/report?format=md", json=PROFILE)
        assert res.status_code == 429
        assert "Retry-After" in res.headers
        csrf_client(client)
        files = {"profil": ("profil.json", json.dumps(PROFILE).encode(), "application/json")}
        assert client.post("/beratung/hochladen", files=files).status_code == 200
        page = client.post("/beratung/hochladen", files=files)
        assert page.status_code == 429
        assert "Zu viele Anfragen" in page.text
        assert "Retry-After" in page.headers


def test_openapi_declares_429_and_503(database_url: str) -> None:
    with _client(database_url) as client:
        paths = client.app.openapi()["paths"]  # type: ignore[attr-defined]
    for path in ("/api/v1/solve", "/api/v1/report"):
        assert {"429", "503", "504"} <= set(paths[path]["post"]["responses"])
    assert "429" in paths["/api/v1/advise"]["post"]["responses"]
