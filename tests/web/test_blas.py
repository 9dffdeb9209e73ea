"""Server processes run numpy with one BLAS thread unless the operator says otherwise (see
klimaorg.web.blas). Each check runs in a fresh interpreter: the thread count is process-wide."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from fastapi import FastAPI

from klimaorg.web.blas import THREAD_VARIABLES

PROBE = """
import json, os
import numpy  # loaded before the limit, as in the server
from threadpoolctl import threadpool_info
from klimaorg.web.blas import THREAD_VARIABLES, limit_blas_threads
before = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
limit = limit_blas_threads()
after = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
print(json.dumps({"limit": limit, "before": before, "after": after,
                  "env": {k: os.environ.get(k) for k in THREAD_VARIABLES}}))
"""


def probe(**env: str) -> dict[str, Any]:
    clean = {k: v for k, v in os.environ.items() if k not in THREAD_VARIABLES}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_one_thread_for_the_process_and_the_processes_it_starts() -> None:
    result = probe()
    assert result["limit"] == 1
    assert result["after"] and set(result["after"]) == {1}
    assert result["env"] == dict.fromkeys(THREAD_VARIABLES, "1")


def test_the_operators_thread_count_wins() -> None:
    result = probe(OPENBLAS_NUM_THREADS="2")
    assert result["limit"] == 2
    assert set(result["after"]) == {2}
    assert result["env"] == {
        "OPENBLAS_NUM_THREADS": "2",
        "OMP_NUM_THREADS": "2",
        "MKL_NUM_THREADS": "2",
    }


def test_a_bad_thread_count_counts_as_unset() -> None:
    result = probe(OMP_NUM_THREADS="viele")
    assert result["limit"] == 1
    assert set(result["after"]) == {1}


def test_the_app_limits_its_process(monkeypatch: pytest.MonkeyPatch, app: FastAPI) -> None:
    from klimaorg.settings import Settings
    from klimaorg.web import app as module

    calls: list[str] = []

    def recorded() -> int:
        calls.append("limit")
        return 1

    monkeypatch.setattr(module, "limit_blas_threads", recorded)
    module.create_app(Settings(contact_email="barrierefreiheit@example.org"))
    assert calls == ["limit"]
