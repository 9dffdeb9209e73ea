"""Bad input of every kind gives one clear message naming the field: through ``solve``
(ProblemError), the CLI (one line on stderr, exit code 2, no traceback) and the API (422)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from klimaorg.cli.main import app as cli_app
from klimaorg.engine import ProblemError, solve
from klimaorg.errors import UserInputError
from klimaorg.web.app import create_app
from klimaorg.web.site.api import engine as router
from tests.engine.conftest import problem

GOOD: dict[str, Any] = problem(
    [[1, 2, 3], [2, 1, 3], [3, 3, 1]], [0.5, 0.3, 0.2], ["max", "min", "max"]
)
PAIRWISE = [[1, 3, 5], ["1/3", 1, 2], ["1/5", "1/2", 1]]


def _with(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    data.update(changes)
    return data


CASES: list[tuple[str, dict[str, Any], str]] = [
    ("ragged matrix", _with(matrix=[[1, 2, 3], [2, 1], [3, 3, 1]]), "matrix[1]"),
    ("too few rows", _with(matrix=[[1, 2, 3], [2, 1, 3]]), "matrix"),
    ("NaN", _with(matrix=[[1, 2, 3], [2, float("nan"), 3], [3, 3, 1]]), "matrix[1][1]"),
    ("infinity", _with(matrix=[[1, 2, 3], [2, 1, 3], [3, float("inf"), 1]]), "matrix[2][1]"),
    ("text in matrix", _with(matrix=[[1, 2, 3], [2, 1, "x"], [3, 3, 1]]), "matrix[1][2]"),
    ("negative weight", _with(weights=[0.5, -0.3, 0.2]), "weights[1]"),
    ("zero weights", _with(weights=[0, 0, 0]), "weights"),
    ("wrong weight count", _with(weights=[0.5, 0.5]), "weights"),
    ("non-reciprocal AHP",
     _with(weights={"method": "ahp", "pairwise": [[1, 3, 5], [3, 1, 2], ["1/5", "1/2", 1]]}),
     "weights.pairwise[1][0]"),
    ("wrongly sized AHP",
     _with(weights={"method": "ahp", "pairwise": [[1, 3], ["1/3", 1]]}), "weights.pairwise"),
    ("AHP diagonal", _with(weights={"method": "ahp", "pairwise": [[2, 3, 5], ["1/3", 1, 2],
     ["1/5", "1/2", 1]]}), "weights.pairwise[0][0]"),
    ("unknown RI table", _with(weights={"method": "ahp", "pairwise": PAIRWISE,
     "random_index": "nope"}), "weights.random_index"),
    ("unknown method", _with(method={"name": "electre"}), "method.name"),
    ("unknown normalisation", _with(method={"name": "wsm", "normalisation": "log"}),
     "method.normalisation"),
    ("unknown preference", _with(method={"name": "promethee2", "preference": {"type": "step"}}),
     "method.preference.type"),
    ("linear without p", _with(method={"name": "promethee2", "preference": {"type": "linear"}}),
     "method.preference.p"),
    ("absurd sample count", _with(robustness={"samples": 10**12}), "robustness.samples"),
    ("negative samples", _with(robustness={"samples": -5}), "robustness.samples"),
    ("unknown distribution", _with(robustness={"distribution": "normal"}),
     "robustness.distribution"),
    ("one alternative", _with(alternatives=["A1"]), "alternatives"),
    ("no criteria", _with(criteria=[]), "criteria"),
    ("bad direction", _with(criteria=[{"id": "c1", "direction": "up"}, {"id": "c2"},
     {"id": "c3"}]), "criteria[0].direction"),
    ("duplicate criterion", _with(criteria=[{"id": "c1"}, {"id": "c1"}, {"id": "c3"}]),
     "criteria[1].id"),
    ("unknown top-level field", _with(wieghts=[1, 2, 3]), "wieghts"),
    ("rank order incomplete", _with(weights={"method": "rank_order", "order": ["c1", "c2"]}),
     "weights.order"),
    ("sum normalisation with zero cost",
     _with(method={"name": "wsm", "normalisation": "sum"},
           matrix=[[1, 0, 3], [2, 1, 3], [3, 3, 1]]), "matrix[0][1]"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "field"), CASES, ids=[c[0] for c in CASES])
def test_solve_names_the_field(name: str, data: dict[str, Any], field: str) -> None:
    with pytest.raises(ProblemError) as err:
        solve(data)
    assert err.value.field == field, err.value
    assert isinstance(err.value, UserInputError)
    assert err.value.message


def test_not_a_mapping() -> None:
    with pytest.raises(ProblemError):
        solve([1, 2, 3])  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "data", "field"), CASES[::3], ids=[c[0] for c in CASES[::3]])
def test_cli_one_line_exit_2(tmp_path: Path, name: str, data: dict[str, Any], field: str) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    res = CliRunner().invoke(cli_app, ["solve", str(path)])
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Fehler: {field}: ")
    assert "Traceback" not in res.output


@pytest.mark.parametrize(
    ("content", "needle"), [("{not json", "kein gültiges JSON"), (None, "nicht lesbar")]
)
def test_cli_unreadable_file(tmp_path: Path, content: str | None, needle: str) -> None:
    path = tmp_path / "p.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    res = CliRunner().invoke(cli_app, ["solve", str(path)])
    assert res.exit_code == 2
    assert needle in res.stderr and len(res.stderr.strip().splitlines()) == 1


def _client() -> TestClient:
    """The router in a small app with the same UserInputError handler as the web app."""
    from fastapi.responses import JSONResponse
    from starlette.requests import Request

    app = FastAPI()

    async def handler(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, UserInputError)
        return JSONResponse({"detail": [exc.to_dict()]}, status_code=422)

    app.add_exception_handler(UserInputError, handler)
    app.include_router(router)
    return TestClient(app)


@pytest.mark.parametrize(("name", "data", "field"), CASES[1::3], ids=[c[0] for c in CASES[1::3]])
def test_api_422_with_field(name: str, data: dict[str, Any], field: str) -> None:
    body = json.dumps(data)  # NaN/Infinity are sent as the JSON extensions Python writes
    res = _client().post(
        "/api/v1/solve", content=body, headers={"content-type": "application/json"}
    )
    assert res.status_code == 422
    assert res.json()["detail"][0]["field"] == field


def test_api_ok_and_sample_cap() -> None:
    from klimaorg.settings import Settings

    client = _client()
    res = client.post("/api/v1/solve", json=_with(robustness={"samples": 500}))
    assert res.status_code == 200
    assert res.json()["robustness"]["samples"] == 500
    client.app.state.settings = Settings(max_samples=100)  # type: ignore[attr-defined]
    res = client.post("/api/v1/solve", json=_with(robustness={"samples": 500}))
    assert res.status_code == 422
    assert res.json()["detail"][0]["field"] == "robustness.samples"


def test_api_through_create_app() -> None:
    """The route is mounted in the real web app and its handler answers 422 with the field."""
    client = TestClient(create_app())
    ok = client.post("/api/v1/solve", json=GOOD)
    assert ok.status_code == 200
    res = client.post("/api/v1/solve", json=_with(weights=[1, -1, 1]))
    assert res.status_code == 422
    assert res.json()["detail"][0]["field"] == "weights[1]"
