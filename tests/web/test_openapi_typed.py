"""The OpenAPI document types what the JSON API takes and answers, and every error as sent.

Profiles (advise, report, assessments) point at ``Profile``, problems at ``Problem``, the
results at ``Advice`` and ``SolveResult``; every 4xx of an ``/api/`` operation is the app's
``ErrorResponse`` (never FastAPI's ``HTTPValidationError``), and an answered 422 conforms to it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from klimaorg.web.schemas import ErrorResponse

ERROR = "#/components/schemas/ErrorResponse"


@pytest.fixture(scope="module")
def document(app: FastAPI) -> dict[str, Any]:
    document: dict[str, Any] = app.openapi()
    return document


def _api_operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, operations in document["paths"].items()
        if path.startswith("/api/")
        for method, operation in operations.items()
    ]


def _body_schema(operation: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = operation["requestBody"]["content"]["application/json"]["schema"]
    first: dict[str, Any] = schema.get("allOf", [schema])[0]
    return first


def test_no_default_validation_error_shape(document: dict[str, Any]) -> None:
    assert "HTTPValidationError" not in json.dumps(document)


def test_every_api_error_has_the_apps_shape(document: dict[str, Any]) -> None:
    operations = _api_operations(document)
    assert len(operations) >= 30
    for method, path, operation in operations:
        responses = operation["responses"]
        for status, response in responses.items():
            if status.startswith("4"):
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": ERROR}, f"{method} {path} {status}"
        if operation.get("parameters") or "requestBody" in operation:
            assert "422" in responses, f"{method} {path} does not declare 422"
        if "requestBody" in operation:
            assert "413" in responses, f"{method} {path} does not declare 413"


@pytest.mark.parametrize(
    ("method", "path", "component"),
    [
        ("post", "/api/v1/advise", "Profile"),
        ("post", "/api/v1/report", "Profile"),
        ("post", "/api/v1/solve", "Problem"),
    ],
)
def test_bodies_are_typed(document: dict[str, Any], method: str, path: str, component: str) -> None:
    operation = document["paths"][path][method]
    assert _body_schema(operation) == {"$ref": f"#/components/schemas/{component}"}
    assert operation["requestBody"]["content"]["application/json"]["examples"]


@pytest.mark.parametrize("name", ["AssessmentCreate", "AssessmentUpdate"])
def test_assessment_profiles_are_typed(document: dict[str, Any], name: str) -> None:
    profile = document["components"]["schemas"][name]["properties"]["profile"]
    assert profile["allOf"] == [{"$ref": "#/components/schemas/Profile"}]


@pytest.mark.parametrize(
    ("path", "component"), [("/api/v1/advise", "Advice"), ("/api/v1/solve", "SolveResult")]
)
def test_results_are_typed(document: dict[str, Any], path: str, component: str) -> None:
    ok = document["paths"][path]["post"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"] == {
        "$ref": f"#/components/schemas/{component}"
    }


def test_profile_knows_the_criteria(document: dict[str, Any], app: FastAPI) -> None:
    priorities = document["components"]["schemas"]["Profile"]["properties"]["priorities"]
    known = app.state.knowledge.criterion_ids
    assert list(priorities["anyOf"][0]["properties"]) == known
    assert priorities["anyOf"][0]["additionalProperties"] is False


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/advise", {"municipality": {"kind": "stadt", "population": "viele"}},
         "municipality.population"),
        ("/api/v1/solve", {"alternatives": ["A"], "criteria": ["c"], "matrix": [[1]],
                           "weights": [1]}, "alternatives"),
        ("/api/v1/solve", [1, 2], "body"),
        ("/api/v1/report", {"municipality": {"kind": "dorf", "population": 5}},
         "municipality.kind"),
    ],
)  # fmt: skip
def test_answered_422_is_the_declared_shape(
    client: TestClient, path: str, body: Any, field: str
) -> None:
    response = client.post(path, json=body)
    assert response.status_code == 422
    error = ErrorResponse.model_validate(response.json())
    assert error.detail[0].field == field
    assert "Input should" not in error.detail[0].message  # German, not pydantic's English
