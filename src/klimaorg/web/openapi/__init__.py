"""Typed request and response bodies of the JSON API that FastAPI cannot derive by itself.

Several handlers read their body themselves or pass a plain dict on, so that the advisor and the
engine validate it and every message names the field in the user's words (not pydantic's
English). Their OpenAPI schemas are still exact: the profile is the advisor's own
:class:`~klimaorg.advisor.schema.Profile` narrowed by the advisor's further checks
(:mod:`klimaorg.advisor.jsonschema`), the problem and the results are described by the models in
this package. :func:`install` adds them to the app's OpenAPI document under
``#/components/schemas/``; routes point at them with :func:`ref`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from pydantic.json_schema import models_json_schema

from klimaorg.advisor import load_advisor_data
from klimaorg.advisor.jsonschema import profile_components
from klimaorg.engine.limits import DEFAULT_MAX_SAMPLES
from klimaorg.web.openapi.examples import openapi_examples
from klimaorg.web.openapi.problem import Problem
from klimaorg.web.openapi.results import Advice, SolveResult

REF_TEMPLATE = "#/components/schemas/{model}"
Schema = dict[str, Any]


_CC = "\\u0000-\\u001f\\u007f-\\u009f"  # control characters (Unicode category Cc)
_CONTROL = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f"  # Cc but tab, LF, CR
_BLANK = "\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
LINE: Schema = {"pattern": f"^[^{_CC}]*[^{_BLANK}][^{_CC}]*$"}
"""A one-line text as :func:`klimaorg.storage.core.clean_text` takes it: something not blank,
no control characters (documented here; the storage layer checks it, with its messages)."""
TEXT: Schema = {"pattern": f"^[^{_CONTROL}]*$"}
"""A multi-line text: tabs and line breaks, no other control characters."""


def ref(name: str) -> Schema:
    """A reference to the component ``name`` (``Profile``, ``Problem``, ``Advice``, ...)."""
    return {"$ref": REF_TEMPLATE.format(model=name)}


def field(name: str) -> Schema:
    """A pydantic field's schema that is the component ``name`` (for ``WithJsonSchema``;
    wrapped in ``allOf`` so that pydantic does not try to resolve the reference itself)."""
    return {"allOf": [ref(name)]}


def json_body(name: str, examples: dict[str, Any] | None = None) -> Schema:
    """An ``openapi_extra`` request body: JSON of the component ``name``, with worked
    ``examples`` (name → value)."""
    media: Schema = {"schema": ref(name)}
    if examples:
        media["examples"] = openapi_examples(examples)
    return {"requestBody": {"required": True, "content": {"application/json": media}}}


def components(max_samples: int = DEFAULT_MAX_SAMPLES) -> dict[str, Schema]:
    """Every schema this package adds, by component name; ``max_samples`` is the operator's
    sample cap (``KLIMAORG_MAX_SAMPLES``), stated in the schema."""
    out = profile_components(load_advisor_data().knowledge.criterion_ids, REF_TEMPLATE)
    _top, extra = models_json_schema(
        [(Problem, "validation"), (Advice, "serialization"), (SolveResult, "serialization")],
        ref_template=REF_TEMPLATE,
    )
    for name, schema in extra["$defs"].items():
        if name in out and out[name] != schema:
            raise RuntimeError(f"two different OpenAPI schemas named {name}")
        out[name] = schema
    out["Robustness"]["properties"]["samples"]["maximum"] = max_samples
    return out


API_PREFIX = "/api/"
ERROR = ref("ErrorResponse")
INVALID = "Ungültige Eingabe / invalid input"
TOO_LARGE = "Anfrage zu groß / request too large"


def declare_errors(document: Schema) -> None:
    """Every API error as the app answers it: ``{"detail": [{"field", "message"}]}``.

    FastAPI documents its own 422 shape (``HTTPValidationError``) for operations with
    parameters; the app's handler (:mod:`klimaorg.web.errors`) answers every 422 in the app's
    shape instead, so that is what the document says. An operation with a body may also be
    refused with 413 by the body limit (:mod:`klimaorg.web.middleware`).
    """
    for path, operations in document.get("paths", {}).items():
        if not path.startswith(API_PREFIX):
            continue
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            validated = "requestBody" in operation or operation.get("parameters")
            default = responses.get("422", {}).get("content", {}).get("application/json", {})
            if validated and default.get("schema") != ERROR:
                description = responses.get("422", {}).get("description", INVALID)
                responses["422"] = {
                    "description": description,
                    "content": {"application/json": {"schema": ERROR}},
                }
            if "requestBody" in operation and "413" not in responses:
                responses["413"] = {
                    "description": TOO_LARGE,
                    "content": {"application/json": {"schema": ERROR}},
                }
    schemas = document.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):  # drop them once unreferenced
        if f'/{name}"' not in json.dumps(document).replace(f'"{name}": ', ""):
            schemas.pop(name, None)


def narrow_decision(schemas: dict[str, Schema]) -> None:
    """``DecisionUpdate`` as :func:`klimaorg.storage.service.set_decision` checks it: a known
    model, and one is needed for the status ``decided``."""
    decision = schemas.get("DecisionUpdate")
    if decision is None:
        return
    models = list(load_advisor_data().knowledge.model_ids)
    decision["properties"]["decided_model"] = {
        "anyOf": [{"enum": models}, {"type": "null"}],
        "description": "Modell-ID, nötig für `decided` / model id, needed for `decided`",
    }
    decision["anyOf"] = [
        {"properties": {"status": {"enum": ["draft", "discussed"]}}},
        {"required": ["decided_model"], "properties": {"decided_model": {"enum": models}}},
    ]


def install(app: FastAPI, max_samples: int = DEFAULT_MAX_SAMPLES) -> None:
    """Add :func:`components` to the app's OpenAPI document (built once, on first request)
    and declare the app's error answers (:func:`declare_errors`)."""
    generate: Callable[[], Schema] = app.openapi

    def openapi() -> Schema:
        if app.openapi_schema is None:
            document = generate()
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            for name, schema in components(max_samples).items():
                if name in schemas and schemas[name] != schema:
                    raise RuntimeError(f"two different OpenAPI schemas named {name}")
                schemas[name] = schema
            narrow_decision(schemas)
            declare_errors(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
